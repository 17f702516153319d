"""The autograded assignments, used as a teacher uses them: nbgrader generates the release,
grades placed submissions in one ``autograde`` call, writes feedback and the gradebook CSV.

Each test has its own course directory, so pytest-xdist can run them side by side.
"""

from __future__ import annotations

import csv
import html
import importlib.util
import json
import re
import sqlite3
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

# Found, not imported: importing nbgrader takes about 3 s, paid by every process that merely
# collects this file (the fast loop deselects it); the tests import it when they run.
if importlib.util.find_spec("nbgrader") is None:
    pytest.skip(
        "nbgrader is not installed (pip install -r requirements-test.txt)", allow_module_level=True
    )

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import make_assignments as tool  # noqa: E402

# nbgrader's own database code warns about its SQLAlchemy session; not ours to fix.
pytestmark = pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning")

SEED, OTHER_SEED = 2026, 2027

POINTS = {
    "part1": {
        "predict": 1,
        "mse": 2,
        "mse_gradient": 2,
        "step": 2,
        "descent_loop": 3,
        "stability_limit": 2,
    },
    "part2": {
        "standardise": 2,
        "normal_equations": 2,
        "sgd_epoch": 3,
        "momentum_step": 2,
        "diagnosis": 1,
        "fixed_loop": 2,
    },
}

# Planted mistakes: (part, solution cell's new code, words the feedback must contain).
# Each must lose exactly that part's points (HAND_INS puts them into submissions).
PLANTED = {
    "part1": {
        "no_intercept": (
            "predict",
            "def predict(x, m, b):\n    return m * x\n",
            ["intercept"],
        ),
        "forgot_mean": (
            "mse",
            "def mse(x, y, m, b):\n    return float(np.sum((y - (m * x + b)) ** 2))\n",
            ["added up", "mean"],
        ),
        "gradient_sign": (
            "mse_gradient",
            "def mse_gradient(x, y, m, b):\n    r = y - (m * x + b)\n"
            "    return float(2 * np.mean(x * r)), float(2 * np.mean(r))\n",
            ["sign"],
        ),
        "m_before_b": (
            "step",
            "def step(x, y, m, b, learning_rate):\n"
            "    m = m - learning_rate * 2 * np.mean(x * ((m * x + b) - y))\n"
            "    b = b - learning_rate * 2 * np.mean((m * x + b) - y)\n"
            "    return float(m), float(b)\n",
            ["before", "old"],
        ),
        "cost_before_update": (
            "descent_loop",
            "def descent_loop(x, y, learning_rate, epochs):\n    m, b = 0.0, 0.0\n"
            "    for _ in range(epochs):\n        r = (m * x + b) - y\n"
            "        cost = float(np.mean(r**2))\n"
            "        m, b = m - learning_rate * 2 * np.mean(x * r), "
            "b - learning_rate * 2 * np.mean(r)\n"
            "    return m, b, cost\n",
            ["cost", "before the last update"],
        ),
        "one_over_lambda": (
            "stability_limit",
            "def stability_limit(x):\n    n = len(x)\n"
            "    h = (2 / n) * np.array([[np.sum(x * x), np.sum(x)], [np.sum(x), n]])\n"
            "    return float(1 / np.linalg.eigvalsh(h)[-1])\n",
            ["half"],
        ),
        "calls_gdlib": (
            "mse",
            "import gdlib\n\n\ndef mse(x, y, m, b):\n    return gdlib.mse(x, y, m, b)\n",
            ["gdlib.mse", "own code"],
        ),
    },
    "part2": {
        "wrong_axis": (
            "standardise",
            "def standardise(X):\n    mean = X.mean(axis=1, keepdims=True)\n"
            "    std = X.std(axis=1, keepdims=True)\n    return (X - mean) / std, mean, std\n",
            ["row"],
        ),
        "no_column_of_ones": (
            "normal_equations",
            "def normal_equations(X, y):\n    w = np.linalg.solve(X.T @ X, X.T @ y)\n"
            "    return w, 0.0\n",
            ["intercept", "column"],
        ),
        "batch_sum_not_mean": (
            "sgd_epoch",
            "def sgd_epoch(x, y, m, b, learning_rate, batch_size, order):\n"
            "    xs, ys = x[order], y[order]\n"
            "    for s in range(0, len(xs), batch_size):\n"
            "        xb, yb = xs[s : s + batch_size], ys[s : s + batch_size]\n"
            "        r = (m * xb + b) - yb\n"
            "        m, b = m - learning_rate * 2 * np.sum(xb * r), "
            "b - learning_rate * 2 * np.sum(r)\n"
            "    return float(m), float(b)\n",
            ["sum"],
        ),
        "old_velocity": (
            "momentum_step",
            "def momentum_step(x, y, m, b, v_m, v_b, learning_rate, beta):\n"
            "    r = (m * x + b) - y\n"
            "    new_v_m = beta * v_m - learning_rate * 2 * np.mean(x * r)\n"
            "    new_v_b = beta * v_b - learning_rate * 2 * np.mean(r)\n"
            "    return m + v_m, b + v_b, new_v_m, new_v_b\n",
            ["OLD velocity"],
        ),
        "calls_gdlib": (
            "normal_equations",
            "import gdlib\n\n\ndef normal_equations(X, y):\n    return gdlib.normal_equations(X, y)\n",
            ["gdlib.normal_equations", "own code"],
        ),
        "wrong_diagnosis": ("diagnosis", None, ["not the bug"]),  # code filled per term
        "left_uphill": (
            "fixed_loop",
            "def fixed_loop(x, y, learning_rate, epochs):\n    m, b = 0.0, 0.0\n"
            "    for _ in range(epochs):\n        r = (m * x + b) - y\n"
            "        m, b = m + learning_rate * 2 * np.mean(x * r), "
            "b + learning_rate * 2 * np.mean(r)\n"
            "    return m, b, float(np.mean(((m * x + b) - y) ** 2))\n",
            ["uphill"],
        ),
    },
}


# The mistaken hand-ins: several planted mistakes each, in different parts. One kernel run
# grades a hand-in, so fewer hand-ins cost less; and yet every part is right in at least one
# mistaken hand-in (so a mistake that made another part fail as well would show), and a
# part with two mistakes has them in different hand-ins (test_hand_ins_plant_every_mistake).
HAND_INS = {
    "part1": {
        "planted1": ("forgot_mean", "no_intercept", "m_before_b"),
        "planted2": ("calls_gdlib", "gradient_sign"),
        "planted3": ("cost_before_update", "one_over_lambda"),
    },
    "part2": {
        "planted1": ("no_column_of_ones", "wrong_axis", "old_velocity"),
        "planted2": ("calls_gdlib", "batch_sum_not_mean"),
        "planted3": ("wrong_diagnosis", "left_uphill"),
    },
}

GIVEN = {"learning_rate", "epochs", "broken_learning_rate"}  # in the release on purpose


def cells_by_id(notebook: dict) -> dict[str, dict]:
    return {
        c["metadata"]["nbgrader"]["grade_id"]: c
        for c in notebook["cells"]
        if "nbgrader" in c["metadata"]
    }


def planted_notebook(source: dict, codes: dict[str, str]) -> dict:
    """``source`` with the solution cell of each part in ``codes`` replaced by its code."""
    notebook = json.loads(json.dumps(source))
    cells = cells_by_id(notebook)
    for part, code in codes.items():
        cells[part]["source"] = code.splitlines(keepends=True)
    return notebook


def failed_parts(autograded: Path) -> dict[str, str]:
    """Graded part -> its feedback line, for every test cell that failed."""
    notebook = json.loads(autograded.read_text())
    failed = {}
    for grade_id, cell in cells_by_id(notebook).items():
        errors = [o for o in cell.get("outputs", []) if o["output_type"] == "error"]
        if cell["metadata"]["nbgrader"].get("grade") and errors:
            failed[grade_id.removeprefix("test_")] = "\n".join(errors[0]["traceback"])
    return failed


def scores(course: Path) -> dict[tuple[str, str], float]:
    with open(course / "grades.csv", newline="") as handle:
        return {
            (r["assignment"], r["student_id"]): float(r["score"]) for r in csv.DictReader(handle)
        }


def answer_strings(answers: dict) -> set[str]:
    """The expected numeric answers as they could appear in feedback."""
    found = set()
    for key, value in answers.items():
        if key in GIVEN:
            continue
        for v in value if isinstance(value, list) else [value]:
            if isinstance(v, float) and abs(v) > 1e-3:
                found |= {f"{v:.3f}", f"{v:.4f}", repr(v)}
    return found


def one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize("assignment", ["part1", "part2"])
def test_hand_ins_plant_every_mistake(assignment):
    """HAND_INS plants each mistake once, at most one a part in a hand-in, and leaves every
    part right in at least one mistaken hand-in."""
    planted = PLANTED[assignment]
    hand_ins = [[planted[name][0] for name in names] for names in HAND_INS[assignment].values()]
    assert sorted(n for names in HAND_INS[assignment].values() for n in names) == sorted(planted)
    assert {part for part, _, _ in planted.values()} == set(POINTS[assignment])
    assert all(len(set(wrong)) == len(wrong) for wrong in hand_ins)
    for part in POINTS[assignment]:
        assert any(part not in wrong for wrong in hand_ins), part


@pytest.mark.parametrize("assignment", ["part1", "part2"])
def test_release_grade_feedback(assignment, tmp_path):
    course = tmp_path / "course"
    answers = tool.generate(course, SEED, [assignment])[assignment]
    source = json.loads((course / "source" / assignment / f"{assignment}.ipynb").read_text())
    release = (course / "release" / assignment / f"{assignment}.ipynb").read_text()

    # The release: no solutions, no hidden tests, no answers, no template left.
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "HIDDEN TESTS", "{{", "Feedback("):
        assert marker not in release
    given = "".join(
        "".join(c["source"])
        for c in source["cells"]
        if "BEGIN SOLUTION" not in "".join(c["source"])
    )
    for grade_id, cell in cells_by_id(source).items():
        if cell["metadata"]["nbgrader"]["solution"]:
            body = "".join(cell["source"]).split("### BEGIN SOLUTION")[1].split("###")[0]
            for line in body.strip().splitlines():
                if line.strip() not in given:
                    assert line.strip() not in release, (grade_id, line)
    assert not any(s in release for s in answer_strings(answers))

    # Hand-ins: the untouched release and the planted mistakes (HAND_INS). The solution itself
    # is graded in test_variants_differ_and_solution_scores_full, on the other term; on this
    # term every part of it is graded in at least one planted hand-in.
    hand_ins = tmp_path / "hand-ins"
    hand_ins.mkdir()
    (hand_ins / "untouched.ipynb").write_text(release)
    planted = dict(PLANTED[assignment])
    if "wrong_diagnosis" in planted:
        wrong = next(b for b in tool.BUGS if b != answers["diagnosis"])
        planted["wrong_diagnosis"] = ("diagnosis", f'diagnosis = "{wrong}"\n', ["not the bug"])
    for student, names in HAND_INS[assignment].items():
        notebook = planted_notebook(source, {planted[n][0]: planted[n][1] for n in names})
        (hand_ins / f"{student}.ipynb").write_text(json.dumps(notebook))
    students = tool.place(course, assignment, sorted(hand_ins.glob("*.ipynb")))

    start = time.perf_counter()
    csv_path = tool.grade(course, assignment)
    elapsed = time.perf_counter() - start
    print(f"{assignment}: graded {len(students)} submissions in {elapsed:.1f} s")
    assert csv_path == course / "grades.csv"

    total = sum(POINTS[assignment].values())
    got = scores(course)
    autograded = course / "autograded" / "{}" / assignment / f"{assignment}.ipynb"
    secret = answer_strings(answers)
    assert got[(assignment, "untouched")] == 0
    failed = failed_parts(Path(str(autograded).format("untouched")))
    assert set(failed) == set(POINTS[assignment])
    assert not any(s in feedback for feedback in failed.values() for s in secret)

    # A hand-in fails exactly its planted parts; each other part (the solution's code) gets
    # its full points.
    for student, names in HAND_INS[assignment].items():
        parts = {planted[name][0]: name for name in names}
        failed = failed_parts(Path(str(autograded).format(student)))
        assert set(failed) == set(parts), (student, failed)
        lost = sum(POINTS[assignment][part] for part in parts)
        assert got[(assignment, student)] == total - lost, student
        # The student's HTML feedback shows the verdicts, not the hidden tests.
        page = html.unescape(
            (course / "feedback" / student / assignment / f"{assignment}.html").read_text()
        )
        assert "BEGIN HIDDEN TESTS" not in page and "_judge(" not in page
        for part, name in parts.items():
            feedback = failed[part]
            for word in planted[name][2]:
                assert word in feedback, (name, feedback)
            assert not any(s in feedback for s in secret), (name, feedback)
            assert one_line(feedback) in one_line(page), (name, feedback)


def newest_migration() -> str:
    """nbgrader's newest gradebook migration, read from its alembic scripts' text."""
    from nbgrader import dbutil

    down = {}
    for script in (Path(dbutil.ALEMBIC_DIR) / "versions").glob("*.py"):
        text = script.read_text()
        revision = re.search(r"^revision = ['\"](\w+)['\"]", text, re.M).group(1)
        down[revision] = re.search(r"^down_revision = ['\"]?(\w+)", text, re.M).group(1)
    heads = set(down) - set(down.values())
    assert len(heads) == 1, heads
    return heads.pop()


def test_variants_differ_and_solution_scores_full(tmp_path, capsys):
    """Two term seeds: different data and answers; the solution scores full marks on the
    second (test_release_grade_feedback grades each part of it on the first).

    The second term runs through the script's command line, as in the README.
    """
    first = tool.generate(tmp_path / "first", SEED, release=False)
    course = tmp_path / "course"
    assert tool.main(["generate", "--course", str(course), "--seed", str(OTHER_SEED)]) == 0
    second = json.loads((course / f"answers-{OTHER_SEED}.json").read_text())
    # The gradebook carries nbgrader's newest schema version, as `nbgrader db upgrade` wants
    # (the script finds it in process: see _gradebook_version_in_process).
    with closing(sqlite3.connect(course / "gradebook.db")) as db:
        stamped = db.execute("SELECT version_num FROM alembic_version").fetchall()
    assert stamped == [(newest_migration(),)]
    for assignment in tool.ASSIGNMENTS:
        a, b = first[assignment], second[assignment]
        numeric = [k for k, v in a.items() if not isinstance(v, str)]
        assert all(a[k] != b[k] for k in numeric), assignment
        hand_in = tmp_path / assignment / "solution.ipynb"
        hand_in.parent.mkdir()
        hand_in.write_text((course / "source" / assignment / f"{assignment}.ipynb").read_text())
        assert tool.main(["place", "--course", str(course), assignment, str(hand_in)]) == 0
        assert tool.main(["grade", "--course", str(course), assignment]) == 0
    assert "gradebook: " + str(course / "grades.csv") in capsys.readouterr().out
    got = scores(course)
    for assignment in tool.ASSIGNMENTS:
        assert got[(assignment, "solution")] == sum(POINTS[assignment].values())
        autograded = course / "autograded" / "solution" / assignment / f"{assignment}.ipynb"
        assert failed_parts(autograded) == {}
    # The public solution of one term does not answer the other's numeric questions: its
    # data differ, so do the expected numbers.
    first_data = "".join(
        cells_by_id(
            json.loads((tmp_path / "first" / "source" / "part1" / "part1.ipynb").read_text())
        )["data"]["source"]
    )
    assert tool.fill("{{x}}", tool.part1_variant(SEED)[0]) in first_data
    assert tool.fill("{{x}}", tool.part1_variant(OTHER_SEED)[0]) not in first_data
