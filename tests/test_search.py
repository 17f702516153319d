"""Grid search against plain-Python minimisation and numpy.linalg.lstsq."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import gdlib

small = st.integers(-50, 50).map(lambda i: i / 10)


def plain_mse(x, y, m, b):
    return sum((yi - (m * xi + b)) ** 2 for xi, yi in zip(x, y, strict=True)) / len(x)


@given(
    arrays(float, st.integers(1, 8), elements=small),
    st.data(),
    arrays(float, st.integers(1, 6), elements=small, unique=True),
    arrays(float, st.integers(1, 6), elements=small, unique=True),
)
def test_grid_search_returns_the_smallest_cost_of_the_grid(x, data, m_values, b_values):
    y = data.draw(arrays(float, len(x), elements=small))
    result = gdlib.grid_search(x, y, m_values, b_values)
    costs = {(m, b): plain_mse(x, y, m, b) for m, b in itertools.product(m_values, b_values)}
    best = min(costs.values())
    assert result.cost == pytest.approx(best, rel=1e-9, abs=1e-12)
    assert (result.m, result.b) in costs
    assert costs[(result.m, result.b)] == pytest.approx(best, rel=1e-9, abs=1e-12)
    assert result.cost == pytest.approx(plain_mse(x, y, result.m, result.b), rel=1e-9, abs=1e-12)


def test_grid_search_finds_an_exact_line_on_the_grid():
    x = np.array([0.0, 1.0, 2.5, 4.0])
    y = -1.5 * x + 2.0
    m, b, cost = gdlib.grid_search(x, y, np.linspace(-3, 3, 13), np.linspace(-4, 4, 17))
    assert (m, b) == (-1.5, 2.0)
    assert cost == 0.0


def test_grid_search_is_between_the_least_squares_cost_and_the_nearest_grid_point():
    x, y = gdlib.make_line_data(n=60, seed=3)
    (m_star, b_star), *_ = np.linalg.lstsq(np.column_stack([x, np.ones_like(x)]), y, rcond=None)
    m_values, b_values = np.linspace(1.0, 5.0, 41), np.linspace(0.0, 8.0, 41)
    result = gdlib.grid_search(x, y, m_values, b_values)
    nearest_m = m_values[np.abs(m_values - m_star).argmin()]
    nearest_b = b_values[np.abs(b_values - b_star).argmin()]
    assert plain_mse(x, y, m_star, b_star) <= result.cost + 1e-12
    assert result.cost <= plain_mse(x, y, nearest_m, nearest_b) + 1e-12
    assert abs(result.m - m_star) < 0.2 and abs(result.b - b_star) < 1.0


def test_grid_search_result_is_a_named_tuple_of_floats():
    result = gdlib.grid_search([0, 1], [1, 3], [2], [1])
    assert result == (2.0, 1.0, 0.0)
    assert all(type(value) is float for value in result)
    assert (result.m, result.b, result.cost) == tuple(result)


def test_grid_search_validates_its_inputs():
    with pytest.raises(ValueError, match="x and y"):
        gdlib.grid_search([0, 1, 2], [1, 2], [1.0], [0.0])
    with pytest.raises(ValueError, match="m_values is empty"):
        gdlib.grid_search([0, 1], [1, 2], [], [0.0])
    with pytest.raises(ValueError, match="b_values contains NaN"):
        gdlib.grid_search([0, 1], [1, 2], [1.0], [0.0, np.nan])


@given(st.integers(1, 1000), st.integers(1, 30))
def test_grid_evaluations_is_resolution_to_the_power_of_parameters(resolution, n_parameters):
    expected = 1
    for _ in range(n_parameters):
        expected *= resolution
    assert gdlib.grid_evaluations(resolution, n_parameters) == expected


def test_grid_evaluations_matches_the_size_of_a_real_grid():
    axes = [np.linspace(0, 1, 7)] * 3
    assert gdlib.grid_evaluations(7, 3) == np.meshgrid(*axes)[0].size == 343


@pytest.mark.parametrize(
    ("resolution", "n_parameters", "error"),
    [(0, 2, ValueError), (10, 0, ValueError), (2.5, 2, TypeError), (10, True, TypeError)],
)
def test_grid_evaluations_rejects_bad_counts(resolution, n_parameters, error):
    with pytest.raises(error):
        gdlib.grid_evaluations(resolution, n_parameters)
