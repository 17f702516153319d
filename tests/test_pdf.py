"""The printable book: tools/make_pdf.py prints the built site to one PDF, checked with pypdf.

Uses the book built once per test session (``built_book`` in tests/conftest.py), or the site in
$BOOK_HTML when that is set (as the browser tests do); set BOOK_PDF to check an existing PDF
instead of printing one. Needs Playwright and Chromium like the browser tests: skipped without
them, except in CI (CI=true), where that is a failure.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import make_pdf  # noqa: E402

pytestmark = [pytest.mark.build, pytest.mark.browser]

# LaTeX that MathJax failed to typeset (or never saw) shows up in the text as its source.
RAW_LATEX = re.compile(
    r"\$\$|\\(frac|sum|mathrm|mathbf|boldsymbol|lambda|theta|eta|hat|begin|left|right|cdot|partial)"
    r"(?![A-Za-z])"
)
GLUED_SAMPLE = 12  # glued numbers looked up in the PDF, spread over the chapters


def _ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.fixture(scope="session")
def book_pdf(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    if os.environ.get("BOOK_PDF"):
        return Path(os.environ["BOOK_PDF"])
    missing = []
    try:
        import playwright  # noqa: F401
    except ImportError:
        missing.append("the Python package playwright")
    if not make_pdf.CHROMIUM.exists() and not shutil.which(str(make_pdf.CHROMIUM)):
        missing.append(f"Chromium at {make_pdf.CHROMIUM}")
    if missing:
        message = "the PDF test needs " + " and ".join(missing)
        if _ci():
            pytest.fail(message + ". CI is set: .ci/run must install them.", pytrace=False)
        pytest.skip(message)
    if os.environ.get("BOOK_HTML"):
        site = Path(os.environ["BOOK_HTML"])
    else:
        site = request.getfixturevalue("built_book")
    out = site.parent / "pdf" / "book.pdf"
    report = make_pdf.make_pdf(site, out, ROOT)
    (out.parent / "report.json").write_text(json.dumps(report, indent=1))
    return out


@pytest.fixture(scope="session")
def pages_text(book_pdf: Path) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(book_pdf).pages]


def _squash(text: str) -> str:
    """Text without whitespace and soft hyphenation, with ligatures spelled out."""
    text = text.replace("ﬁ", "fi").replace("ﬂ", "fl").replace("ﬀ", "ff").replace("\u00ad", "")
    return re.sub(r"\s+", "", text)


def _chapter_titles() -> list[str]:
    titles = []
    for notebook in sorted((ROOT / "chapters").glob("*.ipynb")):
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        first = "".join(cells[0]["source"]) if cells else ""
        heading = next((line for line in first.splitlines() if line.startswith("# ")), None)
        assert heading, f"{notebook.name}: no title"
        titles.append(heading[2:].strip())
    return titles


def _glued_numbers() -> list[tuple[str, str]]:
    """(name, text) of glued values that are numbers with a decimal point, from every chapter."""
    found = []
    for notebook in sorted((ROOT / "chapters").glob("*.ipynb")):
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        markdown = "".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
        for cell in cells:
            for output in cell.get("outputs", []):
                name = output.get("metadata", {}).get("scrapbook", {}).get("name")
                data = output.get("data", {})
                value = data.get(
                    "application/papermill.record/text/plain", data.get("text/plain", "")
                )
                value = "".join(value) if isinstance(value, list) else value
                value = value.strip("'\"")
                if name and re.fullmatch(r"-?\d+\.\d{2,}", value) and f"`{name}`" in markdown:
                    found.append((name, value))
    return found


def test_every_chapter_title_is_in_the_pdf(pages_text):
    text = _squash("\n".join(pages_text))
    missing = [t for t in _chapter_titles() if _squash(t) not in text]
    assert not missing, f"chapter titles missing from the PDF: {missing}"


def test_glued_numbers_are_in_the_pdf(pages_text):
    text = _squash("\n".join(pages_text))
    glued = _glued_numbers()
    assert len(glued) >= GLUED_SAMPLE, f"only {len(glued)} glued decimal numbers found"
    step = len(glued) / GLUED_SAMPLE
    sample = [glued[int(i * step)] for i in range(GLUED_SAMPLE)]
    missing = [(name, value) for name, value in sample if value not in text]
    assert not missing, f"glued numbers missing from the PDF: {missing}"


def _code_text() -> str:
    """Code cells' sources and printed outputs, squashed: LaTeX there (a matplotlib label, a
    printed docstring) is code, not a formula that failed to render."""
    sources = []
    notebooks = sorted((ROOT / "chapters").glob("*.ipynb")) + sorted(
        (ROOT / "backmatter").glob("*.ipynb")
    )
    for notebook in notebooks:
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        for cell in cells:
            if cell["cell_type"] != "code":
                continue
            sources.append("".join(cell["source"]))
            for output in cell.get("outputs", []):
                text = output.get("text", output.get("data", {}).get("text/plain", ""))
                sources.append("".join(text) if isinstance(text, list) else text)
    return _squash("\n".join(sources))


def test_no_raw_latex_on_any_page(pages_text):
    code = _code_text()
    bad = {}
    for number, text in enumerate(pages_text, start=1):
        lines = [line for line in text.splitlines() if RAW_LATEX.search(line)]
        hits = sorted(
            {
                m.group(0)
                for line in lines
                if _squash(line) not in code
                for m in RAW_LATEX.finditer(line)
            }
        )
        if hits:
            bad[number] = hits
    assert not bad, f"pages with untypeset LaTeX (page: commands): {bad}"


def test_title_page_contents_and_page_numbers(pages_text, book_pdf: Path):
    from pypdf import PdfReader

    reader = PdfReader(book_pdf)
    assert "Gradient Descent, Line by Line" in pages_text[0]
    contents = "\n".join(pages_text[1:3])
    assert "Contents" in contents
    outline = [item.title for item in reader.outline if hasattr(item, "title")]
    assert len(outline) == len(make_pdf.toc_pages(ROOT)), "one bookmark per page of _toc.yml"
    # Continuous page numbers in the footers: page k (k >= 2) ends with k.
    for k in (2, len(pages_text) // 2, len(pages_text)):
        assert re.search(rf"\b{k}\s*$", pages_text[k - 1].strip()), f"page {k} has no number {k}"
