"""The plain editions read as plain Jupyter: no MyST left, numbers, references, captions in.

Colab, Binder, a hub and a plain JupyterLab do not render the book's MyST Markdown. The
generator (``tools/make_student_edition.py``) writes the student edition and the plain
edition (committed in ``plain/``, where the Colab and Binder buttons point) as ordinary
Markdown; these tests render every generated Markdown cell with a CommonMark renderer and
check what a reader would see, against the chapters read independently of the tool.
"""

from __future__ import annotations

import ast
import importlib.util
import re
from pathlib import Path

import nbformat
import pytest
import yaml
from markdown_it import MarkdownIt

ROOT = Path(__file__).resolve().parent.parent


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


tool = _load("make_student_edition")
sync = _load("sync_colab_cells")
MYST = ["{glue", "{numref", "{ref}", "{doc}", "{exercise", "{solution", "{admonition", "```{"]
MARKDOWN = MarkdownIt("commonmark")


def toc_chapters() -> list[Path]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    found = []

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                found.append(ROOT / f"{entry['file']}.ipynb")
            for key in ("parts", "chapters", "sections"):
                walk(entry.get(key))

    walk(toc.get("parts") or toc.get("chapters"))
    return [path for path in found if path.parent.name == "chapters" and path.exists()]


CHAPTERS = toc_chapters()
IDS = [path.stem for path in CHAPTERS]


@pytest.fixture(scope="module")
def editions() -> dict[str, dict[str, nbformat.NotebookNode]]:
    """Both editions, generated in memory: edition -> chapter file name -> notebook."""
    result = {}
    for edition in ("plain", "student"):
        files = tool.edition_files(edition)
        result[edition] = {
            Path(name).name: nbformat.reads(text, as_version=4)
            for name, text in files.items()
            if name.endswith(".ipynb")
        }
    return result


def glue_values(notebook) -> dict[str, str]:
    """Glued values from stored outputs (myst-nb's scrapbook display_data), independently."""
    values = {}
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            scrap = output.get("metadata", {}).get("scrapbook")
            if scrap:
                data = output["data"][scrap["mime_prefix"] + "text/plain"]
                values[scrap["name"]] = str(ast.literal_eval(data))
    return values


def figures(notebook) -> list[dict]:
    return [
        cell.metadata["mystnb"]
        for cell in notebook.cells
        if cell.cell_type == "code"
        and "caption" in cell.metadata.get("mystnb", {}).get("figure", {})
    ]


def chapter_number(path: Path) -> int:
    return CHAPTERS.index(path) + 1


def markdown_text(notebook) -> str:
    return "\n\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")


def test_the_committed_plain_edition_is_up_to_date():
    stale = tool.stale_files(ROOT / "plain", "plain")
    assert not stale, (
        f"plain/ is out of date ({stale[:5]}): run python tools/make_student_edition.py "
        "--edition plain, and commit plain/"
    )


@pytest.mark.parametrize("edition", ["plain", "student"])
@pytest.mark.parametrize("source", CHAPTERS, ids=IDS)
def test_no_myst_is_left(editions, edition, source):
    notebook = editions[edition][source.name]
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "markdown":
            continue
        html = MARKDOWN.render(cell.source)
        for marker in MYST:
            assert marker not in html, f"{edition} {source.name} cell {index}: {marker!r} left"
        assert not re.search(r"^\([\w-]+\)=$", cell.source, re.M), "a MyST target is left"
        assert not re.search(r"\]\((?!https?:|#|mailto:)[^)]*\)", cell.source), (
            f"{edition} {source.name} cell {index}: a link to a page or label of the book"
        )


@pytest.mark.parametrize("edition", ["plain", "student"])
@pytest.mark.parametrize("source", CHAPTERS, ids=IDS)
def test_every_figure_is_followed_by_its_numbered_caption_and_alt_text(editions, edition, source):
    original = nbformat.read(source, as_version=4)
    cells = editions[edition][source.name].cells
    numbers = {id(meta["figure"]): n for n, meta in enumerate(figures(original), start=1)}
    kept = original if edition == "plain" else tool.student_notebook(original)
    expected = [meta for meta in figures(original) if meta in figures(kept)]
    captions = [
        (index, cell)
        for index, cell in enumerate(cells)
        if cell.cell_type == "markdown" and cell.source.startswith("**Figure ")
    ]
    assert len(captions) == len(expected), f"{source.name}: {len(expected)} figures"
    for (index, caption), meta in zip(captions, expected, strict=True):
        number = numbers[id(meta["figure"])]  # the website's number, solutions included
        assert cells[index - 1].cell_type == "code", "a caption must follow its figure's cell"
        assert caption.source.startswith(f"**Figure {chapter_number(source)}.{number}.**")
        words = re.findall(r"[A-Za-z]{4,}", meta["figure"]["caption"])[:8]
        assert all(word in caption.source for word in words)
        alt = meta.get("image", {}).get("alt")
        if alt:
            assert re.findall(r"[A-Za-z]{4,}", alt)[0] in caption.source.split("alt text")[-1]


@pytest.mark.parametrize("source", CHAPTERS, ids=IDS)
def test_every_glued_number_and_reference_is_written_in(editions, source):
    original = nbformat.read(source, as_version=4)
    values = glue_values(original)
    text = markdown_text(editions["plain"][source.name])
    roles = re.findall(r"\{glue(?::text)?\}`([^`:]+)`", markdown_text(original))
    for name in roles:
        assert values[name] in text, f"{source.name}: glued {name} = {values[name]!r} missing"
    # every {numref} to a figure of this chapter reads "Figure <chapter>.<position>"
    labels = [meta["figure"].get("name") for meta in figures(original)]
    for label in re.findall(r"\{numref\}`([^`]+)`", markdown_text(original)):
        if label in labels:
            number = f"{chapter_number(source)}.{labels.index(label) + 1}"
            assert f"Figure {number}" in text, f"{source.name}: {label} is not Figure {number}"
    for doc in re.findall(r"\{doc\}`([^`]+)`", markdown_text(original)):
        target = ROOT / "chapters" / f"{doc}.ipynb"
        assert f"chapter {chapter_number(target)}" in text


@pytest.mark.parametrize("source", CHAPTERS, ids=IDS)
def test_exercises_are_numbered_headings_with_their_titles(editions, source):
    original = markdown_text(nbformat.read(source, as_version=4))
    titles = re.findall(r"^`{3,}\{exercise\}\s*(.*)$", original, re.M)
    for edition in ("plain", "student"):
        text = markdown_text(editions[edition][source.name])
        headings = re.findall(r"^### Exercise (\d+)\.(\d+): (.*)$", text, re.M)
        assert [h[2] for h in headings] == [t.strip() for t in titles], edition
        assert {int(h[0]) for h in headings} <= {chapter_number(source)}
        assert [int(h[1]) for h in headings] == list(range(1, len(titles) + 1))


@pytest.mark.parametrize("source", CHAPTERS, ids=IDS)
def test_helper_cells_are_gone_and_the_colab_cell_installs_gdlib_alone(editions, source):
    url, ref = sync.repository_url(), sync.gdlib_ref()
    for edition in ("plain", "student"):
        cells = editions[edition][source.name].cells
        code = [cell for cell in cells if cell.cell_type == "code"]
        colab = [cell for cell in code if '"google.colab" in sys.modules' in cell.source]
        assert len(colab) == 1 and colab[0].source == sync.colab_source(url, ref)
        assert "myst" not in colab[0].source
        for cell in code:
            assert "remove-cell" not in cell.metadata.get("tags", [])
            assert not cell.outputs
            assert not re.search(r"^\s*(glue\(|assert |from gdlib import glue)", cell.source, re.M)


@pytest.mark.parametrize("source", CHAPTERS, ids=IDS)
def test_solutions_are_collapsed_in_the_plain_edition_and_absent_from_the_student_one(
    editions, source
):
    original = nbformat.read(source, as_version=4)
    solution_cells = [c for c in original.cells if "solution" in c.metadata.get("tags", [])]
    plain = editions["plain"][source.name].cells
    student = editions["student"][source.name].cells
    hidden = [c for c in plain if c.metadata.get("jupyter", {}).get("source_hidden")]
    for cell in solution_cells:
        # the plain edition drops glue calls from the code, so match on the first line
        first = cell.source.strip().splitlines()[0]
        assert any(c.source.strip().startswith(first) for c in hidden), (
            "a solution is not collapsed"
        )
        assert not any(cell.source.strip() == c.source.strip() for c in student)
    headings = [c for c in plain if c.source.startswith("#### Solution to Exercise")]
    assert all(c.metadata.get("jp-MarkdownHeadingCollapsed") for c in headings)
    assert not any(c.source.startswith("#### Solution") for c in student)


def test_the_plain_markdown_of_a_small_chapter_reads_as_expected(tmp_path):
    """The conversions on a made-up chapter, cell by cell."""
    chapter = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell(
                "# Test\n\n(sec-a)=\n## Section A\n\n```{admonition} Predict first\n:class: tip\n"
                "What is $x$?\n```\n\nSee {numref}`fig-t-a`, {ref}`sec-a` and {ref}`t-ex`. "
                "It is {glue:text}`t_value` (`{glue:text}` in code stays)."
            ),
            nbformat.v4.new_code_cell(
                "glue('t_value', '4.20')\nprint(1)",
                metadata={
                    "mystnb": {
                        "figure": {"caption": "A *cap*.", "name": "fig-t-a"},
                        "image": {"alt": "Alt words"},
                    }
                },
            ),
            nbformat.v4.new_code_cell("glue('t_other', '1')", metadata={"tags": ["remove-cell"]}),
            nbformat.v4.new_markdown_cell(
                "````{exercise} Try\n:label: t-ex\n\nDo $a^2$.\n````\n\n"
                "````{solution} t-ex\n:class: dropdown\n\nIt is $b$.\n````"
            ),
        ]
    )
    chapter.cells[1].outputs = [
        nbformat.v4.new_output(
            "display_data",
            data={"application/papermill.record/text/plain": "'4.20'"},
            metadata={
                "scrapbook": {"name": "t_value", "mime_prefix": "application/papermill.record/"}
            },
        )
    ]
    (tmp_path / "chapters").mkdir()
    nbformat.write(chapter, tmp_path / "chapters" / "01_t.ipynb")
    (tmp_path / "_toc.yml").write_text(
        "format: jb-book\nroot: intro\nparts:\n  - numbered: true\n    chapters:\n"
        "      - file: chapters/01_t\n"
    )
    book = tool.Book(tmp_path)
    plain = tool.plain_notebook(chapter, book, "chapters/01_t", solutions=True)
    sources = [cell.source for cell in plain.cells]
    assert sources[0] == (
        "# Test\n\n## Section A\n\n> **Predict first**\n>\n> What is $x$?\n\n"
        "See Figure 1.1, “Section A” and Exercise 1.1, “Try”. "
        "It is 4.20 (`{glue:text}` in code stays)."
    )
    assert sources[1] == "print(1)"
    assert sources[2] == "**Figure 1.1.** A *cap*.\n\n*Figure description (alt text):* Alt words"
    assert sources[3] == "### Exercise 1.1: Try\n\nDo $a^2$."
    assert sources[4] == "#### Solution to Exercise 1.1"
    assert sources[5] == "It is $b$." and plain.cells[5].metadata["jupyter"]["source_hidden"]
    assert len(sources) == 6, "the glue-only helper cell is removed"
    student = tool.plain_notebook(chapter, book, "chapters/01_t", solutions=False)
    assert [c.source for c in student.cells][-1] == "### Exercise 1.1: Try\n\nDo $a^2$."
