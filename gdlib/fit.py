r"""``fit``: the sensible default — standardise, pick the step from the data, stop on a tolerance.

Everything the book builds up, in one call:

1. standardise every feature, :math:`z = (x - \mu)/\sigma` (chapter 6), and centre the
   target, :math:`y - \bar y`;
2. compute the eigenvalues :math:`\lambda_{\min} \le \lambda_{\max}` of the MSE Hessian of
   the standardised problem and take the step with the fastest worst-case convergence,
   :math:`\eta = 2/(\lambda_{\max} + \lambda_{\min})` (chapter 5). With one feature the
   Hessian is :math:`2I`, :math:`\eta = 1/2`, and one step lands on the minimum;
3. run full-batch gradient descent until the gradient norm is at most ``tolerance`` times
   the standard deviation of ``y`` (so the same tolerance suits data in any units). For one
   feature the epochs work on the sufficient statistics (chapter 12), after one pass over
   the data;
4. convert the coefficients back to the original units.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .descent import iterate
from .fast import (
    SufficientStatistics,
    _hessian_points,
    _residual_statistics,
    _sufficient_statistics,
    statistics_objective,
)
from .loss import mse_objective
from .scaling import standardise, unstandardise
from .stability import hessian_eigenvalues, stability_limit
from .validation import (
    check_data,
    check_epochs,
    check_same_length,
    check_tolerance,
    check_vector,
)

__all__ = ["FitResult", "LinearFitResult", "fit"]


@dataclass(frozen=True)
class FitResult:
    """Outcome of :func:`fit` with one feature: the line ``y = m x + b`` in the data's units."""

    m: float  #: slope
    b: float  #: intercept
    cost: float  #: MSE at (m, b), in the units of y squared
    epochs_run: int  #: number of gradient steps taken
    converged: bool  #: True if the gradient norm fell to ``tolerance``
    learning_rate: float  #: the step used on the standardised problem


@dataclass(frozen=True)
class LinearFitResult:
    """Outcome of :func:`fit` with ``X`` of shape (N, k): ``y = X w + b`` in the data's units."""

    w: np.ndarray  #: weights, shape (k,)
    b: float  #: intercept
    cost: float  #: MSE at (w, b), in the units of y squared
    epochs_run: int  #: number of gradient steps taken
    converged: bool  #: True if the gradient norm fell to ``tolerance``
    learning_rate: float  #: the step used on the standardised problem


def fit(
    x: object, y: object, tolerance: float = 1e-10, max_epochs: int = 10_000
) -> FitResult | LinearFitResult:
    r"""Fit a line (``x`` of shape (N,)) or a linear model (``X`` of shape (N, k)) to ``y``.

    Standardises the features and centres ``y``, descends with
    :math:`\eta = 2/(\lambda_{\max}+\lambda_{\min})` of the standardised MSE Hessian until the
    gradient norm is at most ``tolerance`` times :math:`\sigma_y`, and returns the
    coefficients in the original units:

    .. math:: w_j = \frac{w_{z,j}}{\sigma_j}, \qquad
              b = \bar y + b_z - \sum_j \frac{w_{z,j}\,\mu_j}{\sigma_j}.

    Parameters
    ----------
    x : array_like, shape (N,) or (N, k)
        Inputs: one value per point, or one row per point and one column per feature.
    y : array_like, shape (N,)
        Targets.
    tolerance : float, default 1e-10
        Stop once the gradient norm of the standardised problem is at most
        ``tolerance * std(y)``: relative to the spread of ``y``, so it suits any units.
        ``None`` runs all ``max_epochs``.
    max_epochs : int, default 10000
        Give up (``converged=False``) after this many steps.

    Returns
    -------
    FitResult or LinearFitResult
        ``m``, ``b`` for ``x`` of shape (N,); ``w``, ``b`` for ``X`` of shape (N, k); with the
        ``cost``, ``epochs_run``, ``converged`` and the ``learning_rate`` used.

    Raises
    ------
    ValueError
        For NaN or infinite values, mismatched lengths, a constant feature, or features
        so strongly correlated (collinear) that there is no unique best fit.
    TypeError
        For inputs that are not numbers.

    Examples
    --------
    >>> result = fit([0.0, 1.0, 2.0, 3.0], [1.0, 3.0, 5.0, 7.0])
    >>> round(result.m, 6), round(result.b, 6), result.converged, result.epochs_run
    (2.0, 1.0, True, 1)
    """
    tolerance, max_epochs = check_tolerance(tolerance), check_epochs(max_epochs)
    if np.ndim(x) <= 1:
        return _fit_line(x, y, tolerance, max_epochs)
    return _fit_features(x, y, tolerance, max_epochs)


def _step(low: float, high: float) -> float:
    """The step ``2 / (lambda_max + lambda_min)``, or an error when the minimum is not unique."""
    if low <= 1e-12 * high:
        raise ValueError(
            "the columns of x are collinear (one is a combination of the others, or there are "
            "fewer points than features + 1): there is no unique best fit. Drop or combine "
            "columns, or add data."
        )
    return float(2.0 / (low + high))


def _fit_line(x: object, y: object, tolerance: float | None, max_epochs: int) -> FitResult:
    """One feature: one pass for the sufficient statistics, then O(1) per epoch."""
    X, y = check_data(check_vector("x", x), y)
    stats = _sufficient_statistics(X[:, 0], y)
    mean, std = stats.mean_x, float(np.sqrt(stats.sxx / stats.n))
    if std <= 4 * np.finfo(float).eps * abs(mean):  # as gdlib.standardise, from the statistics
        raise ValueError(
            "cannot scale a constant feature: all values of x are equal, so x carries no "
            "information about y and there is no unique best line."
        )
    # The standardised problem: z = (x - mean) / std against y - mean_y, so mean_z = 0 and
    # S_zz = N; its Hessian is 2 I.
    z = SufficientStatistics(stats.n, 0.0, 0.0, float(stats.n), stats.sxy / std, stats.syy)
    learning_rate = _step(*hessian_eigenvalues(_hessian_points(z))[[0, -1]])
    result = iterate(
        statistics_objective(z),
        np.zeros(1),
        0.0,
        learning_rate=learning_rate,
        epochs=max_epochs,
        tolerance=None if tolerance is None else tolerance * (np.sqrt(stats.syy / stats.n) or 1.0),
        stability_limit=lambda: stability_limit(_hessian_points(z)),
        stacklevel=3,
    )
    m, b = unstandardise(float(result.w[0]), result.b, mean, std)
    b += stats.mean_y
    cost, _, _ = _residual_statistics(X, y, np.array([m]), b)
    return FitResult(m, b, float(cost), result.epochs_run, result.converged, learning_rate)


def _fit_features(
    X: object, y: object, tolerance: float | None, max_epochs: int
) -> LinearFitResult:
    """k features: descend on the standardised data, one pass per epoch."""
    Z, mean, std = standardise(X)  # also checks X
    y = check_vector("y", y)
    check_same_length("x", Z, "y", y)
    y_mean = float(y.mean())
    y_centred = y - y_mean
    y_std = float(np.sqrt(y_centred @ y_centred / len(y)))
    learning_rate = _step(*hessian_eigenvalues(Z)[[0, -1]])
    result = iterate(
        mse_objective(Z, y_centred),
        np.zeros(Z.shape[1]),
        0.0,
        learning_rate=learning_rate,
        epochs=max_epochs,
        tolerance=None if tolerance is None else tolerance * (y_std or 1.0),
        stability_limit=lambda: stability_limit(Z),
        stacklevel=3,
    )
    w, b = unstandardise(result.w, result.b, mean, std)
    return LinearFitResult(
        w, y_mean + b, result.cost, result.epochs_run, result.converged, learning_rate
    )
