r"""Brute-force search: try every point of a grid of parameters and keep the best.

For a line, the grid holds :math:`P` slopes and :math:`Q` intercepts and the search returns

.. math:: (\hat m, \hat b) = \operatorname*{arg\,min}_{m \in \{m_1..m_P\},\ b \in \{b_1..b_Q\}}
          \mathrm{MSE}(m, b) .

With :math:`k` parameters and :math:`r` values for each, a grid holds :math:`r^k` points,
which is why this method stops at two or three parameters (chapter 2).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .loss import mse_grid
from .validation import check_int, check_vector

__all__ = ["GridSearchResult", "grid_evaluations", "grid_search"]


class GridSearchResult(NamedTuple):
    """Best grid point of :func:`grid_search`; unpacks as ``m, b, cost = result``."""

    m: float  #: slope of the best grid point
    b: float  #: intercept of the best grid point
    cost: float  #: MSE at ``(m, b)``


def grid_search(x: object, y: object, m_values: object, b_values: object) -> GridSearchResult:
    r"""The grid point :math:`(m_j, b_i)` with the smallest mean squared error.

    .. math:: (\hat m, \hat b) = \operatorname*{arg\,min}_{j,\,i}\ \mathrm{MSE}(m_j, b_i)

    Every one of the ``len(m_values) * len(b_values)`` lines is evaluated (with
    :func:`gdlib.mse_grid`, which holds ``N * len(m_values) * len(b_values)`` residuals
    in memory at once). Ties go to the first grid point in ``b``-major order.

    Parameters
    ----------
    x, y : array_like, shape (N,)
        Inputs and targets, one value per data point.
    m_values : array_like, shape (P,)
        Slopes to try.
    b_values : array_like, shape (Q,)
        Intercepts to try.

    Returns
    -------
    GridSearchResult
        Named tuple ``(m, b, cost)`` of floats.

    Examples
    --------
    >>> m, b, cost = grid_search([0.0, 1.0, 2.0], [1.0, 3.0, 5.0],
    ...                          m_values=[0.0, 1.0, 2.0, 3.0], b_values=[0.0, 1.0, 2.0])
    >>> m, b, cost
    (2.0, 1.0, 0.0)
    """
    cost = mse_grid(x, y, m_values, b_values)
    i, j = np.unravel_index(np.argmin(cost), cost.shape)
    m_values, b_values = check_vector("m_values", m_values), check_vector("b_values", b_values)
    return GridSearchResult(float(m_values[j]), float(b_values[i]), float(cost[i, j]))


def grid_evaluations(resolution: int, n_parameters: int) -> int:
    r"""Number of cost evaluations of a full grid: :math:`r^k`.

    .. math:: \text{evaluations} = r^k

    for :math:`r` values (``resolution``) of each of :math:`k` parameters (``n_parameters``).

    Parameters
    ----------
    resolution : int
        Values tried per parameter, :math:`r \ge 1`.
    n_parameters : int
        Number of parameters, :math:`k \ge 1` (a line has two: ``m`` and ``b``).

    Returns
    -------
    int
        Exact, however large.

    Examples
    --------
    >>> grid_evaluations(100, 2)
    10000
    >>> grid_evaluations(100, 10)
    100000000000000000000
    """
    r = check_int("resolution", resolution, 1)
    k = check_int("n_parameters", n_parameters, 1)
    return r**k
