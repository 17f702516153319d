"""Add or refresh each chapter's quiz: a "Quiz" heading and one code cell at the very end.

Usage (from the repository root, in the book's environment)::

    python tools/insert_quizzes.py                      # every chapter with a quiz file
    python tools/insert_quizzes.py chapters/05_learning_rate.ipynb
    python tools/insert_quizzes.py --no-execute ...     # leave the quiz cell's output empty
    python tools/insert_quizzes.py --check              # exit 1 if any chapter is out of date

The questions live in ``quizzes/<notebook name>.json`` (jupyterquiz's format, see
``quizzes/README.md``). Each chapter ends with its quiz, after the exercises: a markdown cell
with the heading and a code cell that holds a copy of the questions and shows them with
jupyterquiz. The copy makes the notebook self-contained (Colab and the student edition have no
``quizzes/`` folder). The code cell is hidden on the website (tag ``remove-input``) and
collapsed in JupyterLab, Notebook 7 and Colab (``jupyter.source_hidden``); its output, the
quiz's HTML and JavaScript with jupyterquiz's own CSS and scripts inlined, needs no network.

Running the script twice changes nothing: the quiz cells are found by their metadata
(``"quiz": "<file>"``), replaced, and re-executed; jupyterquiz's random element id is fixed by a
seed in the cell, so the stored output is the same on every run (nbval compares it). Only the
quiz cell is executed (it needs no other cell), in a kernel of the current environment.
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
QUIZZES = ROOT / "quizzes"

HEADING = """\
({label})=
## Quiz

{count} quick questions on this chapter. Click an answer, or type a number and press Enter:
the feedback appears at once, and a wrong answer says which misconception it reveals. Nothing
is recorded. The questions are in `quizzes/{file}` in the book's repository, for teachers to
reuse."""

CODE = '''\
# The chapter's quiz. The questions are a copy of quizzes/{file}, made by
# tools/insert_quizzes.py: edit that file and run the tool, not this cell.
import json

import gdlib

QUIZ = json.loads(r"""
{questions}
""")
gdlib.show_quiz(QUIZ, seed={seed})'''


def quiz_file(notebook: Path) -> Path:
    return QUIZZES / f"{notebook.stem}.json"


def chapter_number(notebook: Path) -> int:
    return int(notebook.stem.split("_", 1)[0])


def load_questions(path: Path) -> list[dict]:
    questions = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(questions, list) or not questions:
        raise SystemExit(f"{path}: expected a non-empty JSON list of questions")
    return questions


def quiz_cells(notebook: Path) -> list[nbformat.NotebookNode]:
    """The two cells of ``notebook``'s quiz, built from its quiz file (code cell not run)."""
    path = quiz_file(notebook)
    questions = load_questions(path)
    text = json.dumps(questions, indent=1, ensure_ascii=False)
    if '"""' in text:
        raise SystemExit(f"{path}: a question contains three double quotes")
    marker = {"quiz": f"quizzes/{path.name}"}
    heading = nbformat.v4.new_markdown_cell(
        HEADING.format(
            label=f"ch{chapter_number(notebook)}-quiz",
            count=_count_word(len(questions)),
            file=path.name,
        ),
        metadata=copy.deepcopy(marker),
    )
    code = nbformat.v4.new_code_cell(
        CODE.format(
            file=path.name,
            questions=text,
            seed=chapter_number(notebook),
        ),
        metadata={
            **copy.deepcopy(marker),
            "tags": ["remove-input"],
            "jupyter": {"source_hidden": True},
        },
    )
    for cell in (heading, code):
        cell.pop("id", None)
    return [heading, code]


def _count_word(n: int) -> str:
    words = {5: "Five", 6: "Six", 7: "Seven", 8: "Eight", 9: "Nine", 10: "Ten"}
    return words.get(n, str(n))


def run_quiz_cell(cell: nbformat.NotebookNode, notebook: Path) -> None:
    """Execute the quiz cell on its own (it needs no other cell) and store its outputs."""
    single = copy.deepcopy(cell)
    single["id"] = "quiz"
    scratch = nbformat.v4.new_notebook(cells=[single])
    scratch.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    client = NotebookClient(
        scratch,
        timeout=120,
        kernel_name="python3",
        record_timing=False,
        resources={"metadata": {"path": str(notebook.parent)}},
    )
    client.execute()
    executed = scratch.cells[0]
    for output in executed.outputs:
        if output.get("name") == "stderr":
            raise SystemExit(f"{notebook}: the quiz cell wrote to stderr:\n{output['text']}")
    cell.outputs = executed.outputs


def update(notebook: Path, *, execute: bool = True) -> bool:
    """Put the quiz at the end of ``notebook``; return True when the file changed."""
    nb = nbformat.read(notebook, as_version=4)
    before = nbformat.writes(nb)
    old = [cell for cell in nb.cells if "quiz" in cell.metadata]
    rest = [cell for cell in nb.cells if "quiz" not in cell.metadata]
    heading, code = quiz_cells(notebook)
    counts = [
        cell.execution_count for cell in rest if cell.cell_type == "code" and cell.execution_count
    ]
    if execute:
        run_quiz_cell(code, notebook)
        code.execution_count = max(counts, default=0) + 1
    elif len(old) == 2 and old[1].source == code.source:
        code.outputs, code.execution_count = old[1].outputs, old[1].execution_count
    nb.cells = [*rest, heading, code]
    if nb.nbformat_minor >= 5:  # fixed ids: a refresh leaves the file unchanged
        heading["id"], code["id"] = "quiz-heading", "quiz-code"
    after = nbformat.writes(nb)
    if after != before:
        nbformat.write(nb, notebook)
        return True
    return False


def is_current(notebook: Path) -> bool:
    """True when ``notebook`` ends with the quiz its quiz file describes (sources only)."""
    nb = nbformat.read(notebook, as_version=4)
    heading, code = quiz_cells(notebook)
    tail = nb.cells[-2:]
    return (
        len(tail) == 2
        and all("quiz" in cell.metadata for cell in tail)
        and tail[0].source == heading.source
        and tail[1].source == code.source
        and bool(tail[1].get("outputs"))
    )


def chapters_with_quizzes() -> list[Path]:
    return [p for p in sorted((ROOT / "chapters").glob("*.ipynb")) if quiz_file(p).exists()]


def main(arguments: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--no-execute", action="store_true", help="do not run the quiz cell")
    parser.add_argument("--check", action="store_true", help="only report chapters out of date")
    options = parser.parse_args(arguments)
    notebooks = [p.resolve() for p in options.notebooks] or chapters_with_quizzes()
    missing = [p for p in notebooks if not quiz_file(p).exists()]
    if missing:
        raise SystemExit("no quiz file for: " + ", ".join(str(p) for p in missing))
    if options.check:
        stale = [p for p in notebooks if not is_current(p)]
        for p in stale:
            print(f"out of date: {p.relative_to(ROOT)}")
        return 1 if stale else 0
    for path in notebooks:
        changed = update(path, execute=not options.no_execute)
        print(f"{'updated  ' if changed else 'unchanged'} {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
