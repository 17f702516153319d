"""The student edition: every chapter without solutions, and it still runs top to bottom."""

from __future__ import annotations

import concurrent.futures
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
TOOL = ROOT / "tools" / "make_student_edition.py"


def toc_chapters() -> list[Path]:
    """Chapter notebooks in _toc.yml order (read independently of the tool)."""

    def files(entries):
        for entry in entries or []:
            if "file" in entry:
                yield entry["file"]
            for key in ("parts", "chapters", "sections"):
                yield from files(entry.get(key))

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    paths = [ROOT / f"{name}.ipynb" for name in files([toc])]
    return [p for p in paths if p.parent.name == "chapters" and p.exists()]


CHAPTERS = toc_chapters()


@pytest.fixture(scope="module")
def edition(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("edition") / "student_edition"
    process = subprocess.run(
        [sys.executable, str(TOOL), "--out", str(out)], capture_output=True, text=True, cwd=ROOT
    )
    assert process.returncode == 0, process.stderr
    return out


def solutions(notebook: nbformat.NotebookNode) -> tuple[list[str], list[str]]:
    """(texts of the solutions, texts of every other cell), by the exercise convention."""
    found, other, gated = [], [], False
    for cell in notebook.cells:
        source = cell.source
        if "{solution-start}" in source:
            gated = True
            found.append("")
        if gated:
            found[-1] += "\n" + source
            if "{solution-end}" in source:
                gated = False
        elif "solution" in cell.metadata.get("tags", []):
            found.append(source)
        elif cell.cell_type == "markdown" and "{solution}" in source:
            # a {solution} block may share a cell with other text: keep just the block
            block = re.search(r"^(`{3,}|:{3,})\{solution\}.*?^\1\s*$", source, re.M | re.S)
            found.append(block.group(0) if block else source)
            other.append(source.replace(found[-1], ""))
        else:
            other.append(source)
    return found, other


def distinctive_line(solution: str, other: list[str]) -> str | None:
    """The longest line of a solution that appears nowhere outside the solutions."""
    outside = "\n".join(other)
    lines = [line.strip() for line in solution.splitlines()]
    lines = [
        line
        for line in lines
        if len(line) >= 12 and "{solution" not in line and ":class:" not in line
    ]
    lines = [line for line in lines if line not in outside]
    return max(lines, key=len) if lines else None


def test_every_toc_chapter_is_in_the_edition_in_order(edition):
    written = sorted(p.name for p in (edition / "chapters").glob("*.ipynb"))
    assert written == sorted(p.name for p in CHAPTERS)
    readme = (edition / "README.md").read_text()
    positions = [readme.index(p.name) for p in CHAPTERS]
    assert positions == sorted(positions)
    for name in ["requirements.txt", "pyproject.toml", "LICENSE", "gdlib/__init__.py"]:
        assert (edition / name).exists(), name
    assert (edition / "requirements.txt").read_text().splitlines()[-1] == "."


def test_the_edition_launches_on_binder_by_itself(edition):
    """It carries the readers' environment (ranges, no build stack) and a Python version."""
    reader = (ROOT / "binder" / "requirements.txt").read_text()
    for name in ["requirements.txt", "binder/requirements.txt"]:
        assert (edition / name).read_text() == reader, name
    for name in ["runtime.txt", "binder/runtime.txt"]:
        assert (edition / name).read_text() == (ROOT / "binder" / "runtime.txt").read_text()
    assert "myst-nb" not in reader and "jupyter-book" not in reader


def test_the_readme_leaves_the_solutions_to_the_teacher(edition):
    readme = (edition / "README.md").read_text()
    url = yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]["url"]
    assert url not in readme, "the student README must not send students to the solutions"
    assert "teacher" in readme
    assert "3.10" in readme


@pytest.mark.parametrize("source", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_no_solution_is_left(edition, source):
    original = nbformat.read(source, as_version=4)
    student = nbformat.read(edition / "chapters" / source.name, as_version=4)
    text = "\n".join(cell.source for cell in student.cells)
    assert "{solution" not in text
    for cell in student.cells:
        assert "solution" not in cell.metadata.get("tags", [])
        assert not cell.get("outputs"), "outputs must be cleared"
        if "student-stub" in cell.metadata.get("tags", []):
            assert "remove-cell" not in cell.metadata["tags"]
    found, other = solutions(original)
    for solution in found:
        line = distinctive_line(solution, other)
        if line is not None:
            assert line not in text, f"solution text left in the student edition: {line!r}"
    # exercises (plain Markdown headings now), stubs and self-checks stay
    exercises = sum(cell.source.count("{exercise}") for cell in original.cells)
    assert sum(len(re.findall(r"^### Exercise ", c.source, re.M)) for c in student.cells) == (
        exercises
    )
    stubs = [c.source for c in original.cells if "student-stub" in c.metadata.get("tags", [])]
    assert stubs == [
        c.source for c in student.cells if "student-stub" in c.metadata.get("tags", [])
    ]


def test_the_solutions_are_found_at_all():
    """Guard for the test above: some chapter has solutions with distinctive lines."""
    lines = []
    for source in CHAPTERS:
        found, other = solutions(nbformat.read(source, as_version=4))
        lines += [distinctive_line(s, other) for s in found]
    assert sum(line is not None for line in lines) >= 3


RUNNER = """
import sys, nbformat
from nbclient import NotebookClient
path = sys.argv[1]
notebook = nbformat.read(path, as_version=4)
NotebookClient(notebook, timeout=120, kernel_name="python3",
               resources={"metadata": {"path": str(__import__("pathlib").Path(path).parent)}}
               ).execute()
"""


@pytest.fixture(scope="module")
def executed(edition) -> dict[str, str]:
    """Run every student notebook once, in parallel (one kernel each): name -> error text."""

    def run(path: Path) -> tuple[str, str]:
        process = subprocess.run(
            [sys.executable, "-c", RUNNER, str(path)], capture_output=True, text=True
        )
        return path.name, "" if process.returncode == 0 else process.stderr[-3000:]

    paths = sorted((edition / "chapters").glob("*.ipynb"))
    with concurrent.futures.ThreadPoolExecutor(min(len(paths), os.cpu_count() or 2)) as pool:
        return dict(pool.map(run, paths))


@pytest.mark.parametrize("source", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_student_notebooks_run_top_to_bottom(executed, source):
    assert executed[source.name] == "", executed[source.name]


def test_convention_errors_are_reported(tmp_path):
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import make_student_edition as tool
    finally:
        sys.path.remove(str(ROOT / "tools"))
    cells = [
        nbformat.v4.new_markdown_cell("````{exercise} E\n:label: x\n\nText\n````"),
        nbformat.v4.new_markdown_cell("```{solution-start} x\n:class: dropdown\n```"),
        nbformat.v4.new_code_cell("print('secret')", metadata={"tags": ["solution"]}),
    ]
    notebook = nbformat.v4.new_notebook(cells=cells)
    with pytest.raises(tool.ConventionError, match="never ends"):
        tool.student_notebook(notebook)
    # a {solution} block inside a cell with other text: only the block goes
    mixed = nbformat.v4.new_markdown_cell(
        "Before.\n\n````{solution} x\n:class: dropdown\n\n```python\nsecret()\n```\n````\n\nAfter."
    )
    stub = nbformat.v4.new_code_cell("...", metadata={"tags": ["student-stub", "remove-cell"]})
    result = tool.student_notebook(nbformat.v4.new_notebook(cells=[mixed, stub]))
    assert result.cells[0].source == "Before.\n\n\nAfter."
    assert result.cells[1].metadata["tags"] == ["student-stub"]
