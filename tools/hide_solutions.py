"""Collapse every exercise solution in the chapters for JupyterLab, Notebook 7 and Colab.

On the website sphinx-exercise folds solutions into dropdowns; plain Jupyter ignores its
directives. This gives every cell between a ``solution-start`` and its ``solution-end`` the
standard metadata ``jupyter.source_hidden`` (and ``outputs_hidden`` for code cells), so that
a student opening the notebook sees the solutions collapsed. Idempotent; ``--check`` only
reports (``tests/test_solutions_hidden.py`` checks the same).

    python tools/hide_solutions.py [--check] [chapters/NN_name.ipynb ...]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent


def hide_solutions(notebook: nbformat.NotebookNode) -> int:
    """Mark the solution cells of ``notebook`` collapsed; return how many changed."""
    changed, inside = 0, False
    for cell in notebook.cells:
        if cell.cell_type == "markdown" and "{solution-start}" in cell.source:
            inside = True
        elif cell.cell_type == "markdown" and "{solution-end}" in cell.source:
            inside = False
        elif inside:
            wanted = {"source_hidden": True}
            if cell.cell_type == "code":
                wanted["outputs_hidden"] = True
            hidden = cell.metadata.setdefault("jupyter", {})
            if any(hidden.get(key) is not True for key in wanted):
                hidden.update(wanted)
                changed += 1
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report, do not write")
    parser.add_argument("notebooks", nargs="*", type=Path)
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted((ROOT / "chapters").glob("*.ipynb"))
    stale = 0
    for path in paths:
        notebook = nbformat.read(path, as_version=4)
        changed = hide_solutions(notebook)
        if changed:
            stale += 1
            print(
                f"{path}: {changed} solution cell(s) {'to collapse' if args.check else 'collapsed'}"
            )
            if not args.check:
                nbformat.write(notebook, path)
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
