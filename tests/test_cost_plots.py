"""Smoke tests of the cost-surface and gradient-field plots (chapters 2 and 3)."""

from __future__ import annotations

import numpy as np
import pytest

import gdlib


@pytest.fixture
def plt():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    yield plt
    plt.close("all")


def test_plot_cost_surface_draws_the_mse_as_heights(plt):
    x, y = [0.0, 1.0, 2.0], [1.0, 3.0, 5.0]
    ax = plt.figure().add_subplot(projection="3d")
    assert gdlib.plot_cost_surface(x, y, (0, 4), (-1, 3), ax=ax, resolution=5) is ax
    assert len(ax.collections) == 1  # one surface
    zmin, zmax = ax.get_zlim()  # it spans the costs from 0 (the exact line) to MSE(0, -1)
    assert zmin <= 0.0 + 1e-9 and zmax >= gdlib.mse(x, y, 0.0, -1.0) - 1e-9
    assert ax.get_xlabel() == "slope m" and ax.get_zlabel() == "MSE"


def test_plot_cost_surface_makes_its_own_3d_axes_and_rejects_2d_ones(plt):
    plt.figure()
    ax = gdlib.plot_cost_surface([0.0, 1.0], [1.0, 3.0], (0, 4), (-1, 3), resolution=4)
    assert ax.name == "3d"
    assert gdlib.plot_cost_surface([0.0, 1.0], [1.0, 3.0], (0, 4), (-1, 3), resolution=4) is ax
    _, flat = plt.subplots()
    with pytest.raises(ValueError, match="3-D axes"):
        gdlib.plot_cost_surface([0.0, 1.0], [1.0, 3.0], (0, 4), (-1, 3), ax=flat)


@pytest.mark.parametrize("normalize", [True, False])
def test_plot_gradient_field_points_along_minus_the_finite_difference_gradient(plt, normalize):
    x, y = gdlib.make_line_data(n=20, seed=1)
    _, ax = plt.subplots()
    gdlib.plot_gradient_field(x, y, (0, 6), (-2, 10), ax=ax, n=4, normalize=normalize)
    (arrows,) = ax.collections
    h = 1e-5
    for (m, b), u, v in zip(arrows.get_offsets(), arrows.U, arrows.V, strict=True):
        dm = (gdlib.mse(x, y, m + h, b) - gdlib.mse(x, y, m - h, b)) / (2 * h)
        db = (gdlib.mse(x, y, m, b + h) - gdlib.mse(x, y, m, b - h)) / (2 * h)
        cosine = -(u * dm + v * db) / (np.hypot(u, v) * np.hypot(dm, db))
        assert cosine == pytest.approx(1.0, abs=1e-9)
    cells = np.hypot(arrows.U / 2.0, arrows.V / 4.0)  # grid cells are 2 wide and 4 high
    if normalize:
        np.testing.assert_allclose(cells, 0.8)
    else:
        assert cells.max() == pytest.approx(0.8)
        assert cells.min() < 0.8


def test_plot_gradient_field_rejects_a_bad_n(plt):
    with pytest.raises(ValueError, match="n must be"):
        gdlib.plot_gradient_field([0.0, 1.0], [1.0, 2.0], (0, 1), (0, 1), n=1)
