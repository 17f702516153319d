r"""Feature scaling: standardise the inputs, and convert coefficients back.

Standardising replaces each feature by :math:`z = (x - \mu)/\sigma`. A line fitted on
:math:`z`, :math:`\hat y = m_z z + b_z`, is the same line in the original units with

.. math:: m = \frac{m_z}{\sigma}, \qquad b = b_z - \frac{m_z \mu}{\sigma}.

Min-max scaling, :math:`z = (x - x_{\min})/(x_{\max} - x_{\min})`, is the same kind of
map with :math:`\mu \to x_{\min}` and :math:`\sigma \to x_{\max} - x_{\min}`, so
:func:`unstandardise` converts its coefficients back too.
"""

from __future__ import annotations

import numpy as np

from .validation import _as_float_array, _check_finite, _constant_columns, check_features

__all__ = ["min_max_scale", "standardise", "unstandardise"]


def _features(X: object) -> np.ndarray:
    """One feature ``x`` (N,) or many ``X`` (N, k), checked, in the shape given."""
    data = check_features(X)
    return data[:, 0] if np.ndim(X) <= 1 else data


def _statistic(name: str, value: object, shape: tuple[int, ...]) -> np.ndarray:
    """A finite per-feature statistic of the given shape (``()`` for one feature)."""
    array = _as_float_array(name, value)
    if array.shape != shape:
        wanted = "a single number (one feature)" if shape == () else f"shape {shape}"
        raise ValueError(
            f"{name} must be {wanted}, one value per feature of the data; got shape "
            f"{array.shape}. Pass the {name} that the scaling of the training data returned."
        )
    _check_finite(name, array)
    return array[()] if shape == () else array


def _scale(
    data: np.ndarray, centre: object, spread: object, names: tuple[str, str], statistics
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Shared core of the two scalings: ``(data - centre) / spread``."""
    centre_name, spread_name = names
    if centre is None and spread is None:
        centre, spread = statistics(data)
        if np.any(_constant_columns(data, spread)):
            columns = np.flatnonzero(np.atleast_1d(_constant_columns(data, spread)))
            where = "" if data.ndim == 1 else f" (column(s) {columns.tolist()})"
            raise ValueError(
                f"cannot scale a constant feature{where}: all its values are equal, so it "
                "carries no information about y; drop that column."
            )
    elif centre is None or spread is None:
        raise ValueError(
            f"give both {centre_name} and {spread_name} (to scale new data like the training "
            f"data), or neither (to compute them from this data)."
        )
    else:
        centre = _statistic(centre_name, centre, data.shape[1:])
        spread = _statistic(spread_name, spread, data.shape[1:])
        if np.any(spread <= 0):
            raise ValueError(f"{spread_name} must be positive; got {np.asarray(spread).tolist()}.")
    return (data - centre) / spread, centre, spread


def standardise(
    X: object, *, mean: object | None = None, std: object | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""Centre each feature on 0 and scale it to standard deviation 1.

    .. math:: z_{ij} = \frac{x_{ij} - \mu_j}{\sigma_j}, \qquad
              \mu_j = \frac1N \sum_i x_{ij}, \quad
              \sigma_j = \sqrt{\frac1N \sum_i (x_{ij} - \mu_j)^2}

    Works for one feature (``x`` of shape (N,)) or many (``X`` of shape (N, k)).

    Parameters
    ----------
    X : array_like, shape (N,) or (N, k)
    mean, std : float or array_like of shape (k,), optional
        Give both to scale *new* data (a test set, a new student) exactly like the
        training data; by default they are computed from ``X``.

    Returns
    -------
    Z, mean, std
        :math:`Z = (X - \mu) / \sigma` with the same shape as the input, and the
        per-feature :math:`\mu`, :math:`\sigma` (single numbers for one feature) needed to
        scale new inputs and to convert coefficients back with :func:`unstandardise`.

    Raises
    ------
    ValueError
        If a feature is constant (its standard deviation is 0 up to rounding).

    Examples
    --------
    >>> z, mean, std = standardise([1.0, 2.0, 3.0])
    >>> np.round(z, 4), float(mean), round(float(std), 4)
    (array([-1.2247,  0.    ,  1.2247]), 2.0, 0.8165)
    >>> z_new, _, _ = standardise([4.0], mean=mean, std=std)
    >>> np.round(z_new, 4)
    array([2.4495])
    """
    return _scale(
        _features(X), mean, std, ("mean", "std"), lambda d: (d.mean(axis=0), d.std(axis=0))
    )


def min_max_scale(
    X: object, *, low: object | None = None, high: object | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""Map each feature linearly onto :math:`[0, 1]`.

    .. math:: z_{ij} = \frac{x_{ij} - \min_i x_{ij}}{\max_i x_{ij} - \min_i x_{ij}}

    Parameters
    ----------
    X : array_like, shape (N,) or (N, k)
    low, high : float or array_like of shape (k,), optional
        Give both to scale new data like the training data; by default the per-feature
        minimum and maximum of ``X``.

    Returns
    -------
    Z, low, high
        The scaled data and the per-feature minimum and maximum. Coefficients fitted on
        ``Z`` convert back with ``unstandardise(w, b, mean=low, std=high - low)``.

    Examples
    --------
    >>> z, low, high = min_max_scale([2.0, 4.0, 10.0])
    >>> z, float(low), float(high)
    (array([0.  , 0.25, 1.  ]), 2.0, 10.0)
    """
    data = _features(X)
    if (low is None) != (high is None):
        raise ValueError(
            "give both low and high (to scale new data like the training data), or neither "
            "(to compute them from this data)."
        )
    spread = None
    if high is not None:
        low = _statistic("low", low, data.shape[1:])
        high = _statistic("high", high, data.shape[1:])
        spread = high - low
        if np.any(spread <= 0):
            raise ValueError(
                "high must be greater than low for every feature; got "
                f"low={np.asarray(low).tolist()}, high={np.asarray(high).tolist()}."
            )
    z, low, _ = _scale(
        data, low, spread, ("low", "high - low"), lambda d: (d.min(axis=0), np.ptp(d, axis=0))
    )
    return z, low, (data.max(axis=0) if high is None else high)


def unstandardise(
    w: object, b: object, mean: object, std: object
) -> tuple[np.ndarray | float, np.ndarray | float]:
    r"""Convert coefficients fitted on standardised inputs back to the original units.

    .. math:: w_j = \frac{w_{z,j}}{\sigma_j}, \qquad b = b_z - \sum_j \frac{w_{z,j}\,\mu_j}{\sigma_j}

    Parameters
    ----------
    w, b
        Weights and intercept fitted on :math:`z`. For one feature (``mean`` and ``std``
        single numbers) ``w`` and ``b`` are numbers, or arrays of the same shape, such as a
        whole ``result.history.m`` and ``result.history.b``, converted point by point.
        For k features ``w`` has shape (k,) or (E, k) (a history) and ``b`` shape () or (E,).
    mean, std
        The :math:`\mu` and :math:`\sigma` returned by :func:`standardise`.

    Returns
    -------
    w, b
        Floats for a single pair of coefficients, arrays for a history.

    Examples
    --------
    >>> unstandardise(2.0, 5.0, mean=2.0, std=0.5)
    (4.0, -3.0)
    >>> unstandardise([2.0, 0.0], [5.0, 1.0], mean=2.0, std=0.5)
    (array([4., 0.]), array([-3.,  1.]))
    """
    w_z, b_z = _as_float_array("w", w), _as_float_array("b", b)
    _check_finite("w", w_z)
    _check_finite("b", b_z)
    one_feature = np.ndim(mean) == 0 and np.ndim(std) == 0 and w_z.shape == b_z.shape
    k = 1 if one_feature or np.ndim(mean) == 0 else np.shape(mean)[0]
    shape = () if one_feature else (k,)
    if not one_feature and np.ndim(mean) == 0 and np.ndim(std) == 0:
        mean, std = [mean], [std]  # one feature, coefficients given as w of shape (..., 1)
    mean, std = _statistic("mean", mean, shape), _statistic("std", std, shape)
    if np.any(std <= 0):
        raise ValueError(f"std must be positive; got {np.asarray(std).tolist()}.")
    if one_feature:
        slope = w_z / std
        intercept = b_z - slope * mean
    else:
        if w_z.ndim == 0 or w_z.shape[-1] != k or b_z.shape != w_z.shape[:-1]:
            raise ValueError(
                f"w must have one weight per feature along its last axis ({k} here), and b "
                f"one intercept per row of w; got w of shape {w_z.shape} and b of shape "
                f"{b_z.shape}."
            )
        slope = w_z / std
        intercept = b_z - slope @ mean
    if intercept.ndim == 0:
        return (float(slope) if slope.ndim == 0 else slope), float(intercept)
    return slope, intercept
