r"""Stochastic and mini-batch gradient descent, learning-rate schedules, loss conventions.

Each epoch shuffles the :math:`N` points with a seeded generator and walks through them in
batches of :math:`B` points (the last batch is smaller when :math:`B` does not divide
:math:`N`), so one epoch takes :math:`\lceil N/B \rceil` updates. Update number
:math:`t = 0, 1, 2, \dots` uses only the points of its batch :math:`\mathcal B_t`:

.. math::

    \mathbf w \leftarrow \mathbf w - \eta_t\,\frac{2}{|\mathcal B_t|} X_{\mathcal B_t}^\top \mathbf r_{\mathcal B_t},
    \qquad
    b \leftarrow b - \eta_t\,\frac{2}{|\mathcal B_t|} \sum_{i \in \mathcal B_t} r_i,
    \qquad \eta_t = \eta\, s(t),

with :math:`\mathbf r = X\mathbf w + b - \mathbf y` and a *schedule* :math:`s` (1 by default).
:math:`B = 1` is stochastic gradient descent (SGD); :math:`B = N` is full-batch descent.

**Schedules.** A schedule is any callable ``s(t)`` that takes the update number ``t``
(an int counting updates from 0, or an array of them) and returns the positive factor
that multiplies ``learning_rate``. :func:`constant`, :func:`step_decay` and
:func:`inverse_time_decay` build the usual ones.

**Loss conventions.** Texts train on the mean (``"mean"``, the MSE of this book), the sum
(``"sum"``) or half the mean (``"half_mean"``) of the squared errors of a batch. They have the
same minimum, but their gradients are :math:`c` times the MSE gradient, with :math:`c = 1`,
:math:`B` and :math:`1/2`; so a learning rate :math:`\eta` with the sum or half-mean loss
takes the step of the rate :math:`c\,\eta` with the mean (:func:`loss_scale`,
:func:`loss_stability_limit`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .descent import DescentResult, History, iterate
from .loss import mse_objective
from .stability import stability_limit
from .validation import (
    check_bool,
    check_data,
    check_epochs,
    check_features,
    check_int,
    check_learning_rate,
    check_positive,
    check_scalar,
    check_seed,
    check_start,
    check_weights,
)

__all__ = [
    "MinibatchResult",
    "constant",
    "inverse_time_decay",
    "loss_scale",
    "loss_stability_limit",
    "minibatch_gradient_descent",
    "minibatch_gradients",
    "step_decay",
]

Schedule = Callable[[int], float]

#: Gradient of each loss convention on n points, as a multiple of the MSE gradient.
_LOSS_SCALES: dict[str, Callable[[int], float]] = {
    "mean": lambda n: 1.0,
    "sum": float,
    "half_mean": lambda n: 0.5,
}


# ----------------------------------------------------------------------------- schedules


def _as_output(value: np.ndarray) -> float | np.ndarray:
    return float(value) if np.ndim(value) == 0 else value


def constant() -> Schedule:
    r"""The constant schedule :math:`s(t) = 1`: every update uses ``learning_rate``.

    Examples
    --------
    >>> s = constant()
    >>> s(0), s(1000)
    (1.0, 1.0)
    """

    def schedule(t: int | np.ndarray) -> float | np.ndarray:
        return _as_output(np.ones(np.shape(t)))

    return schedule


def step_decay(step: int, factor: float = 0.5) -> Schedule:
    r"""Step decay :math:`s(t) = \gamma^{\lfloor t / T \rfloor}`: multiply the rate by
    :math:`\gamma` = ``factor`` every :math:`T` = ``step`` updates.

    Parameters
    ----------
    step : int
        Number of updates :math:`T \ge 1` between two drops (for a drop every 10 epochs
        use ``10 * updates_per_epoch``).
    factor : float, default 0.5
        :math:`0 < \gamma \le 1`.

    Examples
    --------
    >>> s = step_decay(step=10, factor=0.5)
    >>> s(0), s(9), s(10), s(25)
    (1.0, 1.0, 0.5, 0.25)
    """
    step = check_int("step", step, minimum=1)
    gamma = check_positive("factor", factor)
    if gamma > 1:
        raise ValueError(f"factor must be a number in (0, 1]; got {factor!r}.")

    def schedule(t: int | np.ndarray) -> float | np.ndarray:
        return _as_output(gamma ** (np.asarray(t) // step))

    return schedule


def inverse_time_decay(tau: float) -> Schedule:
    r"""The :math:`1/t` schedule :math:`s(t) = \dfrac{1}{1 + t/\tau}`.

    The rate stays near ``learning_rate`` for the first :math:`\tau` updates, halves by
    :math:`t = \tau`, and then falls like :math:`\tau/t`.

    Parameters
    ----------
    tau : float
        Time scale :math:`\tau > 0`, in updates.

    Examples
    --------
    >>> s = inverse_time_decay(tau=100)
    >>> s(0), s(100), s(300)
    (1.0, 0.5, 0.25)
    """
    tau = check_positive("tau", tau, "tau is a number of updates, for example 100.")

    def schedule(t: int | np.ndarray) -> float | np.ndarray:
        return _as_output(1.0 / (1.0 + np.asarray(t) / tau))

    return schedule


# ----------------------------------------------------------------------- loss conventions


def _check_loss(loss: object) -> str:
    if loss not in _LOSS_SCALES:
        raise ValueError(f"loss must be one of {', '.join(map(repr, _LOSS_SCALES))}; got {loss!r}.")
    return loss


def loss_scale(loss: str, n: int) -> float:
    r"""How many times the MSE gradient the gradient of a loss convention is, on n points.

    .. math::

        L_{\text{mean}} = \frac1n \sum_i e_i^2 \;(c = 1), \qquad
        L_{\text{sum}} = \sum_i e_i^2 \;(c = n), \qquad
        L_{\text{half\_mean}} = \frac{1}{2n} \sum_i e_i^2 \;(c = \tfrac12)

    so :math:`\nabla L = c\,\nabla\,\mathrm{MSE}` and their Hessians are :math:`c\,H`.

    Examples
    --------
    >>> loss_scale("mean", 50), loss_scale("sum", 50), loss_scale("half_mean", 50)
    (1.0, 50.0, 0.5)
    """
    return _LOSS_SCALES[_check_loss(loss)](check_int("n", n, minimum=1))


def loss_stability_limit(x: object, *, loss: str = "mean") -> float:
    r"""Largest stable fixed learning rate of full-batch descent on a loss convention.

    The Hessian of the loss is :math:`c\,H` with :math:`H = \frac2N A^\top A`,
    :math:`A = [X\;\mathbf 1]`, and :math:`c` from :func:`loss_scale`, so

    .. math:: \eta < \frac{2}{c\,\lambda_{\max}(H)}:
              \quad \text{mean: } \frac{2}{\lambda_{\max}}, \quad
              \text{sum: } \frac{2}{N\lambda_{\max}}, \quad
              \text{half\_mean: } \frac{4}{\lambda_{\max}}.

    Parameters
    ----------
    x : array_like, shape (N,) or (N, k)
        One feature ``x`` or a feature matrix ``X``.
    loss : {"mean", "sum", "half_mean"}

    Examples
    --------
    >>> x = [0.0, 1.0, 2.0]
    >>> [round(loss_stability_limit(x, loss=loss), 4) for loss in ("mean", "sum", "half_mean")]
    [0.4189, 0.1396, 0.8377]
    """
    return stability_limit(x) / loss_scale(loss, len(check_features(x)))


# ---------------------------------------------------------------------- mini-batch descent


@dataclass(frozen=True)
class MinibatchResult(DescentResult):
    """Outcome of :func:`minibatch_gradient_descent`: a :class:`gdlib.DescentResult` whose
    ``history`` holds the end of every epoch (cost on all the data; row 0 = start), plus:"""

    updates: History | None = None  #: after every update (``record_updates=True``), else None
    updates_run: int = 0  #: number of updates taken in the completed epochs


def _check_batch_size(batch_size: object, n: int) -> int:
    batch_size = check_int("batch_size", batch_size, minimum=1)
    if batch_size > n:
        raise ValueError(
            f"batch_size must be at most the number of data points N = {n}; got {batch_size}. "
            f"Use batch_size={n} for full-batch descent."
        )
    return batch_size


def _check_schedule(schedule: object) -> Schedule | None:
    if schedule is not None and not callable(schedule):
        raise TypeError(
            f"schedule must be None or a callable s(t) returning the factor for update t, "
            f"for example gdlib.inverse_time_decay(tau=100); got {schedule!r}."
        )
    return schedule


def _schedule_factor(schedule: Schedule, t: int) -> float:
    factor = schedule(t)
    try:
        factor = float(factor)
    except (TypeError, ValueError):
        raise TypeError(f"schedule({t}) must return a number; got {factor!r}.") from None
    if not (factor > 0 and np.isfinite(factor)):
        raise ValueError(
            f"schedule({t}) returned {factor!r}; a schedule must return a positive, finite "
            f"factor for every update t = 0, 1, 2, ..."
        )
    return factor


@dataclass
class _Epochs:
    """The mini-batch epoch as a ``step`` of :func:`gdlib.iterate`: it ignores the full
    gradient and takes one update per batch of a (seeded) shuffle; it counts updates ``t``
    and, if asked, records every one."""

    cost_and_gradient: Callable
    n: int
    learning_rate: float
    batch_size: int
    rng: np.random.Generator
    schedule: Schedule | None
    shuffle: bool
    loss: str
    record: list | None
    t: int = 0

    def __call__(self, w: np.ndarray, b: float, dw: object, db: object):
        order = self.rng.permutation(self.n) if self.shuffle else None
        for start in range(0, self.n, self.batch_size):
            stop = min(start + self.batch_size, self.n)
            rows = slice(start, stop) if order is None else order[start:stop]
            _, dw, db = self.cost_and_gradient(w, b, rows)
            rate = self._rate(stop - start)
            w, b = w - rate * dw, b - rate * db
            self.t += 1
            if self.record is not None:
                self.record.append((w, b, self.cost_and_gradient(w, b)[0]))
        return w, b

    def _rate(self, size: int) -> float:
        rate = self.learning_rate
        if self.schedule is not None:
            rate = rate * _schedule_factor(self.schedule, self.t)
        if self.loss != "mean":
            rate = rate * _LOSS_SCALES[self.loss](size)
        return rate


def _updates(start: DescentResult, record: list | None, used: int) -> History | None:
    if record is None:
        return None
    rows = [(start.history.w[0], start.history.b[0], start.history.cost[0]), *record][:used]
    w, b, cost = zip(*rows, strict=True)
    return History(np.array(w), np.array(b, dtype=float), np.array(cost, dtype=float))


def _explain(learning_rate: float, loss: str, batch_size: int, limit: Callable[[], float]):
    return lambda what: (
        f"mini-batch gradient descent diverged: {what}. learning_rate={learning_rate:.6g} is "
        f"too large: with loss={loss!r} and batch_size={batch_size}, full-batch descent on "
        f"this data is stable only below about {limit():.3g}, and small batches need less. "
        f"Use a smaller learning_rate, a decaying schedule, or standardise the features "
        f"(chapter 6)."
    )


def minibatch_gradient_descent(
    x: object,
    y: object,
    learning_rate: float,
    epochs: int,
    *,
    batch_size: int,
    seed: int | np.random.Generator,
    schedule: Schedule | None = None,
    shuffle: bool = True,
    loss: str = "mean",
    w: object | None = None,
    b: float = 0.0,
    record_updates: bool = False,
) -> MinibatchResult:
    r"""Fit :math:`\hat y = m x + b` or :math:`X\mathbf w + b` by mini-batch gradient descent.

    Every epoch shuffles the rows (seeded), then takes one update per batch of
    ``batch_size`` rows with the MSE gradient of that batch:
    :math:`\mathbf w \leftarrow \mathbf w - \eta_t \frac{2}{B} X_{\mathcal B}^\top \mathbf r_{\mathcal B}`,
    :math:`b \leftarrow b - \eta_t \frac{2}{B} \sum_{i\in\mathcal B} r_i`,
    :math:`\eta_t = \eta\, s(t)`. The loop over epochs is :func:`gdlib.iterate`.

    Parameters
    ----------
    x : array_like, shape (N,) or (N, k)
        One feature ``x`` or a feature matrix ``X``.
    y : array_like, shape (N,)
    learning_rate : float
        Base step size :math:`\eta > 0`.
    epochs : int
        Number of passes over the data; each takes :math:`\lceil N/B \rceil` updates.
    batch_size : int
        :math:`B`, from 1 (stochastic gradient descent) to N (full batch).
    seed : int or numpy.random.Generator
        Seed of :func:`numpy.random.default_rng` for the shuffles: same seed, same run.
    schedule : callable, optional
        ``s(t)`` for update ``t = 0, 1, ...`` returns the factor multiplying
        ``learning_rate`` (see :func:`inverse_time_decay`); constant 1 by default.
    shuffle : bool, default True
        Reshuffle every epoch. With ``False`` the batches are the rows in order.
    loss : {"mean", "sum", "half_mean"}, default "mean"
        Convention of the batch loss whose gradient is followed (see :func:`loss_scale`).
    w : float or array_like of shape (k,), optional
        Starting slope or weights; zero by default.
    b : float, default 0.0
        Starting intercept.
    record_updates : bool, default False
        Also keep the parameters and the cost on all the data after every update.

    Returns
    -------
    MinibatchResult
        Final ``w`` (and ``m`` with one feature), ``b``, ``cost``; ``history`` once per
        epoch (start included), ``updates`` once per update with ``record_updates=True``.

    Warns
    -----
    DivergenceWarning
        If the cost overflows; descent stops after the last finite epoch.

    Examples
    --------
    >>> x, y = [0.0, 1.0, 2.0, 3.0], [1.0, 3.0, 5.0, 7.0]
    >>> result = minibatch_gradient_descent(x, y, 0.1, 300, batch_size=1, seed=3)
    >>> round(result.m, 3), round(result.b, 3), len(result.history.m)
    (2.0, 1.0, 301)
    >>> X = [[0.0], [1.0], [2.0], [3.0]]
    >>> result = minibatch_gradient_descent(X, y, 0.1, 300, batch_size=2, seed=0)
    >>> np.round(result.w, 6), round(result.b, 6), result.updates_run
    (array([2.]), 1.0, 600)
    """
    X, y = check_data(x, y)
    cost_and_gradient = mse_objective(X, y)
    rate, batch_size = check_learning_rate(learning_rate), _check_batch_size(batch_size, len(y))
    record = [] if check_bool("record_updates", record_updates) else None
    epoch = _Epochs(
        cost_and_gradient, len(y), rate, batch_size, check_seed(seed), _check_schedule(schedule),
        check_bool("shuffle", shuffle), _check_loss(loss), record,
    )  # fmt: skip
    result = iterate(
        cost_and_gradient,
        check_start(w, X.shape[1]),
        check_scalar("b", b),
        learning_rate=rate,
        epochs=check_epochs(epochs),
        step=epoch,
        explain=_explain(
            rate, loss, batch_size, lambda: stability_limit(X) / _LOSS_SCALES[loss](batch_size)
        ),
        stacklevel=2,
    )
    updates_run = result.epochs_run * -(-len(y) // batch_size)
    return MinibatchResult(
        **{name: getattr(result, name) for name in DescentResult.__dataclass_fields__},
        updates=_updates(result, record, updates_run + 1),
        updates_run=updates_run,
    )


def minibatch_gradients(
    x: object,
    y: object,
    w: object,
    b: float,
    *,
    batch_size: int,
    samples: int,
    seed: int | np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    r"""MSE gradients on ``samples`` random batches, to study them as random variables.

    Each sample draws :math:`B` distinct rows uniformly at random and returns
    :math:`\bigl(\frac2B X_{\mathcal B}^\top \mathbf r_{\mathcal B},\
    \frac2B \sum_{i\in\mathcal B} r_i\bigr)`. Their mean is the full gradient
    (the batch gradient is *unbiased*); their variance is the variance of a single-point
    gradient times :math:`\frac1B\,\frac{N - B}{N - 1}`.

    Returns
    -------
    dw : numpy.ndarray, shape (samples,) for one feature ``x``, (samples, k) for ``X``
    db : numpy.ndarray, shape (samples,)

    Examples
    --------
    >>> x, y = [0.0, 1.0, 2.0, 3.0], [1.0, 3.0, 5.0, 8.0]
    >>> dm, db = minibatch_gradients(x, y, w=2.0, b=1.0, batch_size=4, samples=3, seed=0)
    >>> dm, db
    (array([-1.5, -1.5, -1.5]), array([-0.5, -0.5, -0.5]))
    """
    X, y = check_data(x, y)
    cost_and_gradient = mse_objective(X, y)
    w, b = check_weights(w, X.shape[1]), check_scalar("b", b)
    batch_size = _check_batch_size(batch_size, len(y))
    samples, rng = check_int("samples", samples, minimum=1), check_seed(seed)
    dws, dbs = np.empty((samples, X.shape[1])), np.empty(samples)
    for s in range(samples):
        rows = rng.choice(len(y), size=batch_size, replace=False)
        _, dws[s], dbs[s] = cost_and_gradient(w, b, rows)
    return (dws[:, 0] if np.ndim(x) <= 1 else dws), dbs
