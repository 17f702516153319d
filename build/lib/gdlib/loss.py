r"""The cost: mean squared error, and its gradient.

With the residuals :math:`\mathbf r = X\mathbf w + b - \mathbf y` (prediction minus target),

.. math::

    \mathrm{MSE} = \frac1N \sum_{i=1}^{N} r_i^2, \qquad
    \nabla_{\mathbf w}\,\mathrm{MSE} = \frac2N X^\top \mathbf r, \qquad
    \frac{\partial\,\mathrm{MSE}}{\partial b} = \frac2N \sum_{i=1}^{N} r_i .

For one feature (:math:`X` a single column :math:`x`, :math:`\mathbf w = (m)`) these are the
chapter-3 formulas :math:`\partial_m = -\frac2N\sum_i x_i (y_i - (m x_i + b))` and
:math:`\partial_b = -\frac2N\sum_i (y_i - (m x_i + b))`. The three private functions below are
the only place where gdlib computes them; every public function and every descent loop calls
them. (The cache-blocked and sufficient-statistics versions of chapter 12 live in
:mod:`gdlib.fast`, tested equal to these.)
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .model import _predict
from .validation import check_data, check_scalar, check_vector, check_weights

__all__ = ["mse", "mse_gradient", "mse_gradient_grid", "mse_grid", "mse_objective"]

#: ``(w, b) -> (cost, dw, db)``: what :func:`gdlib.iterate` descends.
CostAndGradient = Callable[[np.ndarray, float], tuple[float, np.ndarray, float]]


def _residual(X: np.ndarray, y: np.ndarray, w: np.ndarray, b: float | np.ndarray) -> np.ndarray:
    r"""Residuals :math:`\mathbf r = X\mathbf w + b - \mathbf y`; with G parameter sets
    (``w`` of shape (k, G), ``b`` of shape (G,)) one column per set, shape (N, G)."""
    return _predict(X, w, b) - (y if np.ndim(w) == 1 else y[:, None])


def _mse(r: np.ndarray) -> float | np.ndarray:
    r"""The mean of the squared residuals, :math:`\frac1N \sum_i r_i^2` (per column)."""
    return np.mean(r**2, axis=0)


def _mse_gradient(X: np.ndarray, r: np.ndarray) -> tuple[np.ndarray, float | np.ndarray]:
    r"""The gradient :math:`\bigl(\frac2N X^\top \mathbf r,\ \frac2N \sum_i r_i\bigr)` (per column)."""
    scale = 2.0 / len(r)
    return scale * (X.T @ r), scale * r.sum(axis=0)


def _checked(x: object, y: object, w: object, b: object):
    X, y = check_data(x, y)
    return X, y, check_weights(w, X.shape[1]), check_scalar("b", b)


def mse(x: object, y: object, w: object, b: float) -> float:
    r"""Mean squared error of the model on the data.

    .. math:: \mathrm{MSE} = \frac{1}{N} \sum_{i=1}^{N} \bigl(\hat y_i - y_i\bigr)^2, \qquad
              \hat y_i = m x_i + b \ \text{(one feature)}, \quad
              \hat{\mathbf y} = X\mathbf w + b \ \text{(k features)}

    Parameters
    ----------
    x : array_like, shape (N,) or (N, k)
        Inputs: one feature ``x`` or a feature matrix ``X``.
    y : array_like, shape (N,)
        Targets.
    w : float or array_like of shape (k,)
        The slope ``m`` for one feature, one weight per feature for ``X``.
    b : float
        Intercept.

    Returns
    -------
    float

    Examples
    --------
    >>> mse([0.0, 1.0], [1.0, 3.0], w=2.0, b=0.0)
    1.0
    >>> mse([[0.0, 1.0], [1.0, 0.0]], [1.0, 3.0], w=[2.0, 1.0], b=0.0)
    0.5
    """
    X, y, w, b = _checked(x, y, w, b)
    return float(_mse(_residual(X, y, w, b)))


def mse_gradient(x: object, y: object, w: object, b: float) -> tuple[float | np.ndarray, float]:
    r"""Gradient of the MSE with respect to the weights and the intercept.

    .. math::

        \nabla_{\mathbf w} = \frac2N X^\top \mathbf r, \qquad
        \frac{\partial\,\mathrm{MSE}}{\partial b} = \frac2N \sum_i r_i, \qquad
        \mathbf r = X\mathbf w + b - \mathbf y;

    for one feature :math:`\partial_m = -\frac2N\sum_i x_i\,(y_i - (m x_i + b))`.

    Returns
    -------
    (dm, db) : tuple of float
        When ``x`` is 1-D (one feature).
    (dw, db) : numpy.ndarray of shape (k,) and float
        When ``X`` is 2-D.

    Examples
    --------
    >>> mse_gradient([0.0, 1.0], [1.0, 3.0], w=2.0, b=0.0)
    (-1.0, -2.0)
    >>> mse_gradient([[0.0], [1.0]], [1.0, 3.0], w=[2.0], b=0.0)
    (array([-1.]), -2.0)
    """
    X, y, w, b = _checked(x, y, w, b)
    dw, db = _mse_gradient(X, _residual(X, y, w, b))
    return (float(dw[0]) if np.ndim(x) <= 1 else dw), float(db)


def mse_objective(x: object, y: object) -> CostAndGradient:
    r"""The MSE of this data as a function of the parameters, for :func:`gdlib.iterate`.

    Checks ``x`` and ``y`` once and returns ``cost_and_gradient(w, b)``, which evaluates
    :math:`\bigl(\mathrm{MSE},\ \frac2N X^\top\mathbf r,\ \frac2N\sum_i r_i\bigr)` at
    ``w`` (a float array of shape (k,), not checked: it is called once per epoch) and ``b``.
    Called as ``cost_and_gradient(w, b, rows)`` it uses only the data points ``rows``
    (an index array or a slice): the MSE of a mini-batch (chapter 9).

    Examples
    --------
    >>> cost_and_gradient = mse_objective([0.0, 1.0], [1.0, 3.0])
    >>> cost, dw, db = cost_and_gradient(np.array([2.0]), 0.0)
    >>> float(cost), dw, float(db)
    (1.0, array([-1.]), -2.0)
    """
    X, y = check_data(x, y)

    def cost_and_gradient(w: np.ndarray, b: float, rows: object = None):
        X_rows, y_rows = (X, y) if rows is None else (X[rows], y[rows])
        r = _residual(X_rows, y_rows, w, b)
        return (_mse(r), *_mse_gradient(X_rows, r))

    return cost_and_gradient


def mse_grid(x: object, y: object, m_values: object, b_values: object) -> np.ndarray:
    r"""The MSE of a line at every point of a grid of slopes and intercepts.

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
    x = check_vector("x", x)
    X, y = check_data(x, y)
    M, B = np.meshgrid(check_vector("m_values", m_values), check_vector("b_values", b_values))
    return _mse(_residual(X, y, M.ravel()[None, :], B.ravel())).reshape(M.shape)


def mse_gradient_grid(
    x: object, y: object, m_values: object, b_values: object
) -> tuple[np.ndarray, np.ndarray]:
    r"""The MSE gradient of a line at the points :math:`(m_j, b_j)`: ``(dm, db)``, arrays.

    ``m_values`` and ``b_values`` (same shape) pair up point by point (for arrows on a
    contour plot, or a whole ``history``); each result has their shape.

    Examples
    --------
    >>> mse_gradient_grid([0.0, 1.0], [1.0, 3.0], [2.0, 0.0], [0.0, 0.0])
    (array([-1., -3.]), array([-2., -4.]))
    """
    x = check_vector("x", x)
    X, y = check_data(x, y)
    m_values = np.asarray(m_values, dtype=float)
    b_values = np.asarray(b_values, dtype=float)
    if m_values.shape != b_values.shape:
        raise ValueError(
            f"m_values and b_values must have the same shape (one (m, b) pair per point); "
            f"got {m_values.shape} and {b_values.shape}."
        )
    dm, db = _mse_gradient(X, _residual(X, y, m_values.ravel()[None, :], b_values.ravel()))
    return dm[0].reshape(m_values.shape), db.reshape(b_values.shape)
