"""The gdlib reference page documents every public module of gdlib, and nothing stale."""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

import gdlib

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "backmatter" / "reference.md"


def public_modules() -> set[str]:
    return {
        f"gdlib.{info.name}"
        for info in pkgutil.iter_modules(gdlib.__path__)
        if not info.name.startswith("_")
    }


def documented_modules() -> list[str]:
    return re.findall(r"^\.\. automodule:: (\S+)\s*$", REFERENCE.read_text(), flags=re.M)


def test_every_public_module_has_a_section_in_the_reference():
    missing = sorted(public_modules() - set(documented_modules()))
    assert not missing, (
        f"add a section to backmatter/reference.md for each of {missing}, e.g.\n\n"
        + "\n\n".join(
            f"## `{name}` — ...\n\n```{{eval-rst}}\n.. automodule:: {name}\n   :members:\n```"
            for name in missing
        )
    )


def test_the_reference_names_only_existing_modules_once_each():
    documented = documented_modules()
    assert len(documented) == len(set(documented)), "a module is documented twice"
    for name in documented:
        importlib.import_module(name)  # raises if the module is gone or renamed
