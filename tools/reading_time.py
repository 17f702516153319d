"""Estimate the hours a student needs per chapter, from the notebooks themselves.

Usage: ``python tools/reading_time.py [chapters/NN_x.ipynb ...]`` prints a table;
``python tools/reading_time.py --write`` also writes the estimate into each chapter's opening
box ("About N hours: ...") and the teacher's guide's table, so that the two always agree.

The estimate: reading at about 150 words per minute (mathematical prose with code, read with
care, not skimmed), plus about 30 minutes per exercise (an attempt, then the solution). Words are counted in the markdown cells and the visible code cells of the
main text; exercises are the ``{exercise}`` directives; solutions are not counted as reading,
their time is in the 25 minutes. The numbers are an estimate, not a timed trial; the 30 minutes per exercise are calibrated
on the one trial there is: a student working through Part I of an earlier draft, doing every
exercise, needed 12 to 13 hours.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORDS_PER_MINUTE = 150
MINUTES_PER_EXERCISE = 30

_SOLUTION = re.compile(r"`{3,}\{solution\}.*?\n`{3,}", re.S)
_EXERCISE = re.compile(r"^`{3,}\{exercise\}", re.M)


def chapter_workload(notebook: Path) -> dict:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    words = exercises = 0
    in_solution = False
    for cell in cells:
        source = "".join(cell["source"])
        tags = cell.get("metadata", {}).get("tags", [])
        if "quiz" in cell.get("metadata", {}):
            continue
        if cell["cell_type"] == "markdown":
            exercises += len(_EXERCISE.findall(source))
            if "solution-start" in source:
                in_solution = True
            if "solution-end" in source:
                in_solution = False
            words += len(_SOLUTION.sub(" ", source).split())
        elif not in_solution and not {"remove-cell", "remove-input", "solution"} & set(tags):
            words += len(source.split())
    minutes = words / WORDS_PER_MINUTE + MINUTES_PER_EXERCISE * exercises
    return {"words": words, "exercises": exercises, "minutes": minutes, "hours": minutes / 60}


def rounded_hours(minutes: float) -> float:
    """Hours to the nearest half hour, at least half an hour."""
    return max(0.5, round(minutes / 30) / 2)


_BOX = re.compile(r"(?is)about [0-9½.]+ hours?\b.*?\.(?=\s|$)")


def box_sentence(work: dict) -> str:
    """The opening box's time sentence for a chapter's workload."""
    reading = 5 * max(1, round(work["words"] / WORDS_PER_MINUTE / 5))
    hours = f"{rounded_hours(work['minutes']):g}"
    return (
        f"About {hours} hours: some {reading} minutes of reading and running the cells, and "
        f"about {MINUTES_PER_EXERCISE} minutes for each of the {work['exercises']} exercises."
    )


def write_box(notebook: Path, work: dict) -> bool:
    """Put the estimate into the first "about N hours" sentence of the chapter's first cell."""
    data = json.loads(notebook.read_text(encoding="utf-8"))
    first = data["cells"][0]
    source = "".join(first["source"])

    def sentence(match: re.Match) -> str:
        text = box_sentence(work)
        before = source[: match.start()].rstrip(" ")
        starts = not before or before.endswith(("\n", ".", "*", ">"))
        return text if starts else text[0].lower() + text[1:]

    if not _BOX.search(source):
        return False
    new = _BOX.sub(sentence, source, count=1)
    first["source"] = new.splitlines(keepends=True)
    notebook.write_text(
        json.dumps(data, sort_keys=True, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return True


def write_guide(works: dict[Path, dict]) -> None:
    """Rewrite the hours column of the guide's table (chapter rows and Part totals)."""
    guide = ROOT / "backmatter" / "teachers_guide.md"
    text = guide.read_text(encoding="utf-8")
    parts: dict[str, float] = {}
    for path, work in works.items():
        number = int(path.stem[:2])
        part = _part(path)
        parts[part] = parts.get(part, 0.0) + work["minutes"]
        hours = f"{rounded_hours(work['minutes']):g} h"
        row = re.compile(rf"^(\| {number}\. [^|]+\|)[^|]*\|[^|]*\|[^|]*\|$", re.M)
        cells = f" {work['words']:,} | {work['exercises']} | {hours} |"
        text = row.sub(lambda m, cells=cells: m.group(1) + cells, text)
    for part, minutes in parts.items():
        total = re.compile(
            rf"^(\| \*\*Part {part}\*\* \| \| )(\d+)( \| \*\*)[\d.]+( h\*\* \|)$", re.M
        )
        count = sum(w["exercises"] for p, w in works.items() if _part(p) == part)
        hours = round(minutes / 60)
        text = total.sub(
            lambda m, c=count, h=hours: f"{m.group(1)}{c}{m.group(3)}{h}{m.group(4)}", text
        )
    guide.write_text(text, encoding="utf-8")


def _part(path: Path) -> str:
    number = int(path.stem[:2])
    return "I" if number <= 5 else "II" if number <= 13 else "III"


def main(arguments: list[str]) -> None:
    write = "--write" in arguments
    arguments = [a for a in arguments if a != "--write"]
    paths = [Path(a) for a in arguments] or sorted((ROOT / "chapters").glob("*.ipynb"))
    works = {path: chapter_workload(path) for path in paths}
    if write:
        for path, work in works.items():
            if not write_box(path, work):
                print(f"{path}: no 'about N hours' sentence in the first cell", file=sys.stderr)
        write_guide(works)
    total = 0.0
    print("chapter                              words  exercises  minutes  about (h)")
    for path, work in works.items():
        total += work["minutes"]
        print(
            f"{path.stem:35s} {work['words']:6d} {work['exercises']:10d} "
            f"{work['minutes']:8.0f} {rounded_hours(work['minutes']):10.1f}"
        )
    print(f"{'total':35s} {'':6s} {'':10s} {total:8.0f} {total / 60:10.1f}")


if __name__ == "__main__":
    main(sys.argv[1:])
