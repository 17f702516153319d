r"""Judging a fit and a run: held-out data, the coefficient of determination, convergence.

A model is judged on data it was not fitted to: :func:`train_test_split` holds some points
back. :func:`r_squared` says which fraction of the spread of :math:`y` a fit explains:

.. math:: R^2 = 1 - \frac{\sum_i (y_i - \hat y_i)^2}{\sum_i (y_i - \bar y)^2}.

:func:`epochs_to_reach` counts how many epochs a descent needed to get (and stay) close to
a known optimum.
"""

from __future__ import annotations

import numpy as np

from .convergence import relative_distance
from .validation import check_data, check_same_length, check_scalar, check_seed, check_vector

__all__ = ["epochs_to_reach", "r_squared", "train_test_split"]


def r_squared(y: object, y_pred: object) -> float:
    r"""Coefficient of determination of the predictions ``y_pred`` of the targets ``y``.

    .. math::

        R^2 = 1 - \frac{\sum_i (y_i - \hat y_i)^2}{\sum_i (y_i - \bar y)^2}

    1 for a perfect fit; 0 for predicting the mean :math:`\bar y` everywhere; negative for
    predictions worse than the mean (possible on data the model was not fitted to).

    Parameters
    ----------
    y : array_like, shape (N,)
        Measured targets; they must not all be equal.
    y_pred : array_like, shape (N,)
        Predictions :math:`\hat y_i`, one per target.

    Returns
    -------
    float

    Examples
    --------
    >>> r_squared([1.0, 2.0, 3.0], [1.0, 2.0, 3.0])
    1.0
    >>> r_squared([1.0, 2.0, 3.0], [2.0, 2.0, 2.0])
    0.0
    >>> round(r_squared([1.0, 2.0, 3.0], [1.5, 2.0, 2.5]), 4)
    0.75
    """
    y, y_pred = check_vector("y", y), check_vector("y_pred", y_pred)
    check_same_length("y", y, "y_pred", y_pred)
    if np.ptp(y) == 0.0:
        raise ValueError(
            "r_squared is undefined when every y is the same (no spread to explain); "
            "check that y holds the targets, not a constant."
        )
    centred, residual = y - y.mean(), y - y_pred
    return 1.0 - float(residual @ residual) / float(centred @ centred)


def train_test_split(
    x: object, y: object, *, test_fraction: float = 0.2, seed: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    r"""Shuffle the points with a seeded generator and hold a fraction of them back.

    The test set gets :math:`\mathrm{round}(f N)` points (at least 1), the training set the
    other ones (at least 1). Each point lands in exactly one of the two sets.

    Parameters
    ----------
    x : array_like, shape (N,) or (N, k)
        Inputs: one feature, or one row of features per point.
    y : array_like, shape (N,)
        Targets.
    test_fraction : float, default 0.2
        Fraction :math:`f` of the points to hold back, strictly between 0 and 1.
    seed : int, default 0
        Seed for :func:`numpy.random.default_rng`; the same seed gives the same split.

    Returns
    -------
    x_train, x_test, y_train, y_test : numpy.ndarray

    Examples
    --------
    >>> x_train, x_test, y_train, y_test = train_test_split(
    ...     [0.0, 1.0, 2.0, 3.0, 4.0], [0.0, 10.0, 20.0, 30.0, 40.0], test_fraction=0.4, seed=1
    ... )
    >>> len(x_train), len(x_test), bool(np.all(y_test == 10 * x_test))
    (3, 2, True)
    """
    X, y = check_data(x, y)
    x = X[:, 0] if np.ndim(x) <= 1 else X
    fraction = check_scalar("test_fraction", test_fraction)
    if not 0.0 < fraction < 1.0:
        raise ValueError(
            f"test_fraction must be strictly between 0 and 1; got {fraction!r}. "
            "A common choice is 0.2 (hold back one point in five)."
        )
    rng = check_seed(seed)
    n = len(y)
    if n < 2:
        raise ValueError(f"a split needs at least 2 points (one per set); got {n}.")
    n_test = min(max(round(fraction * n), 1), n - 1)
    order = rng.permutation(n)
    test, train = order[:n_test], order[n_test:]
    return x[train], x[test], y[train], y[test]


def epochs_to_reach(
    path: object, optimum: object, *, relative_tolerance: float = 1e-6
) -> int | None:
    r"""First epoch from which a descent path stays within a relative distance of the optimum.

    The smallest :math:`t` with
    :math:`\lVert\boldsymbol\theta_s - \boldsymbol\theta^*\rVert \le
    \varepsilon\,\lVert\boldsymbol\theta^*\rVert` for every recorded epoch :math:`s \ge t`
    (the distances are :func:`gdlib.relative_distance`).

    Parameters
    ----------
    path : array_like, shape (E + 1,) or (E + 1, p)
        The parameters at every epoch, the start first; e.g.
        ``np.column_stack([result.history.m, result.history.b])``.
    optimum : array_like, shape (p,)
        The optimum :math:`\boldsymbol\theta^*`, not zero (e.g. from ``numpy.linalg.lstsq``).
    relative_tolerance : float, default 1e-6
        :math:`\varepsilon > 0`.

    Returns
    -------
    int or None
        The epoch :math:`t`, or ``None`` if the last recorded point is still too far.

    Examples
    --------
    The path below is close at epoch 1, leaves, and is back for good from epoch 3:

    >>> path = [[4.0, 0.0], [1.95, 0.0], [2.5, 0.0], [1.9, 0.0], [2.05, 0.0]]
    >>> epochs_to_reach(path, optimum=[2.0, 0.0], relative_tolerance=0.06)
    3
    """
    tolerance = check_scalar("relative_tolerance", relative_tolerance)
    if tolerance <= 0:
        raise ValueError(f"relative_tolerance must be positive; got {tolerance!r}.")
    outside = relative_distance(path, optimum) > tolerance
    if outside[-1]:
        return None
    return int(np.flatnonzero(outside)[-1] + 1) if outside.any() else 0
