r"""The cost: mean squared error, and its gradient.

.. math::

    \mathrm{MSE}(m, b) = \frac{1}{N} \sum_{i=1}^{N} \bigl(y_i - (m x_i + b)\bigr)^2

    \frac{\partial\,\mathrm{MSE}}{\partial m} = -\frac{2}{N} \sum_{i=1}^{N} x_i \bigl(y_i - (m x_i + b)\bigr),
    \qquad
    \frac{\partial\,\mathrm{MSE}}{\partial b} = -\frac{2}{N} \sum_{i=1}^{N} \bigl(y_i - (m x_i + b)\bigr)

With many features the same formulas read
:math:`\mathrm{MSE} = \frac1N \lVert X\mathbf w + b - \mathbf y \rVert^2`,
:math:`\nabla_{\mathbf w} = \frac2N X^\top (X\mathbf w + b - \mathbf y)` and
:math:`\partial_b = \frac2N \sum_i (X\mathbf w + b - \mathbf y)_i`.
The one-feature functions call the same private core with ``X = x[:, None]``.
"""

from __future__ import annotations

import numpy as np

from .model import _predict
from .validation import (
    check_matrix,
    check_same_length,
    check_scalar,
    check_vector,
    check_weights,
)

__all__ = ["linear_mse", "linear_mse_gradient", "mse", "mse_gradient", "mse_grid"]


def _mse(X: np.ndarray, y: np.ndarray, w: np.ndarray, b: float) -> float:
    """Unchecked core of the mean squared error."""
    residual = _predict(X, w, b) - y
    return float(residual @ residual) / len(y)


def _mse_many(X: np.ndarray, y: np.ndarray, W: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Unchecked core: the MSE of G parameter sets at once, ``W`` (k, G) and ``b`` (G,)."""
    residual = _predict(X, W, b) - y[:, None]
    return np.einsum("ng,ng->g", residual, residual) / len(y)


def _mse_gradient(
    X: np.ndarray, y: np.ndarray, w: np.ndarray, b: float
) -> tuple[np.ndarray, float]:
    """Unchecked core of the MSE gradient: ``(dw, db)``."""
    residual = _predict(X, w, b) - y
    scale = 2.0 / len(y)
    return scale * (residual @ X), scale * float(residual.sum())


def _check_line(x: object, y: object, m: object, b: object):
    x, y = check_vector("x", x), check_vector("y", y)
    check_same_length("x", x, "y", y)
    return x[:, None], y, np.array([check_scalar("m", m)]), check_scalar("b", b)


def _check_linear(X: object, y: object, w: object, b: object):
    X, y = check_matrix("X", X), check_vector("y", y)
    check_same_length("X", X, "y", y)
    w = np.zeros(X.shape[1]) if w is None else check_weights(w, X.shape[1])
    return X, y, w, check_scalar("b", b)


def mse(x: object, y: object, m: float, b: float) -> float:
    r"""Mean squared error of the line :math:`y = m x + b` on the data.

    .. math:: \mathrm{MSE}(m, b) = \frac{1}{N} \sum_{i=1}^{N} \bigl(y_i - (m x_i + b)\bigr)^2

    Parameters
    ----------
    x, y : array_like, shape (N,)
        Inputs and targets, one value per data point.
    m, b : float
        Slope and intercept of the line.

    Returns
    -------
    float

    Examples
    --------
    >>> mse([0.0, 1.0], [1.0, 3.0], m=2.0, b=0.0)
    1.0
    """
    return _mse(*_check_line(x, y, m, b))


def mse_gradient(x: object, y: object, m: float, b: float) -> tuple[float, float]:
    r"""Partial derivatives of the MSE with respect to ``m`` and ``b``.

    .. math::

        \frac{\partial\,\mathrm{MSE}}{\partial m} = -\frac{2}{N} \sum_{i=1}^{N} x_i\,(y_i - (m x_i + b)),
        \qquad
        \frac{\partial\,\mathrm{MSE}}{\partial b} = -\frac{2}{N} \sum_{i=1}^{N} (y_i - (m x_i + b))

    Returns
    -------
    (dm, db) : tuple of float

    Examples
    --------
    >>> mse_gradient([0.0, 1.0], [1.0, 3.0], m=2.0, b=0.0)
    (-1.0, -2.0)
    """
    dw, db = _mse_gradient(*_check_line(x, y, m, b))
    return float(dw[0]), db


def linear_mse(X: object, y: object, w: object, b: float) -> float:
    r"""Mean squared error :math:`\frac1N \lVert X\mathbf w + b - \mathbf y\rVert^2`.

    Parameters
    ----------
    X : array_like, shape (N, k)
    y : array_like, shape (N,)
    w : array_like, shape (k,)
    b : float

    Examples
    --------
    >>> linear_mse([[0.0], [1.0]], [1.0, 3.0], w=[2.0], b=0.0)
    1.0
    """
    return _mse(*_check_linear(X, y, w, b))


def linear_mse_gradient(X: object, y: object, w: object, b: float) -> tuple[np.ndarray, float]:
    r"""Gradient :math:`\bigl(\frac2N X^\top \mathbf r,\ \frac2N \sum_i r_i\bigr)` with
    :math:`\mathbf r = X\mathbf w + b - \mathbf y`.

    Returns
    -------
    (dw, db) : tuple of numpy.ndarray of shape (k,) and float

    Examples
    --------
    >>> dw, db = linear_mse_gradient([[0.0], [1.0]], [1.0, 3.0], w=[2.0], b=0.0)
    >>> dw, db
    (array([-1.]), -2.0)
    """
    return _mse_gradient(*_check_linear(X, y, w, b))


def mse_grid(x: object, y: object, m_values: object, b_values: object) -> np.ndarray:
    r"""The MSE at every point of a grid of slopes and intercepts.

    Entry ``[i, j]`` is :math:`\mathrm{MSE}(m_j, b_i)`, so the result can be passed
    straight to ``plt.contour(m_values, b_values, result)``.

    Parameters
    ----------
    x, y : array_like, shape (N,)
    m_values : array_like, shape (P,)
        Slopes along the horizontal axis of the grid.
    b_values : array_like, shape (Q,)
        Intercepts along the vertical axis of the grid.

    Returns
    -------
    numpy.ndarray, shape (Q, P)

    Examples
    --------
    >>> mse_grid([0.0, 1.0], [1.0, 3.0], m_values=[1.0, 2.0], b_values=[0.0, 1.0])
    array([[2.5, 1. ],
           [0.5, 0. ]])
    """
    X, y, _, _ = _check_line(x, y, 0.0, 0.0)
    m_values, b_values = check_vector("m_values", m_values), check_vector("b_values", b_values)
    M, B = np.meshgrid(m_values, b_values)
    return _mse_many(X, y, M.ravel()[None, :], B.ravel()).reshape(M.shape)
