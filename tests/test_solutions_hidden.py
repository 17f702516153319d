"""Solutions stay hidden where students run the notebooks, not only on the website.

On the site, sphinx-exercise's gated ``solution-start`` / ``solution-end`` directives fold
every solution into a dropdown. JupyterLab, Notebook 7 and Colab ignore those directives, so
every cell between them must also carry the standard cell metadata that shows it collapsed:
``jupyter.source_hidden`` (and ``jupyter.outputs_hidden`` for code cells).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "chapters").glob("*.ipynb"))


def solution_cells(path: Path) -> list[tuple[int, dict]]:
    """(index, cell) of every cell between a solution-start and its solution-end."""
    cells, inside = [], False
    for index, cell in enumerate(json.loads(path.read_text(encoding="utf-8"))["cells"]):
        source = "".join(cell["source"])
        if cell["cell_type"] == "markdown" and "{solution-start}" in source:
            inside = True
        elif cell["cell_type"] == "markdown" and "{solution-end}" in source:
            inside = False
        elif inside:
            cells.append((index, cell))
    return cells


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_solution_cell_is_collapsed_in_jupyter(path):
    cells = solution_cells(path)
    assert cells, f"{path.name} has no gated solution cells"
    shown = []
    for index, cell in cells:
        hidden = cell["metadata"].get("jupyter", {})
        needed = ["source_hidden"] + (["outputs_hidden"] if cell["cell_type"] == "code" else [])
        if not all(hidden.get(key) is True for key in needed):
            shown.append(index)
    assert not shown, (
        f"{path.name}: solution cells {shown} would show in JupyterLab/Colab; give them the "
        'metadata "jupyter": {"source_hidden": true, "outputs_hidden": true}'
    )
