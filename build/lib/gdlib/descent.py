r"""Gradient descent: the update rule, run for a number of epochs.

Each epoch computes the gradient on all N points and takes one step:

.. math::

    \mathbf w \leftarrow \mathbf w - \eta\,\nabla_{\mathbf w}\mathrm{MSE}, \qquad
    b \leftarrow b - \eta\,\frac{\partial\,\mathrm{MSE}}{\partial b}

where :math:`\eta` is the ``learning_rate`` (for one feature :math:`\mathbf w = (m)`).
The loop itself, :func:`iterate`, knows nothing about the MSE: it descends any
``cost_and_gradient(w, b)``, and a ``step`` replaces the plain update (momentum, chapter 10;
mini-batches, chapter 9; other losses and steps in Part III).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from . import stability
from .diagnostics import DivergenceWarning, divergence_message
from .loss import mse_objective
from .validation import (
    check_epochs,
    check_features,
    check_learning_rate,
    check_scalar,
    check_start,
    check_tolerance,
)

__all__ = ["DescentResult", "History", "gradient_descent", "iterate"]

#: ``step(w, b, dw, db) -> (w, b)``: one update from the gradient at ``(w, b)``.
Step = Callable[[np.ndarray, float, np.ndarray, float], tuple[np.ndarray, float]]


def _only_one_feature(what: str, k: int) -> AttributeError:
    return AttributeError(
        f"{what} exists only for one feature (the slope of a line); this run has {k} "
        f"features, so use w instead (w[j] is the weight of feature j)."
    )


@dataclass(frozen=True)
class History:
    """Parameters and cost at every epoch, the starting point included (row 0)."""

    w: np.ndarray  #: shape (epochs_run + 1, k)
    b: np.ndarray  #: shape (epochs_run + 1,)
    cost: np.ndarray  #: shape (epochs_run + 1,); cost[i] is the cost at (w[i], b[i])

    @property
    def m(self) -> np.ndarray:
        """The slope at every epoch, ``w[:, 0]``: only with one feature."""
        if self.w.shape[1] != 1:
            raise _only_one_feature("history.m", self.w.shape[1])
        return self.w[:, 0]


@dataclass(frozen=True)
class DescentResult:
    """Outcome of a descent (:func:`gradient_descent`, :func:`gdlib.momentum_descent`, ...)."""

    w: np.ndarray  #: final weights, shape (k,)
    b: float  #: final intercept
    cost: float  #: cost at the final (w, b)
    history: History  #: every epoch, the start included
    epochs_run: int  #: number of epochs taken
    converged: bool  #: True if the gradient norm fell to ``tolerance``
    diverged: bool  #: True if the cost overflowed, or grew because the step was too big

    @property
    def m(self) -> float:
        """The final slope, ``w[0]``: only with one feature."""
        if len(self.w) != 1:
            raise _only_one_feature("m", len(self.w))
        return float(self.w[0])


def _run(cost_and_gradient, w, b, learning_rate, epochs, tolerance, step):
    """The loop of :func:`iterate`: ``(ws, bs, costs, epochs_run, converged, overflowed)``."""
    ws, bs, costs = np.empty((epochs + 1, len(w))), np.empty(epochs + 1), np.empty(epochs + 1)
    epoch, converged = 0, False
    with np.errstate(over="ignore", invalid="ignore"):
        while True:
            ws[epoch], bs[epoch] = w, b
            costs[epoch], dw, db = cost_and_gradient(w, b)
            if not np.isfinite(costs[epoch]):  # keep only the finite points
                return ws[:epoch], bs[:epoch], costs[:epoch], epoch - 1, False, True
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
    return ws[: epoch + 1], bs[: epoch + 1], costs[: epoch + 1], epoch, converged, False


def iterate(
    cost_and_gradient: Callable[..., tuple[float, np.ndarray, float]],
    w: np.ndarray,
    b: float,
    *,
    learning_rate: float,
    epochs: int,
    tolerance: float | None = None,
    step: Step | None = None,
    stability_limit: Callable[[], float] | None = None,
    explain: Callable[[str], str] | None = None,
    stacklevel: int = 1,
) -> DescentResult:
    r"""The descent loop of every algorithm in gdlib: record, test, step, repeat.

    Epoch :math:`t = 0, 1, \dots` evaluates ``cost, dw, db = cost_and_gradient(w, b)`` and
    records ``(w, b, cost)`` in the history (so row 0 is the start); it stops when the cost
    is not finite (the step was too big: ``diverged``), when
    :math:`\sqrt{\lVert dw\rVert^2 + db^2} \le` ``tolerance`` (``converged``) or after
    ``epochs`` updates; otherwise it updates ``w, b = step(w, b, dw, db)``, by default the
    gradient step :math:`(\mathbf w - \eta\,dw,\ b - \eta\,db)`.

    Parameters
    ----------
    cost_and_gradient : callable
        ``(w, b) -> (cost, dw, db)`` with ``w`` a float array of shape (k,), ``b`` a float,
        ``cost`` a float, ``dw`` shape (k,), ``db`` a float. For the MSE:
        :func:`gdlib.mse_objective`; Part III passes other losses.
    w : numpy.ndarray, shape (k,)
        Starting weights (a float array; not checked, a public wrapper checks it).
    b : float
        Starting intercept.
    learning_rate : float
        :math:`\eta`, used by the default step and in the divergence message.
    epochs : int
        Maximum number of updates.
    tolerance : float, optional
        Stop early at this gradient norm; ``None`` runs every epoch.
    step : callable, optional
        ``(w, b, dw, db) -> (w, b)``: the update. A stateful closure carries what a method
        remembers (the velocity of momentum, the shuffles of mini-batches, the running
        averages of Adam); it must not change ``w`` in place.
    stability_limit : callable, optional
        ``() -> float``, the largest stable learning rate, computed only when needed. With it,
        a final cost above the lowest one at ``learning_rate >= stability_limit()`` also
        counts as divergence; without it only an overflow does.
    explain : callable, optional
        ``what -> message`` for the :class:`~gdlib.diagnostics.DivergenceWarning`; by default the message gives
        the stability limit (or just says what happened).
    stacklevel : int, default 1
        Where the warning points: 1 is the caller of ``iterate``, 2 the caller's caller.

    Returns
    -------
    DescentResult

    Warns
    -----
    DivergenceWarning
        When the run diverged (see ``stability_limit``).

    Examples
    --------
    Descend :math:`f(w, b) = (w_0 - 3)^2 + (b + 1)^2`:

    >>> def cost_and_gradient(w, b):
    ...     return (w[0] - 3) ** 2 + (b + 1) ** 2, 2 * (w - 3), 2 * (b + 1)
    >>> result = iterate(cost_and_gradient, np.zeros(1), 0.0, learning_rate=0.25, epochs=60)
    >>> round(result.m, 6), round(result.b, 6), result.epochs_run
    (3.0, -1.0, 60)
    """
    ws, bs, costs, epoch, converged, diverged = _run(
        cost_and_gradient, w, b, learning_rate, epochs, tolerance, step
    )
    if diverged:
        what = f"the cost overflowed to infinity at epoch {epoch + 1}"
    elif (
        stability_limit is not None
        and costs[-1] > costs.min()
        and learning_rate >= stability_limit()
    ):
        diverged = True
        what = (
            f"the cost rose from its lowest value {costs.min():.6g} "
            f"to {costs[-1]:.6g} by epoch {epoch}"
        )
    if diverged:
        if explain is None:
            explain = _default_explanation(stability_limit, learning_rate)
        warnings.warn(explain(what), DivergenceWarning, stacklevel + 1)
    return DescentResult(
        w=ws[-1].copy(),
        b=float(bs[-1]),
        cost=float(costs[-1]),
        history=History(ws, bs, costs),
        epochs_run=epoch,
        converged=converged,
        diverged=diverged,
    )


def _default_explanation(stability_limit, learning_rate) -> Callable[[str], str]:
    if stability_limit is None:
        return lambda what: (
            f"descent diverged: {what}. learning_rate={learning_rate:.6g} is too large; "
            "use a smaller one."
        )
    return lambda what: divergence_message(stability_limit(), learning_rate, what)


def gradient_descent(
    x: object,
    y: object,
    learning_rate: float,
    epochs: int,
    *,
    w: object | None = None,
    b: float = 0.0,
    tolerance: float | None = None,
) -> DescentResult:
    r"""Fit :math:`\hat y = m x + b` (one feature) or :math:`X\mathbf w + b` by gradient descent.

    Each epoch takes one step downhill on the MSE, with :math:`\mathbf r = X\mathbf w + b - \mathbf y`:

    .. math::

        \mathbf w \leftarrow \mathbf w - \eta\,\frac2N X^\top\mathbf r, \qquad
        b \leftarrow b - \eta\,\frac2N \sum_i r_i ;

    for one feature, :math:`m \leftarrow m + \eta\,\frac{2}{N} \sum_{i} x_i\,(y_i - (m x_i + b))`.

    Parameters
    ----------
    x : array_like, shape (N,) or (N, k)
        One feature ``x`` or a feature matrix ``X``.
    y : array_like, shape (N,)
        Targets.
    learning_rate : float
        Step size :math:`\eta > 0`.
    epochs : int
        Maximum number of updates.
    w : float or array_like of shape (k,), optional
        Starting slope (one feature) or weights; zero by default.
    b : float, default 0.0
        Starting intercept.
    tolerance : float, optional
        Stop early, with ``converged=True``, once the gradient norm
        :math:`\sqrt{\lVert\nabla_{\mathbf w}\rVert^2 + (\partial_b)^2}` is at most this.

    Returns
    -------
    DescentResult
        Final ``w`` (shape (k,)), ``b``, ``cost``, and ``m`` with one feature; ``history.w``,
        ``history.b``, ``history.cost`` (and ``history.m``) hold ``epochs_run + 1`` rows,
        the starting point first.

    Warns
    -----
    DivergenceWarning
        If the cost overflows (descent stops there) or ends above its lowest value with a
        learning rate over the stability limit. The message gives the limit to use.

    Examples
    --------
    >>> result = gradient_descent([0.0, 1.0], [1.0, 3.0], learning_rate=0.5, epochs=200)
    >>> round(result.m, 6), round(result.b, 6), len(result.history.cost)
    (2.0, 1.0, 201)
    >>> result = gradient_descent([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], [1.0, 2.0, 3.0], 0.3, 500)
    >>> np.round(result.w, 6), round(result.b, 6)
    (array([2., 1.]), 0.0)
    """
    X = check_features(x)
    return iterate(
        mse_objective(X, y),
        check_start(w, X.shape[1]),
        check_scalar("b", b),
        learning_rate=check_learning_rate(learning_rate),
        epochs=check_epochs(epochs),
        tolerance=check_tolerance(tolerance),
        stability_limit=lambda: stability.stability_limit(X),
        stacklevel=2,
    )
