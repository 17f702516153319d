"""The chapter quizzes on the built site: rendered offline, answering gives feedback at once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .browsing import book_root, new_offline_page, toc_pages

pytestmark = [pytest.mark.browser, pytest.mark.build]

# The chapter whose quiz is answered; its questions come from its quiz file.
CHAPTER = "chapters/05_learning_rate"


def quiz_pages() -> list[str]:
    quizzes = book_root() / "quizzes"
    return [page for page in toc_pages() if (quizzes / f"{Path(page).name}.json").exists()]


def questions_of(page: str) -> list[dict]:
    path = book_root() / "quizzes" / f"{Path(page).name}.json"
    return json.loads(path.read_text(encoding="utf-8"))


def open_quiz(browser, site_url: str, page: str):
    blocked: list[str] = []
    context, tab = new_offline_page(browser, blocked)
    tab.goto(f"{site_url}{page}.html", wait_until="domcontentloaded")
    tab.locator(".Quiz").first.wait_for(state="attached", timeout=10_000)
    return context, tab, blocked


@pytest.mark.parametrize("quiz_page", quiz_pages())
def test_quiz_renders_offline(browser, site_url: str, quiz_page: str):
    context, tab, blocked = open_quiz(browser, site_url, quiz_page)
    try:
        assert tab.locator("#quiz h2, section#quiz h2").first.is_visible()
        rendered = tab.locator(".Quiz").count()
        assert rendered == len(questions_of(quiz_page)), (
            f"{quiz_page}: {rendered} questions rendered"
        )
        assert not blocked, f"{quiz_page}: the quiz asked the network for {blocked}"
    finally:
        context.close()


def test_answer_one_question_right_and_one_wrong(browser, site_url: str):
    if CHAPTER not in quiz_pages():
        pytest.skip(f"{CHAPTER} has no quiz on the site")
    questions = questions_of(CHAPTER)
    choice = next(i for i, q in enumerate(questions) if q["type"] == "multiple_choice")
    numeric = next(i for i, q in enumerate(questions) if q["type"] == "numeric")
    wrong = next(a for a in questions[choice]["answers"] if not a["correct"])
    right_range = questions[numeric]["answers"][0]["range"]
    assert questions[numeric]["answers"][0]["correct"]
    context, tab, blocked = open_quiz(browser, site_url, CHAPTER)
    try:
        quiz = tab.locator(".Quiz")
        # A wrong choice: its feedback names the misconception, the button turns "incorrect".
        box = quiz.nth(choice)
        box.scroll_into_view_if_needed()
        box.locator(".MCButton", has_text=wrong["answer"]).click()
        feedback = box.locator(".Feedback")
        feedback.wait_for(state="visible", timeout=5_000)
        assert feedback.inner_text().strip() == wrong["feedback"]
        assert "incorrect" in (feedback.get_attribute("class") or "")
        # A right number (the middle of the accepted range), typed and confirmed with Enter.
        box = quiz.nth(numeric)
        field = box.locator("input")
        field.fill(f"{(right_range[0] + right_range[1]) / 2:.6g}")
        field.press("Enter")
        feedback = box.locator(".Feedback")
        feedback.wait_for(state="visible", timeout=5_000)
        assert feedback.inner_text().strip() == questions[numeric]["answers"][0]["feedback"]
        assert "correct" in (feedback.get_attribute("class") or "").split()
        assert not blocked, f"the quiz asked the network for {blocked}"
    finally:
        context.close()
