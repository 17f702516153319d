"""Autograded assignments with nbgrader: a term's variant, release, placing and grading.

The source assignments live in ``assignments/<id>/<id>.ipynb`` (nbgrader source notebooks:
solution regions, autograder test cells with hidden tests). They are templates: ``{{name}}``
marks what changes from term to term (the data, the constants, the answers the hidden
tests expect). This script fills them for one term seed and hands them to nbgrader::

    python tools/make_assignments.py generate --course ~/gd-course --seed 2026
    python tools/make_assignments.py place --course ~/gd-course part1 hand-ins/*.ipynb
    python tools/make_assignments.py grade --course ~/gd-course part1

``generate`` writes the course directory (``nbgrader_config.py``, ``source/``), runs
``nbgrader generate_assignment`` (student version in ``release/<id>/``: no solutions, no
hidden tests) and writes ``answers-<seed>.json`` (the expected answers, for the teacher).
``place`` copies hand-ins named ``<student>.ipynb`` to ``submitted/<student>/<id>/``, where
nbgrader expects them. ``grade`` runs ``nbgrader autograde``, ``nbgrader generate_feedback``
and ``nbgrader export``: the gradebook is ``grades.csv`` in the course directory, each
student's feedback is ``feedback/<student>/<id>/<id>.html``.

Everything runs offline and without Docker; nbgrader executes each submission in a local
Python kernel that imports ``gdlib``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "assignments"
ASSIGNMENTS = ("part1", "part2")

# The mistakes the "diagnose a broken run" part can plant, one per term (key -> what the
# broken loop in the notebook does differently from the right one).
BUGS = ("sign", "mean", "order")
_LOOP = """\
def broken_loop(x, y, learning_rate, epochs):
    m, b = 0.0, 0.0
    n = len(x)
    for _ in range(epochs):
        r = y - (m * x + b)
{body}
    cost = np.mean((y - (m * x + b)) ** 2)
    return m, b, cost"""
_BODIES = {
    "sign": """\
        dm = -2 / n * np.sum(x * r)
        db = -2 / n * np.sum(r)
        m = m + learning_rate * dm
        b = b + learning_rate * db""",
    "mean": """\
        dm = -2 * np.sum(x * r)
        db = -2 * np.sum(r)
        m = m - learning_rate * dm
        b = b - learning_rate * db""",
    "order": """\
        dm = -2 / n * np.sum(x * r)
        m = m - learning_rate * dm
        r = y - (m * x + b)
        db = -2 / n * np.sum(r)
        b = b - learning_rate * db""",
}

CONFIG = """\
# nbgrader configuration written by tools/make_assignments.py
c = get_config()  # noqa: F821
c.CourseDirectory.course_id = "gradient-descent-line-by-line"
# A few seconds per submission; stop a runaway loop after a minute.
c.Execute.timeout = 60
# Once the last cell has run, every output is in the graded notebook: stop the kernel at once
# instead of waiting for its graceful exit (about 0.4 s per submission).
c.Execute.shutdown_kernel = "immediate"
# The feedback shows each test's one-line verdict, not the hidden tests' code (which holds
# this term's expected answers).
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "nbgrader.preprocessors.ClearHiddenTests",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]
"""

# Put at the start of every hidden test. The tests raise ``Feedback`` with one line that names
# the mistake; IPython shows that line only (no traceback with the test's code or numbers).
GRADER = '''\
import numpy as np
import numpy as _np
from gdlib.checks import judge as _judge_check
from gdlib.checks.ownwork import inspect_function as _inspect, watch_gdlib as _watch


class Feedback(AssertionError):
    """One line of feedback for a failed part; shown without a traceback."""

    def _render_traceback_(self):
        return ["Feedback: " + str(self)]


def _get(name):
    if name not in globals():
        raise Feedback(f"{name} is not defined: write it and run its cell.")
    return globals()[name]


def _judge(check, name, seed):
    verdict = _judge_check(check, _get(name), seed=seed)
    if not verdict:
        raise Feedback(verdict.message if name == check else f"{name}: {verdict.message}")


def _own_call(name, *args):
    """Call the student's function ``name``; its own work only, errors become feedback."""
    function = _get(name)
    found = _inspect(function)
    with _watch() as used:
        try:
            value = function(*args)
        except Exception as error:
            value = error
    used = set(used) | set(found.gdlib)
    if used:
        listed = ", ".join("gdlib." + n for n in sorted(used))
        raise Feedback(
            f"{name} calls {listed}. This part asks for your own code, so it gets no "
            "credit for gdlib's: write it with numpy."
        )
    if isinstance(value, Exception):
        detail = f": {value}" if str(value) else ""
        raise Feedback(f"{name} raised {type(value).__name__}{detail}.")
    return value


def _close(a, b, rtol=1e-6):
    try:
        a = _np.asarray(a, dtype=float)
    except (TypeError, ValueError):
        return False
    b = _np.asarray(b, dtype=float)
    return a.shape == b.shape and bool(_np.allclose(a, b, rtol=rtol, atol=1e-9))
'''


# --------------------------------------------------------------------------------------
# One term's variant
# --------------------------------------------------------------------------------------


def _array(values: np.ndarray) -> str:
    """A numpy array literal with two decimals, wrapped for a notebook cell."""
    items = [f"{v:.2f}" for v in np.ravel(values)]
    lines, line = [], ""
    for item in items:
        if len(line) + len(item) > 78:
            lines.append(line.rstrip())
            line = ""
        line += item + ", "
    lines.append(line.rstrip(", "))
    return "np.array([\n    " + "\n    ".join(lines) + "\n])"


def _rows(matrix: np.ndarray) -> str:
    rows = ",\n    ".join("[" + ", ".join(f"{v:.2f}" for v in row) + "]" for row in matrix)
    return "np.array([\n    " + rows + ",\n])"


def _num(value: float) -> str:
    return repr(float(value))


def part1_variant(seed: int) -> tuple[dict[str, str], dict[str, object]]:
    """Placeholders and expected answers of Part I for the term ``seed``."""
    import gdlib

    rng = np.random.default_rng([seed, 1])
    n = int(rng.integers(30, 61))
    x = np.round(rng.uniform(0.0, rng.uniform(4.0, 10.0), n), 2)
    slope, intercept = rng.uniform(0.5, 3.0), rng.uniform(-2.0, 5.0)
    y = np.round(slope * x + intercept + rng.normal(0.0, rng.uniform(0.5, 1.5), n), 2)
    limit = float(gdlib.stability_limit(x))
    learning_rate = float(f"{rng.uniform(0.3, 0.8) * limit:.3g}")
    epochs = int(rng.integers(60, 200))
    result = gdlib.gradient_descent(x, y, learning_rate, epochs)
    answers = {
        "stability_limit": limit,
        "learning_rate": learning_rate,
        "epochs": epochs,
        "descent_loop": [float(result.m), float(result.b), float(result.cost)],
    }
    fills = {
        "term": str(seed),
        "x": _array(x),
        "y": _array(y),
        "learning_rate": _num(learning_rate),
        "epochs": str(epochs),
        "expected_limit": _num(limit),
        "expected_loop": repr(answers["descent_loop"]),
    }
    return fills, answers


def part2_variant(seed: int) -> tuple[dict[str, str], dict[str, object]]:
    """Placeholders and expected answers of Part II for the term ``seed``."""
    import gdlib

    rng = np.random.default_rng([seed, 2])
    n, k = int(rng.integers(40, 71)), 2
    means, spreads = rng.uniform(-5.0, 50.0, k), rng.uniform(0.5, 20.0, k)
    X = np.round(means + spreads * rng.normal(size=(n, k)), 2)
    weights, bias = rng.uniform(-3.0, 3.0, k), rng.uniform(-5.0, 5.0)
    y = np.round(X @ weights + bias + rng.normal(0.0, rng.uniform(0.5, 2.0), n), 2)
    design = np.column_stack([X, np.ones(n)])
    solution = np.linalg.lstsq(design, y, rcond=None)[0]
    bug = BUGS[int(rng.integers(len(BUGS)))]
    # The broken run: one feature (the first column, standardised), a safe learning rate.
    x1 = (X[:, 0] - X[:, 0].mean()) / X[:, 0].std()
    learning_rate = float(f"{rng.uniform(0.2, 0.45) * gdlib.stability_limit(x1):.3g}")
    answers = {
        "feature_mean": [float(v) for v in X.mean(axis=0)],
        "normal_equations": [float(v) for v in solution],
        "diagnosis": bug,
        "broken_learning_rate": learning_rate,
    }
    fills = {
        "term": str(seed),
        "X": _rows(X),
        "y": _array(y),
        "expected_mean": repr(answers["feature_mean"]),
        "expected_w": repr(answers["normal_equations"][:k]),
        "expected_b": repr(answers["normal_equations"][k]),
        "bug": repr(bug),
        "broken_loop": _LOOP.format(body=_BODIES[bug]),
        "broken_learning_rate": _num(learning_rate),
        "broken_epochs": str(int(rng.integers(40, 80))),
    }
    return fills, answers


VARIANTS = {"part1": part1_variant, "part2": part2_variant}
_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")


def fill(text: str, fills: dict[str, str]) -> str:
    """Replace every ``{{name}}`` in ``text``; an unknown name is an error."""

    def one(match: re.Match) -> str:
        name = match.group(1)
        if name not in fills:
            raise KeyError(f"template placeholder {{{{{name}}}}} has no value")
        return fills[name]

    return _PLACEHOLDER.sub(one, text)


def variant(assignment: str, seed: int) -> tuple[dict, dict]:
    """The filled source notebook (as JSON) and the expected answers for ``seed``."""
    fills, answers = VARIANTS[assignment](seed)
    fills = {**fills, "grader": GRADER}
    notebook = json.loads((TEMPLATES / assignment / f"{assignment}.ipynb").read_text())
    for cell in notebook["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "code" and "{{grader}}" in source:
            # indent-free snippet: it is placed on a line of its own
            source = source.replace("{{grader}}", GRADER.rstrip("\n"))
        cell["source"] = fill(source, fills).splitlines(keepends=True)
    return notebook, answers


# --------------------------------------------------------------------------------------
# The three commands
# --------------------------------------------------------------------------------------


def _env() -> dict[str, str]:
    """This environment, with this Python's scripts first on PATH (nbgrader runs ``alembic``)."""
    return {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}


def _gradebook_version_in_process() -> None:
    """Let nbgrader find the schema version of a new gradebook without a subprocess.

    When nbgrader creates a gradebook it stamps it with its newest alembic migration, which
    it asks the ``alembic heads`` command for: a new Python process, about 3 s of CPU for its
    imports. This asks alembic's own Python API, in this process, about the same migration
    scripts; should that fail (say, a future nbgrader with several heads), nbgrader's own way
    answers.
    """
    from nbgrader import api, dbutil

    nbgraders_own = api.get_alembic_version
    if getattr(nbgraders_own, "in_process", False):
        return

    def version() -> str:
        try:
            from alembic.config import Config
            from alembic.script import ScriptDirectory

            config = Config()
            config.set_main_option("script_location", dbutil.ALEMBIC_DIR)
            head = ScriptDirectory.from_config(config).get_current_head()
        except Exception:
            head = None
        return head or nbgraders_own()

    version.in_process = True
    api.get_alembic_version = version


def _api(course: Path):
    """nbgrader's own Python API on ``course``, configured by its ``nbgrader_config.py``.

    The same converters as the ``nbgrader`` command line, in this process: one start-up for
    all the steps instead of one per command.
    """
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config.loader import PyFileConfigLoader

    scripts = str(Path(sys.executable).parent)
    if os.environ.get("PATH", "").split(os.pathsep)[0] != scripts:
        os.environ["PATH"] = _env()["PATH"]
    _gradebook_version_in_process()
    config = PyFileConfigLoader("nbgrader_config.py", path=str(course)).load_config()
    coursedir = CourseDirectory(config=config, root=str(course))
    return NbGraderAPI(coursedir=coursedir, config=config)


def _ok(result: dict, what: str) -> None:
    if not result.get("success"):
        raise RuntimeError(
            f"nbgrader {what} failed:\n{result.get('log', '')}{result.get('error', '')}"
        )


def generate(course: Path, seed: int, assignments=ASSIGNMENTS, *, release: bool = True) -> dict:
    """Write the term's source notebooks into ``course`` and generate the release."""
    course.mkdir(parents=True, exist_ok=True)
    (course / "nbgrader_config.py").write_text(CONFIG)
    all_answers = {}
    for assignment in assignments:
        notebook, answers = variant(assignment, seed)
        folder = course / "source" / assignment
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{assignment}.ipynb").write_text(json.dumps(notebook, indent=1) + "\n")
        all_answers[assignment] = answers
    (course / f"answers-{seed}.json").write_text(json.dumps(all_answers, indent=1) + "\n")
    if release:  # = nbgrader generate_assignment <id> --force
        api = _api(course)
        for assignment in assignments:
            _ok(
                api.generate_assignment(assignment, force=True), f"generate_assignment {assignment}"
            )
    return all_answers


def place(course: Path, assignment: str, notebooks: list[Path]) -> list[str]:
    """Copy hand-ins ``<student>.ipynb`` to ``submitted/<student>/<assignment>/``."""
    students = []
    for notebook in notebooks:
        student = Path(notebook).stem
        folder = course / "submitted" / student / assignment
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(notebook, folder / f"{assignment}.ipynb")
        students.append(student)
    return students


def grade(course: Path, assignment: str) -> Path:
    """Autograde every placed submission, write feedback and the gradebook CSV.

    The same as ``nbgrader autograde <id> --force``, ``nbgrader generate_feedback <id>
    --force`` and ``nbgrader export --to=grades.csv`` run in the course directory.
    """
    from nbgrader.api import Gradebook
    from nbgrader.plugins import CsvExportPlugin

    api = _api(course)
    _ok(api.autograde(assignment, "*", force=True), f"autograde {assignment}")
    _ok(api.generate_feedback(assignment, force=True), f"generate_feedback {assignment}")
    csv_path = course / "grades.csv"
    with Gradebook(api.coursedir.db_url, api.coursedir.course_id) as gradebook:
        CsvExportPlugin(to=str(csv_path)).export(gradebook)
    return csv_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    g = sub.add_parser("generate", help="write a term's variant and its student release")
    g.add_argument("--course", type=Path, required=True, help="the course directory")
    g.add_argument("--seed", type=int, required=True, help="the term seed, for example 2026")
    g.add_argument("assignments", nargs="*", choices=[*ASSIGNMENTS, []], help="default: all")
    p = sub.add_parser("place", help="put hand-ins <student>.ipynb where nbgrader reads them")
    p.add_argument("--course", type=Path, required=True)
    p.add_argument("assignment", choices=ASSIGNMENTS)
    p.add_argument("notebooks", nargs="+", type=Path)
    r = sub.add_parser("grade", help="autograde, feedback, gradebook CSV")
    r.add_argument("--course", type=Path, required=True)
    r.add_argument("assignment", choices=ASSIGNMENTS)
    args = parser.parse_args(argv)
    course = args.course.expanduser().resolve()
    if args.command == "generate":
        args.assignments = args.assignments or list(ASSIGNMENTS)
        generate(course, args.seed, args.assignments)
        for assignment in args.assignments:
            print(f"release: {course / 'release' / assignment / (assignment + '.ipynb')}")
        print(f"answers: {course / f'answers-{args.seed}.json'} (keep it for yourself)")
    elif args.command == "place":
        students = place(course, args.assignment, args.notebooks)
        print(f"placed {len(students)} submissions of {args.assignment}: {', '.join(students)}")
    else:
        csv = grade(course, args.assignment)
        print(f"gradebook: {csv}")
        print(f"feedback: {course / 'feedback'}/<student>/{args.assignment}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
