"""The chapter quizzes on the built site: rendered offline, answering gives feedback at once."""

from __future__ import annotations

import pytest

from .browsing import new_offline_page, quiz_questions, toc_pages

pytestmark = [pytest.mark.browser, pytest.mark.build]

# The chapter whose quiz is answered; its questions come from its quiz file.
CHAPTER = "chapters/05_learning_rate"


def quiz_pages() -> list[str]:
    return [page for page in toc_pages() if quiz_questions(page)]


def open_quiz(browser, site_url: str, page: str):
    blocked: list[str] = []
    context, tab = new_offline_page(browser, blocked)
    tab.goto(f"{site_url}{page}.html", wait_until="domcontentloaded")
    tab.locator(".Quiz").first.wait_for(state="attached", timeout=10_000)
    return context, tab, blocked


def test_quiz_renders_offline(visits, page):
    """Every question of the page's quiz is drawn, under its heading (seen in the page's one
    visit, which also proves that nothing, the quiz included, asked the network)."""
    questions = quiz_questions(page)
    quiz = visits(page).quiz
    if not questions:
        assert quiz["questions"] == 0, f"{page} shows a quiz but has no quiz file"
        return
    assert quiz["heading_visible"], f"{page}: the quiz heading is not visible"
    assert quiz["questions"] == len(questions), f"{page}: {quiz['questions']} questions rendered"


def test_answer_one_question_right_and_one_wrong(browser, site_url: str):
    if CHAPTER not in quiz_pages():
        pytest.skip(f"{CHAPTER} has no quiz on the site")
    questions = quiz_questions(CHAPTER)
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
