"""What the real-browser tests see of one page of the built book, and the report they write.

Used by ``conftest.py`` (fixtures) and the tests in this folder. Each page is visited once, in
a fresh browser context (nothing cached, as for a first-time reader), with every request that
does not go to 127.0.0.1 blocked and recorded.
"""

from __future__ import annotations

import functools
import gzip
import html.parser
import http.server
import json
import os
import re
import shutil
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import unquote, urlsplit

import yaml

ROOT = Path(__file__).resolve().parents[2]
# The Chromium the tests drive: $CHROMIUM (as .ci/run sets it), else Debian's headless shell
# (package chromium-headless-shell: the same Chromium release and rendering engine, without the
# browser's window and user interface; Playwright drives it for headless tests by default, and
# it takes less CPU per page), else Debian's full Chromium.
HEADLESS_SHELL, FULL_CHROMIUM = Path("/usr/bin/chromium-headless-shell"), Path("/usr/bin/chromium")
CHROMIUM = Path(
    os.environ.get("CHROMIUM") or (HEADLESS_SHELL if HEADLESS_SHELL.exists() else FULL_CHROMIUM)
)
# axe-core, vendored (see VENDORED.md here): the current release, not a wrapper's older copy.
AXE_JS = Path(__file__).resolve().parent / "axe.min.js"
AXE_MIN_VERSION = (4, 14)
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
VIEWPORT = {"width": 1200, "height": 900}
# Screenshots: the first screen of each page (what a reader sees on arrival), or the whole page
# with BROWSER_SCREENSHOTS=full (a long chapter then takes seconds to capture and encode).
FULL_SCREENSHOTS = os.environ.get("BROWSER_SCREENSHOTS", "").lower() == "full"
# What a first visit may transfer, as a static host sends it (gzip for text).
WEIGHT_BUDGET = 2_000_000
TEXT_SUFFIXES = {".html", ".htm", ".css", ".js", ".mjs", ".svg", ".json", ".txt", ".xml", ".map"}

# Console errors that come from the theme's own machinery, not from the book's content.
# Each is matched as a substring and has a reason; any other console error fails the page.
THEME_CONSOLE_ERRORS = {
    "Identifier 'THEBE_JS_URL' has already been declared": (
        "sphinx-thebe 0.3.1 (loaded by Jupyter Book 1 itself) adds its inline configuration "
        "script twice under Sphinx 7.4, so the browser rejects the second copy's `const`. The "
        "first copy has already set the same values, and thebe (live code) is not enabled."
    ),
}

# axe-core rule ids whose violations do not fail a page, each with the reason. Only for issues
# inside the theme's own markup that the book cannot fix; none is needed now (links in exercises:
# contrast fixed in _static/book.css; the search button's "Search Ctrl+K" label: named so in
# _templates/search-button-field.html). Every violation of any impact fails a page.
THEME_AXE_EXCLUSIONS: dict[str, str] = {}

# Single axe-core findings that do not fail a page: (rule id, CSS target that every node of the
# violation matches) -> the reason. Moderate impact only; each is in the report too. None is
# needed now (two animation players on one page: gdlib.animation names each form landmark
# after its figure's alt text).
KNOWN_AXE_FINDINGS: dict[tuple[str, str], str] = {}


def is_known_axe_finding(violation: dict) -> bool:
    """True if the violation is one of KNOWN_AXE_FINDINGS (moderate, every node matching)."""
    return violation["impact"] == "moderate" and any(
        violation["id"] == rule and all(target in str(node) for node in violation["targets"])
        for rule, target in KNOWN_AXE_FINDINGS
    )


# TeX that MathJax should have typeset but did not: \( \) \[ \] $$, or $...$ holding TeX.
RAW_TEX = re.compile(
    r"\\\(|\\\)|\\\[|\\\]|\$\$|\$[^$\n]{0,200}?(\\[A-Za-z]+|[_^{}])[^$\n]{0,200}?\$|\$[A-Za-z]\$"
)
REMOTE_URL = re.compile(r"""https?://[^\s"'<>`)\\]+""")


def book_root() -> Path:
    """The book whose site is tested: the source of $BOOK_HTML if set, else this repository."""
    if os.environ.get("BOOK_HTML"):
        source = Path(os.environ["BOOK_HTML"]).resolve().parent.parent
        if (source / "_toc.yml").is_file():
            return source
    return ROOT


def quiz_questions(page: str) -> list[dict] | None:
    """The questions of the page's quiz (``quizzes/<chapter>.json``), or None if it has none."""
    path = book_root() / "quizzes" / f"{Path(page).name}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def toc_pages() -> list[str]:
    """Every page of ``_toc.yml`` (root, parts, chapters, sections), in reading order."""
    toc = yaml.safe_load((book_root() / "_toc.yml").read_text())

    def name(file: str) -> str:
        return str(file).removesuffix(".ipynb").removesuffix(".md")

    pages = [name(toc["root"])]

    def walk(entries: list) -> None:
        for entry in entries or []:
            if "file" in entry:
                pages.append(name(entry["file"]))
            for key in ("parts", "chapters", "sections"):
                walk(entry.get(key, []))

    for key in ("parts", "chapters", "sections"):
        walk(toc.get(key, []))
    return pages


def missing_tools() -> list[str]:
    """What the browser tests need and this machine lacks (empty when all is there)."""
    missing = []
    for module, package in (("playwright.sync_api", "playwright"),):
        try:
            __import__(module)
        except ImportError:
            missing.append(f"the Python package {package} (pip install -r requirements-test.txt)")
    if not AXE_JS.is_file():
        missing.append(f"axe-core at {AXE_JS} (vendored in the repository: restore it with git)")
    if not CHROMIUM.exists():
        missing.append(
            f"Chromium at {CHROMIUM} (Debian: `sudo apt-get install chromium-headless-shell` "
            "or `chromium`, or set CHROMIUM to another Chromium executable)"
        )
    return missing


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site with the MIME types a static host uses, without logging."""

    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".svg": "image/svg+xml",
        ".woff": "font/woff",
        ".woff2": "font/woff2",
        ".json": "application/json",
    }

    def log_message(self, format: str, *args: Any) -> None:
        pass


NOT_LOCAL = re.compile(r"^(?!https?://127\.0\.0\.1[:/])")  # any URL not served by the test server


def new_offline_page(browser, blocked: list[str]):
    """A tab in a fresh context (empty cache) whose non-127.0.0.1 requests are blocked."""
    context = browser.new_context(viewport=VIEWPORT)

    def block(route) -> None:
        blocked.append(route.request.url)
        route.abort()

    # A pattern, not a function: Playwright then holds back only the requests that match, and
    # the page's own requests to 127.0.0.1 are not sent through Python one by one.
    context.route(NOT_LOCAL, block)
    return context, context.new_page()


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve ``folder`` on 127.0.0.1 (a free port) from a daemon thread: the server, its URL."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def file_for(site_dir: Path, url: str) -> Path:
    """The file of the built site that a 127.0.0.1 URL (or a site-relative path) serves."""
    path = unquote(urlsplit(url).path).lstrip("/")
    target = site_dir / path
    return target / "index.html" if target.is_dir() else target


@functools.cache  # the site does not change during a run; pages share files
def transfer_size(file: Path) -> int:
    """Bytes a static host sends: gzip (level 6) for text, the file itself for images/fonts."""
    data = file.read_bytes()
    if file.suffix.lower() in TEXT_SUFFIXES:
        return len(gzip.compress(data, compresslevel=6, mtime=0))
    return len(data)


class PageParser(html.parser.HTMLParser):
    """The ids (anchor targets) of an HTML file and the URLs its tags load."""

    LOADS: ClassVar[dict[str, str]] = {
        "script": "src",
        "img": "src",
        "iframe": "src",
        "source": "src",
        "video": "src",
        "audio": "src",
        "embed": "src",
    }

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.resources: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for key in ("id", "name") if tag == "a" else ("id",):
            if values.get(key):
                self.ids.add(values[key])
        if tag in self.LOADS and values.get(self.LOADS[tag]):
            self.resources.append(values[self.LOADS[tag]])
        rel = (values.get("rel") or "").split()
        if tag == "link" and values.get("href") and {"stylesheet", "preload", "icon"} & set(rel):
            self.resources.append(values["href"])


@functools.cache
def parse_html(file: Path) -> PageParser:
    parser = PageParser()
    parser.feed(file.read_text(encoding="utf-8", errors="replace"))
    return parser


@dataclass
class Visit:
    """What one first visit of a page saw."""

    page: str
    url: str
    console_errors: list[str] = field(default_factory=list)
    theme_console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    blocked_remote_requests: list[str] = field(default_factory=list)
    local_requests: list[str] = field(default_factory=list)
    math: dict = field(default_factory=dict)
    images: list[dict] = field(default_factory=list)
    links: list[dict] = field(default_factory=list)
    axe_violations: list[dict] = field(default_factory=list)
    axe_version: str = ""
    axe_marked: dict = field(default_factory=dict)  # per mode: elements the marks let axe skip
    solutions: dict = field(default_factory=dict)
    quiz: dict = field(default_factory=dict)
    weight: int = 0
    heaviest: list[tuple[str, int]] = field(default_factory=list)
    remote_resources: list[str] = field(default_factory=list)
    remote_links: list[str] = field(default_factory=list)
    remote_mentions: list[str] = field(default_factory=list)
    screenshot: str = ""

    @property
    def serious_axe(self) -> list[dict]:
        return [v for v in self.axe_violations if v["impact"] in ("serious", "critical")]


MATH_JS = r"""
async () => {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    await MathJax.startup.promise;
  }
  const math = Array.from(document.querySelectorAll('.math'));
  const untypeset = math.filter(e => !e.querySelector('mjx-container'))
                        .map(e => e.textContent.trim().slice(0, 120));
  const errors = Array.from(document.querySelectorAll('mjx-merror'))
                      .map(e => (e.getAttribute('data-mjx-error') || e.textContent).slice(0, 120));
  const main = document.querySelector('main') || document.body;
  const clone = main.cloneNode(true);
  clone.querySelectorAll('pre, code, script, style, textarea, mjx-container, .highlight')
       .forEach(e => e.remove());
  return {count: math.length,
          typeset: document.querySelectorAll('mjx-container').length,
          untypeset: untypeset, errors: errors, text: clone.textContent,
          mathjax: (window.MathJax && MathJax.version) || null};
}
"""

IMAGES_JS = r"""
async () => {
  const images = Array.from(document.images);
  images.forEach(i => { if (i.loading === 'lazy') i.loading = 'eager'; });
  await Promise.all(images.map(i => i.decode().catch(() => null)));
  return images.map(i => ({src: (i.getAttribute('src') || '').slice(0, 200),
                           alt: i.getAttribute('alt'),
                           naturalWidth: i.naturalWidth}));
}
"""

# Dark mode as the theme's switch sets it.
DARK_JS = r"""
() => {
  document.documentElement.dataset.mode = 'dark';
  document.documentElement.dataset.theme = 'dark';
}
"""

# Before each run of axe-core: two frames (new styles applied), then every CSS transition
# finished at once (its end state, which a reader sees a moment later; waiting for it took
# 0.4 s a page after the switch to dark mode), so that axe-core reads final colours and
# opacities. A solution fades in when clicked open (sphinx-togglebutton: opacity over 0.3 s).
# Without this, one full run of four failed: three code tokens of chapter 14's last opened
# solution "low contrast", as a run of axe-core during a fade finds (test_interaction.py plants
# one); it could not be made to fail again on demand.
SETTLED_JS = r"""
async () => {
  await new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  const transitions = document.getAnimations().filter(a => a instanceof CSSTransition);
  transitions.forEach(a => a.finish());
  return transitions.length;
}
"""

LINKS_JS = r"""
() => Array.from(document.querySelectorAll('a[href]')).map(a => ({
  href: a.getAttribute('href'), url: a.href, text: a.textContent.trim().slice(0, 60)}))
"""


AXE_COLOUR_RULES = ["color-contrast", "link-in-text-block", "non-text-contrast"]

# Two rules of axe-core try nearly every element of the page (on the reference page 44,000, most
# of them MathJax's, which draws each character with CSS, not as text) and reject most of them
# only after costly checks. Before each run of axe-core, elements they would reject, or whose
# verdict is already known, are marked, and the rules' selectors skip marked elements:
# - data-axe-no-text (color-contrast): an element with no text of its own (no child text node
#   that is more than white space) that is not a form field. color-contrast's own test
#   (color-contrast-matches in axe-core) rejects exactly such elements; skipping them changes
#   nothing.
# - data-axe-same-look (color-contrast): a code token (a Pygments span of a code cell, a span of
#   inline code or of an API signature; about 3,000 of the 3,500 text elements of chapter 5)
#   whose look was already chosen to be checked: the same colours, backgrounds, opacity,
#   visibility, font, shadow and pseudo-elements, its own and every ancestor's (its contrast is
#   then the same). The token chosen for a look is one axe-core checks and judges: its own text
#   has two characters or more (of one, a failing contrast is only "incomplete") and a letter or
#   digit (text of only punctuation is skipped), and it is visible, not clipped by an overflow,
#   and under no fixed or sticky element (the header). A token whose look has no such
#   representative is checked itself.
# - data-axe-no-important (avoid-inline-spacing, which selects every element with a style
#   attribute: MathJax gives thousands one): an inline style that makes no property !important.
#   The rule's three checks pass any element whose letter-spacing, word-spacing or line-height
#   is not !important in its inline style, whatever the value; skipping them changes no verdict.
# tests/browser/test_interaction.py proves each on planted pages. If axe-core changes either rule
# (its selector, or the checks of avoid-inline-spacing), the marks stop with an error.
MARK_FOR_AXE_JS = r"""
() => {
  for (const mark of ['data-axe-no-text', 'data-axe-same-look', 'data-axe-no-important']) {
    for (const e of document.querySelectorAll(`[${mark}]`)) e.removeAttribute(mark);
  }
  const count = {noText: 0, sameLook: 0, noImportant: 0};
  const fields = new Set(['INPUT', 'SELECT', 'TEXTAREA']);
  const stuck = [];  // boxes of fixed and sticky elements (the header): they may cover text
  for (const e of document.querySelectorAll('*')) {
    const position = getComputedStyle(e).position;
    if (position === 'fixed' || position === 'sticky') stuck.push(e.getBoundingClientRect());
    if (e.hasAttribute('style') &&
        !Array.prototype.some.call(e.style, p => e.style.getPropertyPriority(p) === 'important')) {
      e.setAttribute('data-axe-no-important', '');
      count.noImportant++;
    }
    if (fields.has(e.nodeName)) continue;
    let text = false;
    for (const child of e.childNodes) {
      if (child.nodeType === Node.TEXT_NODE && child.nodeValue.trim()) { text = true; break; }
    }
    if (!text) { e.setAttribute('data-axe-no-text', ''); count.noText++; }
  }
  // An element's look, and its pseudo-elements' (which may paint beneath its text).
  const look = e => {
    const s = getComputedStyle(e);
    const pseudo = ['::before', '::after'].map(p => {
      const q = getComputedStyle(e, p);
      return [q.content, q.backgroundColor, q.backgroundImage, q.opacity].join(' ');
    });
    return [s.color, s.backgroundColor, s.backgroundImage, s.opacity, s.visibility,
            s.fontFamily, s.fontSize, s.fontWeight, s.fontStyle, s.textShadow,
            s.textDecorationLine, s.mixBlendMode, s.filter, s.webkitTextStrokeWidth,
            ...pseudo].join(' ');
  };
  // The looks of an element and all its ancestors, as one number (computed once per element).
  const chains = new Map(), numbers = new Map();
  const chain = e => {
    if (!e) return 0;
    let n = chains.get(e);
    if (n === undefined) {
      const key = chain(e.parentElement) + ':' + look(e);
      n = numbers.get(key);
      if (n === undefined) numbers.set(key, n = numbers.size + 1);
      chains.set(e, n);
    }
    return n;
  };
  // The box an element's content is clipped to by its ancestors (null: not clipped).
  const clips = new Map();
  const clipOf = e => {
    const parent = e.parentElement;
    if (!parent) return null;
    if (clips.has(parent)) return clips.get(parent);
    let box = clipOf(parent);
    const s = getComputedStyle(parent);
    if (s.overflowX !== 'visible' || s.overflowY !== 'visible') {
      const r = parent.getBoundingClientRect();
      box = box ? {left: Math.max(box.left, r.left), right: Math.min(box.right, r.right),
                   top: Math.max(box.top, r.top), bottom: Math.min(box.bottom, r.bottom)} : r;
    }
    clips.set(parent, box);
    return box;
  };
  const chosen = new Set();
  const tokens = 'div.highlight pre span, code.literal span, dt.sig span';
  for (const token of document.querySelectorAll(tokens)) {
    if (token.hasAttribute('data-axe-no-text')) continue;
    const key = chain(token);
    if (chosen.has(key)) {
      token.setAttribute('data-axe-same-look', '');
      count.sameLook++;
      continue;
    }
    // a representative axe-core checks and judges: its own text has two characters or more
    // (of one, a failing contrast is only "incomplete") and a letter or digit (text of only
    // punctuation such as "(" is skipped); it is visible, seen whole (not clipped by a
    // scrolled or hidden overflow) and covered by no fixed or sticky element
    const own = Array.from(token.childNodes, c => c.nodeType === Node.TEXT_NODE ? c.nodeValue : '')
      .join('').replace(/\s+/g, ' ').trim();
    const r = token.getBoundingClientRect();
    const box = clipOf(token);
    const apart = q => r.right <= q.left || r.left >= q.right || r.bottom <= q.top || r.top >= q.bottom;
    if (own.length >= 2 && /[\p{L}\p{N}]/u.test(own) && r.width > 0 && r.height > 0 &&
        token.checkVisibility({opacityProperty: true, visibilityProperty: true}) &&
        (!box || (r.left >= box.left && r.right <= box.right &&
                  r.top >= box.top && r.bottom <= box.bottom)) && stuck.every(apart)) {
      chosen.add(key);
    }
  }
  const rules = {
    'color-contrast': ['*', '*:not([data-axe-no-text]):not([data-axe-same-look])'],
    'avoid-inline-spacing': ['[style]', '[style]:not([data-axe-no-important])'],
  };
  for (const [id, [original, selector]] of Object.entries(rules)) {
    const rule = axe._audit.rules.find(r => r.id === id);
    if (![original, selector].includes(rule.selector)) {
      throw new Error(`axe-core's ${id} now selects ${rule.selector}: update browsing.py`);
    }
  }
  // avoid-inline-spacing: exactly the three checks that pass a property that is not !important
  const spacing = axe._audit.rules.find(r => r.id === 'avoid-inline-spacing');
  const checks = spacing.all.map(c => c.id).sort().join(' ');
  const known = 'important-letter-spacing important-line-height important-word-spacing';
  if (checks !== known || spacing.any.length || spacing.none.length ||
      spacing.all.some(c => axe._audit.checks[c.id].options.noImportant)) {
    throw new Error(`axe-core's avoid-inline-spacing has new checks (${checks}): update browsing.py`);
  }
  axe.configure({rules: Object.entries(rules).map(([id, [, selector]]) => ({id, selector}))});
  return count;
}
"""

AXE_RUN_JS = r"""
async (rules) => {
  const options = {resultTypes: ['violations']};
  if (rules) {
    const known = new Set(axe.getRules().map(r => r.ruleId));
    options.runOnly = {type: 'rule', values: rules.filter(r => known.has(r))};
  }
  axe.configure({noHtml: true});  // no HTML source per node: not reported, and slow to serialise
  const marked = (MARK)();
  const results = await axe.run(document, options);
  return {version: axe.version, marked: marked,
          violations: results.violations.map(v => ({
            id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length,
            targets: v.nodes.slice(0, 10).map(n => n.target)}))};
}
""".replace("MARK", MARK_FOR_AXE_JS.strip())

SOLUTION = ".solution.dropdown"

QUIZ_JS = r"""
() => {
  const heading = document.querySelector('#quiz h2, section#quiz h2');
  const box = heading && heading.getBoundingClientRect();
  return {questions: document.querySelectorAll('.Quiz').length,
          heading_visible: !!box && box.width > 0 && box.height > 0};
}
"""


# Visible as Playwright means it: a non-empty box and not visibility:hidden.
VISIBLE_JS = r"""
const visible = e => {
  const box = e.getBoundingClientRect();
  return box.width > 0 && box.height > 0 && getComputedStyle(e).visibility !== 'hidden';
};
const states = selector => Array.from(document.querySelectorAll(selector)).map(solution => {
  const body = Array.from(solution.children).filter(e => !e.classList.contains('admonition-title'));
  return {body: body.length, visible: body.filter(visible).length};
});
"""
SOLUTIONS_JS = f"(selector) => {{ {VISIBLE_JS} return states(selector); }}"
SOLUTIONS_OPEN_JS = (
    f"([selector]) => {{ {VISIBLE_JS} return states(selector).every(s => s.visible > 0); }}"
)


def check_solutions(tab) -> dict:
    """Each exercise solution on the page: hidden at first, visible once its title is clicked."""
    before = tab.evaluate(SOLUTIONS_JS, SOLUTION)
    problems = [
        f"solution {index + 1} is empty"
        if not state["body"]
        else f"solution {index + 1} is visible before it is clicked"
        for index, state in enumerate(before)
        if not state["body"] or state["visible"]
    ]
    if before and not problems:
        toggles = tab.locator(f"{SOLUTION} > .admonition-title .toggle-button")
        for index in range(toggles.count()):  # a real click, as a reader's
            toggles.nth(index).click(timeout=5_000)
        try:
            tab.wait_for_function(SOLUTIONS_OPEN_JS, arg=[SOLUTION], timeout=5_000)
        except Exception:  # playwright's TimeoutError: say which did not open
            after = tab.evaluate(SOLUTIONS_JS, SOLUTION)
            problems += [
                f"solution {index + 1} does not open when clicked"
                for index, state in enumerate(after)
                if not state["visible"]
            ]
    return {"count": len(before), "problems": problems}


def visit_page(browser, site_dir: Path, site_url: str, page: str, shots: Path) -> Visit:
    """Load ``page`` once as a first-time reader would, and record what happened."""
    url = f"{site_url}{page}.html"
    visit = Visit(page=page, url=url)
    context, tab = new_offline_page(browser, visit.blocked_remote_requests)

    recording = [True]  # off while axe-core runs: it re-fetches stylesheets itself

    def console_error(text: str) -> None:
        if not recording[0]:
            return
        theme = any(known in text for known in THEME_CONSOLE_ERRORS)
        (visit.theme_console_errors if theme else visit.console_errors).append(text)

    def on_response(response) -> None:
        if recording[0] and urlsplit(response.url).hostname == "127.0.0.1":
            visit.local_requests.append(response.url)
            if response.status >= 400:
                visit.failed_requests.append(f"{response.status} {response.url}")

    def on_failed(request) -> None:
        if recording[0] and urlsplit(request.url).hostname == "127.0.0.1":
            visit.failed_requests.append(f"{request.failure} {request.url}")

    tab.on("console", lambda message: message.type == "error" and console_error(message.text))

    def page_error(error) -> None:  # where it was thrown, too: such errors can be rare races
        where = " | ".join(line.strip() for line in (error.stack or "").splitlines()[1:3])
        console_error(f"uncaught: {error.message}" + (f" (at {where})" if where else ""))

    tab.on("pageerror", page_error)
    tab.on("response", on_response)
    tab.on("requestfailed", on_failed)
    try:
        tab.goto(url, wait_until="load", timeout=60_000)
        if quiz_questions(page):  # jupyterquiz draws its questions from a script
            tab.locator(".Quiz").first.wait_for(state="attached", timeout=10_000)
        visit.math = tab.evaluate(MATH_JS)
        visit.images = tab.evaluate(IMAGES_JS)
        tab.evaluate("() => document.fonts.ready.then(() => true)")
        visit.links = tab.evaluate(LINKS_JS)
        visit.quiz = tab.evaluate(QUIZ_JS)
        # JPEG: a PNG of a long chapter takes seconds to encode.
        shot = shots / f"{page.replace('/', '__')}.jpg"
        if FULL_SCREENSHOTS:
            # JPEG holds at most 65 535 pixels a side: the long reference page is cut there.
            size = tab.evaluate(
                "() => [document.documentElement.scrollWidth, "
                "document.documentElement.scrollHeight]"
            )
            clip = {"x": 0, "y": 0, "width": size[0], "height": min(size[1], 60_000)}
            tab.screenshot(path=str(shot), full_page=True, clip=clip, type="jpeg", quality=80)
        else:
            tab.screenshot(path=str(shot), type="jpeg", quality=80)
        visit.screenshot = str(shot)
        # The solutions are hidden, and open on a click (axe then checks them open too).
        visit.solutions = check_solutions(tab)
        # Every request of the page, late ones too, is recorded: 500 ms with none in flight
        # (the checks above ran meanwhile).
        tab.wait_for_load_state("networkidle", timeout=60_000)
        recording[0] = False
        tab.add_script_tag(path=str(AXE_JS))
        # The theme follows the reader's light/dark setting: check both. Dark mode changes only
        # colours, so there only the rules about colour run (all rules run in light mode).
        for mode, rules in (("light", None), ("dark", AXE_COLOUR_RULES)):
            if mode == "dark":
                tab.evaluate(DARK_JS)
            tab.evaluate(SETTLED_JS)
            result = tab.evaluate(AXE_RUN_JS, rules)
            visit.axe_version = result["version"]
            visit.axe_marked[mode] = result["marked"]
            visit.axe_violations += [
                {**violation, "mode": mode} for violation in result["violations"]
            ]
    finally:
        context.close()

    sizes: dict[str, int] = {}
    for request_url in dict.fromkeys(visit.local_requests):
        file = file_for(site_dir, request_url)
        if file.is_file():
            sizes[unquote(urlsplit(request_url).path)] = transfer_size(file)
    visit.weight = sum(sizes.values())
    visit.heaviest = sorted(sizes.items(), key=lambda item: -item[1])[:8]

    source = file_for(site_dir, url)
    resources = {u for u in parse_html(source).resources if REMOTE_URL.match(u)}
    linked = {
        link["url"]
        for link in visit.links
        if urlsplit(link["url"]).scheme in ("http", "https")
        and urlsplit(link["url"]).hostname != "127.0.0.1"
    }
    text = source.read_text(encoding="utf-8", errors="replace").replace("&amp;", "&")
    visit.remote_resources = sorted(resources)
    visit.remote_links = sorted(linked)
    visit.remote_mentions = sorted(set(REMOTE_URL.findall(text)) - resources - linked)
    return visit


def report_entry(visit: Visit) -> dict:
    """What the report keeps of one visit (JSON-ready)."""
    entry = asdict(visit)
    entry.pop("local_requests")
    entry["math"] = {k: v for k, v in visit.math.items() if k != "text"}
    entry["console_error_count"] = len(visit.console_errors)
    entry["axe_serious_or_critical"] = len(visit.serious_axe)
    return entry


def write_report_part(seen: dict[str, Visit], parts: Path, report_dir: Path) -> None:
    """Add this process's visits to the run's report, and rewrite the report from all parts.

    Under pytest-xdist each worker visits some of the pages; each writes its part to the run's
    shared folder ``parts`` and, under a file lock, rewrites the report from every part so far:
    the last worker to finish leaves the whole report.
    """
    from filelock import FileLock

    parts.mkdir(parents=True, exist_ok=True)
    name = os.environ.get("PYTEST_XDIST_WORKER", "main")
    entries = [report_entry(visit) for visit in seen.values()]
    (parts / f"{name}.json").write_text(json.dumps(entries))
    with FileLock(str(parts / "report.lock")):
        pages = [
            page for part in sorted(parts.glob("*.json")) for page in json.loads(part.read_text())
        ]
        order = {page: index for index, page in enumerate(toc_pages())}
        pages.sort(key=lambda entry: order.get(entry["page"], len(order)))
        write_report(pages, report_dir)


def write_report(pages: list[dict], report_dir: Path) -> None:
    """Write browser_report.json and .md to ``report_dir`` and a copy to the repo's _build/."""
    not_loaded = sorted({u for p in pages for u in p["remote_resources"] + p["remote_mentions"]})
    linked = sorted({u for p in pages for u in p["remote_links"]})
    report = {
        "weight_budget_bytes": WEIGHT_BUDGET,
        "weight_rule": "gzip (level 6) size of html/css/js/svg/json, raw size of images and fonts",
        "theme_console_errors_allowed": THEME_CONSOLE_ERRORS,
        "theme_axe_exclusions": THEME_AXE_EXCLUSIONS,
        "known_axe_findings": {
            f"{rule} at {target}": why for (rule, target), why in KNOWN_AXE_FINDINGS.items()
        },
        "remote_urls_in_html_not_loaded": not_loaded,
        "remote_links": linked,
        "pages": pages,
    }
    (report_dir / "browser_report.json").write_text(json.dumps(report, indent=2) + "\n")
    lines = [
        "# Browser report",
        "",
        f"Weight budget per page: {WEIGHT_BUDGET:,} bytes ({report['weight_rule']}).",
        "",
        "| page | weight (bytes) | console errors (theme-internal) | remote requests "
        "| math typeset | images | axe serious+critical / all violations |",
        "|---|---:|---|---:|---|---:|---|",
    ]
    for page in pages:
        axe = ", ".join(f"{v['id']} ({v['impact']}, {v['mode']})" for v in page["axe_violations"])
        axe = axe or "none"
        lines.append(
            f"| {page['page']} | {page['weight']:,} | {page['console_error_count']} "
            f"({len(page['theme_console_errors'])}) | {len(page['blocked_remote_requests'])} | "
            f"{page['math'].get('typeset', 0)}/{page['math'].get('count', 0)} | "
            f"{len(page['images'])} | {page['axe_serious_or_critical']} / {axe} |"
        )
    lines += ["", "Remote URLs still referenced in the HTML (none is loaded by the pages):", ""]
    lines += [f"- {u}" for u in not_loaded] or ["- none"]
    lines += ["", "Remote links (navigation only):", ""]
    lines += [f"- {u}" for u in linked] or ["- none"]
    (report_dir / "browser_report.md").write_text("\n".join(lines) + "\n")
    human = ROOT / "_build"  # gitignored; for people looking at the results
    if human.resolve() != report_dir.resolve():
        human.mkdir(exist_ok=True)
        for name in ("browser_report.json", "browser_report.md"):
            shutil.copy2(report_dir / name, human / name)
        shutil.copytree(report_dir / "screenshots", human / "screenshots", dirs_exist_ok=True)
