"""What a reader does on a page: open a hidden solution, play an animation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .browsing import file_for, new_offline_page, toc_pages

pytestmark = [pytest.mark.browser, pytest.mark.build]

# The chapter whose animation (matplotlib's to_jshtml) this test must find once it is listed.
ANIMATED_CHAPTER = "chapters/04_walking_downhill"


def pages_containing(site_dir: Path, marker: str) -> list[str]:
    return [
        page
        for page in toc_pages()
        if marker in file_for(site_dir, f"{page}.html").read_text(encoding="utf-8")
    ]


def test_solutions_are_hidden_until_clicked(visits, site_dir: Path, page):
    html = file_for(site_dir, f"{page}.html").read_text(encoding="utf-8")
    classes = re.findall(r'<div class="(solution\b[^"]*)"', html)
    shown = [c for c in classes if "dropdown" not in c.split()]
    assert not shown, f"{page}: {len(shown)} solution(s) without `:class: dropdown`"
    solutions = visits(page).solutions  # checked during the page's one visit
    assert solutions["count"] == len(classes), (
        f"{page}: the HTML has {len(classes)} dropdown solutions, the page shows {solutions['count']}"
    )
    assert not solutions["problems"], f"{page}: " + "; ".join(solutions["problems"])


def test_an_animation_plays(browser, site_dir: Path, site_url: str):
    animated = pages_containing(site_dir, "_anim_img")
    if not animated:
        assert ANIMATED_CHAPTER not in toc_pages(), (
            f"{ANIMATED_CHAPTER} is in _toc.yml but no page holds a to_jshtml animation"
        )
        pytest.xfail(f"no animation yet: it arrives with {ANIMATED_CHAPTER}")
    page = animated[0]
    blocked: list[str] = []
    context, tab = new_offline_page(browser, blocked)
    try:
        tab.goto(f"{site_url}{page}.html", wait_until="load")
        animation = tab.locator(".animation").first
        animation.scroll_into_view_if_needed()
        frame = animation.locator("img[id^='_anim_img']")
        slider = animation.locator("input[id^='_anim_slider']")
        first = (frame.get_attribute("src"), slider.input_value())
        animation.locator("button[title='Play']").click()
        tab.wait_for_function(
            """([img, start]) => document.getElementById(img).src !== start""",
            arg=[frame.get_attribute("id"), first[0]],
            timeout=10_000,
        )
        later = (frame.get_attribute("src"), slider.input_value())
        assert later[0] != first[0] and later[1] != first[1], f"{page}: the animation did not play"
        animation.locator("button[title='Pause']").click()
    finally:
        context.close()


def test_a_page_can_reach_only_the_test_server(browser, site_url: str):
    """new_offline_page blocks and records every request that does not go to 127.0.0.1."""
    blocked: list[str] = []
    context, tab = new_offline_page(browser, blocked)
    try:
        tab.set_content(
            '<img src="https://example.com/x.png" alt="">'
            '<script src="http://127.0.0.1.example.org/a.js"></script>'
            f'<img src="{site_url}_static/favicon.svg" alt="">'
        )
        tab.wait_for_load_state("networkidle")
    finally:
        context.close()
    assert sorted(blocked) == ["http://127.0.0.1.example.org/a.js", "https://example.com/x.png"]
