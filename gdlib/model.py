r"""The model: a straight line, and its many-feature form.

One feature (chapters 1-7): :math:`\hat y = m x + b`.
Many features (chapter 8 on): :math:`\hat{\mathbf y} = X \mathbf w + b`.
The line is the one-column case of the general model, so both share one formula.
"""

from __future__ import annotations

import numpy as np

from .validation import check_matrix, check_scalar, check_vector, check_weights

__all__ = ["linear_predict", "predict"]


def _predict(X: np.ndarray, w: np.ndarray, b: float) -> np.ndarray:
    r"""Unchecked core: :math:`X \mathbf w + b` for validated arrays."""
    return X @ w + b


def predict(x: object, m: float, b: float) -> np.ndarray:
    r"""Predict :math:`\hat y_i = m x_i + b` for every data point.

    Parameters
    ----------
    x : array_like, shape (N,)
        Inputs, one per data point (list or numpy array).
    m : float
        Slope: how much :math:`\hat y` rises when :math:`x` grows by 1.
    b : float
        Intercept (the blog post calls it the *bias*): :math:`\hat y` at :math:`x = 0`.

    Returns
    -------
    numpy.ndarray, shape (N,)
        The predictions :math:`\hat y`.

    Examples
    --------
    >>> predict([0.0, 1.0, 2.0], m=3.0, b=4.0)
    array([ 4.,  7., 10.])
    """
    x = check_vector("x", x)
    return _predict(x[:, None], np.array([check_scalar("m", m)]), check_scalar("b", b))


def linear_predict(X: object, w: object, b: float) -> np.ndarray:
    r"""Predict :math:`\hat{\mathbf y} = X \mathbf w + b` for N points with k features.

    Parameters
    ----------
    X : array_like, shape (N, k)
        One row per data point, one column per feature.
    w : array_like, shape (k,)
        One weight per feature.
    b : float
        Intercept, added to every prediction.

    Returns
    -------
    numpy.ndarray, shape (N,)

    Examples
    --------
    >>> linear_predict([[1.0, 2.0], [3.0, 4.0]], w=[1.0, -1.0], b=0.5)
    array([-0.5, -0.5])
    """
    X = check_matrix("X", X)
    return _predict(X, check_weights(w, X.shape[1]), check_scalar("b", b))
