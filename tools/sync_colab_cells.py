"""Rewrite every chapter notebook's Colab setup cell from the repository and ref in _config.yml.

Usage (from the repository root, in the book's environment)::

    python tools/sync_colab_cells.py            # rewrite the cells that differ
    python tools/sync_colab_cells.py --check    # only report; exit 1 if any cell differs

Colab opens a single ``.ipynb`` file, without the rest of the repository, so the second cell
of every notebook (tagged ``remove-cell``: it is not shown in the book) installs ``gdlib``
ALONE (no myst-nb: ``gdlib.glue`` does nothing without it) from the repository the book is
published from, at a FIXED tag or commit, never a moving branch. The cell is guarded: it does
nothing unless it runs on Colab (not locally, not on Binder, not under nbval). Both live in
ONE place, ``_config.yml``: ``repository.url`` and ``reader_notebooks.ref``, which the Colab and
Binder buttons use too. After changing either, run this tool and
``tools/make_student_edition.py --edition plain``, then re-execute the notebooks
(``tools/execute_notebooks.py``) and commit.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parent.parent
CELL_ID = "cell-01"
TAG = "remove-cell"
MARKER = '"google.colab" in sys.modules'
TEMPLATE = (
    "# On Colab, install gdlib (the book's helper package) first; elsewhere this does nothing.\n"
    "import sys\n"
    "\n"
    'if "google.colab" in sys.modules:\n'
    '    %pip install --quiet "gdlib @ git+{url}@{ref}"'
)
# a release tag (v1.2.3) or a full commit hash: what a reader installs must not move
REF = re.compile(r"^(v\d+(\.\d+)*([a-z]+\d*)?|[0-9a-f]{40})$")


def repository_url(root: Path = ROOT) -> str:
    """The repository URL from ``_config.yml`` (``repository.url``), without a trailing slash."""
    config = yaml.safe_load((root / "_config.yml").read_text())
    url = str(config["repository"]["url"]).strip().rstrip("/")
    if not url.startswith("https://"):
        raise SystemExit(f"_config.yml: repository.url must be an https:// URL, not {url!r}")
    return url.removesuffix(".git")


def gdlib_ref(root: Path = ROOT) -> str:
    """The tag or commit readers' notebooks install gdlib from (``reader_notebooks.ref``)."""
    config = yaml.safe_load((root / "_config.yml").read_text())
    ref = str((config.get("reader_notebooks") or {}).get("ref", "")).strip()
    if not REF.match(ref):
        raise SystemExit(
            f"_config.yml: reader_notebooks.ref must be a release tag (v1.2.3) or a 40-digit "
            f"commit, not {ref!r}: a branch moves under the readers"
        )
    return ref


def colab_source(url: str, ref: str | None = None) -> str:
    """The source of the guarded Colab setup cell: gdlib from ``url`` at ``ref``."""
    return TEMPLATE.format(url=url, ref=ref or gdlib_ref())


def is_colab_cell(cell: dict) -> bool:
    return cell.get("cell_type") == "code" and MARKER in "".join(cell.get("source", ""))


def sync(path: Path, url: str, ref: str | None = None) -> bool:
    """Make cell 2 of the notebook at ``path`` the Colab cell for ``url``; True if it changed."""
    notebook = nbformat.read(path, as_version=4)
    before = nbformat.writes(notebook)
    existing = [cell for cell in notebook.cells if is_colab_cell(cell)]
    cell = existing[0] if existing else nbformat.v4.new_code_cell()
    notebook.cells = [c for c in notebook.cells if not is_colab_cell(c)]
    if cell.source != colab_source(url, ref):
        cell.source = colab_source(url, ref)
        cell.outputs = []  # the cell prints nothing off Colab; re-execute to renumber
    tags = cell.metadata.setdefault("tags", [])
    if TAG not in tags:
        tags.append(TAG)
    taken = {c.get("id") for c in notebook.cells}
    if not existing or cell.get("id") in taken:  # a new cell gets a deterministic, unique id
        cell.id = CELL_ID if CELL_ID not in taken else "colab-setup"
    notebook.cells.insert(1, cell)
    if nbformat.writes(notebook) == before:
        return False
    nbformat.write(notebook, path)
    return True


def main(arguments: list[str]) -> int:
    check = "--check" in arguments
    paths = [Path(a) for a in arguments if a != "--check"]
    paths = paths or sorted((ROOT / "chapters").glob("*.ipynb"))
    url, ref = repository_url(), gdlib_ref()
    stale = []
    for path in paths:
        if check:
            notebook = nbformat.read(path, as_version=4)
            current = notebook.cells[1].source if len(notebook.cells) > 1 else ""
            changed = current != colab_source(url, ref)
        else:
            changed = sync(path, url)
        if changed:
            stale.append(path)
        print(f"{'differs ' if check and changed else 'updated ' if changed else 'ok      '}{path}")
    if check and stale:
        print(
            f"{len(stale)} notebook(s) differ from _config.yml's {url}@{ref}: run without --check"
        )
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
