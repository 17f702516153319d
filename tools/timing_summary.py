"""Summarise a pytest JUnit XML report by phase of the test suite (used by .ci/run).

Usage::

    python tools/timing_summary.py _build/ci/junit.xml

Prints a Markdown table: for each phase (nbval, browser, student edition, graded assignments,
book build and checks, and the rest: doctests, unit and property tests) the number of tests,
failures and skips, and the summed duration of its tests (setup + call + teardown; a session
fixture such as the book build counts in the first test that uses it). Under pytest-xdist the
phases run side by side, so the sums add up to more than the wall-clock time of the run.
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from collections import defaultdict

PHASES = [
    ("nbval (every notebook, cell by cell)", lambda c, f: f.endswith(".ipynb") or ".ipynb" in c),
    ("browser (every page in Chromium)", lambda c, f: "tests.browser" in c or "browser/" in f),
    # in kernels only with --student-execution (.ci/run: a phase of its own)
    ("student edition (built and checked)", lambda c, f: "test_student_edition" in c + f),
    ("assignments (generated, graded in kernels)", lambda c, f: "test_assignments" in c + f),
    ("book build and built pages", lambda c, f: "test_book" in c + f or "test_launch" in c + f),
    ("doctests, unit and property tests, other checks", lambda c, f: True),
]


def phase_of(case: ET.Element) -> str:
    classname = case.get("classname", "")
    file = case.get("file", "") or ""
    for name, matches in PHASES:
        if matches(classname, file):
            return name
    raise AssertionError("unreachable: the last phase matches every test")


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__)
        return 2
    root = ET.parse(argv[0]).getroot()
    rows: dict[str, list[float]] = defaultdict(lambda: [0, 0, 0, 0.0])
    for case in root.iter("testcase"):
        row = rows[phase_of(case)]
        row[0] += 1
        row[1] += any(case.find(tag) is not None for tag in ("failure", "error"))
        row[2] += case.find("skipped") is not None
        row[3] += float(case.get("time", 0))
    print("| pytest phase | tests | failed | skipped | summed duration (s) |")
    print("|---|---:|---:|---:|---:|")
    for name, _ in PHASES:
        if name in rows:
            tests, failed, skipped, seconds = rows[name]
            print(f"| {name} | {tests} | {failed} | {skipped} | {seconds:.1f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
