"""Shared helpers of the benchmarks: timing, formatting, and the settings in force."""

from __future__ import annotations

import os
import platform
import time
from collections.abc import Callable

import numpy as np


def seconds_per_call(function: Callable[[], object], repeats: int = 7, calls: int = 1) -> float:
    """Median over ``repeats`` of the wall time of ``calls`` calls, divided by ``calls``."""
    function()  # warm up: first-touch page faults, lazy imports, BLAS thread start
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(calls):
            function()
        times.append((time.perf_counter() - start) / calls)
    return float(np.median(times))


def calls_for(seconds_each: float, budget: float = 0.02) -> int:
    """How many calls make one timed repeat last about ``budget`` seconds."""
    return max(1, int(budget / max(seconds_each, 1e-9)))


def human(seconds: float | None) -> str:
    """A time with a readable unit, or a dash when it was not measured."""
    if seconds is None:
        return "-"
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds / 1e-9:.3g} ns"


def settings() -> str:
    """The machine, numpy, BLAS and the environment variables that change BLAS speed."""
    lines = [
        f"python {platform.python_version()}, numpy {np.__version__}, "
        f"{os.cpu_count()} CPU(s), {platform.processor() or platform.machine()}"
    ]
    try:
        from threadpoolctl import threadpool_info

        for pool in threadpool_info():
            lines.append(
                f"{pool['internal_api']} {pool.get('version')} ({pool.get('architecture')}), "
                f"{pool['num_threads']} thread(s)"
            )
    except ImportError:
        lines.append("threadpoolctl not installed: BLAS thread count unknown")
    for name in (
        "OPENBLAS_CORETYPE",
        "OPENBLAS_L2_SIZE",
        "OPENBLAS_NUM_THREADS",
        "OMP_NUM_THREADS",
    ):
        lines.append(f"{name}={os.environ[name]}" if name in os.environ else f"{name} unset")
    return "\n".join(lines)
