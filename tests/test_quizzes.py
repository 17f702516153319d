"""The chapter quizzes (quizzes/*.json): well formed, one right answer, feedback everywhere,
numeric answers equal to what the chapters' code computes, and in the notebooks.

Each numeric question's right answer is a range; ``RECOMPUTE`` recomputes its value from the
chapter's data with gdlib (or from the numbers the question states, where the question is an
exercise in arithmetic on them), and the value must lie in the range, and in no wrong range.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import gdlib

ROOT = Path(__file__).resolve().parent.parent
QUIZ_FILES = sorted((ROOT / "quizzes").glob("*.json"))
CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))
MIN_QUESTIONS = 5

sys.path.insert(0, str(ROOT / "tools"))
import insert_quizzes  # noqa: E402


def _line_data():
    return gdlib.make_line_data(n=100, m=3.0, b=4.0, noise=1.0, seed=0)


def _lstsq_line(x, y):
    A = np.column_stack([x, np.ones_like(x)])
    (m, b), *_ = np.linalg.lstsq(A, y, rcond=None)
    return m, b


def _ch1_centre():
    x, y = _line_data()
    return float(y.mean() - 3.0 * x.mean())


def _ch4_one_step():
    x, y = _line_data()
    dm, _ = gdlib.mse_gradient(x, y, 0.0, 0.0)
    assert f"{dm:.1f}" == "-278.3"  # the gradient the question states
    return 0.0 - 0.01 * dm


def _ch5_limit():
    x, _ = _line_data()
    assert f"{max(gdlib.hessian_eigenvalues(x)):.2f}" == "80.04"
    return gdlib.stability_limit(x)


def _ch6_convert_b():
    x, y = _line_data()
    z, mu, sigma = gdlib.standardise(x)
    m_z, b_z = _lstsq_line(z, y)
    assert (f"{mu:.2f}", f"{sigma:.2f}", f"{m_z:.3f}", f"{b_z:.3f}") == (
        "5.48",
        "3.03",
        "9.053",
        "20.370",
    )
    _, b = gdlib.unstandardise(m_z, b_z, mu, sigma)
    assert math.isclose(b, _lstsq_line(x, y)[1], rel_tol=1e-9)
    return b


def _ch6_new_student():
    x, _ = _line_data()
    _, mu, sigma = gdlib.standardise(x)
    return (8.0 - mu) / sigma


def _ch9_sum_limit():
    x, _ = _line_data()
    assert f"{gdlib.stability_limit(x):.4f}" == "0.0250"
    return gdlib.loss_stability_limit(x, loss="sum")


def _ch11_predict():
    income, food = gdlib.load_engel()
    income_train, _, food_train, _ = gdlib.train_test_split(income, food, test_fraction=0.2, seed=0)
    m, b = _lstsq_line(income_train, food_train)
    assert (f"{m:.3f}", f"{b:.0f}") == ("0.473", "158")
    return float(gdlib.predict(np.array([1000.0]), m, b)[0])


def _points_mse():
    return gdlib.mse(np.array([1.0, 2.0, 3.0]), np.array([5.0, 9.0, 10.0]), 3.0, 2.0)


def _points_db():
    return gdlib.mse_gradient(np.array([1.0, 2.0, 3.0]), np.array([5.0, 9.0, 10.0]), 3.0, 0.0)[1]


def _heavy_ball():
    theta, v, beta, eta, g = 1.0, 0.5, 0.9, 0.1, 2.0
    v = beta * v - eta * g
    return theta + v


def _ch12_megabytes():
    return 2 * np.dtype(float).itemsize * 10**6 / 1e6


def _ch13_sum_factor():
    x, y = _line_data()
    dm_mean, _ = gdlib.mse_gradient(x, y, 0.0, 0.0)
    dm_sum = 2 * np.sum((gdlib.predict(x, 0.0, 0.0) - y) * x)  # gradient of the summed loss
    return dm_sum / dm_mean


def _ch8_predict():
    X, w = np.array([[1.0, 2.0, 2.0]]), np.array([2.0, -1.0, 0.5])
    predict = getattr(gdlib, "linear_predict", gdlib.predict)  # before/after the core refactor
    return float(predict(X, w, 1.0)[0])


RECOMPUTE = {
    "ch1-predict": lambda: float(gdlib.predict(np.array([2.5]), 3.0, 4.0)[0]),
    "ch1-centre": _ch1_centre,
    "ch2-mse-by-hand": _points_mse,
    "ch2-grid-evaluations": lambda: gdlib.grid_evaluations(100, 3),
    "ch3-db-by-hand": _points_db,
    "ch3-forward-difference": lambda: ((3.0 + 0.1) ** 2 - 3.0**2) / 0.1,
    "ch4-one-step": _ch4_one_step,
    "ch5-limit": _ch5_limit,
    "ch5-parabola-factor": lambda: 1 - 0.4 * 4,
    "ch6-convert-b": _ch6_convert_b,
    "ch6-new-student": _ch6_new_student,
    "ch7-three-points": lambda: _lstsq_line(np.array([0.0, 1.0, 2.0]), np.array([1.0, 3.0, 4.0]))[
        1
    ],
    "ch8-predict": _ch8_predict,
    "ch9-updates": lambda: math.ceil(100 / 10),
    "ch9-sum-limit": _ch9_sum_limit,
    "ch10-heavy-ball-step": _heavy_ball,
    "ch10-terminal": lambda: 1 / (1 - 0.9),
    "ch11-predict": _ch11_predict,
    "ch12-bytes": _ch12_megabytes,
    "ch13-sum-factor": _ch13_sum_factor,
    # Part III: arithmetic on the numbers each question states, in the chapters' conventions.
    "ch14-kappa": lambda: (80 + 2 * 1) / (0.5 + 2 * 1),
    "ch15-sigmoid": lambda: 1 / (1 + math.exp(-0.0)),
    "ch15-gradient-one": lambda: (0.8 - 1) * 2,
    "ch16-rmsprop-step": lambda: 0.1 * 2 / math.sqrt(0.1 * 2**2),
    "ch16-adam-first": lambda: 0.1 * 2 / math.sqrt(2**2),
    "ch17-newton-parabola": lambda: 1 - 8 / 4,
}


def _questions(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))


def _all_questions():
    for path in QUIZ_FILES:
        for question in _questions(path):
            yield pytest.param(path, question, id=question.get("id", "?"))


def test_one_quiz_per_chapter():
    assert QUIZ_FILES, "no quiz files"
    chapters = {p.stem for p in CHAPTERS}
    quizzes = {p.stem for p in QUIZ_FILES}
    # Quiz files may arrive before their chapter (Part III is merged separately).
    orphans = {q for q in quizzes - chapters if int(q[:2]) <= 13}
    assert not orphans, f"quiz files without a chapter: {sorted(orphans)}"
    # Parts I and II (chapters 1-13) must have quizzes; later chapters once their files exist.
    first_thirteen = {s for s in chapters if int(s[:2]) <= 13}
    assert first_thirteen <= quizzes, f"chapters without a quiz: {sorted(first_thirteen - quizzes)}"


@pytest.mark.parametrize("path", QUIZ_FILES, ids=lambda p: p.stem)
def test_quiz_file_has_enough_questions_of_both_kinds(path):
    questions = _questions(path)
    assert len(questions) >= MIN_QUESTIONS
    kinds = {q["type"] for q in questions}
    assert kinds == {"multiple_choice", "numeric"}, f"{path.name}: both kinds wanted, got {kinds}"
    ids = [q["id"] for q in questions]
    assert len(set(ids)) == len(ids), f"{path.name}: duplicate question ids"
    prefix = f"ch{int(path.stem[:2])}-"
    assert all(i.startswith(prefix) for i in ids), f"{path.name}: ids must start with {prefix}"


@pytest.mark.parametrize(("path", "question"), list(_all_questions()))
def test_question_has_one_right_answer_and_feedback_on_every_wrong_one(path, question):
    assert question["question"].strip()
    answers = question["answers"]
    if question["type"] == "multiple_choice":
        right = [a for a in answers if a["correct"]]
        wrong = [a for a in answers if not a["correct"]]
        assert len(right) == 1, "exactly one right answer"
        assert len(wrong) >= 2, "at least two wrong answers"
        texts = [a["answer"].strip() for a in answers]
        assert len(set(texts)) == len(texts), "answers must differ"
    else:
        assert question["type"] == "numeric"
        ranges = [a for a in answers if "range" in a]
        right = [a for a in ranges if a["correct"]]
        wrong = [a for a in ranges if not a["correct"]]
        assert len(right) == 1, "exactly one right range (the tolerance)"
        assert answers[0] is right[0], (
            "jupyterquiz stops at the first match: the right range comes first"
        )
        assert len(wrong) >= 2, "at least two named wrong answers"
        default = [a for a in answers if a.get("type") == "default"]
        assert len(default) == 1 and default[0]["feedback"].strip(), "a hint for any other number"
        lo, hi = right[0]["range"]
        assert lo < hi
        for w in wrong:
            wlo, whi = w["range"]
            assert whi <= lo or wlo >= hi, f"wrong range {w['range']} overlaps the right one"
    assert right[0]["feedback"].startswith("Right."), "the right answer explains itself"
    for w in wrong:
        assert w["feedback"].startswith("Not quite.") and len(w["feedback"]) > 30, w
        assert w.get("misconception", "").strip(), f"wrong answer names no misconception: {w}"


def test_every_numeric_question_is_recomputed():
    numeric = {q["id"] for p in QUIZ_FILES for q in _questions(p) if q["type"] == "numeric"}
    assert numeric == set(RECOMPUTE), (
        f"no recomputation for {sorted(numeric - set(RECOMPUTE))}; "
        f"stale entries {sorted(set(RECOMPUTE) - numeric)}"
    )


@pytest.mark.parametrize(
    ("path", "question"),
    [p for p in _all_questions() if p.values[1]["type"] == "numeric"],
)
def test_numeric_answer_agrees_with_the_code(path, question):
    value = float(RECOMPUTE[question["id"]]())
    ranges = [a for a in question["answers"] if "range" in a]
    right = next(a for a in ranges if a["correct"])
    lo, hi = right["range"]
    assert lo <= value < hi, f"{question['id']}: code gives {value}, the quiz accepts [{lo}, {hi})"
    width = hi - lo
    whole = float(value).is_integer() and width <= 1  # a count: accept the integer only
    assert whole or width <= max(0.05 * abs(value), 0.02), f"{question['id']}: tolerance too loose"
    for w in ranges:
        if not w["correct"]:
            assert not (w["range"][0] <= value < w["range"][1])


@pytest.mark.parametrize("path", QUIZ_FILES, ids=lambda p: p.stem)
def test_chapter_ends_with_its_current_quiz(path):
    """The notebook's last two cells are the quiz, built from the current quiz file, run."""
    notebook = ROOT / "chapters" / f"{path.stem}.ipynb"
    if not notebook.exists() and int(path.stem[:2]) > 13:
        pytest.skip(f"{notebook.name} is not in this checkout yet")
    assert insert_quizzes.is_current(notebook), (
        f"{notebook.name}: quiz missing or out of date; run python tools/insert_quizzes.py {notebook.relative_to(ROOT)}"
    )
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    code = cells[-1]
    assert "remove-input" in code["metadata"]["tags"]
    assert code["metadata"]["jupyter"]["source_hidden"] is True
    kinds = {k for o in code["outputs"] for k in o.get("data", {})}
    assert {"text/html", "application/javascript"} <= kinds, (
        "the stored output is jupyterquiz's quiz"
    )
    js = "".join(
        "".join(o["data"]["application/javascript"])  # stored as a list of lines
        for o in code["outputs"]
        if "application/javascript" in o.get("data", {})
    )
    assert "show_questions" in js, "jupyterquiz's scripts are inlined (no download needed)"


def test_show_quiz_labels_the_answer_box_and_leaves_mathjax_to_the_page():
    """gdlib.show_quiz's fixes of jupyterquiz's script still apply (they are text patches).

    Runs in a fresh interpreter: display() publishes rich outputs only inside an IPython shell,
    which this test creates and which should not leak into other tests.
    """
    program = (
        "import json, sys, gdlib\n"
        "from IPython.core.interactiveshell import InteractiveShell\n"
        "from IPython.utils.capture import capture_output\n"
        "InteractiveShell.instance()\n"
        f"questions = json.loads(open({str(ROOT / 'quizzes' / '05_learning_rate.json')!r}).read())\n"
        "with capture_output() as captured:\n"
        "    gdlib.show_quiz(questions, seed=5)\n"
        "scripts = [o.data['application/javascript'] for o in captured.outputs\n"
        "           if 'application/javascript' in o.data]\n"
        "print(json.dumps(scripts))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True
    )
    scripts = json.loads(done.stdout)
    assert len(scripts) == 1
    assert "lab.htmlFor = inp.id;" in scripts[0]
    # MathJax.version is read only with a fallback (undefined while the page's MathJax loads)
    assert "var version = MathJax.version || '';" in scripts[0]
    assert "var version = MathJax.version;" not in scripts[0]
    assert (
        scripts[0].count("script[src*=") == scripts[0].count("Trying to force load MathJax 3") > 0
    )
