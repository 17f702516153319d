"""Build a preview of a few pages, warning-free, without building the whole book.

Usage::

    python tools/preview_build.py chapters/05_learning_rate [backmatter/notation ...]

Copies the repository to a temporary folder, writes a table of contents holding a
one-line root page and the given pages (not the intro, whose links to the back matter
would dangle), and runs ``jupyter-book build -W -n --keep-going`` there.
Prints the path of the built HTML; exits non-zero on any warning.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IGNORED = shutil.ignore_patterns(
    "_build", ".venv", ".git", "student_edition", "*.egg-info", ".*cache", ".hypothesis"
)


def main(pages: list[str]) -> int:
    copy = Path(tempfile.mkdtemp(prefix="preview-")) / "book"
    shutil.copytree(ROOT, copy, ignore=IGNORED)
    chapters = "\n".join(
        f"      - file: {page.removesuffix('.ipynb').removesuffix('.md')}" for page in pages
    )
    (copy / "preview.md").write_text("# Preview\n\nA few pages of the book, built alone.\n")
    (copy / "_toc.yml").write_text(
        f"format: jb-book\nroot: preview\nparts:\n  - caption: Preview\n    chapters:\n{chapters}\n"
    )
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    result = subprocess.run([str(jupyter_book), "build", str(copy), "-W", "-n", "--keep-going"])
    print(f"\npreview: {copy / '_build' / 'html'}  (exit {result.returncode})")
    return result.returncode


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
