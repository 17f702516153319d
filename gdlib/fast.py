r"""Sufficient statistics: gradient descent on a line in O(1) per epoch.

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

from .descent import DescentResult, _as_line_result, _iterate
from .loss import _BLOCK, _check_line
from .stability import _stability_limit
from .validation import check_epochs, check_learning_rate, check_scalar, check_tolerance

__all__ = ["SufficientStatistics", "gradient_descent_sufficient", "sufficient_statistics"]


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
    """Unchecked core: the means, then the centred sums block by block (two sweeps over the
    data, no temporary larger than a block, as in :func:`gdlib.loss._residual_statistics`)."""
    mean_x, mean_y = float(x.mean()), float(y.mean())
    sxx = sxy = syy = 0.0
    for start in range(0, len(x), _BLOCK):
        dx, dy = x[start : start + _BLOCK] - mean_x, y[start : start + _BLOCK] - mean_y
        sxx, sxy, syy = sxx + dx @ dx, sxy + dx @ dy, syy + dy @ dy
    return SufficientStatistics(len(x), mean_x, mean_y, float(sxx), float(sxy), float(syy))


def _cost_and_gradient(
    stats: SufficientStatistics, w: np.ndarray, b: float
) -> tuple[float, np.ndarray, float]:
    """Unchecked core: ``(MSE, (dm,), db)`` of the line ``(w[0], b)`` from the statistics."""
    m = float(w[0])
    c = m * stats.mean_x + b - stats.mean_y
    spread = m * m * stats.sxx - 2.0 * m * stats.sxy + stats.syy
    dm = 2.0 * (m * stats.sxx - stats.sxy) / stats.n + 2.0 * stats.mean_x * c
    return spread / stats.n + c * c, np.array([dm]), 2.0 * c


def _two_points(stats: SufficientStatistics) -> np.ndarray:
    """Two inputs, ``mean_x ± std_x`` as a column, with the same MSE Hessian as the data.

    The Hessian depends on x only through its mean and variance, so these two points stand
    in for the N points wherever a Hessian helper of :mod:`gdlib.stability` needs data.
    """
    std_x = np.sqrt(stats.sxx / stats.n)
    return np.array([[stats.mean_x - std_x], [stats.mean_x + std_x]])


def sufficient_statistics(x: object, y: object) -> SufficientStatistics:
    r"""Collect, in one pre-pass over the data, everything the MSE of a line depends on.

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
    X, y, _, _ = _check_line(x, y, 0.0, 0.0)
    return _sufficient_statistics(X[:, 0], y)


def gradient_descent_sufficient(
    stats: SufficientStatistics,
    learning_rate: float,
    epochs: int,
    m: float = 0.0,
    b: float = 0.0,
    tolerance: float | None = None,
) -> DescentResult:
    r"""Gradient descent on a line from its sufficient statistics: O(1) work per epoch.

    Takes exactly the steps of :func:`gdlib.gradient_descent` (same update, history,
    tolerance and divergence warning), but each epoch evaluates the closed formulas

    .. math::

        \mathrm{MSE} = \frac{m^2 S_{xx} - 2 m S_{xy} + S_{yy}}{N} + c^2, \quad
        \frac{\partial\,\mathrm{MSE}}{\partial m} = \frac{2 (m S_{xx} - S_{xy})}{N} + 2\bar x c,
        \quad \frac{\partial\,\mathrm{MSE}}{\partial b} = 2c,

    with :math:`c = m\bar x + b - \bar y`, instead of a pass over the :math:`N` points.

    Parameters
    ----------
    stats : SufficientStatistics
        From :func:`sufficient_statistics`.
    learning_rate, epochs, m, b, tolerance
        As in :func:`gdlib.gradient_descent`.

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
    result = _iterate(
        lambda w, b: _cost_and_gradient(stats, w, b),
        lambda: _stability_limit(_two_points(stats)),
        np.array([check_scalar("m", m)]),
        check_scalar("b", b),
        check_learning_rate(learning_rate),
        check_epochs(epochs),
        check_tolerance(tolerance),
        stacklevel=2,  # the caller of gradient_descent_sufficient
    )
    return _as_line_result(result)
