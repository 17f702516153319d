"""Own work: does a submitted function use gdlib's implementation, or Python's builtin sum?

Two independent looks, so that no route slips through:

* ``inspect_function`` reads the function's byte code without running it: every global
  or closure name it loads, every module it imports, the attributes it reads from a gdlib
  module, its default arguments, nested functions and lambdas, and (recursively) the
  student's own helper functions it calls.
* ``watch_gdlib`` wraps gdlib's public functions while the student's function runs, so
  that a call through any route (``gdlib.mse``, ``from gdlib import mse`` inside the
  function, ``getattr``) is seen.

Allowed inside a submitted function: numpy, the standard library, the student's own helpers,
and gdlib's non-numerical modules (self-checks, plots, animation, data, notebook glue).
"""

from __future__ import annotations

import builtins
import contextlib
import dis
import functools
import inspect
import sys
import sysconfig
import types
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

__all__: list[str] = []

_ALLOWED_MODULES = (
    "gdlib.checks",
    "gdlib.plots",
    "gdlib.animation",
    "gdlib.data",
    "gdlib.notebook",
)
_LIBRARY_PATHS = tuple(
    {sysconfig.get_paths()[key] for key in ("stdlib", "platstdlib", "purelib", "platlib")}
)


def _is_gdlib_module(name: str) -> bool:
    return name == "gdlib" or name.startswith("gdlib.")


def forbidden_functions() -> dict[int, str]:
    """``id -> public name`` of gdlib's numerical functions (they must not be called)."""
    gdlib = sys.modules.get("gdlib")
    found: dict[int, str] = {}
    if gdlib is None:
        return found
    for name, value in list(vars(gdlib).items()):
        module = getattr(value, "__module__", None) or ""
        if (
            isinstance(value, types.FunctionType)
            and not name.startswith("_")
            and _is_gdlib_module(module)
            and not module.startswith(_ALLOWED_MODULES)
        ):
            found[id(value)] = name
    return found


@dataclass
class Found:
    """What ``inspect_function`` saw."""

    gdlib: set[str] = field(default_factory=set)  # public names of gdlib functions used
    builtin_sum: bool = False  # Python's builtin sum() is used somewhere


def _student_helper(function: types.FunctionType, root_globals: dict) -> bool:
    """A Python function the student wrote (not numpy's, not the standard library's)."""
    if function.__globals__ is root_globals:
        return True
    module = getattr(function, "__module__", None) or ""
    if _is_gdlib_module(module) or module.split(".")[0] in ("numpy", "builtins"):
        return False
    filename = function.__code__.co_filename
    return not filename.startswith(_LIBRARY_PATHS)


class _Inspector:
    def __init__(self, root: types.FunctionType):
        self.root_globals = root.__globals__
        self.forbidden = forbidden_functions()
        self.found = Found()
        self.seen: set[int] = set()

    def value(self, value: object, attributes: set[str]) -> None:
        """Look at one object the code can reach."""
        if value is builtins.sum:
            self.found.builtin_sum = True
        elif id(value) in self.forbidden:
            self.found.gdlib.add(self.forbidden[id(value)])
        elif isinstance(value, types.ModuleType) and _is_gdlib_module(value.__name__):
            self.module(attributes)
        elif isinstance(value, functools.partial):
            self.value(value.func, attributes)
            for argument in (*value.args, *value.keywords.values()):
                self.value(argument, set())
        else:
            self.callable(value)

    def module(self, attributes: set[str]) -> None:
        """The code reads ``attributes`` from a gdlib module: any of gdlib's functions?"""
        for module_name, module in list(sys.modules.items()):
            if module is None or not _is_gdlib_module(module_name):
                continue
            for attribute in attributes:
                target = getattr(module, attribute, None)
                if id(target) in self.forbidden:
                    self.found.gdlib.add(self.forbidden[id(target)])

    def callable(self, value: object) -> None:
        """Recurse into the student's own functions, methods and callable objects."""
        value = inspect.unwrap(value) if callable(value) else value
        if isinstance(value, types.MethodType):
            value = value.__func__
        elif not isinstance(value, types.FunctionType | type) and callable(value):
            value = type(value).__call__
        if isinstance(value, types.FunctionType) and _student_helper(value, self.root_globals):
            self.function(value)

    def function(self, function: types.FunctionType) -> None:
        if id(function) in self.seen:
            return
        self.seen.add(id(function))
        cells = function.__closure__ or ()
        closure = {
            name: cell.cell_contents
            for name, cell in zip(function.__code__.co_freevars, cells, strict=False)
            if _filled(cell)
        }
        for default in (*(function.__defaults__ or ()), *(function.__kwdefaults__ or {}).values()):
            self.value(default, set())
        self.code(function.__code__, function.__globals__, closure)

    def code(self, code: types.CodeType, namespace: dict, closure: dict) -> None:
        attributes: set[str] = set()
        loaded: list[object] = []
        space = namespace.get("__builtins__", builtins)
        space = space if isinstance(space, dict) else vars(space)
        for instruction in dis.get_instructions(code):
            name = instruction.argval
            if instruction.opname in ("LOAD_GLOBAL", "LOAD_NAME"):
                if name in namespace:
                    loaded.append(namespace[name])
                elif name in space:
                    loaded.append(space[name])
            elif instruction.opname in ("LOAD_DEREF", "LOAD_CLASSDEREF") and name in closure:
                loaded.append(closure[name])
            elif instruction.opname == "IMPORT_NAME" and _is_gdlib_module(str(name)):
                loaded.append(sys.modules.get(str(name), sys.modules.get("gdlib")))
            elif instruction.opname in ("LOAD_ATTR", "LOAD_METHOD", "IMPORT_FROM"):
                attributes.add(str(name))
        for value in loaded:
            self.value(value, attributes)
        for constant in code.co_consts:
            if isinstance(constant, types.CodeType):
                self.code(constant, namespace, {})


def _filled(cell: types.CellType) -> bool:
    try:
        cell.cell_contents  # noqa: B018
    except ValueError:  # an empty cell
        return False
    return True


def inspect_function(function: object) -> Found:
    """What ``function`` can reach without running it: gdlib functions, builtin ``sum``."""
    root = inspect.unwrap(function) if isinstance(function, types.FunctionType) else None
    inspector = _Inspector(root if isinstance(root, types.FunctionType) else _dummy)
    try:
        inspector.value(function, set())
    except Exception:  # inspection must never make a check fail
        pass
    return inspector.found


def _dummy() -> None:
    """Stands in for the root of a callable that is not a plain function."""


# The recorders of the watch_gdlib blocks now open, and one spy per gdlib function, made once
# (a check calls watch_gdlib for every case: wrapping every function anew each time was slow).
_RECORDERS: list[set[str]] = []
_SPIES: dict[int, tuple[Callable, Callable]] = {}


def _spy(original: Callable, name: str) -> Callable:
    """``original``, recording ``name`` when called from outside gdlib in a watch_gdlib block."""
    made = _SPIES.get(id(original))
    if made is not None and made[0] is original:
        return made[1]

    @functools.wraps(original)
    def wrapper(*args, **kwargs):
        if _RECORDERS and not _is_gdlib_module(sys._getframe(1).f_globals.get("__name__", "")):
            for used in _RECORDERS:
                used.add(name)
        return original(*args, **kwargs)

    _SPIES[id(original)] = (original, wrapper)
    return wrapper


@contextlib.contextmanager
def watch_gdlib() -> Iterator[set[str]]:
    """Within the block, record (by public name) every gdlib function called from outside gdlib."""
    used: set[str] = set()
    forbidden = forbidden_functions()
    patched = []
    for module_name, module in list(sys.modules.items()):
        if module is None or not _is_gdlib_module(module_name):
            continue
        if module_name.startswith("gdlib.checks"):
            continue
        for attribute, value in list(vars(module).items()):
            if id(value) in forbidden:
                setattr(module, attribute, _spy(value, forbidden[id(value)]))
                patched.append((module, attribute, value))
    _RECORDERS.append(used)
    try:
        yield used
    finally:
        _RECORDERS.remove(used)
        for module, attribute, value in patched:
            setattr(module, attribute, value)
