r"""The model: a straight line, and its many-feature form.

One feature (chapters 1-7): :math:`\hat y = m x + b`.
Many features (chapter 8 on): :math:`\hat{\mathbf y} = X \mathbf w + b`.
The line is the one-column case of the general model, so both share one formula and one
function, :func:`predict`.
"""

from __future__ import annotations

import numpy as np

from .validation import check_features, check_scalar, check_weights

__all__ = ["predict"]


def _predict(X: np.ndarray, w: np.ndarray, b: float | np.ndarray) -> np.ndarray:
    r"""The formula :math:`X\mathbf w + b`, for arrays already checked.

    ``w`` may also hold G parameter sets as columns, shape (k, G) with ``b`` of shape (G,):
    the result is then (N, G), one column of predictions per parameter set.
    """
    return X @ w + b


def predict(x: object, w: object, b: float) -> np.ndarray:
    r"""Predict :math:`\hat y_i = m x_i + b` (one feature) or :math:`\hat{\mathbf y} = X\mathbf w + b`.

    Parameters
    ----------
    x : array_like, shape (N,) or (N, k)
        Inputs: one value per data point (one feature ``x``), or one row per data point
        and one column per feature (``X``).
    w : float or array_like of shape (k,)
        The slope :math:`m` (a number) for one feature; one weight per feature for ``X``.
    b : float
        Intercept (machine-learning texts call it the *bias*): the prediction at :math:`x = 0`.

    Returns
    -------
    numpy.ndarray, shape (N,)
        The predictions :math:`\hat y`.

    Examples
    --------
    >>> predict([0.0, 1.0, 2.0], w=3.0, b=4.0)
    array([ 4.,  7., 10.])
    >>> predict([[1.0, 2.0], [3.0, 4.0]], w=[1.0, -1.0], b=0.5)
    array([-0.5, -0.5])
    """
    X = check_features(x)
    return _predict(X, check_weights(w, X.shape[1]), check_scalar("b", b))
