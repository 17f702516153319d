"""Execute every notebook a reader opens in a FRESH venv built from binder/requirements.txt.

Usage (from the repository root, in the book's environment; needs the network or a pip cache)::

    python tools/check_reader_environment.py                        # this Python
    python tools/check_reader_environment.py --python python3.10 --floors
    python tools/check_reader_environment.py --python python3.13

It creates a new virtual environment with ``--python``, installs the readers' environment
(``binder/requirements.txt``: numpy, matplotlib, pillow, IPython, ipykernel, JupyterLab,
jupyterlab-myst and gdlib from this checkout, no build or test tools) plus ``nbclient`` to
drive the kernel, checks that ``myst_nb`` is NOT importable there, and executes, top to
bottom on a fresh kernel, copies of: every chapter in ``chapters/``, every notebook of the
committed plain edition ``plain/chapters/``, and every notebook of a freshly generated
student edition. Outputs are not compared (they are on the build environment, by nbval);
a cell that raises fails the run. ``--floors`` installs the oldest versions the ranges
allow (``name>=X`` pinned to ``X.*``), so the declared minimums are tested too. Nothing in
the repository is written. Exit status 0 when every notebook ran.

This is slow (a venv and a dozen notebooks, three times over) and needs packages from an
index, so it is a separate command, not part of ``pytest``; CI runs it on the oldest and
newest supported Python.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNNER = """\
import sys, time, nbformat
from nbclient import NotebookClient
path = sys.argv[1]
notebook = nbformat.read(path, as_version=4)
start = time.perf_counter()
NotebookClient(notebook, timeout=600, kernel_name="python3",
               resources={"metadata": {"path": str(__import__("pathlib").Path(path).parent)}}
               ).execute()
print(f"{time.perf_counter() - start:.1f}")
"""


def floors(requirements: Path) -> list[str]:
    """``name==X.*`` for every ``name>=X`` line: the oldest releases the ranges allow."""
    pins = []
    for line in requirements.read_text().splitlines():
        match = re.match(r"^\s*([A-Za-z0-9_.-]+)\s*>=\s*([0-9][0-9.]*)", line)
        if match:
            floor = match[2] if "." in match[2] else f"{match[2]}.0"
            pins.append(f"{match[1]}=={floor}.*")
    return pins


def run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, check=True, text=True, capture_output=True, **kwargs)


def execute(python: Path, runner: Path, notebook: Path) -> tuple[Path, bool, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "MPLBACKEND")}
    env["PATH"] = f"{python.parent}{os.pathsep}{env.get('PATH', '')}"
    process = subprocess.run(
        [str(python), str(runner), str(notebook)],
        text=True,
        capture_output=True,
        env=env,
        cwd=notebook.parent,
    )
    if process.returncode == 0:
        return notebook, True, f"{process.stdout.strip()} s"
    lines = (process.stderr or process.stdout).strip().splitlines()
    return notebook, False, "\n      ".join(lines[-12:])


def main(arguments: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--python", default=sys.executable, help="interpreter for the venv")
    parser.add_argument("--floors", action="store_true", help="oldest allowed versions")
    parser.add_argument("--jobs", type=int, default=min(8, os.cpu_count() or 2))
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    options = parser.parse_args(arguments)
    started = time.perf_counter()
    work = options.keep or Path(tempfile.mkdtemp(prefix="reader-env-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        venv = work / "venv"
        run([options.python, "-m", "venv", str(venv)])
        python = venv / "bin" / "python"
        install = [str(python), "-m", "pip", "install", "--quiet", "--upgrade", "pip"]
        run(install)
        requirements = ROOT / "binder" / "requirements.txt"
        command = [str(python), "-m", "pip", "install", "--quiet", "-r", "binder/requirements.txt"]
        command += ["nbclient", "nbformat"]  # the runner, not a notebook dependency
        if options.floors:
            constraints = work / "floors.txt"
            constraints.write_text("\n".join(floors(requirements)) + "\n")
            command += ["-c", str(constraints)]
        print(f"installing {requirements.relative_to(ROOT)} into a fresh venv ...", flush=True)
        # from a copy of what Binder sees, so that building gdlib writes nothing here
        source = work / "source"
        for name in ("gdlib", "binder"):
            shutil.copytree(
                ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__")
            )
        for name in ("pyproject.toml", "README.md", "LICENSE"):
            shutil.copy2(ROOT / name, source / name)
        run(command, cwd=source)
        versions = run(
            [
                str(python),
                "-c",
                "import sys, importlib.metadata as m; print(sys.version.split()[0], *("
                "f'{n} {m.version(n)}' for n in ('numpy', 'matplotlib', 'pillow', 'ipython',"
                " 'ipykernel', 'jupyterlab-myst', 'gdlib')), sep=', ')",
            ]
        ).stdout.strip()
        print(f"Python {versions}")
        absent = subprocess.run([str(python), "-c", "import myst_nb"], capture_output=True)
        if absent.returncode == 0:
            print("error: myst_nb is importable in the readers' environment")
            return 1
        print("myst_nb is not installed (as a reader's environment should be)")
        # the notebooks: copies, so nothing in the repository is written
        sets = {}
        shutil.copytree(ROOT / "chapters", work / "chapters", dirs_exist_ok=True)
        sets["chapters"] = sorted((work / "chapters").glob("*.ipynb"))
        shutil.copytree(ROOT / "plain", work / "plain", dirs_exist_ok=True)
        sets["plain"] = sorted((work / "plain" / "chapters").glob("*.ipynb"))
        tool = ROOT / "tools" / "make_student_edition.py"
        run([sys.executable, str(tool), "--out", str(work / "student")])
        sets["student"] = sorted((work / "student" / "chapters").glob("*.ipynb"))
        runner = work / "run_notebook.py"
        runner.write_text(RUNNER)
        jobs = [(name, path) for name, paths in sets.items() for path in paths]
        failures = 0
        with concurrent.futures.ThreadPoolExecutor(options.jobs) as pool:
            futures = {pool.submit(execute, python, runner, path): name for name, path in jobs}
            results = []
            for future in concurrent.futures.as_completed(futures):
                results.append((futures[future], *future.result()))
        for name, path, ok, message in sorted(results, key=lambda r: (r[0], r[1].name)):
            failures += not ok
            print(f"{'ok  ' if ok else 'FAIL'} {name:9s} {path.name:34s} {message}")
        total = time.perf_counter() - started
        print(
            f"{len(jobs) - failures} of {len(jobs)} notebooks ran "
            f"({', '.join(f'{len(v)} {k}' for k, v in sets.items())}) in {total:.0f} s"
        )
        return 1 if failures else 0
    except subprocess.CalledProcessError as error:
        output = "\n".join(
            line
            for line in f"{error.stdout}\n{error.stderr}".splitlines()
            if not line.startswith("WARNING: Location")  # a local index's missing folders
        )
        print(f"error: {' '.join(map(str, error.cmd))}\n{output}")
        return 1
    finally:
        if options.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
