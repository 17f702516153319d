"""Smoke tests of the animations: HTML with a JavaScript player, small enough, no leftovers."""

from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")  # no display in the tests; the notebooks keep their inline backend

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from IPython.display import HTML

import gdlib

LIMIT = 1_000_000  # bytes of HTML per animation in a stored notebook
FRAME = re.compile(r'frames\[(\d+)\] = "data:image/png;base64,')


@pytest.fixture(scope="module")
def run():
    x, y = gdlib.make_line_data(n=100, m=3.0, b=4.0, noise=1.0, seed=0)
    return x, y, gdlib.gradient_descent(x, y, learning_rate=0.01, epochs=1000)


def frame_count(html: str) -> int:
    return len(FRAME.findall(html))


def check_player(animation, frames: int, alt: str) -> str:
    assert isinstance(animation, HTML)
    html = animation.data
    assert "<script" in html and "new Animation(" in html
    assert f'<img alt="{alt}"' in html
    assert 'value="once"' in html and re.search(r'value="once"[^>]*\n?\s*checked', html)
    assert frame_count(html) == frames
    assert len(html.encode()) <= LIMIT
    assert plt.get_fignums() == []  # the figure was closed: no static duplicate
    return html


def test_line_fit(run):
    x, y, result = run
    animation = gdlib.animate_line_fit(x, y, result.history, frames=6, alt="a line & data")
    check_player(animation, 6, "a line &amp; data")


def test_descent_path_at_chapter_size_stays_under_the_limit(run):
    x, y, result = run
    animation = gdlib.animate_descent_path(
        x, y, result.history, (-0.5, 6.5), (-1.0, 6.0), frames=36, alt="path"
    )
    check_player(animation, 36, "path")


def test_learning_rates_one_frame_per_rate_and_no_warning(run):
    x, y, _ = run
    rates = np.array([0.2, 0.9, 1.1]) * gdlib.stability_limit(x)
    # pyproject turns a DivergenceWarning into an error: the 1.1x run must stay silent.
    animation = gdlib.animate_learning_rates(x, y, rates, 40, (-0.5, 6.5), (-1.0, 6.0), alt="r")
    check_player(animation, 3, "r")


@given(st.integers(0, 5000), st.integers(2, 60))
def test_frame_epochs(last_epoch, frames):
    epochs = gdlib.frame_epochs(last_epoch, frames)
    assert epochs[0] == 0 and epochs[-1] == last_epoch
    assert np.all(np.diff(epochs) > 0)
    assert len(epochs) == min(frames, last_epoch + 1)


def test_bad_inputs(run):
    x, y, result = run
    with pytest.raises(TypeError, match="history"):
        gdlib.animate_line_fit(x, y, result)
    with pytest.raises(ValueError, match="m_range"):
        gdlib.animate_descent_path(x, y, result.history, (2.0, 1.0), (0.0, 1.0))
    with pytest.raises(ValueError, match="frames"):
        gdlib.frame_epochs(10, 1)
    assert plt.get_fignums() == []
