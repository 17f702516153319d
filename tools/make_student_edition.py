"""Write the student edition: every chapter notebook with its solutions removed.

Usage (from the repository root, in the book's environment)::

    python tools/make_student_edition.py                  # writes student_edition/
    python tools/make_student_edition.py --out my_class   # somewhere else

For each chapter notebook listed in ``_toc.yml`` (in that order) it writes a copy to
``<out>/chapters/`` following the book's exercise convention:

- ``{solution}`` directive blocks are cut out of Markdown cells (a cell left empty is dropped);
- everything from a ``{solution-start}`` marker cell through its ``{solution-end}`` cell is
  dropped, code cells tagged ``solution`` included, and so is any other code cell tagged
  ``solution``;
- cells tagged ``student-stub`` stay and lose their ``remove-cell`` tag, so students see them;
- every output is cleared; exercises and self-check calls stay.

Next to the notebooks it copies what they need to run: the other files in ``chapters/``
(images, data), the ``gdlib`` package with a minimal ``pyproject.toml`` and a
``requirements.txt`` that installs it, and ``LICENSE``; and it writes a short ``README.md``.
The output folder is replaced if it was written by this tool; any other existing folder is
left alone (the tool stops with an error).
"""

from __future__ import annotations

import argparse
import copy
import re
import shutil
import sys
from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parent.parent
MARKER = ".student-edition"  # file that marks a folder as written by this tool

FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,}|:{3,})(?P<rest>.*)$")
DIRECTIVE = re.compile(r"^\{(?P<name>[\w-]+)\}")


class ConventionError(ValueError):
    """A notebook breaks the exercise convention the student edition relies on."""


# ----------------------------------------------------------------------------------------
# Markdown: cutting directive blocks out of a cell
# ----------------------------------------------------------------------------------------


def remove_directives(text: str, names: set[str]) -> tuple[str, int]:
    """Remove every fenced directive block named in ``names`` from Markdown ``text``.

    Handles backtick, tilde and colon fences and fences nested inside the block (a
    ```` ````{solution} ```` holding ```` ```python ```` code). Returns the text left and
    the number of blocks removed.
    """
    kept: list[str] = []
    stack: list[tuple[str, int]] = []  # open fences inside a block being removed
    removed = 0
    for line in text.splitlines(keepends=True):
        match = FENCE.match(line.rstrip("\n"))
        if not stack:
            if match:
                directive = DIRECTIVE.match(match["rest"].strip())
                if directive and directive["name"] in names:
                    stack.append((match["fence"][0], len(match["fence"])))
                    removed += 1
                    continue
            kept.append(line)
            continue
        if match:
            char, length = match["fence"][0], len(match["fence"])
            top_char, top_length = stack[-1]
            if not match["rest"].strip() and char == top_char and length >= top_length:
                stack.pop()
            else:
                stack.append((char, length))
    if stack:
        raise ConventionError(f"a {sorted(names)} block is never closed")
    return "".join(kept), removed


def _only_marker(cell: nbformat.NotebookNode, name: str) -> bool:
    left, removed = remove_directives(cell.source, {name})
    return removed == 1 and not left.strip()


def _has_directive(text: str, name: str) -> bool:
    return any(
        (match := FENCE.match(line))
        and (directive := DIRECTIVE.match(match["rest"].strip()))
        and directive["name"] == name
        for line in text.splitlines()
    )


# ----------------------------------------------------------------------------------------
# One notebook
# ----------------------------------------------------------------------------------------


def student_notebook(notebook: nbformat.NotebookNode, where: str = "notebook"):
    """Return a copy of ``notebook`` without solutions and outputs (see the module doc)."""
    notebook = copy.deepcopy(notebook)
    cells = []
    gated_from: int | None = None  # index of the open {solution-start} cell
    for index, cell in enumerate(notebook.cells):
        place = f"{where}, cell {index} (id {cell.get('id', '?')})"
        tags = list(cell.metadata.get("tags", []))
        if cell.cell_type == "markdown":
            starts = _has_directive(cell.source, "solution-start")
            ends = _has_directive(cell.source, "solution-end")
            if starts or ends:
                name = "solution-start" if starts else "solution-end"
                if not _only_marker(cell, name):
                    raise ConventionError(
                        f"{place}: a {{{name}}} marker must be alone in its Markdown cell."
                    )
                if starts and gated_from is not None:
                    raise ConventionError(
                        f"{place}: {{solution-start}} before the one in cell {gated_from} ended."
                    )
                if ends and gated_from is None:
                    raise ConventionError(f"{place}: {{solution-end}} without {{solution-start}}.")
                gated_from = index if starts else None
                continue
            if gated_from is not None:
                continue
            try:
                text, removed = remove_directives(cell.source, {"solution"})
            except ConventionError as error:
                raise ConventionError(f"{place}: {error}.") from None
            if removed:
                if not text.strip():
                    continue
                cell.source = text.strip("\n")
            cells.append(cell)
            continue
        if gated_from is not None or "solution" in tags:
            continue
        if cell.cell_type == "code":
            if "student-stub" in tags:
                tags = [tag for tag in tags if tag != "remove-cell"]
                cell.metadata["tags"] = tags
            cell.outputs = []
            cell.execution_count = None
        cell.metadata.pop("execution", None)
        cells.append(cell)
    if gated_from is not None:
        raise ConventionError(f"{where}: the {{solution-start}} in cell {gated_from} never ends.")
    notebook.cells = cells
    return notebook


# ----------------------------------------------------------------------------------------
# The whole edition
# ----------------------------------------------------------------------------------------


def _toc_files(entries: list) -> list[str]:
    files = []
    for entry in entries or []:
        if "file" in entry:
            files.append(entry["file"])
        for key in ("chapters", "sections", "parts"):
            files += _toc_files(entry.get(key, []))
    return files


def chapter_notebooks(root: Path = ROOT) -> list[Path]:
    """The chapter notebooks in ``_toc.yml`` order."""
    toc = yaml.safe_load((root / "_toc.yml").read_text())
    files = [toc["root"], *_toc_files([toc])]
    paths = []
    for name in files:
        path = root / f"{Path(name).with_suffix('')}.ipynb"
        if path.parent == root / "chapters" and path.exists() and path not in paths:
            paths.append(path)
    return paths


def _pyproject(root: Path) -> str:
    """The parts of pyproject.toml that install gdlib (no test or lint settings)."""
    keep = {"build-system", "project", "tool.setuptools", "tool.setuptools.package-data"}
    text, section = [], None
    for line in (root / "pyproject.toml").read_text().splitlines():
        header = re.match(r"^\[([^\]]+)\]\s*$", line)
        if header:
            section = header[1]
        if section in keep and not line.startswith("readme"):
            text.append(line)
    return "\n".join(text).strip() + "\n"


def _requirements(root: Path) -> str:
    lines = [
        "# Everything the notebooks need (jupyter-book brings myst-nb, whose glue() some cells",
        "# call); the last line installs gdlib from this folder.",
    ]
    for line in (root / "requirements.txt").read_text().splitlines():
        package = re.split(r"[=<>\[ ]", line.strip(), maxsplit=1)[0].lower()
        if line.strip().startswith("#") or not line.strip() or line.strip().startswith("-e"):
            continue
        if package in {"nbval", "pytest", "sphinx-exercise"}:
            continue  # testing or building the book, not running it
        lines.append(line.strip())
    return "\n".join([*lines, "jupyterlab", "."]) + "\n"


README = """\
# Gradient Descent, Line by Line — student edition

The chapters of the book *Gradient Descent, Line by Line* as Jupyter notebooks, **without
the solutions to the exercises** and without stored outputs: run them yourself, top to
bottom. The full book, with solutions, is at {url}.

## Running the notebooks

With Python 3.10 or newer, in this folder:

```bash
python3 -m venv .venv
.venv/bin/pip install -r requirements.txt     # numpy, matplotlib, Jupyter and gdlib
.venv/bin/jupyter lab chapters/
```

`requirements.txt` installs `gdlib`, the book's small helper package, from the copy in
this folder. On Colab, the first cell of each notebook installs it for you.

## Exercises and self-checks

Each chapter ends with exercises. Some come with an empty function for you to write,
followed by a *self-check*, for example:

```python
def my_predict(x, m, b):
    # your code here
    ...

gdlib.checks.check_predict(my_predict)
```

The check tries your function on fresh random data every time you run it and prints one
line: a pass (✔), or a hint about what is still wrong (✘), without giving the answer away.

## Contents

{contents}

## Licence

Text and figures: CC BY 4.0; code (`gdlib`): MIT. See `LICENSE`.
"""


def _clear(out: Path) -> None:
    if not out.exists():
        return
    if (out / MARKER).exists():
        shutil.rmtree(out)
        return
    if out.is_dir() and not any(out.iterdir()):
        return
    raise SystemExit(
        f"{out} exists and was not written by this tool; choose another --out or remove it."
    )


def make_student_edition(out: Path, root: Path = ROOT) -> list[Path]:
    """Write the student edition to ``out`` and return the notebooks written."""
    out = out.resolve()
    _clear(out)
    notebooks = chapter_notebooks(root)
    (out / "chapters").mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text("Written by tools/make_student_edition.py; safe to delete.\n")
    written = []
    for path in notebooks:
        notebook = nbformat.read(path, as_version=4)
        student = student_notebook(notebook, where=str(path.relative_to(root)))
        target = out / "chapters" / path.name
        nbformat.write(student, target)
        written.append(target)
    # whatever else the chapters folder holds (images, data files), minus notebooks
    ignore = shutil.ignore_patterns("*.ipynb", ".*", "__pycache__", "_build")
    for item in sorted((root / "chapters").iterdir()):
        if item.suffix == ".ipynb" or item.name.startswith((".", "_")):
            continue
        target = out / "chapters" / item.name
        if item.is_dir():
            shutil.copytree(item, target, ignore=ignore)
        else:
            shutil.copy2(item, target)
    shutil.copytree(
        root / "gdlib", out / "gdlib", ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
    )
    (out / "pyproject.toml").write_text(_pyproject(root))
    (out / "requirements.txt").write_text(_requirements(root))
    if (root / "LICENSE").exists():
        shutil.copy2(root / "LICENSE", out / "LICENSE")
    config = yaml.safe_load((root / "_config.yml").read_text())
    url = config.get("repository", {}).get("url", "the book's repository")
    contents = "\n".join(f"- `chapters/{path.name}`" for path in written)
    (out / "README.md").write_text(README.format(url=url, contents=contents))
    return written


def main(arguments: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--out",
        default="student_edition",
        type=Path,
        help="output folder (default: student_edition)",
    )
    options = parser.parse_args(arguments)
    try:
        written = make_student_edition(options.out)
    except ConventionError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    skipped = sorted(
        set((ROOT / "chapters").glob("*.ipynb")) - set(chapter_notebooks(ROOT)),
    )
    for path in written:
        print(f"wrote {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}")
    for path in skipped:
        print(f"skipped {path.relative_to(ROOT)} (not in _toc.yml)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
