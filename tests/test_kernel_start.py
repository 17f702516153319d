"""The suite's nbval kernels: one new start after a kernel dies while starting (conftest.py)."""

from __future__ import annotations

import warnings

import pytest

import conftest  # the repository's root conftest.py


def fake_start(outcomes: list[str]):
    """A stand-in for nbval's start_new_kernel that dies, times out or starts, in turn."""
    calls = []

    def start(*args, **kwargs):
        calls.append(args)
        outcome = outcomes[len(calls) - 1]
        if outcome == "dies":
            raise RuntimeError("Kernel died before replying to kernel_info")
        if outcome == "silent":
            raise RuntimeError("Kernel didn't respond in 60 seconds")
        return "manager", "client"

    return start, calls


@pytest.mark.parametrize(
    ("outcomes", "starts", "error"),
    [
        (["starts"], 1, None),
        (["dies", "starts"], 2, None),  # the port race: a new start, with new ports
        (["dies", "dies"], 2, "died"),  # a kernel that cannot start still fails
        (["silent"], 1, "respond"),  # only a death is retried
    ],
)
def test_a_kernel_that_dies_while_starting_is_started_once_more(
    monkeypatch, outcomes, starts, error
):
    import nbval.kernel  # here, not at collection: the fast loop collects this file

    start, calls = fake_start(outcomes)
    monkeypatch.setattr(nbval.kernel, "start_new_kernel", start)
    conftest.retry_kernel_start_once()
    conftest.retry_kernel_start_once()  # wraps once, however often pytest is configured
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if error:
            with pytest.raises(RuntimeError, match=error):
                nbval.kernel.start_new_kernel(kernel_name="python3")
        else:
            assert nbval.kernel.start_new_kernel(kernel_name="python3") == ("manager", "client")
    assert len(calls) == starts
    said = [str(w.message) for w in caught if "died while starting" in str(w.message)]
    assert len(said) == (1 if outcomes[0] == "dies" else 0)  # the reader of the log is told
