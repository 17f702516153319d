"""Re-execute the book's notebooks in place: fresh kernel, top to bottom, deterministic.

Usage (from the repository root, in the book's environment)::

    python tools/execute_notebooks.py                 # every notebook in chapters/
    python tools/execute_notebooks.py chapters/01_linear_models.ipynb

Outputs are written back into the notebooks without timing metadata, so a re-run that
produces the same results leaves ``git diff`` empty. The script fails if a cell raises
or writes to stderr (a warning leaking into the page), and prints each notebook's time.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def execute(path: Path) -> float:
    """Execute one notebook in place and return the seconds it took."""
    notebook = nbformat.read(path, as_version=4)
    notebook.metadata["kernelspec"] = KERNELSPEC
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        cell.metadata.pop("execution", None)
    client = NotebookClient(
        notebook,
        timeout=600,
        kernel_name="python3",
        record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    start = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - start
    for index, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", []):
            if output.get("name") == "stderr":
                raise SystemExit(f"{path}: cell {index} wrote to stderr:\n{output['text']}")
    notebook.metadata.pop("widgets", None)
    nbformat.write(notebook, path)
    return seconds


def main(arguments: list[str]) -> None:
    paths = [Path(a) for a in arguments] or sorted((ROOT / "chapters").glob("*.ipynb"))
    for path in paths:
        print(f"{execute(path):6.1f} s  {path.relative_to(ROOT) if path.is_absolute() else path}")


if __name__ == "__main__":
    main(sys.argv[1:])
