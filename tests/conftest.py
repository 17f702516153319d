"""Shared fixtures: the built book (built once per test session, in a copy of the repo)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
IGNORED = shutil.ignore_patterns(
    "_build",
    ".venv",
    ".git",
    "student_edition",
    "*.egg-info",
    ".pytest_cache",
    ".hypothesis",
    ".ruff_cache",
    "__pycache__",
    ".ipynb_checkpoints",
)


def pytest_configure(config: pytest.Config) -> None:
    # Build matplotlib's font cache before any notebook kernel starts: on a fresh machine
    # the first import prints "Matplotlib is building the font cache" to stderr, which
    # nbval would report as a changed output.
    import matplotlib.pyplot  # noqa: F401


@pytest.fixture(scope="session")
def built_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Copy the repository and build the book there with -W -n --keep-going.

    Returns the copy's ``_build/html`` folder. The build must exit 0 (no warnings).
    """
    copy = tmp_path_factory.mktemp("book") / "book"
    shutil.copytree(ROOT, copy, ignore=IGNORED)
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    command = [str(jupyter_book), "build", str(copy), "-W", "-n", "--keep-going"]
    process = subprocess.run(command, capture_output=True, text=True, timeout=1800)
    log = copy.parent / "build.log"
    log.write_text(process.stdout + process.stderr)
    assert process.returncode == 0, (
        f"jupyter-book build failed (log: {log}):\n" + (process.stdout + process.stderr)[-6000:]
    )
    return copy / "_build" / "html"
