r"""The fast path (chapter 12): one pass over the data per epoch, or none at all.

Two ways to make an epoch cheap, both tested equal to the readable formulas of
:mod:`gdlib.loss` (``tests/test_fast.py``):

* **Blocked passes.** :func:`blocked_objective` evaluates the MSE and its gradient block by
  block (``_BLOCK`` numbers at a time), so each epoch reads the data from main memory once
  and no temporary is larger than a block.
* **Sufficient statistics.** Gradient descent on a line in O(1) per epoch:

The MSE of a line and its gradient depend on the data only through six numbers,
:math:`N, \sum x_i, \sum y_i, \sum x_i^2, \sum x_i y_i, \sum y_i^2`. One pass over the data
collects them; after that each epoch costs a handful of multiplications, whatever :math:`N`.

In floating point the raw sums lose digits when the data sit far from 0 (a large
:math:`\sum x_i^2` minus a large :math:`N\bar x^2`), so we keep the same information in a
safer form: the means :math:`\bar x, \bar y` and the centred sums

.. math::

    S_{xx} = \sum_i (x_i - \bar x)^2, \qquad S_{xy} = \sum_i (x_i - \bar x)(y_i - \bar y),
    \qquad S_{yy} = \sum_i (y_i - \bar y)^2 .

With :math:`c = m\bar x + b - \bar y` (the residual of the line at the centre of the data)

.. math::

    \mathrm{MSE} = \frac{m^2 S_{xx} - 2 m S_{xy} + S_{yy}}{N} + c^2, \qquad
    \frac{\partial\,\mathrm{MSE}}{\partial m} = \frac{2 (m S_{xx} - S_{xy})}{N} + 2\bar x c, \qquad
    \frac{\partial\,\mathrm{MSE}}{\partial b} = 2c .
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .descent import DescentResult, iterate
from .loss import CostAndGradient, mse_objective
from .stability import stability_limit
from .validation import (
    check_data,
    check_epochs,
    check_learning_rate,
    check_scalar,
    check_start,
    check_tolerance,
    check_vector,
)

__all__ = [
    "GramStatistics",
    "SufficientStatistics",
    "blocked_objective",
    "gradient_descent_sufficient",
    "gram_statistics",
    "statistics_objective",
    "sufficient_statistics",
]

#: Numbers of ``X`` per block in :func:`blocked_objective` (chapter 12). A block (64 KiB)
#: stays in the CPU's cache while it is reused, so each epoch reads ``X`` and ``y`` from main
#: memory once; and each BLAS call stays below OpenBLAS's threshold for using threads
#: (about 10 000 numbers), which can stall for milliseconds when other programs use the cores.
_BLOCK = 8192


def blocked_objective(x: object, y: object) -> CostAndGradient:
    r"""The fast twin of :func:`gdlib.mse_objective`: one blocked pass over the data per call.

    Same contract and, up to rounding, the same values as ``mse_objective(x, y)`` (the tests
    check it): with :math:`\mathbf r = X\mathbf w + b - \mathbf y` it returns
    :math:`\bigl(\frac1N \mathbf r^\top \mathbf r,\ \frac2N X^\top \mathbf r,\ \frac2N \sum_i r_i\bigr)`,
    accumulated over blocks of rows. Each block stays in the CPU cache while its residuals,
    their squares and its part of the gradient are computed, so an epoch reads the data from
    main memory once; no temporary is larger than a block (``work`` holds one block's
    residuals and is reused every call); and each BLAS call stays below the size at which
    OpenBLAS starts threads. Descend with it through :func:`gdlib.iterate`.

    Examples
    --------
    >>> cost, dw, db = blocked_objective([0.0, 1.0], [1.0, 3.0])(np.array([2.0]), 0.0)
    >>> float(cost), dw, float(db)
    (1.0, array([-1.]), -2.0)
    """
    X, y = check_data(x, y)
    n, k = X.shape
    work = np.empty(min(n, _BLOCK))
    rows = max(64, _BLOCK // k)

    def cost_and_gradient(w: np.ndarray, b: float) -> tuple[float, np.ndarray, float]:
        squares, total, dw = 0.0, 0.0, np.zeros(k)
        for start in range(0, n, rows):
            X_block, y_block = X[start : start + rows], y[start : start + rows]
            r = work[: len(y_block)]
            if k == 1:  # one column: a scalar multiply is far faster than numpy's X @ w
                np.multiply(X_block[:, 0], w[0], out=r)
            else:
                np.dot(X_block, w, out=r)
            r += b
            r -= y_block
            squares += r @ r
            total += r.sum()
            dw += r @ X_block
        return float(squares / n), (2.0 / n) * dw, float((2.0 / n) * total)

    return cost_and_gradient


@dataclass(frozen=True)
class SufficientStatistics:
    r"""All a line's MSE needs from the data: :math:`N`, the means and the centred sums.

    The raw sums follow from them: :math:`\sum x_i = N\bar x`,
    :math:`\sum x_i^2 = S_{xx} + N\bar x^2`, :math:`\sum x_i y_i = S_{xy} + N\bar x\bar y`,
    :math:`\sum y_i^2 = S_{yy} + N\bar y^2`.
    """

    n: int  #: number of points N
    mean_x: float  #: \bar x
    mean_y: float  #: \bar y
    sxx: float  #: sum of (x - mean_x)**2
    sxy: float  #: sum of (x - mean_x) * (y - mean_y)
    syy: float  #: sum of (y - mean_y)**2


def _sufficient_statistics(x: np.ndarray, y: np.ndarray) -> SufficientStatistics:
    """The means, then the centred sums block by block (two sweeps over the data, no
    temporary larger than a block)."""
    mean_x, mean_y = float(x.mean()), float(y.mean())
    sxx = sxy = syy = 0.0
    for start in range(0, len(x), _BLOCK):
        dx, dy = x[start : start + _BLOCK] - mean_x, y[start : start + _BLOCK] - mean_y
        sxx, sxy, syy = sxx + dx @ dx, sxy + dx @ dy, syy + dy @ dy
    return SufficientStatistics(len(x), mean_x, mean_y, float(sxx), float(sxy), float(syy))


def _centred_points(stats: SufficientStatistics) -> tuple[np.ndarray, np.ndarray]:
    r"""Three centred points :math:`(d_j, e_j)` with the statistics' centred sums.

    :math:`\sum_j d_j = \sum_j e_j = 0` and :math:`\frac13\sum_j d_j^2 = S_{xx}/N`,
    :math:`\frac13\sum_j d_j e_j = S_{xy}/N`, :math:`\frac13\sum_j e_j^2 = S_{yy}/N`
    (a Cholesky factor of that 2x2 matrix on two orthonormal zero-sum vectors), so the MSE
    of the line :math:`(m, c)` on them is the MSE of :math:`(m, b)` on the data with
    :math:`c = m\bar x + b - \bar y`: three points stand in for the N.
    """
    e1, e2 = np.array([1.0, -1.0, 0.0]) / np.sqrt(2.0), np.array([1.0, 1.0, -2.0]) / np.sqrt(6.0)
    vxx, vxy, vyy = (3.0 * s / stats.n for s in (stats.sxx, stats.sxy, stats.syy))
    l11 = np.sqrt(vxx)
    l21 = vxy / l11 if l11 > 0 else 0.0
    l22 = np.sqrt(max(vyy - l21 * l21, 0.0))
    return l11 * e1, l21 * e1 + l22 * e2


def statistics_objective(stats: SufficientStatistics) -> CostAndGradient:
    r"""The MSE of a line and its gradient from the statistics, in O(1) per call.

    With :math:`c = m\bar x + b - \bar y` the MSE of :math:`(m, b)` on the data is the MSE of
    :math:`(m, c)` on the three centred points of ``_centred_points``, computed by
    :func:`gdlib.mse_objective`; by the chain rule
    :math:`\partial_m = \partial_m' + \bar x\,\partial_c'` and :math:`\partial_b = \partial_c'`.
    That is the closed form
    :math:`\mathrm{MSE} = (m^2 S_{xx} - 2 m S_{xy} + S_{yy})/N + c^2`,
    :math:`\partial_m = 2(m S_{xx} - S_{xy})/N + 2\bar x c`, :math:`\partial_b = 2c`.
    """
    d, e = _centred_points(stats)
    objective = mse_objective(d, e)

    def cost_and_gradient(w: np.ndarray, b: float) -> tuple[float, np.ndarray, float]:
        cost, dw, dc = objective(w, float(w[0]) * stats.mean_x + b - stats.mean_y)
        return float(cost), dw + stats.mean_x * dc, float(dc)

    return cost_and_gradient


def _hessian_points(stats: SufficientStatistics) -> np.ndarray:
    """Two inputs ``mean_x ± std_x``: the same MSE Hessian (and stability limit) as the data."""
    std_x = np.sqrt(stats.sxx / stats.n)
    return np.array([stats.mean_x - std_x, stats.mean_x + std_x])


def sufficient_statistics(x: object, y: object) -> SufficientStatistics:
    r"""Collect, in two passes over the data, everything the MSE of a line depends on.

    .. math::

        \bar x = \frac1N\sum_i x_i, \quad \bar y = \frac1N\sum_i y_i, \quad
        S_{xx} = \sum_i (x_i-\bar x)^2, \quad S_{xy} = \sum_i (x_i-\bar x)(y_i-\bar y), \quad
        S_{yy} = \sum_i (y_i-\bar y)^2

    Parameters
    ----------
    x, y : array_like, shape (N,)
        Inputs and targets.

    Returns
    -------
    SufficientStatistics

    Examples
    --------
    >>> stats = sufficient_statistics([0.0, 1.0, 2.0], [1.0, 3.0, 5.0])
    >>> stats.n, stats.mean_x, stats.mean_y, stats.sxx, stats.sxy, stats.syy
    (3, 1.0, 3.0, 2.0, 4.0, 8.0)
    """
    x = check_vector("x", x)
    X, y = check_data(x, y)
    return _sufficient_statistics(X[:, 0], y)


def gradient_descent_sufficient(
    stats: SufficientStatistics,
    learning_rate: float,
    epochs: int,
    *,
    w: float | None = None,
    b: float = 0.0,
    tolerance: float | None = None,
) -> DescentResult:
    r"""Gradient descent on a line from its sufficient statistics: O(1) work per epoch.

    Takes the steps of :func:`gdlib.gradient_descent` (same update, history, tolerance and
    divergence warning; equal up to rounding), but each epoch evaluates

    .. math::

        \mathrm{MSE} = \frac{m^2 S_{xx} - 2 m S_{xy} + S_{yy}}{N} + c^2, \quad
        \frac{\partial\,\mathrm{MSE}}{\partial m} = \frac{2 (m S_{xx} - S_{xy})}{N} + 2\bar x c,
        \quad \frac{\partial\,\mathrm{MSE}}{\partial b} = 2c,

    with :math:`c = m\bar x + b - \bar y`, instead of a pass over the :math:`N` points
    (computed by the formulas of :mod:`gdlib.loss` on three points with the same statistics).

    Parameters
    ----------
    stats : SufficientStatistics
        From :func:`sufficient_statistics`.
    learning_rate, epochs, w, b, tolerance
        As in :func:`gdlib.gradient_descent` (``w`` is the starting slope).

    Returns
    -------
    DescentResult

    Warns
    -----
    DivergenceWarning
        If the learning rate is too large for the data (the message gives the limit).

    Examples
    --------
    >>> stats = sufficient_statistics([0.0, 1.0], [1.0, 3.0])
    >>> result = gradient_descent_sufficient(stats, learning_rate=0.5, epochs=200)
    >>> round(result.m, 6), round(result.b, 6), len(result.history.cost)
    (2.0, 1.0, 201)
    """
    if not isinstance(stats, SufficientStatistics):
        raise TypeError(
            f"stats must be the SufficientStatistics of the data; got {type(stats).__name__}. "
            "Compute it first: stats = gdlib.sufficient_statistics(x, y)."
        )
    return iterate(
        statistics_objective(stats),
        check_start(w, 1),
        check_scalar("b", b),
        learning_rate=check_learning_rate(learning_rate),
        epochs=check_epochs(epochs),
        tolerance=check_tolerance(tolerance),
        stability_limit=lambda: stability_limit(_hessian_points(stats)),
        stacklevel=2,
    )


# --- Gram statistics: the sufficient statistics of k features --------------------------------
#
# The same idea for X of shape (N, k): the MSE of y ≈ X w + b and its gradient depend on the data
# only through N, the means, the centred k x k matrix S_xx = (X - mu)^T (X - mu), the centred
# vector S_xy = (X - mu)^T (y - ybar) and S_yy. Never as raw sums minus N mu mu^T (cancellation):
# a sweep for the means, then a blocked sweep for the centred sums, corrected for the round-off
# in the means (the "corrected two-pass" algorithm of Chan, Golub & LeVeque).


_GRAM_BLOCK = 1 << 14  # numbers per block of the sweep (rows = _GRAM_BLOCK // (k + 1))


@dataclass(frozen=True)
class GramStatistics:
    r"""All the MSE of ``y ≈ X w + b`` needs from the data: :math:`N`, means, centred sums.

    .. math::

        S_{xx} = (X - \mathbf 1\mu^\top)^\top (X - \mathbf 1\mu^\top), \quad
        S_{xy} = (X - \mathbf 1\mu^\top)^\top (y - \bar y), \quad
        S_{yy} = \lVert y - \bar y \rVert^2 .
    """

    n: int  #: number of points N
    mean_x: np.ndarray  #: column means mu, shape (k,)
    mean_y: float  #: \bar y
    sxx: np.ndarray  #: centred Gram matrix, shape (k, k)
    sxy: np.ndarray  #: centred cross products with y, shape (k,)
    syy: float  #: sum of (y - mean_y)**2


def _gram_statistics(X: np.ndarray, y: np.ndarray) -> GramStatistics:
    """Unchecked core: the means, then the centred sums of ``[X y]`` block by block (no
    temporary larger than a block), one Gram-matrix product per block."""
    n, k = X.shape
    if k == 1:  # one feature: the two-pass sweep of the line's statistics is faster
        line = _sufficient_statistics(X[:, 0], y)
        return GramStatistics(
            n,
            np.array([line.mean_x]),
            line.mean_y,
            np.array([[line.sxx]]),
            np.array([line.sxy]),
            line.syy,
        )
    mean = np.append(np.ones(n) @ X / n, y.mean())
    rows = max(1, _GRAM_BLOCK // (k + 2))
    buffer = np.empty((min(n, rows), k + 2))
    buffer[:, k + 1] = 1.0  # a column of ones: the Gram matrix then also sums the columns
    gram = np.zeros((k + 2, k + 2))
    for start in range(0, n, rows):
        block = buffer[: min(rows, n - start)]
        np.subtract(X[start : start + rows], mean[:k], out=block[:, :k])
        np.subtract(y[start : start + rows], mean[k], out=block[:, k])
        gram += block.T @ block
    # [X - m, y - ybar, 1]^T [X - m, y - ybar, 1]: the centred sums, and in the last column N d,
    # with d the round-off of the means; sum (x - m)(x - m)^T = S + N d d^T removes it.
    d = gram[: k + 1, k + 1] / n
    sums = gram[: k + 1, : k + 1] - n * np.outer(d, d)
    sums = (sums + sums.T) / 2  # exactly symmetric
    mean += d
    return GramStatistics(
        n, mean[:k], float(mean[k]), sums[:k, :k].copy(), sums[:k, k].copy(), float(sums[k, k])
    )


def gram_statistics(x: object, y: object) -> GramStatistics:
    r"""Collect, before any descent, everything the MSE of ``X w + b`` depends on.

    Two sweeps over the data: one for the means, one (block by block) for the centred sums,
    never raw sums minus :math:`N \mu\mu^\top`, which cancel when the data sit far from 0.

    .. math::

        \mu = \frac1N \sum_i x_i, \quad \bar y = \frac1N \sum_i y_i, \quad
        S_{xx} = \sum_i (x_i - \mu)(x_i - \mu)^\top, \quad
        S_{xy} = \sum_i (x_i - \mu)(y_i - \bar y), \quad S_{yy} = \sum_i (y_i - \bar y)^2

    with :math:`x_i` the i-th row of ``X``. The MSE is then
    :math:`(w^\top S_{xx} w - 2 w^\top S_{xy} + S_{yy})/N + c^2`,
    :math:`c = w^\top\mu + b - \bar y`.

    Parameters
    ----------
    x : array_like, shape (N,) or (N, k)
        Inputs (one feature) or one row per point and one column per feature.
    y : array_like, shape (N,)
        Targets.

    Returns
    -------
    GramStatistics

    Examples
    --------
    >>> stats = gram_statistics([[0.0, 1.0], [1.0, 0.0], [2.0, 2.0]], [1.0, 3.0, 5.0])
    >>> stats.n, stats.mean_x.tolist(), stats.mean_y, stats.sxx.tolist(), stats.sxy.tolist()
    (3, [1.0, 1.0], 3.0, [[2.0, 1.0], [1.0, 2.0]], [4.0, 2.0])
    """
    X, y = check_data(x, y)
    return _gram_statistics(X, y)
