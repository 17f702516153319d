"""pytest settings for the whole repository (loaded for any selection, even ``pytest gdlib``).

- nbval is opt-in: ``--nbval`` is NOT in ``addopts`` (so ``pytest -p no:nbval`` and any
  selection work). When a run passes ``--nbval``, the book's nbval settings apply by default:
  the kernel of the current environment, ``tests/nbval_sanitize.cfg`` and a 120 s cell timeout
  (each can still be overridden on the command line).
- Marks set from what a test needs, so that the fast loop can leave the slow parts out:
  ``build`` for tests that use the built book (``tests/conftest.py::built_book``), ``notebooks``
  for nbval's cells and the tests of the student edition and the assignments (kernels, or
  seconds per notebook).
- Two slow checks are opt-in, each a phase of its own in ``.ci/run``: ``--pdf`` (the printed
  book, ``tests/test_pdf.py``) and ``--student-execution`` (every student notebook run in a
  kernel; without it ``tests/test_student_edition.py`` proves from the sources that they run
  as the chapters do, which nbval runs).
- Under pytest-xdist with ``--dist loadgroup`` (``pytest_xdist_make_scheduler`` below): all cells
  of one notebook go to one worker, in order (nbval runs them in one kernel); the browser's
  tests of one page go to one worker (which visits the page once), and the pages are shared
  out among the workers; the book is built once, by the first worker that needs it (a file
  lock: ``tests/conftest.py::built_book``). Work is handed out longest first: the build, then
  the notebooks' kernels, then the pages, then the many short unit tests that fill the end.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent
BUILD_FIXTURES = {"built_book", "site_dir", "site_url", "visits", "browser"}
NOTEBOOK_MODULES = {"test_student_edition.py", "test_assignments.py"}  # whole notebooks: slow
# Test files whose tests share the built book: the build and its checks, one xdist group.
BOOK_FILES = ("tests/browser/", "tests/test_book.py", "tests/test_launch.py", "tests/test_pdf.py")
# Test files whose module-scoped fixture writes an edition: one group each, so it is written once.
MODULE_GROUPS = ("tests/test_student_edition.py", "tests/test_plain_edition.py")


def xdist_scope(nodeid: str) -> str:
    """The unit of work a test belongs to under ``--dist loadgroup``."""
    path = nodeid.split("::", 1)[0]
    if path.startswith("tests/browser/") and nodeid.endswith("]"):
        return "page:" + nodeid[nodeid.index("[") + 1 : -1]  # the tests of one visited page
    if path.startswith(BOOK_FILES):
        return "book"
    if path.endswith(".ipynb"):
        return path  # nbval: the cells of a notebook run in order in one kernel
    if path.startswith(MODULE_GROUPS):
        return path
    return nodeid


def scope_order(scope: str) -> tuple[int, float]:
    """Where a unit of work goes in the queue: long units first, so short ones fill the end.

    The build comes first (the pages wait for it), then the units that start kernels (the
    notebooks, largest first, the assignments, the editions), then the pages (the longest,
    the reference, first), then the unit tests.
    """
    path = ROOT / scope.split("::", 1)[0]
    if scope == "book":
        return (0, 0.0)
    if scope.endswith(".ipynb"):
        return (1, -path.stat().st_size)
    if scope.startswith(("tests/test_assignments.py", *MODULE_GROUPS)):
        return (2, 0.0)
    if scope.startswith("page:"):
        page = scope.removeprefix("page:")
        if page == "backmatter/reference":  # generated from gdlib's docstrings: the longest page
            return (3, -float("inf"))
        source = ROOT / page
        sizes = [f.stat().st_size for f in source.parent.glob(source.name + ".*")]
        return (3, -max(sizes, default=0))
    return (4, 0.0)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--pdf",
        action="store_true",
        help="also print the built book to a PDF and check it (tests/test_pdf.py, about 3 "
        "minutes); .ci/run runs it as a phase of its own, after the test command",
    )
    parser.addoption(
        "--student-execution",
        action="store_true",
        help="also run every student notebook in a kernel "
        "(tests/test_student_edition.py::test_student_notebooks_run_top_to_bottom, about 2 "
        "minutes of CPU); without it the suite proves from the sources that they run as the "
        "chapters do (nbval runs those); .ci/run runs it as a phase of its own",
    )


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
    retry_kernel_start_once()


def retry_kernel_start_once() -> None:
    """Start an nbval kernel anew, once, if it dies before it answers.

    jupyter_client picks a kernel's five TCP ports by binding and releasing them; the kernel
    binds them a second later. A kernel started at the same moment elsewhere (the other
    test worker) can take one of them in between, and the first kernel then exits ("Kernel
    died before replying to kernel_info"; jupyter/jupyter_client#276, a known race of the
    Jupyter protocol). A run of the suite lost all 31 cells of one chapter to such a death
    (nbval discards the kernel's stderr, so that this race was the cause is likely, not
    proven). A new start picks new ports; a kernel that cannot start at all dies twice and
    still fails the notebook.
    """
    import warnings

    import nbval.kernel

    start = nbval.kernel.start_new_kernel
    if getattr(start, "retries_once", False):
        return

    def start_new_kernel(*args, **kwargs):
        try:
            return start(*args, **kwargs)
        except RuntimeError as error:
            if "died" not in str(error):
                raise
            warnings.warn(
                f"nbval's kernel died while starting ({error}); starting a new one",
                stacklevel=2,
            )
            return start(*args, **kwargs)

    start_new_kernel.retries_once = True
    nbval.kernel.start_new_kernel = start_new_kernel


# The opt-in checks: option -> the tests it adds (deselected without it).
OPT_IN = {
    "pdf": lambda item: item.path.name == "test_pdf.py",
    "student_execution": lambda item: _name(item) == "test_student_notebooks_run_top_to_bottom",
}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for option, chosen in OPT_IN.items():
        if not config.getoption(option):
            left_out = [item for item in items if chosen(item)]
            if left_out:
                config.hook.pytest_deselected(items=left_out)
                items[:] = [item for item in items if not chosen(item)]
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if item.path.suffix == ".ipynb":
            item.add_marker(pytest.mark.notebooks)
        elif fixtures & BUILD_FIXTURES:
            item.add_marker(pytest.mark.build)
        elif item.path.name in NOTEBOOK_MODULES:
            item.add_marker(pytest.mark.notebooks)


def _name(item: pytest.Item) -> str:
    """A test function's name, without its parameters."""
    return getattr(item, "originalname", None) or item.name


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log):
    """``--dist loadgroup``, grouped by ``xdist_scope`` and queued by ``scope_order``.

    pytest-xdist 3.8's own loadgroup reads ``xdist_group`` marks by renaming test ids, which
    pytest 9.2 no longer allows (``Node._nodeid`` is gone), so every group was split across
    workers and each worker built the book. The scheduler sees test ids only; the groups are
    therefore decided from the ids, by ``xdist_scope``.
    """
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class BookScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            if nodeid.rfind("@") > nodeid.rfind("]"):  # a group suffix, should xdist add one
                nodeid = nodeid[: nodeid.rfind("@")]
            return xdist_scope(nodeid)

        def schedule(self) -> None:
            """LoadScopeScheduling.schedule, with the queue in ``scope_order``.

            (The tests of a scope keep their collection order; the workers' own collections
            are left as they are: the scheduler sends them indices into those.)
            """
            if self.collection is not None:  # work was handed out already: just top up
                for node in self.nodes:
                    self._reschedule(node)
                return
            if not self._check_nodes_have_same_collection():
                self.log("**Different tests collected, aborting run**")
                return
            self.collection = list(next(iter(self.registered_collections.values())))
            if not self.collection:
                return
            units: dict[str, dict[str, bool]] = {}
            for nodeid in self.collection:
                units.setdefault(self._split_scope(nodeid), {})[nodeid] = False
            for scope in sorted(units, key=scope_order):  # stable: equals keep their order
                self.workqueue[scope] = units[scope]
            for _ in range(len(self.nodes) - len(self.workqueue)):  # more workers than work
                unused, _assigned = self.assigned_work.popitem()
                unused.shutdown()
            for node in self.nodes:
                self._assign_work_unit(node)
            for node in self.nodes:  # each starts with at least two units if possible
                self._reschedule(node)
            if not self.workqueue:
                for node in self.nodes:
                    node.shutdown()

    return BookScheduling(config, log)
