"""The book builds with zero warnings, and every page of the TOC is there with its figures."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
# The tests that use the built book are marked `build` by conftest.py (from their fixtures).

# The README's commands, as .ci/run and the GitHub workflows run them.
FULL_COMMAND = "python -m pytest --nbval -n auto --dist loadgroup"
FAST_COMMAND = 'python -m pytest gdlib tests -m "not build and not notebooks" -n auto -p no:nbval'


def toc_files() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [chapter["file"] for chapter in part["chapters"]]
    return files


def count_figures(path: Path) -> int:
    """Number of image outputs stored in a notebook (0 for a Markdown page)."""
    if path.suffix != ".ipynb":
        return 0
    notebook = nbformat.read(path, as_version=4)
    return sum(
        "image/png" in output.get("data", {})
        for cell in notebook.cells
        for output in cell.get("outputs", [])
    )


def source_of(page: str) -> Path:
    for suffix in (".ipynb", ".md"):
        if (ROOT / f"{page}{suffix}").exists():
            return ROOT / f"{page}{suffix}"
    raise AssertionError(f"{page} is in _toc.yml but neither {page}.ipynb nor {page}.md exists")


@pytest.mark.parametrize("page", toc_files())
def test_every_toc_page_is_built_with_its_figures(built_book, page):
    html = built_book / f"{page}.html"
    assert html.exists(), f"{html} was not built"
    text = html.read_text()
    images = re.findall(r'<img[^>]+src="([^"]+)"', text)
    local = [src for src in images if not src.startswith(("http:", "https:", "data:"))]
    for src in local:
        assert (html.parent / src).exists(), f"{page}: image {src} is missing"
    expected = count_figures(source_of(page))
    assert len(local) >= expected, f"{page}: {expected} figures in the notebook, {len(local)} built"


def test_notebooks_carry_no_timing_metadata_and_a_standard_kernel():
    for path in sorted((ROOT / "chapters").glob("*.ipynb")):
        notebook = json.loads(path.read_text())
        assert notebook["metadata"]["kernelspec"]["name"] == "python3", path.name
        for cell in notebook["cells"]:
            assert "execution" not in cell["metadata"], f"{path.name}: timing metadata"


def test_readme_ci_run_and_workflows_run_the_same_commands():
    readme = (ROOT / "README.md").read_text()
    ci_run = (ROOT / ".ci" / "run").read_text()
    tests_yml = (ROOT / ".github" / "workflows" / "test.yml").read_text()
    assert f".venv/bin/{FULL_COMMAND}" in readme
    assert f".venv/bin/{FAST_COMMAND}" in readme
    assert FULL_COMMAND.replace("python ", '"$VENV/bin/python" ') in ci_run
    assert f".venv/bin/{FULL_COMMAND}" in tests_yml
    assert FAST_COMMAND in tests_yml
    assert "rm -rf .venv" not in ci_run, ".ci/run must leave the developer's .venv alone"
    assert "OPENBLAS_CORETYPE" not in ci_run + tests_yml, "never force an OpenBLAS kernel in CI"


def test_workflows_pin_every_action_to_a_commit():
    for path in sorted((ROOT / ".github" / "workflows").glob("*.yml")):
        for line in path.read_text().splitlines():
            uses = re.match(r"\s*(?:- )?uses:\s*(\S+)", line)
            if uses and not uses.group(1).startswith(("$/", "./")):
                assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", uses.group(1)), (
                    f"{path.name}: {uses.group(1)} is not pinned to a commit SHA"
                )
