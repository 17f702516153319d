"""Time the README's full test command on fresh clones of one or more commits, interleaved.

Usage (from the repository root, in the environment of ``requirements-test.txt``)::

    python bench/bench_test_suite.py --rounds 2 HEAD~1 HEAD

Each round runs the command once per commit, in turn, on a fresh clone (so that no cache of
an earlier run helps), with ``CI=true`` as in ``.ci/run``. The speed of a shared machine drifts
over minutes and hours (one commit took 164 s and 191 s by pytest's clock on one day), so only runs
close in time compare: interleave the commits and repeat. For each run it prints the wall
time, pytest's own time, the CPU time of the whole machine (Linux) and a speed probe taken just
before (one core, a fixed loop of 20 million additions in CPython, as in ``.ci/run``). A run
that fails lists its failed tests, and its whole output is kept in ``_build/bench/``.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMMAND = ["-m", "pytest", "--nbval", "-n", "auto", "--dist", "loadgroup", "-q"]


def speed_probe() -> float:
    """Seconds for 20 million additions in a fresh CPython process (one core)."""
    loop = "import time\nt = time.perf_counter()\ntotal = 0\nfor i in range(20_000_000):\n"
    loop += "    total += i\nprint(time.perf_counter() - t)"
    return float(
        subprocess.run(
            [sys.executable, "-c", loop], capture_output=True, text=True, check=True
        ).stdout
    )


def busy_cpu_seconds() -> float | None:
    """CPU seconds the whole machine has spent busy since boot (None off Linux)."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    except OSError:
        return None
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(f) for f in fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def run_once(commit: str, workdir: Path) -> dict:
    """Clone ``commit`` afresh and time the test command there."""
    clone = workdir / "clone"
    subprocess.run(["rm", "-rf", str(clone)], check=True)
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    subprocess.run(["git", "-C", str(clone), "checkout", "-q", commit], check=True)
    # the clone's gdlib, also in the notebooks' kernels (they inherit the environment)
    env = dict(os.environ, CI="true", PYTHONPATH=str(clone))
    probe = speed_probe()
    busy = busy_cpu_seconds()
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, *COMMAND, "-p", "no:cacheprovider"],
        cwd=clone,
        env=env,
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - start
    after = busy_cpu_seconds()
    lines = done.stdout.strip().splitlines()
    summary = (lines or [""])[-1]
    if done.returncode:  # keep what went wrong: the clone is removed by the next run
        log = ROOT / "_build" / "bench" / f"test-suite-{commit}-{int(time.time())}.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text(done.stdout + done.stderr)
        failures = [line for line in lines if line.startswith(("FAILED", "ERROR"))]
        summary += "".join(f"\n    {line}" for line in failures) + f"\n    full output: {log}"
    pytest_time = re.search(r" in ([\d.]+)s", summary)
    return {
        "commit": commit,
        "exit": done.returncode,
        "wall": wall,
        "pytest": float(pytest_time.group(1)) if pytest_time else None,
        "cpu": None if busy is None or after is None else after - busy,
        "probe": probe,
        "summary": summary.strip("= "),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("commits", nargs="+", help="commits to time, e.g. HEAD~1 HEAD")
    parser.add_argument("--rounds", type=int, default=2, help="runs of each commit (default 2)")
    args = parser.parse_args()
    commits = [
        subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", c],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        for c in args.commits
    ]
    print(
        f"{'round':>5} {'commit':>9} {'exit':>4} {'wall s':>7} {'pytest s':>8} "
        f"{'CPU s':>6} {'probe s':>7}  summary",
        flush=True,
    )
    with tempfile.TemporaryDirectory(prefix="bench-suite-") as folder:
        for round_ in range(1, args.rounds + 1):
            for commit in commits:
                r = run_once(commit, Path(folder))
                cpu = "-" if r["cpu"] is None else f"{r['cpu']:.0f}"
                pytest_time = "-" if r["pytest"] is None else f"{r['pytest']:.1f}"
                print(
                    f"{round_:>5} {r['commit']:>9} {r['exit']:>4} {r['wall']:>7.1f} "
                    f"{pytest_time:>8} {cpu:>6} {r['probe']:>7.2f}  {r['summary']}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
