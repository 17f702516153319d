"""Print the built book to one PDF: title page, contents, every page of ``_toc.yml`` in order.

Usage (from the repository root, after ``jupyter-book build . -W -n --keep-going``)::

    python tools/make_pdf.py                       # _build/html -> _build/pdf/book.pdf
    python tools/make_pdf.py --html DIR --out FILE

Nothing is built a second time: the script serves the built site (``_build/html``) on
127.0.0.1, opens each page in the Chromium the browser tests use (Debian's
``/usr/bin/chromium``, or ``$CHROMIUM``, driven by Playwright) with every request off the
machine blocked, waits until MathJax has typeset every equation and every image has loaded,
opens the optional "Going deeper" blocks (solutions stay folded, as on the site), and prints
the page with Chromium's PDF printer (``page.pdf``, A4, the book's print stylesheet). The
pages are merged in the order of ``_toc.yml`` with pypdf, after a generated title page and a
table of contents with page numbers; a second pass stamps continuous page numbers in the
footer, and the PDF gets an outline (bookmarks) with one entry per page.

Figures are embedded as the PNG files of the site, at the resolution the notebooks store;
the script prints the lowest effective resolution (pixels per printed inch) it finds.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import html
import http.server
import io
import os
import re
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from pypdf import PdfReader, PdfWriter

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
MARGIN = {"top": "16mm", "bottom": "18mm", "left": "16mm", "right": "16mm"}
# A4 is 794 CSS pixels (96 per inch) wide; the tab has that width, so that the page is laid
# out as on paper, where the margins leave 673 pixels (7 inches) for the text and figures.
VIEWPORT_WIDTH = 794
PRINTABLE_PIXELS = (210 - 32) / 25.4 * 96

# What a printed page does not need: navigation, buttons, the search and the theme switch.
PRINT_CSS = """
@media print {
  .bd-header, .bd-sidebar-primary, .bd-sidebar-secondary, .header-article, .bd-footer,
  .bd-footer-article, .bd-footer-content, .prev-next-area, .bd-header-announcement,
  .headerlink, .search-button-field, .theme-switch-button, #pst-back-to-top,
  .pst-scrollable-table-container + .headerlink { display: none !important; }
  .bd-main .bd-content .bd-article-container { max-width: 100% !important; }
  .bd-page-width { max-width: 100% !important; }
  html { font-size: 14px; }
  figure, img, .cell_output img, table, .MathJax, mjx-container { break-inside: avoid; }
  h1, h2, h3 { break-after: avoid; }
  img { max-width: 100% !important; }
}
"""

# Opens every folded block except the solutions (they stay a click away, as on the site).
OPEN_OPTIONAL_BLOCKS = """
() => {
  for (const block of document.querySelectorAll('.admonition.dropdown:not(.solution), details:not(.solution)')) {
    if (block.tagName === 'DETAILS') { block.open = true; continue; }
    block.classList.remove('toggle-hidden');
    for (const part of block.querySelectorAll('.toggle-hidden')) part.classList.remove('toggle-hidden');
    const button = block.querySelector('button.toggle-button');
    if (button) button.classList.remove('toggle-button-hidden');
  }
  for (const img of document.querySelectorAll('img')) img.loading = 'eager';
}
"""

WAIT_FOR_PAGE = """
async () => {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    await MathJax.startup.promise;
    // A TeX package loaded on demand (\\boldsymbol, ...) re-typesets its formula: until
    // then the formula shows as an error. Wait for those to go (at most 5 s).
    for (let i = 0; i < 50 && document.querySelector('mjx-merror'); i++) {
      await new Promise(done => setTimeout(done, 100));
    }
  }
  await Promise.all(Array.from(document.images).map(img => img.complete ? null :
    new Promise(done => { img.onload = img.onerror = done; })));
  return Array.from(document.images)
    .filter(img => img.naturalWidth > 200 && !img.closest('.bd-header, .bd-sidebar-primary'))
    .map(img => [img.naturalWidth, img.getBoundingClientRect().width]);
}
"""

# The page's h1 without its "#" link; with its number ("5. The learning rate") when it has one.
PAGE_TITLE = """
() => {
  const h1 = document.querySelector('article h1, main h1, h1');
  if (!h1) return null;
  const copy = h1.cloneNode(true);
  copy.querySelectorAll('.headerlink').forEach(a => a.remove());
  return copy.textContent.replace(/\\s+/g, ' ').trim();
}
"""

FOOTER_TITLE = (
    '<div style="font-size:8px;width:100%;padding:0 16mm;color:#555;'
    'font-family:sans-serif;text-align:left"><span class="title"></span></div>'
)
FOOTER_NUMBER = (
    '<div style="font-size:9px;width:100%;padding:0 16mm;color:#222;'
    'font-family:sans-serif;text-align:right"><span class="pageNumber"></span></div>'
)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:
        pass


def toc_pages(root: Path) -> list[str]:
    """The pages of ``_toc.yml`` in reading order (root first), without suffixes."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    pages = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                pages.append(entry["file"])
            walk(entry.get("sections"))

    for part in toc.get("parts", []):
        walk(part.get("chapters"))
    walk(toc.get("chapters"))
    return [re.sub(r"\.(md|ipynb)$", "", page) for page in pages]


def book_title(root: Path) -> tuple[str, str, str]:
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    return config.get("title", "Book"), config.get("author", ""), str(config.get("copyright", ""))


def serve(site: Path):
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


async def _offline(route) -> None:
    if urlsplit(route.request.url).hostname == "127.0.0.1":
        await route.continue_()
    else:
        await route.abort()


async def print_page(context, url: str) -> tuple[bytes, str, list]:
    """PDF bytes, the page's title (its h1) and [natural, shown] widths of its figures."""
    tab = await context.new_page()
    await tab.goto(url, wait_until="load", timeout=180_000)
    await tab.add_style_tag(content=PRINT_CSS)
    await tab.evaluate(OPEN_OPTIONAL_BLOCKS)
    figures = await tab.evaluate(WAIT_FOR_PAGE)
    title = await tab.evaluate(PAGE_TITLE) or url
    await tab.emulate_media(media="print")
    pdf = await tab.pdf(
        format="A4",
        margin=MARGIN,
        print_background=True,
        display_header_footer=True,
        header_template="<span></span>",
        footer_template=FOOTER_TITLE,
    )
    await tab.close()
    return pdf, title, figures


async def front_matter(
    tab, title: str, author: str, year: str, entries: list[tuple[str, int]]
) -> bytes:
    rows = "\n".join(
        f'<tr><td class="t">{html.escape(name)}</td><td class="n">{number}</td></tr>'
        for name, number in entries
    )
    document = f"""<!doctype html><html><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>
 body {{ font-family: sans-serif; color: #111; }}
 .cover {{ height: 250mm; display: flex; flex-direction: column; justify-content: center; text-align: center;
          break-after: page; }}
 .cover h1 {{ font-size: 34px; margin-bottom: 8px; }}
 .cover p {{ font-size: 15px; color: #333; }}
 h2 {{ font-size: 22px; }}
 table {{ width: 100%; border-collapse: collapse; font-size: 13px; }}
 td {{ padding: 3px 0; border-bottom: 1px dotted #bbb; }}
 td.n {{ text-align: right; width: 3em; }}
</style></head><body>
<section class="cover"><h1>{html.escape(title)}</h1>
<p>{html.escape(author)}</p>
<p>Linear regression trained by gradient descent, from ten lines of Python to a tested library.</p>
<p>Printed from the book's website. Text and figures: CC BY 4.0; code: MIT. &copy; {html.escape(year)}</p>
</section>
<section><h2>Contents</h2><table>{rows}</table></section>
</body></html>"""
    await tab.set_content(document, wait_until="load")
    return await tab.pdf(format="A4", margin=MARGIN, print_background=True)


async def page_numbers(tab, count: int) -> PdfReader:
    """A PDF of ``count`` empty pages that carry only the page number in the footer."""
    body = '<div style="height:1px;break-after:page"></div>' * count
    await tab.set_content(f"<!doctype html><html><body style='margin:0'>{body}</body></html>")
    pdf = await tab.pdf(
        format="A4",
        margin=MARGIN,
        display_header_footer=True,
        header_template="<span></span>",
        footer_template=FOOTER_NUMBER,
    )
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= count, "the page-number pass made too few pages"
    return reader


async def _print_all(base: str, pages: list[str], title: str, author: str, year: str, jobs: int):
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        context = await browser.new_context(viewport={"width": VIEWPORT_WIDTH, "height": 1400})
        await context.route("**/*", _offline)
        slots = asyncio.Semaphore(jobs)

        async def one(page: str):
            async with slots:
                return await print_page(context, f"{base}{page}.html")

        printed = await asyncio.gather(*(one(page) for page in pages))
        tab = await context.new_page()
        # The contents' length does not depend on the numbers in it: lay it out once to
        # count its pages, then again with the numbers.
        counts = [len(PdfReader(io.BytesIO(pdf)).pages) for pdf, _, _ in printed]
        draft = await front_matter(tab, title, author, year, [(h, 0) for _, h, _ in printed])
        starts, number = [], len(PdfReader(io.BytesIO(draft)).pages) + 1
        for count in counts:
            starts.append(number)
            number += count
        entries = [(h, s) for (_, h, _), s in zip(printed, starts, strict=True)]
        front = await front_matter(tab, title, author, year, entries)
        numbers = await page_numbers(tab, number - 1)
        await browser.close()
    return printed, starts, front, numbers


def make_pdf(site: Path, out: Path, root: Path = ROOT, jobs: int = 2) -> dict:
    """Print the site in ``site`` to ``out``; return pages, bytes, seconds and more."""
    site = site.resolve()
    if not (site / "index.html").exists():
        raise SystemExit(f"{site} holds no built book: run jupyter-book build . first")
    pages = toc_pages(root)
    title, author, year = book_title(root)
    server, base = serve(site)
    start = time.perf_counter()
    try:
        printed, starts, front_pdf, numbers = asyncio.run(
            _print_all(base, pages, title, author, year, jobs)
        )
    finally:
        server.shutdown()
        server.server_close()
    printed_seconds = time.perf_counter() - start
    chapters = [(heading, pdf) for pdf, heading, _ in printed]
    lowest_dpi = None
    for _, _, figures in printed:
        for natural, shown in figures:
            if shown > 0:
                dpi = natural / (min(shown, PRINTABLE_PIXELS) / 96)
                lowest_dpi = dpi if lowest_dpi is None else min(lowest_dpi, dpi)

    writer = PdfWriter()
    for part in [front_pdf] + [pdf for _, pdf in chapters]:
        for sheet in PdfReader(io.BytesIO(part)).pages:
            writer.add_page(sheet)
    for index, sheet in enumerate(writer.pages):
        if index > 0:  # no number on the title page
            sheet.merge_page(numbers.pages[index])
    for (heading, _), first in zip(chapters, starts, strict=True):
        writer.add_outline_item(title=heading, page_number=first - 1)
    writer.add_metadata({"/Title": title, "/Author": author})
    writer.compress_identical_objects()
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("wb") as handle:
        writer.write(handle)
    return {
        "pages": len(writer.pages),
        "bytes": out.stat().st_size,
        "seconds": time.perf_counter() - start,
        "printing_seconds": printed_seconds,
        "chapters": [(h, s) for (h, _), s in zip(chapters, starts, strict=True)],
        "lowest_figure_dpi": lowest_dpi,
    }


def main(arguments: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--html", type=Path, default=ROOT / "_build" / "html", help="the built site"
    )
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "pdf" / "book.pdf")
    parser.add_argument("--root", type=Path, default=ROOT, help="the book's sources (_toc.yml)")
    parser.add_argument("--jobs", type=int, default=2, help="pages printed at once")
    options = parser.parse_args(arguments)
    report = make_pdf(options.html, options.out, options.root, options.jobs)
    print(
        f"{options.out}: {report['pages']} pages, {report['bytes'] / 1e6:.1f} MB, "
        f"{report['seconds']:.0f} s ({report['printing_seconds']:.0f} s in Chromium); "
        "lowest figure resolution "
        f"{report['lowest_figure_dpi'] or 0:.0f} pixels per printed inch"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
