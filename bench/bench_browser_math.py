"""What typesetting math in the reader's browser costs the browser tests.

Usage (from the repository root, in the environment of ``requirements-test.txt``, with the
Chromium the browser tests use, after a build)::

    python bench/bench_browser_math.py --rounds 2            # the site in _build/html
    python bench/bench_browser_math.py --site /path/to/html  # another build

It visits every page of the table of contents once, in one Chromium, one page after another,
exactly as ``tests/browser`` does (``browsing.visit_page``: load, checks, clicks, both axe-core
passes), on three copies of the built site:

- ``mathjax``: the site as built. MathJax typesets the TeX in the reader's browser.
- ``mathml``: each formula replaced by the MathML that MathJax itself makes of it
  (``MathJax.tex2mml``), and the MathJax scripts removed. This is what math rendered at build
  time to native MathML would leave to the browser. It is a sketch, not a design: without a
  math font Chromium draws such MathML small and plain, and the quizzes' math stays TeX.
- ``none``: the MathJax scripts removed and the TeX left as text. This is the floor.

For each copy and round it prints the wall time of the visits, the machine's busy CPU time
over them (Linux), and the element count of the page with the most formulas. The copies are
visited in turn, round after round, because a shared machine's speed drifts.
"""

from __future__ import annotations

import argparse
import html
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_test_suite import busy_cpu_seconds  # noqa: E402

from tests.browser import browsing  # noqa: E402

# Sphinx's math markup: an inline \(...\) span or a display \[...\] div, TeX HTML-escaped.
MATH = re.compile(r'<(span|div) class="math notranslate nohighlight">(.*?)</\1>', re.S)
MATHJAX_SCRIPTS = (
    re.compile(r'<script defer="defer" src="[^"]*mathjax/tex-chtml\.js[^"]*"></script>'),
    re.compile(r"<script>window\.MathJax = .*?</script>", re.S),
)
TEX2MML_JS = r"""
(items) => items.map(([tex, display]) => {
  try { return MathJax.tex2mml(tex, {display}); }
  catch (error) { return `<math><merror><mtext>${error}</mtext></merror></math>`; }
})
"""
COUNT_JS = "() => document.querySelectorAll('*').length"


def tex_of(match: re.Match) -> tuple[str, bool]:
    """The TeX of one math element, without its delimiters, and whether it is displayed."""
    tex = html.unescape(match.group(2)).strip()
    for left, right in ((r"\(", r"\)"), (r"\[", r"\]")):
        if tex.startswith(left) and tex.endswith(right):
            tex = tex[2:-2]
    return tex, match.group(1) == "div"


def without_mathjax(text: str) -> str:
    for script in MATHJAX_SCRIPTS:
        text = script.sub("", text)
    return text


def make_copies(site: Path, site_url: str, folder: Path, browser) -> dict[str, Path]:
    """The three copies of ``site`` (served at ``site_url``; see the module docstring)."""
    copies = {"mathjax": site, "mathml": folder / "mathml", "none": folder / "none"}
    for name in ("mathml", "none"):
        shutil.copytree(site, copies[name])
    tab = browser.new_page()
    with_math = [page for page in browsing.toc_pages() if MATH.search(read(site, page))]
    tab.goto(f"{site_url}{with_math[0]}.html")
    tab.evaluate(browsing.MATH_JS)  # MathJax loaded and ready
    for file in sorted(site.rglob("*.html")):
        text = file.read_text(encoding="utf-8")
        if not MATH.search(text):
            continue
        relative = file.relative_to(site)
        mathml = tab.evaluate(TEX2MML_JS, [tex_of(m) for m in MATH.finditer(text)])
        parts = MATH.split(text)  # text, tag, tex, text, tag, tex, ..., text
        converted = parts[0] + "".join(
            f'<{tag} class="math notranslate nohighlight">{formula}</{tag}>{after}'
            for tag, formula, after in zip(parts[1::3], mathml, parts[3::3], strict=True)
        )
        (copies["mathml"] / relative).write_text(without_mathjax(converted), encoding="utf-8")
        (copies["none"] / relative).write_text(without_mathjax(text), encoding="utf-8")
    tab.close()
    return copies


def read(site: Path, page: str) -> str:
    return (site / f"{page}.html").read_text(encoding="utf-8")


def visit_all(browser, site: Path, url: str, shots: Path) -> tuple[float, float | None]:
    """Seconds and busy machine CPU seconds to visit every page once, one after another."""
    busy, start = busy_cpu_seconds(), time.perf_counter()
    for page in browsing.toc_pages():
        browsing.visit_page(browser, site, url, page, shots)
    wall, after = time.perf_counter() - start, busy_cpu_seconds()
    return wall, None if busy is None or after is None else after - busy


def elements(browser, url: str, page: str) -> int:
    tab = browser.new_page(viewport=browsing.VIEWPORT)
    tab.goto(f"{url}{page}.html", wait_until="load")
    tab.evaluate(browsing.MATH_JS)
    count = tab.evaluate(COUNT_JS)
    tab.close()
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "_build" / "html")
    parser.add_argument("--rounds", type=int, default=2, help="visits of each copy (default 2)")
    args = parser.parse_args()
    site = args.site.resolve()
    if not (site / "index.html").is_file():
        sys.exit(f"no built site at {site}: build the book first (README, 'The two commands')")
    from playwright.sync_api import sync_playwright

    pages = browsing.toc_pages()
    most_math = max(pages, key=lambda page: len(MATH.findall(read(site, page))))
    with tempfile.TemporaryDirectory(prefix="bench-math-") as folder, sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(browsing.CHROMIUM), args=browsing.CHROMIUM_ARGS
        )
        _, site_url = browsing.serve(site)
        copies = make_copies(site, site_url, Path(folder), browser)
        urls = {
            name: site_url if copy == site else browsing.serve(copy)[1]
            for name, copy in copies.items()
        }
        shots = Path(folder) / "shots"
        shots.mkdir()
        print(f"{len(pages)} pages; elements counted on {most_math}", flush=True)
        print(f"{'round':>5} {'copy':>8} {'wall s':>7} {'CPU s':>6} {'elements':>9}", flush=True)
        for round_ in range(1, args.rounds + 1):
            for name, copy in copies.items():
                wall, cpu = visit_all(browser, copy, urls[name], shots)
                cpu_text = "-" if cpu is None else f"{cpu:.0f}"
                count = elements(browser, urls[name], most_math)
                print(f"{round_:>5} {name:>8} {wall:>7.1f} {cpu_text:>6} {count:>9}", flush=True)
        browser.close()


if __name__ == "__main__":
    main()
