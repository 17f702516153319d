"""Estimate the hours a student needs per chapter, from the notebooks themselves.

Usage: ``python tools/reading_time.py [chapters/NN_x.ipynb ...]`` prints a table.

The estimate the teacher's guide uses: reading at about 150 words per minute (mathematical
prose with code, read with care, not skimmed), plus about 25 minutes per exercise (an attempt,
then the solution). Words are counted in the markdown cells and the visible code cells of the
main text; exercises are the ``{exercise}`` directives; solutions are not counted as reading,
their time is in the 25 minutes. The numbers are an estimate, not a timed trial: a student
working through Part I of an earlier draft needed 12 to 13 hours, close to what this gives.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORDS_PER_MINUTE = 150
MINUTES_PER_EXERCISE = 25

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


def main(arguments: list[str]) -> None:
    paths = [Path(a) for a in arguments] or sorted((ROOT / "chapters").glob("*.ipynb"))
    total = 0.0
    print("chapter                              words  exercises  minutes  about (h)")
    for path in paths:
        work = chapter_workload(path)
        total += work["minutes"]
        print(
            f"{path.stem:35s} {work['words']:6d} {work['exercises']:10d} "
            f"{work['minutes']:8.0f} {rounded_hours(work['minutes']):10.1f}"
        )
    print(f"{'total':35s} {'':6s} {'':10s} {total:8.0f} {total / 60:10.1f}")


if __name__ == "__main__":
    main(sys.argv[1:])
