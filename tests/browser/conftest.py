"""Fixtures for the real-browser tests: the built book, served on 127.0.0.1, seen by Chromium.

The book is built once per session (``built_book`` in ``tests/conftest.py``), served by a
threaded ``http.server`` on a free port, and every page of ``_toc.yml`` is visited once
(``browsing.visit_page``). The tests in this folder check what the visits saw; a screenshot
of each page (its first screen; the whole page with BROWSER_SCREENSHOTS=full) goes to
``_build/screenshots/`` and a report to
``_build/browser_report.json`` (and ``.md``), beside the built site and, for humans, in the
repository's own ``_build/``.

Needs the Python packages ``playwright`` and ``axe-playwright-python`` (requirements-test.txt)
and Debian's Chromium: its headless shell (``apt-get install chromium-headless-shell``), else
the full browser at /usr/bin/chromium, or $CHROMIUM (``browsing.CHROMIUM``; Playwright's own
browser download is not used). Without them these tests are skipped, except when the
environment variable CI is true: there they fail. Set BOOK_HTML to an already built
``_build/html`` folder to test that instead of building the book.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .browsing import (
    CHROMIUM,
    CHROMIUM_ARGS,
    Visit,
    missing_tools,
    serve,
    toc_pages,
    visit_page,
    write_report_part,
)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "page" in metafunc.fixturenames:
        metafunc.parametrize("page", toc_pages())


@pytest.fixture(scope="session", autouse=True)
def _browser_tools_present() -> None:
    """Skip the browser tests when Chromium or Playwright is missing; in CI, fail instead."""
    missing = missing_tools()
    if not missing:
        return
    message = "the browser tests need " + "; ".join(missing)
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(f"{message}. CI is set: .ci/run must install them.", pytrace=False)
    pytest.skip(f"{message}. Install them to enable these tests.")


@pytest.fixture(scope="session")
def site_dir(request: pytest.FixtureRequest) -> Path:
    """The built site: $BOOK_HTML if set, otherwise a fresh build of the whole book."""
    if os.environ.get("BOOK_HTML"):
        path = Path(os.environ["BOOK_HTML"]).resolve()
        assert (path / "index.html").exists(), f"BOOK_HTML={path} holds no built book"
        return path
    return request.getfixturevalue("built_book")


@pytest.fixture(scope="session")
def site_url(site_dir: Path):
    """Serve the built site on 127.0.0.1 (a free port) for the whole session."""
    server, url = serve(site_dir)
    yield url
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def report_dir(site_dir: Path) -> Path:
    """``_build`` beside the built site: screenshots and the report go there."""
    return site_dir.parent


@pytest.fixture(scope="session")
def visits(browser, site_dir: Path, site_url: str, report_dir: Path, tmp_path_factory):
    """``visits(page)``: the first visit of a page (made once, then cached); report at the end.

    Under pytest-xdist the pages are shared out among the workers (``conftest.py`` at the
    root groups each page's tests on one worker); their reports are merged into one.
    """
    shots = report_dir / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    seen: dict[str, Visit] = {}

    def get(page: str) -> Visit:
        if page not in seen:
            seen[page] = visit_page(browser, site_dir, site_url, page, shots)
        return seen[page]

    yield get
    if seen:
        run = tmp_path_factory.getbasetemp()
        if os.environ.get("PYTEST_XDIST_WORKER"):
            run = run.parent  # the run's folder, above each worker's
        write_report_part(seen, run / "browser-report", report_dir)
