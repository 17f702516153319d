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


#: Numbers of ``X`` per block in :func:`_residual_statistics` (chapter 12). A block (64 KiB)
#: stays in the CPU's cache while it is reused, so each epoch reads ``X`` and ``y`` from main
#: memory once; and each BLAS call stays below OpenBLAS's threshold for using threads
#: (about 10 000 numbers), which can stall for milliseconds when other programs use the cores.
_BLOCK = 8192


def _residual_statistics(
    X: np.ndarray, y: np.ndarray, w: np.ndarray, b: float, work: np.ndarray | None = None
) -> tuple[float, np.ndarray, float]:
    r"""Unchecked core: MSE and its gradient in one pass over the data, block by block.

    With :math:`\mathbf r = X\mathbf w + b - \mathbf y` it returns
    :math:`\bigl(\frac1N \mathbf r^\top \mathbf r,\ \frac2N X^\top \mathbf r,\ \frac2N \sum_i r_i\bigr)`,
    This is the one implementation of the formulas of this module: ``_mse`` and
    ``_mse_gradient`` read their parts of it. No temporary is larger than one block:
    ``work`` (at least ``min(N, _BLOCK)`` long; allocated if not given) holds one block's
    residuals, so a caller that loops over epochs can reuse it.
    """
    n, k = X.shape
    work = np.empty(min(n, _BLOCK)) if work is None else work
    rows = max(64, _BLOCK // k)
    squares, total, dw = 0.0, 0.0, np.zeros(k)
    for start in range(0, n, rows):
        X_block, y_block = X[start : start + rows], y[start : start + rows]
        r = work[: len(y_block)]
        if k == 1:  # one column: a scalar multiply is far faster than a matrix-vector product
            np.multiply(X_block[:, 0], w[0], out=r)
        else:
            np.dot(X_block, w, out=r)
        r += b
        r -= y_block
        squares += r @ r
        total += r.sum()
        dw += r @ X_block
    scale = 2.0 / n
    return squares / n, scale * dw, scale * total


def _mse(X: np.ndarray, y: np.ndarray, w: np.ndarray, b: float) -> float:
    """Unchecked core of the mean squared error."""
    return float(_residual_statistics(X, y, w, b)[0])


def _mse_many(X: np.ndarray, y: np.ndarray, W: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Unchecked core: the MSE of G parameter sets at once, ``W`` (k, G) and ``b`` (G,)."""
    residual = _predict(X, W, b) - y[:, None]
    return np.einsum("ng,ng->g", residual, residual) / len(y)


def _mse_gradient(
    X: np.ndarray, y: np.ndarray, w: np.ndarray, b: float
) -> tuple[np.ndarray, float]:
    """Unchecked core of the MSE gradient: ``(dw, db)``."""
    _, dw, db = _residual_statistics(X, y, w, b)
    return dw, float(db)


def _mse_gradient_many(
    X: np.ndarray, y: np.ndarray, W: np.ndarray, b: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    r"""Unchecked core: the MSE gradient at G parameter sets, ``W`` (k, G) and ``b`` (G,).

    Column g is :math:`\frac2N X^\top \mathbf r_g` and :math:`\frac2N \sum_i r_{ig}`, with
    residuals :math:`\mathbf r_g = X \mathbf w_g + b_g - \mathbf y`: the many-point
    companion of ``_mse_gradient``, as ``_mse_many`` is of ``_mse`` (for grids and histories).
    """
    residual = _predict(X, W, b) - y[:, None]  # (N, G)
    scale = 2.0 / len(y)
    return scale * (X.T @ residual), scale * residual.sum(axis=0)


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
