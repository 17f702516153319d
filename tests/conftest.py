"""Shared fixtures: the built book (built once per test session, in a copy of the repo)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests: in CI (CI=true) every run tries the same examples (derandomize, no example
# database), so a red run is reproducible and a green one is not luck; locally hypothesis
# explores new random examples each run and remembers failures in .hypothesis/. Choose one
# with HYPOTHESIS_PROFILE=ci or =dev.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.register_profile("dev")
_ci = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if _ci else "dev"))

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
    # nbval would report as a changed output. Done where tests run: not in pytest-xdist's
    # controller, which runs none (and whose start every worker waits for).
    if config.getoption("numprocesses", None) and not hasattr(config, "workerinput"):
        return
    import matplotlib.pyplot  # noqa: F401


def use_stored_outputs(config: Path) -> None:
    """Set ``execute_notebooks: "off"`` in a copy's ``_config.yml``.

    The test suite checks every notebook cell by cell against its stored outputs (nbval), so
    the test build renders those outputs instead of executing every notebook a second time.
    The published site is still built with the repository's setting (``force``).
    """
    text, count = re.subn(
        r"^(\s*execute_notebooks:).*$", r'\1 "off"', config.read_text(), flags=re.M
    )
    assert count == 1, f"{config} has no execute_notebooks setting to turn off"
    config.write_text(text)


def build_book(folder: Path) -> tuple[int, Path]:
    """Copy the repository into ``folder`` and build it; return (exit code, log file)."""
    copy = folder / "book"
    shutil.copytree(ROOT, copy, ignore=IGNORED)
    if os.environ.get("BOOK_BUILD_EXECUTE", "") not in {"1", "true", "yes"}:
        use_stored_outputs(copy / "_config.yml")
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    command = [str(jupyter_book), "build", str(copy), "-W", "-n", "--keep-going"]
    process = subprocess.run(command, capture_output=True, text=True, timeout=1800)
    log = folder / "build.log"
    log.write_text(process.stdout + process.stderr)
    return process.returncode, log


@pytest.fixture(scope="session")
def built_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Copy the repository and build the book there with -W -n --keep-going.

    Returns the copy's ``_build/html`` folder. The build must exit 0 (no warnings). It shows the
    notebooks' stored outputs (checked by nbval in the same run); set BOOK_BUILD_EXECUTE=1 to
    re-execute every notebook as the published build does. Under pytest-xdist the workers share
    one build: the first to need it builds, under a file lock, and the others reuse it.
    """
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        folder = tmp_path_factory.mktemp("book")
        returncode, log = build_book(folder)
    else:
        from filelock import FileLock

        shared = tmp_path_factory.getbasetemp().parent  # the run's folder, above each worker's
        folder, result = shared / "book", shared / "book-result.txt"
        with FileLock(str(shared / "book.lock")):
            if not result.exists():
                folder.mkdir()
                returncode, log = build_book(folder)
                result.write_text(str(returncode))
            returncode, log = int(result.read_text()), folder / "build.log"
    assert returncode == 0, f"jupyter-book build failed (log: {log}):\n" + log.read_text()[-6000:]
    return folder / "book" / "_build" / "html"
