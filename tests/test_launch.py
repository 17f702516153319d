"""Readers can launch every chapter on Binder or Colab, or download it; the site can deploy.

The repository URL and the fixed ref readers' notebooks come from live in one place,
``repository.url`` and ``reader_notebooks.ref`` in ``_config.yml``: the launch and repository
buttons are built from them (the Colab and Binder buttons open the plain edition ``plain/`` at
that ref, through ``tools/launch_plain.py``), and ``tools/sync_colab_cells.py`` writes them
into the guarded Colab install cell (cell 2) of every chapter notebook.
"""

from __future__ import annotations

import importlib.util
import re
import sys
import types
from pathlib import Path
from urllib.parse import urlsplit

import nbformat
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "chapters").glob("*.ipynb"))


def load_sync_tool():
    spec = importlib.util.spec_from_file_location(
        "sync_colab_cells", ROOT / "tools" / "sync_colab_cells.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


sync_tool = load_sync_tool()
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())
URL = sync_tool.repository_url()
REF = sync_tool.gdlib_ref()


def load_launch_extension():
    spec = importlib.util.spec_from_file_location(
        "launch_plain", ROOT / "tools" / "launch_plain.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


launch_plain = load_launch_extension()


def run_cell(source: str, on_colab: bool) -> list[tuple[str, str]]:
    """Run a cell's IPython source with a stand-in ``get_ipython``; return the magics it ran."""
    from IPython.core.inputtransformer2 import TransformerManager

    calls: list[tuple[str, str]] = []
    shell = types.SimpleNamespace(run_line_magic=lambda name, line: calls.append((name, line)))
    saved = {
        name: sys.modules.pop(name) for name in ("google", "google.colab") if name in sys.modules
    }
    if on_colab:
        sys.modules["google"] = types.ModuleType("google")
        sys.modules["google.colab"] = types.ModuleType("google.colab")
    try:
        python = TransformerManager().transform_cell(source)
        exec(compile(python, "<colab cell>", "exec"), {"get_ipython": lambda: shell})
    finally:
        for name in ("google", "google.colab"):
            sys.modules.pop(name, None)
        sys.modules.update(saved)
    return calls


def test_the_repository_url_is_a_github_https_url():
    url = urlsplit(CONFIG["repository"]["url"])
    assert url.scheme == "https" and url.hostname == "github.com", (
        "Colab launch buttons need a GitHub repository: set repository.url in _config.yml"
    )
    assert len(url.path.strip("/").split("/")) == 2, (
        "repository.url must be https://github.com/OWNER/REPO"
    )
    assert CONFIG["repository"].get("branch"), "set repository.branch in _config.yml"


def test_launch_buttons_are_configured():
    launch = CONFIG["launch_buttons"]
    assert launch["binderhub_url"].startswith("https://")
    assert launch["colab_url"].startswith("https://colab.research.google.com")
    assert CONFIG["html"]["use_repository_button"] is True


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_notebook_has_the_guarded_colab_cell(path):
    cells = nbformat.read(path, as_version=4).cells
    assert len(cells) > 1, f"{path.name} has no second cell"
    cell = cells[1]
    assert cell.cell_type == "code", f"{path.name}: cell 2 must be the Colab setup code cell"
    assert "remove-cell" in cell.metadata.get("tags", []), f"{path.name}: tag cell 2 remove-cell"
    assert cell.source == sync_tool.colab_source(URL, REF), (
        f"{path.name}: cell 2 is not the Colab cell for {URL}; run python tools/sync_colab_cells.py"
    )
    assert not cell.get("outputs"), f"{path.name}: the Colab cell must print nothing off Colab"


def test_the_colab_cell_installs_gdlib_alone_from_a_fixed_ref_only_on_colab():
    source = sync_tool.colab_source(URL, REF)
    assert run_cell(source, on_colab=False) == [], "the cell must do nothing off Colab"
    # gdlib alone (gdlib.glue needs no myst-nb), from the repository at the fixed ref
    expected = [("pip", f'install --quiet "gdlib @ git+{URL}@{REF}"')]
    assert run_cell(source, on_colab=True) == expected
    assert "myst" not in source


def test_the_reader_ref_is_a_release_tag_or_a_commit_not_a_branch(tmp_path):
    assert REF != CONFIG["repository"]["branch"]
    assert re.fullmatch(r"v\d+(\.\d+)*|[0-9a-f]{40}", REF), REF
    if REF.startswith("v"):  # the tag names the gdlib it installs
        version = re.search(r'^version = "([^"]+)"', (ROOT / "pyproject.toml").read_text(), re.M)
        assert REF == f"v{version[1]}", "reader_notebooks.ref must be the tag of this version"
    text = (ROOT / "_config.yml").read_text()
    (tmp_path / "_config.yml").write_text(text.replace(f"ref: {REF}", "ref: main"))
    with pytest.raises(SystemExit, match="branch"):
        sync_tool.gdlib_ref(tmp_path)


def test_colab_and_binder_buttons_open_the_plain_edition_at_the_ref():
    page = "chapters/01_linear_models"
    urls = launch_plain.launch_urls(CONFIG, page)
    owner_repo = urlsplit(URL).path.strip("/")
    folder = CONFIG["reader_notebooks"]["folder"]
    assert urls["Colab"] == (
        f"https://colab.research.google.com/github/{owner_repo}/blob/{REF}/{folder}/{page}.ipynb"
    )
    assert urls["Binder"] == (
        f"https://mybinder.org/v2/gh/{owner_repo}/{REF}?urlpath=lab/tree/{folder}/{page}.ipynb"
    )
    for notebook in NOTEBOOKS:  # every button has a notebook to open
        assert (ROOT / folder / "chapters" / notebook.name).is_file(), notebook.name
    assert "launch_plain" in CONFIG["sphinx"]["local_extensions"]


def test_the_sync_tool_rewrites_a_stale_or_missing_cell(tmp_path):
    template = NOTEBOOKS[0] if NOTEBOOKS else None
    if template is None:
        pytest.skip("no chapter notebook yet")
    notebook = nbformat.read(template, as_version=4)
    stale = tmp_path / "stale.ipynb"
    notebook.cells[1].source = sync_tool.colab_source("https://github.com/someone/old-name", REF)
    nbformat.write(notebook, stale)
    missing = tmp_path / "missing.ipynb"
    del notebook.cells[1]
    nbformat.write(notebook, missing)
    for path in (stale, missing):
        assert sync_tool.sync(path, URL, REF) is True
        assert sync_tool.sync(path, URL, REF) is False, "a second run must change nothing"
        cells = nbformat.read(path, as_version=4).cells
        assert cells[1].source == sync_tool.colab_source(URL, REF)
        assert len({cell.id for cell in cells}) == len(cells), "cell ids must stay unique"
    assert nbformat.read(missing, as_version=4).cells[1].id == "cell-01"
    assert sync_tool.main(["--check", str(stale), str(missing)]) == 0


def requirement_names(path: Path) -> dict[str, str]:
    """name -> version specifier of each requirement line (comments and '.' left out)."""
    found = {}
    for line in path.read_text().splitlines():
        line = line.split("#")[0].strip()
        match = re.match(r"^([A-Za-z][A-Za-z0-9_.\[\]-]*)\s*(.*)$", line)
        if match and not line.startswith("-"):
            found[match[1].lower()] = match[2]
    return found


def test_binder_installs_the_readers_environment_with_ranges_and_gdlib():
    """binder/ (read by Binder before the root) has what the notebooks need, in ranges."""
    path = ROOT / "binder" / "requirements.txt"
    lines = [line.strip() for line in path.read_text().splitlines()]
    assert "." in lines, "binder/requirements.txt must install gdlib from the checkout ('.')"
    names = requirement_names(path)
    for needed in ("numpy", "matplotlib", "pillow", "ipython", "ipykernel", "jupyterlab-myst"):
        assert needed in names, f"binder/requirements.txt lacks {needed}"
    for tool in ("jupyter-book", "myst-nb", "sphinx", "sphinx-exercise", "pytest", "nbval"):
        assert tool not in names, f"{tool} builds or tests the book; readers do not need it"
    for name, spec in names.items():
        assert "==" not in spec and ">=" in spec, f"{name}: a range (>=), not a pin: {spec!r}"
    # the floors are the ones gdlib declares
    declared = re.search(r"^dependencies = \[(.*)\]", (ROOT / "pyproject.toml").read_text(), re.M)
    for requirement in re.findall(r'"([^"]+)"', declared[1]):
        name, floor = re.match(r"([\w-]+)>=([\d.]+)", requirement).groups()
        assert f">={floor}" in names[name.lower()], f"{name}: floor differs from pyproject.toml"
    runtime = (ROOT / "binder" / "runtime.txt").read_text().strip()
    minimum = re.search(r'requires-python = ">=(3\.\d+)"', (ROOT / "pyproject.toml").read_text())[1]
    assert runtime == f"python-{minimum}", "Binder runs the oldest Python the book supports"


def test_the_build_environment_is_pinned_and_its_python_stated_consistently():
    requirements = (ROOT / "requirements.txt").read_text().splitlines()
    assert "-e ." in [line.strip() for line in requirements], (
        "requirements.txt must install gdlib (-e .)"
    )
    for name, spec in requirement_names(ROOT / "requirements.txt").items():
        assert spec.startswith("=="), f"requirements.txt pins exactly: {name} {spec!r}"
    runtime = (ROOT / "runtime.txt").read_text().strip()
    assert re.fullmatch(r"python-3\.\d+", runtime), (
        f"runtime.txt must name a Python, not {runtime!r}"
    )
    readme = (ROOT / "README.md").read_text()
    build_python = runtime.removeprefix("python-")
    assert f"Python {build_python}" in readme, "the README names the build Python"
    assert "Python 3.10" in readme, "the README names the readers' oldest Python"


def test_the_deploy_workflow_builds_strictly_and_publishes_to_pages():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "deploy.yml").read_text())
    text = (ROOT / ".github" / "workflows" / "deploy.yml").read_text()
    assert workflow["permissions"] == {}  # least privilege: each job asks for its own
    assert workflow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert workflow["jobs"]["build"]["needs"] == "tests"  # only a commit whose tests passed
    for needed in (
        "actions/checkout@",
        "actions/setup-python@",
        "runtime.txt",
        "pip install -r requirements.txt",
        "jupyter-book build . -W -n --keep-going",
        "actions/upload-pages-artifact@",
        "path: _build/html",
        "actions/deploy-pages@",
    ):
        assert needed in text, f"deploy.yml lacks {needed!r}"


def notebook_pages() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files: list[str] = []

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                files.append(str(entry["file"]).removesuffix(".ipynb").removesuffix(".md"))
            for key in ("parts", "chapters", "sections"):
                walk(entry.get(key))

    walk([{"file": toc["root"]}, *[{k: toc[k]} for k in ("parts", "chapters") if k in toc]])
    return [page for page in files if (ROOT / f"{page}.ipynb").exists()]


@pytest.mark.build
@pytest.mark.parametrize("page", notebook_pages())
def test_built_notebook_pages_show_launch_repository_and_download_buttons(built_book, page):
    html = (built_book / f"{page}.html").read_text().replace("&amp;", "&")
    owner_repo = urlsplit(URL).path.strip("/")
    interface = {"classic": "tree", "jupyterlab": "lab/tree"}[
        CONFIG["launch_buttons"]["notebook_interface"]
    ]
    folder = CONFIG["reader_notebooks"]["folder"]
    binder = f"{CONFIG['launch_buttons']['binderhub_url'].rstrip('/')}/v2/gh/{owner_repo}/{REF}?urlpath={interface}/{folder}/{page}.ipynb"
    colab = f"{CONFIG['launch_buttons']['colab_url'].rstrip('/')}/github/{owner_repo}/blob/{REF}/{folder}/{page}.ipynb"
    for what, url in (("Binder", binder), ("Colab", colab), ("repository", URL)):
        assert f'href="{url}"' in html, f"{page}: no {what} button linking to {url}"
    assert f"{URL}/issues/new" in html, f"{page}: no issues button"
    download = re.search(r'href="([^"]*_sources/[^"]*\.ipynb)"', html)
    assert download, f"{page}: no .ipynb download button"
    assert (built_book / f"{page}.html").parent.joinpath(download.group(1)).resolve().is_file()


def test_sync_tool_check_mode_passes_on_the_repository(capsys):
    if not NOTEBOOKS:
        pytest.skip("no chapter notebook yet")
    assert sync_tool.main(["--check"]) == 0, capsys.readouterr().out
