"""Sphinx extension: link ``gdlib.gradient_descent`` to where the reference documents it.

The gdlib reference (``backmatter/reference.md``) documents each function in its module,
``gdlib.descent.gradient_descent``, but docstrings name functions the way readers call
them: ``:func:`gdlib.gradient_descent```. When Sphinx cannot resolve such a reference, this
looks the name up in gdlib (its exports, then the ``__all__`` of each module) and resolves
the reference to ``<module>.<name>`` instead. Loaded from ``_config.yml``
(``sphinx.local_extensions``).
"""

from __future__ import annotations

import importlib
import pkgutil

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment


def _home(name: str) -> str | None:
    """The module that defines gdlib's public ``name``, e.g. ``gdlib.descent``."""
    gdlib = importlib.import_module("gdlib")
    module = getattr(getattr(gdlib, name, None), "__module__", None)
    if isinstance(module, str) and module.startswith("gdlib."):
        return module
    for info in pkgutil.iter_modules(gdlib.__path__):
        if info.name.startswith("_"):
            continue
        candidate = importlib.import_module(f"gdlib.{info.name}")
        if name in getattr(candidate, "__all__", []):
            return candidate.__name__
    return None


def resolve(
    app: Sphinx, env: BuildEnvironment, node: nodes.Element, contnode: nodes.Element
) -> nodes.Element | None:
    target = node.get("reftarget", "")
    if node.get("refdomain") != "py" or not target.startswith("gdlib."):
        return None
    name = target.removeprefix("gdlib.")
    if "." in name or not (module := _home(name)):
        return None
    domain = env.get_domain("py")
    return domain.resolve_xref(
        env, node["refdoc"], app.builder, node["reftype"], f"{module}.{name}", node, contnode
    )


def setup(app: Sphinx) -> dict:
    app.connect("missing-reference", resolve)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
