"""pytest settings for the whole repository (loaded for any selection, even ``pytest gdlib``).

- nbval is opt-in: ``--nbval`` is NOT in ``addopts`` (so ``pytest -p no:nbval`` and any
  selection work). When a run passes ``--nbval``, the book's nbval settings apply by default:
  the kernel of the current environment, ``tests/nbval_sanitize.cfg`` and a 120 s cell timeout
  (each can still be overridden on the command line).
- Marks set from what a test needs, so that the fast loop can leave the slow parts out:
  ``build`` for tests that use the built book (``tests/conftest.py::built_book``), ``notebooks``
  for tests that run Jupyter kernels (nbval cells, the student edition's execution).
- Under pytest-xdist with ``--dist loadgroup``: all cells of one notebook go to one worker (nbval
  runs them in order in one kernel), and all tests that use the built book go to one worker,
  so the book is built once per run.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent
BUILD_FIXTURES = {"built_book", "site_dir", "site_url", "visits", "browser"}
NOTEBOOK_MODULES = {"test_student_edition.py"}


def pytest_configure(config: pytest.Config) -> None:
    option = config.option
    if not (getattr(option, "nbval", False) or getattr(option, "nbval_lax", False)):
        return
    if option.nbval_sanitize_with is None and not getattr(option, "sanitize_with", None):
        option.nbval_sanitize_with = str(ROOT / "tests" / "nbval_sanitize.cfg")
    if not option.nbval_kernel_name and not getattr(option, "current_env", False):
        option.nbval_current_env = True
    if option.nbval_cell_timeout == 2000:  # nbval's default: far too long for this book
        option.nbval_cell_timeout = 120.0


@pytest.hookimpl(tryfirst=True)  # before xdist reads the xdist_group marks
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if item.path.suffix == ".ipynb":
            item.add_marker(pytest.mark.notebooks)
            item.add_marker(pytest.mark.xdist_group(f"nbval:{item.path.name}"))
        elif fixtures & BUILD_FIXTURES:
            item.add_marker(pytest.mark.build)
            item.add_marker(pytest.mark.xdist_group("book"))
        elif item.path.name in NOTEBOOK_MODULES:
            item.add_marker(pytest.mark.notebooks)
