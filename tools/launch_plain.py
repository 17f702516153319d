"""Sphinx extension: the Colab and Binder buttons open the plain edition at a fixed ref.

sphinx-book-theme builds its launch buttons from ``repository.url`` and ``repository.branch``
and the page's own source, ``chapters/NN_name.ipynb``: MyST notebooks that Colab and a plain
JupyterLab cannot render (glued numbers, references, captions in metadata). This extension
runs after the theme (``html-page-context``, priority 502) and points those two buttons at
the same chapter in the generated plain edition, at the tag or commit readers' notebooks
come from, both set in ``_config.yml``::

    reader_notebooks:
      ref: v0.1.0       # a tag or a commit, never a branch
      folder: plain     # written by tools/make_student_edition.py --edition plain

Colab:  https://colab.research.google.com/github/OWNER/REPO/blob/REF/plain/chapters/NN.ipynb
Binder: https://mybinder.org/v2/gh/OWNER/REPO/REF?urlpath=lab/tree/plain/chapters/NN.ipynb
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import yaml


def launch_urls(config: dict, pagename: str) -> dict[str, str]:
    """The Colab and Binder URLs of a page, keyed by the theme's button text."""
    owner_repo = urlsplit(str(config["repository"]["url"])).path.strip("/").removesuffix(".git")
    readers = config["reader_notebooks"]
    ref, folder = str(readers["ref"]), str(readers.get("folder", "plain")).strip("/")
    path = f"{folder}/{pagename}.ipynb"
    launch = config.get("launch_buttons", {})
    interface = {"classic": "tree", "jupyterlab": "lab/tree"}[
        launch.get("notebook_interface", "classic")
    ]
    urls = {}
    if launch.get("colab_url"):
        urls["Colab"] = f"{launch['colab_url'].rstrip('/')}/github/{owner_repo}/blob/{ref}/{path}"
    if launch.get("binderhub_url"):
        urls["Binder"] = (
            f"{launch['binderhub_url'].rstrip('/')}/v2/gh/{owner_repo}/{ref}?urlpath={interface}/{path}"
        )
    return urls


def _rewrite(app, pagename, templatename, context, doctree) -> None:
    config_path = Path(app.srcdir) / "_config.yml"
    if not config_path.exists():
        return
    config = yaml.safe_load(config_path.read_text())
    if "reader_notebooks" not in config or not (Path(app.srcdir) / f"{pagename}.ipynb").exists():
        return
    urls = launch_urls(config, pagename)
    for group in context.get("header_buttons", []):
        if group.get("label") != "launch-buttons":
            continue
        for button in group.get("buttons", []):
            if button.get("text") in urls:
                button["url"] = urls[button["text"]]


def setup(app):
    app.connect("html-page-context", _rewrite, priority=502)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
