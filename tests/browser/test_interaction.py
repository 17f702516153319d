"""What a reader does on a page: open a hidden solution, play an animation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .browsing import (
    AXE_JS,
    AXE_RUN_JS,
    MARK_FOR_AXE_JS,
    SETTLED_JS,
    file_for,
    new_offline_page,
    toc_pages,
)

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


# Code blocks like the book's (Pygments token spans), each line's tokens repeated so that most
# of them have a look already seen; low-contrast tokens planted where the check of one token per
# look could miss them.
TOKENS_PAGE = """
<style>
  body { background: #fff; font: 14px monospace; }
  div.highlight pre { background: #f8f8f8; color: #1f2328; width: 40em; overflow-x: auto; }
  .k { color: #0550ae; font-weight: bold; }  .n { color: #1f2328; }
  .faint { color: #c8c8c8; }  .late { color: #c0c0c0; }  .sign { color: #c4c4c4; }
  code.literal { background: #f0f0f0; color: #1f2328; }  .shaded code.literal { background: none; }
  p:last-child code.literal { color: #c0c0c0; }
  .shaded { background: #6e6e6e; padding: 1em; }  .shaded div.highlight pre { background: none; }
</style>
<main>
<div class="highlight"><pre>%s
<span class="n">fine</span> <span class="n" id="inline" style="color: #d0d0d0">recoloured</span>
<span class="faint"> </span><span class="faint" id="faint">faint</span>
<span class="late">%s</span><span class="late">offscreen</span>
<span class="late" id="late">seen</span>
<span class="sign">(</span><span class="sign" id="sign">word</span></pre></div>
<div class="shaded"><div class="highlight"><pre><span class="k" id="shaded">def</span></pre></div></div>
<p>%s</p>
<div class="shaded"><p><code class="literal"><span class="pre" id="shaded-inline">xyz</span></code></p></div>
<p><code class="literal"><span class="pre">y</span></code> <code class="literal"><span class="pre" id="dim">and</span></code></p>
</main>
"""
TOKEN_LINES = '<span class="k">def</span> <span class="n">fit</span>(<span class="n">xs</span>):\n'
INLINE_CODE = '<code class="literal"><span class="pre">x</span></code> and '


def planted_page_findings(browser, html: str, rule: str) -> tuple[dict, set[str]]:
    """Run ``rule`` as the page visits do (marks included) on ``html``: the marks' counts, and
    the targets it reports."""
    context, tab = new_offline_page(browser, [])
    try:
        tab.set_content(html)
        tab.add_script_tag(path=str(AXE_JS))
        result = tab.evaluate(AXE_RUN_JS, [rule])
    finally:
        context.close()
    found = {
        target
        for violation in result["violations"]
        if violation["id"] == rule
        for targets in violation["targets"]
        for target in targets
    }
    return result["marked"], found


def test_repeated_code_tokens_still_catch_low_contrast(browser):
    """The color-contrast check of one code token per look still finds each planted token."""
    page = TOKENS_PAGE % (TOKEN_LINES * 40, "x" * 200, INLINE_CODE * 30)
    marked, found = planted_page_findings(browser, page, "color-contrast")
    assert marked["sameLook"] > 100  # the repeated tokens were not checked again
    # recoloured in place; a look whose first token is blank; whose first token with text is
    # scrolled out of its block; whose first token is punctuation (axe-core skips it) or one
    # character (axe-core then reports no violation, only "incomplete"); a look
    # that passes on one background and fails on another, in a code cell and in inline code
    planted = {"#inline", "#faint", "#late", "#sign", "#shaded", "#shaded-inline", "#dim"}
    assert planted <= found, sorted(found)


# Many inline styles without !important (as MathJax writes them), and spacings made !important
# in several ways CSS allows: each must still be reported.
SPACING_PAGE = """
<main>
%s
<p style="color: #000 !important">important, but no spacing</p>
<p id="letter" style="letter-spacing: 0.05em !important">tight letters</p>
<p id="word" style="word-spacing: 0.1em ! IMPORTANT">tight words</p>
<p id="line" style="line-height: 1.2 !important; width: 6em">%s</p>
<p id="shorthand" style="font: 16px/1.1 serif !important; width: 6em">%s</p>
<p id="cssom" style="margin: 0">set through the CSS object model</p>
<script>
  document.getElementById('cssom').style.setProperty('letter-spacing', '0.01em', 'important');
</script>
</main>
"""
WRAPPING = "words that wrap over several lines " * 4


def test_inline_styles_without_important_still_catch_spacing(browser):
    """avoid-inline-spacing skips inline styles with no !important, and still finds each plant."""
    plain = '<p style="margin: 0; letter-spacing: 0.01em">plain</p>\n' * 200
    page = SPACING_PAGE % (plain, WRAPPING, WRAPPING)
    marked, found = planted_page_findings(browser, page, "avoid-inline-spacing")
    assert marked["noImportant"] == 200  # the plain ones were skipped
    assert found == {"#letter", "#word", "#line", "#shorthand", "#cssom"}, sorted(found)


# A solution that fades in when opened, as sphinx-togglebutton's do (there over 0.3 s), in grey
# text that passes color-contrast only at full opacity (4.54:1 on white).
FADING_PAGE = """
<style>
  .body { opacity: 0; transition: opacity 1s linear; color: #767676; background: #fff; }
  .open .body { opacity: 1; }
</style>
<main><div id="solution"><p class="body" id="faded">The solution, in grey text</p></div></main>
"""

HALFWAY_JS = r"""
async () => {
  document.getElementById('solution').classList.add('open');
  await new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  const [fade] = document.getAnimations();
  fade.pause();
  fade.currentTime = 500;
  return getComputedStyle(document.getElementById('faded')).opacity;
}
"""


def test_axe_reads_transitions_at_their_end(browser):
    """A run of axe-core during a fade finds low contrast; after SETTLED_JS (which the visits
    run before each run of axe-core), the faded-in text passes."""
    context, tab = new_offline_page(browser, [])
    try:
        tab.set_content(FADING_PAGE)
        tab.add_script_tag(path=str(AXE_JS))
        # open it, and hold the fade halfway (the Web Animations API), whatever the machine's speed
        assert tab.evaluate(HALFWAY_JS) == "0.5"
        during = tab.evaluate(AXE_RUN_JS, ["color-contrast"])["violations"]
        finished = tab.evaluate(SETTLED_JS)
        after = tab.evaluate(AXE_RUN_JS, ["color-contrast"])["violations"]
    finally:
        context.close()
    assert [v["targets"] for v in during] == [[["#faded"]]], during
    assert finished == 1
    assert after == [], after


# Every node color-contrast reports on (passes, incomplete, violations), with its messages
# (they state each contrast ratio): before and after the no-text marks.
CONTRAST_NODES_JS = r"""
async (marked) => {
  if (marked) {
    (MARK)();
    for (const e of document.querySelectorAll('[data-axe-same-look]')) {
      e.removeAttribute('data-axe-same-look');
    }
  }
  const index = new Map(Array.from(document.querySelectorAll('*'), (e, i) => [e, i]));
  const result = await axe.run(document, {
    runOnly: ['color-contrast'], elementRef: true, selectors: false});
  return ['passes', 'incomplete', 'violations'].flatMap(kind => result[kind].flatMap(
    rule => rule.nodes.map(node => [kind, index.get(node.element),
                                    node.any.concat(node.all).map(c => c.message).join('; ')])));
}
""".replace("MARK", MARK_FOR_AXE_JS.strip())


def test_no_text_marks_change_no_contrast_result(browser, site_url: str):
    """color-contrast skips elements without text of their own: it reports the same nodes."""
    context, tab = new_offline_page(browser, [])
    try:
        tab.goto(f"{site_url}{toc_pages()[0]}.html", wait_until="load")
        tab.add_script_tag(path=str(AXE_JS))
        full = tab.evaluate(CONTRAST_NODES_JS, False)
        marked = tab.evaluate(CONTRAST_NODES_JS, True)
        skipped = tab.evaluate("() => document.querySelectorAll('[data-axe-no-text]').length")
    finally:
        context.close()
    assert skipped > 100 and len(full) > 50
    assert sorted(marked) == sorted(full)
