r"""``fit``: the sensible default — right to 9 digits on reasonable data, or it says so.

Everything the book builds up, in one call:

1. **Gram statistics** (chapter 12): one sweep over the data for the means, one for the
   centred sums :math:`S_{xx}, S_{xy}, S_{yy}` (:func:`gdlib.gram_statistics`). After that
   nothing depends on :math:`N`.
2. **Standardise** (chapter 6), in the statistics: dividing every feature by its spread
   :math:`\sigma_j` and the target by :math:`\sigma_y` turns :math:`S_{xx}/N` into the
   correlation matrix :math:`C` (ones on the diagonal) and :math:`S_{xy}/N` into the
   correlations :math:`c` of the features with ``y``. The standardised MSE is
   :math:`1 - 2 v^\top c + v^\top C v`, its gradient :math:`2 (C v - c)`, its Hessian
   :math:`2 C`.
3. **Conjugate gradients** (chapter 17) on :math:`C v = c`: each epoch costs one product
   with the :math:`k \times k` matrix :math:`C`. Every :math:`2k` epochs it restarts from the
   true gradient, which undoes the drift of round-off on ill-conditioned :math:`C`.
4. **Convert back** (chapter 6): :math:`w_j = v_j \sigma_y / \sigma_j`,
   :math:`b = \bar y - w^\top \mu`.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

from .conjugate_gradients import conjugate_gradients
from .diagnostics import ConvergenceWarning
from .fast import _gram_statistics
from .validation import check_data, check_epochs, check_tolerance

__all__ = ["FitResult", "fit"]


@dataclass(frozen=True)
class FitResult:
    """Outcome of :func:`fit`: ``y ≈ X w + b`` (or ``y ≈ m x + b``) in the data's units."""

    w: np.ndarray  #: weights, shape (k,)
    b: float  #: intercept
    cost: float  #: MSE at (w, b), in the units of y squared
    epochs_run: int  #: number of conjugate-gradient steps, each O(k^2)
    converged: bool  #: True if the gradient norm fell to ``tolerance``
    condition_number: float  #: of the standardised Hessian 2 C, lambda_max / lambda_min

    @property
    def m(self) -> float:
        """The slope, when there is one feature."""
        if self.w.shape != (1,):
            raise AttributeError(
                f"m exists only for one feature; this fit has {len(self.w)} features, use w."
            )
        return float(self.w[0])


def fit(x: object, y: object, *, epochs: int = 1000, tolerance: float | None = 1e-13) -> FitResult:
    r"""Fit a line (``x`` of shape (N,)) or a linear model (``X`` of shape (N, k)) to ``y``.

    In plain words: collect the means and the centred sums of products of the data in one
    sweep (the Gram statistics); standardise inside those statistics, so that every feature
    and the target have spread 1; walk down the standardised MSE bowl by conjugate
    gradients, each epoch a product with a :math:`k \times k` matrix whatever :math:`N`;
    convert the coefficients back to the data's units:

    .. math::

        C_{ij} = \frac{(S_{xx})_{ij}}{N \sigma_i \sigma_j}, \quad
        c_j = \frac{(S_{xy})_j}{N \sigma_j \sigma_y}, \quad
        C v = c, \quad
        w_j = \frac{\sigma_y}{\sigma_j} v_j, \quad b = \bar y - \sum_j w_j \mu_j ,

    where :math:`\mu_j, \sigma_j` are the mean and standard deviation of feature :math:`j` and
    :math:`\bar y, \sigma_y` those of ``y``.

    **Guarantee.** When the condition number :math:`\kappa` of the standardised Hessian
    (reported as ``condition_number``) is at most :math:`10^5`, the default arguments give
    every weight to 9 significant digits or better (relative to :math:`\max(|w_j|,
    \sigma_y/\sigma_j)`), tested against exact rational arithmetic. On harder data it still
    returns its best answer, and if the tolerance was not met it says so: ``converged`` is
    False and it warns.

    Parameters
    ----------
    x : array_like, shape (N,) or (N, k)
        Inputs: one value per point, or one row per point and one column per feature.
    y : array_like, shape (N,)
        Targets.
    epochs : int, default 1000
        At most this many conjugate-gradient steps. As in :func:`gdlib.gradient_descent`,
        an epoch is one evaluation of the gradient, here from the statistics (:math:`O(k^2)`).
    tolerance : float or None, default 1e-13
        Stop once the gradient norm of the standardised MSE, :math:`\lVert 2(Cv - c)\rVert`,
        is at most ``tolerance``. Same meaning as in :func:`gdlib.gradient_descent`, on the
        standardised problem, where features and target have no units: it bounds the error
        of the standardised weights by ``tolerance / (2 lambda_min)``. ``None``: no
        tolerance; runs until the epochs run out or round-off stops the progress, and
        reports ``converged=False`` (with a warning), as :func:`gdlib.gradient_descent` does.

    Returns
    -------
    FitResult
        ``w`` (k,), ``b``, ``m`` (one feature only), ``cost`` (from the statistics, accurate to
        about :math:`10^{-15}\sigma_y^2`), ``epochs_run``, ``converged``, ``condition_number``.

    Warns
    -----
    ConvergenceWarning
        If it stops before the tolerance is met (out of epochs, or round-off stops the
        progress), with the condition number, the epochs used and what to do.

    Raises
    ------
    ValueError
        For NaN or infinite values, mismatched lengths, a constant feature, or features
        so strongly correlated (collinear, :math:`\kappa > 10^{12}`) that there is no unique
        best fit.
    TypeError
        For inputs that are not numbers.

    Examples
    --------
    >>> result = fit([0.0, 1.0, 2.0, 3.0], [1.0, 3.0, 5.0, 7.0])
    >>> round(result.m, 6), round(result.b, 6), result.converged, result.epochs_run
    (2.0, 1.0, True, 1)
    """
    epochs, tolerance = check_epochs(epochs), check_tolerance(tolerance)
    X, y = check_data(x, y)
    stats = _gram_statistics(X, y)
    n, k = X.shape
    spread = np.sqrt(np.diag(stats.sxx) / n)
    constant = spread <= 4 * np.finfo(float).eps * np.abs(stats.mean_x)
    if constant.any():
        column = "" if X.shape[1] == 1 else f" (column {int(np.argmax(constant))} of x)"
        raise ValueError(
            f"cannot scale a constant feature{column}: all its values are equal, so it carries "
            "no information about y and there is no unique best fit. Remove that column."
        )
    y_spread = np.sqrt(stats.syy / n)
    C = stats.sxx / (n * np.outer(spread, spread))
    eigenvalues = np.linalg.eigvalsh(C)
    if eigenvalues[0] <= 1e-12 * eigenvalues[-1]:
        raise ValueError(
            "the columns of x are collinear (one is a combination of the others, or there are "
            "fewer points than features + 1): there is no unique best fit. Drop or combine "
            "columns, or add data."
        )
    kappa = float(eigenvalues[-1] / eigenvalues[0])
    if y_spread == 0:  # constant y: the flat line through it, exactly
        return FitResult(np.zeros(k), stats.mean_y, 0.0, 0, True, kappa)
    c = stats.sxy / (n * spread * y_spread)

    v, epochs_run, gradient_norm, stalled = _solve(C, c, epochs, tolerance)
    converged = tolerance is not None and gradient_norm <= tolerance
    if not converged:
        warnings.warn(
            ConvergenceWarning(_advice(kappa, epochs_run, gradient_norm, tolerance, stalled)),
            stacklevel=2,
        )
    w = v * (y_spread / spread)
    b = float(stats.mean_y - w @ stats.mean_x)
    cost = y_spread**2 * max(1.0 - 2.0 * (v @ c) + v @ C @ v, 0.0)
    return FitResult(w, b, float(cost), epochs_run, bool(converged), kappa)


_RESTART_EVERY = 2  # restart conjugate gradients every 2 k steps (measured best)
_PATIENCE = 3  # restarts in a row that fail to halve the gradient norm before giving up


def _solve(
    C: np.ndarray, c: np.ndarray, epochs: int, tolerance: float | None
) -> tuple[np.ndarray, int, float, bool]:
    """Conjugate gradients on ``C v = c`` from 0, restarted from the true gradient every 2 k
    steps, until the gradient norm ``|2 (C v - c)|`` is at most ``tolerance`` (returns
    ``stalled=False``), the epochs run out (``False``), or round-off stops the progress:
    ``_PATIENCE`` restarts in a row fail to halve the gradient norm (``True``)."""
    k = len(c)
    v = np.zeros(k)
    epochs_run, best, stalls = 0, np.inf, 0
    residual_tolerance = 0.0 if tolerance is None else tolerance / 2  # gradient = -2 r
    while True:
        gradient_norm = 2 * float(np.linalg.norm(C @ v - c))
        if tolerance is not None and gradient_norm <= tolerance:
            return v, epochs_run, gradient_norm, False
        stalls = stalls + 1 if gradient_norm >= best / 2 else 0
        best = min(best, gradient_norm)
        if stalls >= _PATIENCE or gradient_norm == 0:
            return v, epochs_run, gradient_norm, True
        if epochs_run >= epochs:
            return v, epochs_run, gradient_norm, False
        run = conjugate_gradients(
            C,
            c,
            x0=v,
            tolerance=residual_tolerance,
            max_iterations=min(_RESTART_EVERY * k, epochs - epochs_run),
        )
        v, epochs_run = run.x, epochs_run + run.iterations


def _advice(
    kappa: float, epochs_run: int, gradient_norm: float, tolerance: float | None, stalled: bool
) -> str:
    """The text of the ConvergenceWarning: what happened and what to do."""
    epochs = f"{epochs_run} epoch{'' if epochs_run == 1 else 's'}"
    more = f"allow more epochs (epochs={max(10 * epochs_run, 100)}) or a larger tolerance"
    if tolerance is None:
        what = f"ran {epochs} without a tolerance (tolerance=None)"
        more = "give a tolerance"
    elif stalled:
        what = (
            f"stopped after {epochs}: round-off keeps the gradient norm at "
            f"{gradient_norm:.2g}, above tolerance={tolerance:.2g}"
        )
        more = f"more epochs will not help; accept a tolerance above {gradient_norm:.2g}"
    else:
        what = (
            f"used all {epochs}; the gradient norm is {gradient_norm:.2g}, "
            f"above tolerance={tolerance:.2g}"
        )
    return (
        f"fit did not converge: it {what}. The standardised Hessian has condition number "
        f"{kappa:.3g} (fit guarantees 9 digits up to 1e5). To do: {more}; or solve directly "
        "with gdlib.least_squares(X, y); or use fewer or less correlated features "
        "(gdlib.condition_number(X) measures the condition number)."
    )
