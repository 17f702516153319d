"""The teacher's guide and the syllabus agree with the chapters.

- every ``{ref}`` to an exercise names an exercise that exists, with its title as the link text;
- every exercise of the chapters is in the guide's index of exercises;
- the hours table matches ``tools/reading_time.py`` on the chapters as they are;
- each Part has an assessment whose model answers are folded (a dropdown);
- the Part II misconception table is at least as long as Part I's.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "backmatter" / "teachers_guide.md"
SYLLABUS = ROOT / "backmatter" / "syllabus.md"
sys.path.insert(0, str(ROOT / "tools"))
import reading_time  # noqa: E402

EXERCISE = re.compile(r"`{3,}\{exercise\}\s*(?P<title>[^\n]*)\n:label:\s*(?P<label>\S+)")
REF = re.compile(r"\{ref\}`(?:(?P<text>[^`<]*?)\s*<(?P<label>[^>`]+)>|(?P<bare>[^`]+))`")
ANY_LABEL = re.compile(r"^\((?P<label>[\w-]+)\)=\s*$", re.M)


def _chapter_markdown() -> dict[str, str]:
    texts = {}
    for notebook in sorted((ROOT / "chapters").glob("*.ipynb")):
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        texts[notebook.stem] = "\n".join(
            "".join(c["source"]) for c in cells if c["cell_type"] == "markdown"
        )
    return texts


def _exercises() -> dict[str, str]:
    """label -> title of every exercise in the chapters."""
    found = {}
    for text in _chapter_markdown().values():
        for match in EXERCISE.finditer(text):
            found[match["label"]] = match["title"].strip()
    return found


def _labels() -> set[str]:
    labels = set(_exercises())
    for text in _chapter_markdown().values():
        labels |= set(ANY_LABEL.findall(text))
    for page in (ROOT / "backmatter").glob("*"):
        if page.suffix == ".md":
            labels |= set(ANY_LABEL.findall(page.read_text(encoding="utf-8")))
        elif page.suffix == ".ipynb":
            cells = json.loads(page.read_text(encoding="utf-8"))["cells"]
            labels |= set(ANY_LABEL.findall("\n".join("".join(c["source"]) for c in cells)))
    return labels


def _refs(text: str) -> list[tuple[str | None, str]]:
    return [(m["text"], m["label"] or m["bare"]) for m in REF.finditer(text)]


@pytest.mark.parametrize("page", [GUIDE, SYLLABUS], ids=lambda p: p.name)
def test_references_resolve_and_name_the_exercise(page: Path):
    text = page.read_text(encoding="utf-8")
    exercises, labels = _exercises(), _labels()
    missing, misnamed = [], []
    for link_text, label in _refs(text):
        if re.fullmatch(r"ch\d+-ex-[\w-]+", label):
            if label not in exercises:
                missing.append(label)
            elif link_text is not None and link_text.strip() != exercises[label]:
                misnamed.append(
                    f"{label}: '{link_text.strip()}' but the chapter says '{exercises[label]}'"
                )
        elif label not in labels:
            missing.append(label)
    assert not missing, f"{page.name} refers to exercises or labels that do not exist: {missing}"
    assert not misnamed, f"{page.name} names exercises differently from the chapters: {misnamed}"


def _section(text: str, heading: str) -> str:
    start = text.index(heading)
    level = heading.split()[0]
    following = re.search(rf"^{level} ", text[start + len(heading) :], re.M)
    return text[start : start + len(heading) + (following.start() if following else len(text))]


def test_every_exercise_the_plans_assign_exists():
    plans = _section(GUIDE.read_text(encoding="utf-8"), "## Course plans")
    assigned = [label for _, label in _refs(plans) if "-ex-" in label]
    assert len(assigned) >= 30, "the plans assign exercises for every session"
    missing = sorted(set(assigned) - set(_exercises()))
    assert not missing, f"the course plans assign exercises that do not exist: {missing}"


def test_index_lists_every_exercise():
    index = _section(GUIDE.read_text(encoding="utf-8"), "### Index of all exercises")
    listed = {label for _, label in _refs(index)}
    absent = sorted(set(_exercises()) - listed)
    assert not absent, f"exercises missing from the guide's index: {absent}"


def test_hours_table_matches_the_notebooks():
    table = _section(GUIDE.read_text(encoding="utf-8"), "## How long each chapter takes")
    rows = dict(re.findall(r"^\| (\d+)\. [^|]+\|[^|]*\|[^|]*\| ([\d.]+) h \|$", table, re.M))
    for notebook in sorted((ROOT / "chapters").glob("*.ipynb")):
        number = str(int(notebook.stem[:2]))
        assert number in rows, f"chapter {number} has no row in the hours table"
        minutes = reading_time.chapter_workload(notebook)["minutes"]
        stated = float(rows[number])
        assert abs(stated - minutes / 60) <= 0.75, (
            f"chapter {number}: the guide says about {stated} h, the notebook gives "
            f"{minutes / 60:.1f} h (python tools/reading_time.py)"
        )


def test_each_part_has_an_assessment_with_folded_answers():
    text = GUIDE.read_text(encoding="utf-8")
    assessment = _section(text, "## Assessment")
    for part in ("Part I", "Part II", "Part III"):
        assert f"### {part} (" in assessment, f"no assessment for {part}"
        block = re.search(
            rf"`{{4}}\{{admonition\}} {part}: model answers and marking rubric\n:class: dropdown\n(.*?)\n`{{4}}",
            assessment,
            re.S,
        )
        assert block, f"{part}: the model answers must be in a dropdown admonition"
        assert "| criterion | points |" in block.group(1), (
            f"{part}: no rubric table for the coding task"
        )
        assert "Rubric:" in block.group(1), f"{part}: no points for the written questions"


def test_part_two_misconceptions_as_many_as_part_one():
    table = _section(GUIDE.read_text(encoding="utf-8"), "## Common misconceptions")

    def rows(part: str) -> int:
        return len(re.findall(r"^\| \d+ \|", _section(table, f"### {part}"), re.M))

    assert rows("Part I") >= 12
    assert rows("Part II") >= rows("Part I")


def test_prerequisites_and_python_version_are_stated_truthfully():
    text = GUIDE.read_text(encoding="utf-8")
    assert "Matrices appear from chapter 7 on; chapters 1 to 6 need none" not in text
    assert "[](primer-linear-algebra)" in text
    assert "Python 3.10 or newer for reading and running" in text
    assert "3.11 or newer to build the book" in text
