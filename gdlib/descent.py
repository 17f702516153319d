r"""Gradient descent on the MSE: the update rule, run for a number of epochs.

Each epoch computes the gradient on all N points and takes one step:

.. math::

    m \leftarrow m - \eta\,\frac{\partial\,\mathrm{MSE}}{\partial m}, \qquad
    b \leftarrow b - \eta\,\frac{\partial\,\mathrm{MSE}}{\partial b}

where :math:`\eta` is the ``learning_rate``. With many features, ``w`` takes the place of ``m``.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .loss import _BLOCK, _check_line, _check_linear, _residual_statistics
from .stability import _stability_limit
from .validation import check_epochs, check_learning_rate, check_tolerance

__all__ = [
    "DescentResult",
    "DivergenceWarning",
    "History",
    "LinearDescentResult",
    "LinearHistory",
    "gradient_descent",
    "linear_gradient_descent",
]


class DivergenceWarning(RuntimeWarning):
    """Gradient descent blew up: the learning rate is too large for the data."""


@dataclass(frozen=True)
class LinearHistory:
    """Parameters and cost at every epoch, the starting point included (row 0)."""

    w: np.ndarray  #: shape (epochs_run + 1, k)
    b: np.ndarray  #: shape (epochs_run + 1,)
    cost: np.ndarray  #: shape (epochs_run + 1,); cost[i] is the MSE at (w[i], b[i])


@dataclass(frozen=True)
class LinearDescentResult:
    """Outcome of :func:`linear_gradient_descent`."""

    w: np.ndarray  #: final weights, shape (k,)
    b: float  #: final intercept
    cost: float  #: MSE at the final (w, b)
    history: LinearHistory
    epochs_run: int  #: number of updates taken
    converged: bool  #: True if the gradient norm fell to ``tolerance``
    diverged: bool  #: True if the cost overflowed or grew because the step was too big


@dataclass(frozen=True)
class History:
    """Slope, intercept and cost at every epoch, the starting point included (index 0)."""

    m: np.ndarray
    b: np.ndarray
    cost: np.ndarray  #: cost[i] is the MSE at (m[i], b[i])


@dataclass(frozen=True)
class DescentResult:
    """Outcome of :func:`gradient_descent`."""

    m: float  #: final slope
    b: float  #: final intercept
    cost: float  #: MSE at the final (m, b)
    history: History
    epochs_run: int  #: number of updates taken
    converged: bool  #: True if the gradient norm fell to ``tolerance``
    diverged: bool  #: True if the cost overflowed or grew because the step was too big


def _divergence_message(
    limit: float,
    learning_rate: float,
    what: str,
    method: str = "gradient descent",
    rule: str = "2/lambda_max",
    beta: float | None = None,
) -> str:
    """The warning a reader sees when descent blows up: what happened, the limit, the fix."""
    setting = f"learning_rate={learning_rate:.6g}" + (
        "" if beta is None else f" with beta={beta:.6g}"
    )
    return (
        f"{method} diverged: {what}. {setting} is "
        f"{'above' if learning_rate >= limit else 'below'} this data's stability limit "
        f"{rule} = {limit:.6g} (lambda_max: largest eigenvalue of the MSE Hessian). "
        f"Use a learning_rate below {limit:.3g}, for example {limit / 2:.3g}, "
        f"or standardise the features (chapter 6)."
    )


def _iterate(
    cost_and_gradient: Callable[[np.ndarray, float], tuple[float, np.ndarray, float]],
    stability_limit: Callable[[], float],
    w: np.ndarray,
    b: float,
    learning_rate: float,
    epochs: int,
    tolerance: float | None,
    stacklevel: int,
    step: Callable[[np.ndarray, float, np.ndarray, float], tuple[np.ndarray, float]] | None = None,
    **message: object,
) -> LinearDescentResult:
    r"""Unchecked descent loop, given ``(w, b) -> (cost, dw, db)`` and the stability limit.

    Records the history (start included), stops on ``tolerance`` or overflow, and warns on
    divergence. Each update is ``step(w, b, dw, db)``, by default the plain gradient step
    :math:`(w - \eta\,dw,\ b - \eta\,db)`; momentum (chapter 10) passes its own.
    ``message`` goes to :func:`_divergence_message` (``method``, ``rule``, ``beta``).
    """
    ws = np.empty((epochs + 1, len(w)))
    bs = np.empty(epochs + 1)
    costs = np.empty(epochs + 1)
    converged = diverged = False
    epoch = 0
    with np.errstate(over="ignore", invalid="ignore"):
        while True:
            ws[epoch], bs[epoch] = w, b
            costs[epoch], dw, db = cost_and_gradient(w, b)
            if not np.isfinite(costs[epoch]):
                diverged = True
                epoch -= 1  # keep only finite points
                break
            if tolerance is not None and np.sqrt(dw @ dw + db * db) <= tolerance:
                converged = True
                break
            if epoch == epochs:
                break
            if step is None:
                w, b = w - learning_rate * dw, b - learning_rate * db
            else:
                w, b = step(w, b, dw, db)
            epoch += 1
    history = LinearHistory(ws[: epoch + 1], bs[: epoch + 1], costs[: epoch + 1])
    if diverged:
        what = f"the cost overflowed to infinity at epoch {epoch + 1}"
        text = _divergence_message(stability_limit(), learning_rate, what, **message)
        warnings.warn(text, DivergenceWarning, stacklevel + 1)
    elif costs[epoch] > costs[: epoch + 1].min() and learning_rate >= stability_limit():
        diverged = True
        what = (
            f"the cost rose from its lowest value {costs[: epoch + 1].min():.6g} "
            f"to {costs[epoch]:.6g} by epoch {epoch}"
        )
        text = _divergence_message(stability_limit(), learning_rate, what, **message)
        warnings.warn(text, DivergenceWarning, stacklevel + 1)
    return LinearDescentResult(
        w=history.w[-1].copy(),
        b=float(history.b[-1]),
        cost=float(history.cost[-1]),
        history=history,
        epochs_run=epoch,
        converged=converged,
        diverged=diverged,
    )


def _as_line_result(result: LinearDescentResult) -> DescentResult:
    """The one-feature view of a result on ``X = x[:, None]``: ``m`` is ``w[0]``."""
    return DescentResult(
        m=float(result.w[0]),
        b=result.b,
        cost=result.cost,
        history=History(result.history.w[:, 0], result.history.b, result.history.cost),
        epochs_run=result.epochs_run,
        converged=result.converged,
        diverged=result.diverged,
    )


def _descend(
    X: np.ndarray,
    y: np.ndarray,
    w: np.ndarray,
    b: float,
    learning_rate: float,
    epochs: int,
    tolerance: float | None,
) -> LinearDescentResult:
    """Unchecked core loop shared by both public functions: one pass over the data per epoch."""
    work = np.empty(min(len(y), _BLOCK))
    return _iterate(
        lambda w, b: _residual_statistics(X, y, w, b, work),
        lambda: _stability_limit(X),
        w,
        b,
        learning_rate,
        epochs,
        tolerance,
        stacklevel=3,  # the caller of gradient_descent / linear_gradient_descent
    )


def linear_gradient_descent(
    X: object,
    y: object,
    learning_rate: float,
    epochs: int,
    w: object | None = None,
    b: float = 0.0,
    tolerance: float | None = None,
) -> LinearDescentResult:
    r"""Fit :math:`\hat{\mathbf y} = X\mathbf w + b` by full-batch gradient descent on the MSE.

    Each epoch: :math:`\mathbf r = X\mathbf w + b - \mathbf y`,
    :math:`\mathbf w \leftarrow \mathbf w - \eta\,\frac2N X^\top \mathbf r`,
    :math:`b \leftarrow b - \eta\,\frac2N \sum_i r_i`.

    Parameters
    ----------
    X : array_like, shape (N, k)
    y : array_like, shape (N,)
    learning_rate : float
        Step size :math:`\eta > 0`.
    epochs : int
        Maximum number of updates (passes over the data).
    w : array_like, shape (k,), optional
        Starting weights; zeros by default.
    b : float, default 0.0
        Starting intercept.
    tolerance : float, optional
        Stop early, with ``converged=True``, once the gradient norm is at most this.

    Returns
    -------
    LinearDescentResult
        Final ``w``, ``b``, ``cost`` and the full ``history`` (starting point included).

    Warns
    -----
    DivergenceWarning
        If the cost overflows (descent stops there) or ends above its lowest value with a
        learning rate over the stability limit. The message gives the limit to use.

    Examples
    --------
    >>> result = linear_gradient_descent([[0.0], [1.0]], [1.0, 3.0], learning_rate=0.5, epochs=200)
    >>> np.round(result.w, 6), round(result.b, 6)
    (array([2.]), 1.0)
    """
    X, y, w, b = _check_linear(X, y, w, b)
    return _descend(
        X,
        y,
        w,
        b,
        check_learning_rate(learning_rate),
        check_epochs(epochs),
        check_tolerance(tolerance),
    )


def gradient_descent(
    x: object,
    y: object,
    learning_rate: float,
    epochs: int,
    m: float = 0.0,
    b: float = 0.0,
    tolerance: float | None = None,
) -> DescentResult:
    r"""Fit the line :math:`y = m x + b` by gradient descent on the MSE.

    Each epoch takes one step downhill:

    .. math::

        m \leftarrow m + \eta\,\frac{2}{N} \sum_{i} x_i\,(y_i - (m x_i + b)), \qquad
        b \leftarrow b + \eta\,\frac{2}{N} \sum_{i} (y_i - (m x_i + b))

    Parameters
    ----------
    x, y : array_like, shape (N,)
        Inputs and targets.
    learning_rate : float
        Step size :math:`\eta > 0`.
    epochs : int
        Maximum number of updates.
    m, b : float, default 0.0
        Starting slope and intercept.
    tolerance : float, optional
        Stop early, with ``converged=True``, once
        :math:`\sqrt{(\partial_m)^2 + (\partial_b)^2}` is at most this.

    Returns
    -------
    DescentResult
        Final ``m``, ``b``, ``cost``; ``history.m``, ``history.b``, ``history.cost`` hold
        ``epochs_run + 1`` values each, the starting point first.

    Warns
    -----
    DivergenceWarning
        If the learning rate is too large for the data (the message gives the limit).

    Examples
    --------
    >>> result = gradient_descent([0.0, 1.0], [1.0, 3.0], learning_rate=0.5, epochs=200)
    >>> round(result.m, 6), round(result.b, 6), len(result.history.cost)
    (2.0, 1.0, 201)
    """
    X, y, w, b = _check_line(x, y, m, b)
    result = _descend(
        X,
        y,
        w,
        b,
        check_learning_rate(learning_rate),
        check_epochs(epochs),
        check_tolerance(tolerance),
    )
    return _as_line_result(result)
