"""The machinery every self-check shares: call the student's function safely, read what it
returned, compare with gdlib, and turn the first mistake recognised into one line.

A check is described by a ``Spec`` (how to call the function, random cases, how to read
its output, gdlib's answer, and the known mistakes with their hints); ``run`` does the
rest. :func:`judge` looks a check up by name.
"""

from __future__ import annotations

import contextlib
import io
import numbers
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from .ownwork import inspect_function, watch_gdlib

__all__ = ["Verdict", "judge"]

RTOL, ATOL = 1e-6, 1e-9


@dataclass(frozen=True)
class Verdict:
    """The outcome of one self-check; true when the function passed.

    ``hint`` is a short key naming the mistake found (``"passed"`` when there is none),
    for example ``"twice"``, ``"swapped"``, ``"none"``, ``"exception"`` or
    ``"not_own_work"``; ``message`` is the one line the ``check_...`` functions print.
    """

    check: str  #: which check ran, for example "mse" or "momentum_step"
    passed: bool  #: True if every case matched gdlib's own function
    hint: str  #: key of the mistake found, or "passed"
    message: str  #: the one line a check prints

    def __bool__(self) -> bool:
        return self.passed

    def __repr__(self) -> str:
        return f"Verdict(check={self.check!r}, passed={self.passed}, hint={self.hint!r})"


class Problem(Exception):
    """Raised while reading the student's output when it shows a mistake."""

    def __init__(self, hint: str, text: str):
        super().__init__(text)
        self.hint, self.text = hint, text


Mistake = tuple[str, str, Callable]  # (hint key, message, what that mistake returns)


@dataclass(frozen=True)
class Spec:
    """Everything ``run`` needs to know about one check."""

    name: str  # "mse"
    call: str  # "f(x, y, m, b) with ...", how the function is called
    make_cases: Callable[[np.random.Generator, int], list]
    read: Callable[[object, tuple], object]  # student output -> comparable value
    reference: Callable  # gdlib's answer for one case
    mistakes: list[Mistake] = field(default_factory=list)
    partial: Callable[[list, list], tuple[str, str] | None] = lambda *_: None
    count_text: str = "random cases"
    key: Callable[[object], object] = lambda value: value  # the part of an output the mistakes give
    no_builtin_sum: bool = False  # the exercise asks for numpy sums


SPECS: dict[str, Spec] = {}


def register(spec: Spec) -> Spec:
    SPECS[spec.name] = spec
    return spec


# ----------------------------------------------------------------------------------------
# Reading and comparing
# ----------------------------------------------------------------------------------------


def shape_text(shape: tuple[int, ...], n: int) -> str:
    """A shape with the number of data points written as N: ``(N, 1)``."""
    parts = ["N" if size == n else str(size) for size in shape]
    return "(" + ", ".join(parts) + ("," if len(parts) == 1 else "") + ")"


def describe(value: object, n: int) -> str:
    if isinstance(value, np.ndarray):
        return f"an array of shape {shape_text(value.shape, n)}"
    if isinstance(value, list | tuple):
        return f"a {type(value).__name__} of length {len(value)}"
    return f"a value of type {type(value).__name__}"


def number(value: object, n: int, what: str) -> float:
    """``value`` as a float, or raise ``Problem`` saying why it is not one number."""
    if isinstance(value, bool | np.bool_):
        raise Problem(
            "not_number",
            f"your function returned {value} (a bool) for {what}; it should be a number.",
        )
    if isinstance(value, numbers.Real):
        return float(value)
    if isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iuf":
        return float(value)
    if isinstance(value, np.ndarray | list | tuple):
        raise Problem(
            "array",
            f"your function returned {describe(value, n)} for {what} instead of one number: "
            "add up (or average) over the data points, and return a single float.",
        )
    raise Problem(
        "not_number",
        f"your function returned {describe(value, n)} for {what}; it should be a number, "
        "for example float(...).",
    )


_TUPLE_KEYS = {2: "not_pair", 3: "not_triple", 4: "not_quad"}


def numbers_tuple(value: object, n: int, names: tuple[str, ...]) -> tuple[float, ...]:
    """``value`` as ``len(names)`` floats, or raise ``Problem``."""
    if isinstance(value, np.ndarray) and value.shape == (len(names),):
        value = tuple(value)
    if not isinstance(value, list | tuple) or len(value) != len(names):
        raise Problem(
            _TUPLE_KEYS.get(len(names), "not_tuple"),
            f"your function returned {describe(value, n)}; return the {len(names)} numbers "
            f"together: return {', '.join(names)}",
        )
    return tuple(number(v, n, name) for v, name in zip(value, names, strict=True))


def close(a: object, b: object) -> bool:
    """Equal within the checks' tolerance; tuples are compared part by part."""
    if isinstance(a, tuple) and isinstance(b, tuple):
        return len(a) == len(b) and all(close(p, q) for p, q in zip(a, b, strict=True))
    try:
        a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    except (TypeError, ValueError):
        return False
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=RTOL, atol=ATOL, equal_nan=True))


def finite(value: object) -> bool:
    if isinstance(value, tuple):
        return all(finite(part) for part in value)
    return bool(np.all(np.isfinite(np.asarray(value, dtype=float))))


def first_line(text: str, limit: int = 120) -> str:
    line = (text.strip().splitlines() or [""])[0]
    return line if len(line) <= limit else line[: limit - 3] + "..."


def call(function: Callable, case: tuple) -> object:
    """Call ``function`` on copies of ``case``, with its prints and warnings hidden."""
    arguments = [a.copy() if isinstance(a, np.ndarray) else a for a in case]
    with (
        contextlib.redirect_stdout(io.StringIO()),
        warnings.catch_warnings(),
        np.errstate(all="ignore"),
    ):
        warnings.simplefilter("ignore")
        return function(*arguments)


def quiet(function: Callable, *args):
    """Run one of gdlib's own functions (a reference or a mistake) without warnings."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        return function(*args)


# ----------------------------------------------------------------------------------------
# The generic check
# ----------------------------------------------------------------------------------------


def verdict(spec: Spec, hint: str, text: str) -> Verdict:
    passed = hint == "passed"
    head = f"✔ {spec.name}: " if passed else f"✘ {spec.name}: not yet — "
    return Verdict(check=spec.name, passed=passed, hint=hint, message=head + text)


def _not_own_work(spec: Spec, names: set[str]) -> Verdict:
    listed = ", ".join(f"gdlib.{name}" for name in sorted(names))
    return verdict(
        spec,
        "not_own_work",
        f"your function calls {listed}. This exercise asks for your own code, so the check "
        "gives no credit for gdlib's: write it with numpy.",
    )


def _outputs(spec: Spec, function: Callable, cases: list) -> list | Verdict:
    """The student's outputs, read, or the Verdict that ends the check early."""
    raws, error = [], None
    with watch_gdlib() as used:
        for case in cases:
            try:
                raws.append(call(function, case))
            except Exception as problem:  # the student's bug, reported as a hint
                error = problem
                break
    if used:
        return _not_own_work(spec, used)
    if error is not None:
        detail = first_line(str(error))
        return verdict(
            spec,
            "exception",
            f"your function raised {type(error).__name__}"
            + (f": {detail}" if detail else "")
            + f". It is called as {spec.call}.",
        )
    outputs = []
    for raw, case in zip(raws, cases, strict=False):
        if raw is None:
            return verdict(
                spec,
                "none",
                "your function returned None. Write its body and end it with a return "
                "statement that gives the result.",
            )
        try:
            outputs.append(spec.read(raw, case))
        except Problem as problem:
            return verdict(spec, problem.hint, problem.text)
    return outputs


def _diagnose(spec: Spec, outputs: list, expected: list, cases: list, wrong: int) -> Verdict:
    """Name the first known mistake that explains every output."""
    keys = [spec.key(o) for o in outputs]
    for hint, text, variant in spec.mistakes:
        if all(close(k, quiet(variant, *c)) for k, c in zip(keys, cases, strict=True)):
            return verdict(spec, hint, text)
    if not all(finite(o) for o in outputs):
        return verdict(
            spec,
            "not_finite",
            "your function returned NaN or infinity on some cases. Look for a division by "
            "zero or a value that grows without bound.",
        )
    found = spec.partial(outputs, expected)
    if found is not None:
        return verdict(spec, *found)
    if len(outputs) > 1 and all(close(o, outputs[0]) for o in outputs[1:]):
        return verdict(
            spec,
            "constant",
            f"your function returned the same result for all {len(outputs)} cases. Does it "
            "use variables from outside the function (say, a global x or y) instead of its "
            "own arguments?",
        )
    return verdict(
        spec,
        "wrong",
        f"your function gave a different result on {wrong} of {len(outputs)} cases. "
        "Compare it with the formula term by term, on a small example you can do by hand.",
    )


def run(spec: Spec, function: object, cases: int, seed: int | None) -> Verdict:
    """Run the check ``spec`` on ``function``; never raises because of ``function``."""
    if not callable(function):
        return verdict(
            spec,
            "not_callable",
            f"pass the function itself, check_{spec.name}(my_{spec.name}), not the result "
            f"of calling it; got {describe(function, -1)}.",
        )
    if isinstance(cases, bool) or not isinstance(cases, numbers.Integral) or cases < 1:
        raise ValueError(f"cases must be a positive int, for example 20; got {cases!r}.")
    found = inspect_function(function)
    if found.gdlib:
        return _not_own_work(spec, found.gdlib)
    all_cases = spec.make_cases(np.random.default_rng(seed), int(cases))
    outputs = _outputs(spec, function, all_cases)
    if isinstance(outputs, Verdict):
        return outputs
    expected = [quiet(spec.reference, *case) for case in all_cases]
    wrong = sum(not close(o, e) for o, e in zip(outputs, expected, strict=True))
    if wrong:
        return _diagnose(spec, outputs, expected, all_cases, wrong)
    if spec.no_builtin_sum and found.builtin_sum:
        return verdict(
            spec,
            "builtin_sum",
            "your numbers are right, but your code adds with Python's builtin sum(), one "
            "element at a time. The exercise asks for numpy's sums: np.sum(...) or .sum().",
        )
    return verdict(spec, "passed", f"passed {len(all_cases)} {spec.count_text}.")


def judge(check: str, function: object, *, cases: int = 20, seed: int | None = None) -> Verdict:
    r"""Run one self-check silently and return its :class:`Verdict` (for grading).

    Parameters
    ----------
    check : str
        Which check, the name after ``check_``: ``"predict"``, ``"mse"``,
        ``"mse_gradient"``, ``"step"``, ``"descent_loop"``, ``"should_stop"``,
        ``"standardise"``, ``"sgd_epoch"``, ``"momentum_step"``, ``"nesterov_step"``,
        ``"ridge_gradient"``, ``"cross_entropy_gradient"``, ``"rmsprop_step"`` or
        ``"newton_step"``.
    function : callable
        The student's function.
    cases : int, default 20
        Number of random cases.
    seed : int, optional
        Seed for the random cases; ``None`` (the default) draws fresh cases every call.

    Returns
    -------
    Verdict
        True when the function passed; ``hint`` names the mistake found. A function that
        calls gdlib's own implementation fails with ``hint == "not_own_work"``.

    Examples
    --------
    >>> import numpy as np
    >>> def my_mse(x, y, m, b):
    ...     return float(np.sum((y - (m * x + b)) ** 2))
    >>> verdict = judge("mse", my_mse)
    >>> verdict
    Verdict(check='mse', passed=False, hint='sum')
    >>> bool(verdict)
    False
    """
    if check not in SPECS:
        raise ValueError(f"check must be one of {sorted(SPECS)}; got {check!r}.")
    return run(SPECS[check], function, cases, seed)
