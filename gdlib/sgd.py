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

import numbers
import warnings
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .descent import DivergenceWarning, History, LinearHistory
from .loss import _check_line, _check_linear, _mse, _mse_gradient
from .stability import _stability_limit
from .validation import check_epochs, check_learning_rate, check_matrix, check_vector

__all__ = [
    "LinearMinibatchResult",
    "MinibatchResult",
    "constant",
    "inverse_time_decay",
    "linear_minibatch_gradient_descent",
    "linear_minibatch_gradients",
    "loss_scale",
    "loss_stability_limit",
    "minibatch_gradient_descent",
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
    step = _check_positive_int("step", step)
    if isinstance(factor, bool) or not isinstance(factor, numbers.Real) or not 0 < factor <= 1:
        raise ValueError(f"factor must be a number in (0, 1]; got {factor!r}.")
    gamma = float(factor)

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
    if isinstance(tau, bool) or not isinstance(tau, numbers.Real) or not 0 < tau < np.inf:
        raise ValueError(f"tau must be a positive number of updates; got {tau!r}.")
    tau = float(tau)

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
    return _LOSS_SCALES[_check_loss(loss)](_check_positive_int("n", n))


def loss_stability_limit(X: object, loss: str = "mean") -> float:
    r"""Largest stable fixed learning rate of full-batch descent on a loss convention.

    The Hessian of the loss is :math:`c\,H` with :math:`H = \frac2N A^\top A`,
    :math:`A = [X\;\mathbf 1]`, and :math:`c` from :func:`loss_scale`, so

    .. math:: \eta < \frac{2}{c\,\lambda_{\max}(H)}:
              \quad \text{mean: } \frac{2}{\lambda_{\max}}, \quad
              \text{sum: } \frac{2}{N\lambda_{\max}}, \quad
              \text{half\_mean: } \frac{4}{\lambda_{\max}}.

    Parameters
    ----------
    X : array_like, shape (N, k) or (N,)
        The inputs (a 1-D array is one feature).
    loss : {"mean", "sum", "half_mean"}

    Examples
    --------
    >>> x = [0.0, 1.0, 2.0]
    >>> [round(loss_stability_limit(x, loss), 4) for loss in ("mean", "sum", "half_mean")]
    [0.4189, 0.1396, 0.8377]
    """
    X = check_vector("x", X)[:, None] if np.ndim(X) == 1 else check_matrix("X", X)
    return _stability_limit(X) / loss_scale(loss, len(X))


# ---------------------------------------------------------------------- mini-batch descent


@dataclass(frozen=True)
class LinearMinibatchResult:
    """Outcome of :func:`linear_minibatch_gradient_descent`."""

    w: np.ndarray  #: final weights, shape (k,)
    b: float  #: final intercept
    cost: float  #: MSE on all the data at the final (w, b)
    history: LinearHistory  #: at the end of every epoch; cost on all the data; row 0 = start
    updates: LinearHistory | None  #: after every update (``record_updates=True``), else None
    epochs_run: int  #: number of completed epochs
    updates_run: int  #: number of updates taken in those epochs
    diverged: bool  #: True if the cost overflowed (descent stopped there)


@dataclass(frozen=True)
class MinibatchResult:
    """Outcome of :func:`minibatch_gradient_descent` (one feature: slope ``m``)."""

    m: float  #: final slope
    b: float  #: final intercept
    cost: float  #: MSE on all the data at the final (m, b)
    history: History  #: at the end of every epoch; cost on all the data; index 0 = start
    updates: History | None  #: after every update (``record_updates=True``), else None
    epochs_run: int  #: number of completed epochs
    updates_run: int  #: number of updates taken in those epochs
    diverged: bool  #: True if the cost overflowed (descent stopped there)


def _check_positive_int(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(
            f"{name} must be a whole number (an int); got {value!r} of type {type(value).__name__}."
        )
    if value < 1:
        raise ValueError(f"{name} must be at least 1; got {value}.")
    return int(value)


def _check_batch_size(batch_size: object, n: int) -> int:
    batch_size = _check_positive_int("batch_size", batch_size)
    if batch_size > n:
        raise ValueError(
            f"batch_size must be at most the number of data points N = {n}; got {batch_size}. "
            f"Use batch_size={n} for full-batch descent."
        )
    return batch_size


def _check_seed(seed: object) -> int:
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise TypeError(
            f"seed must be an int (the same seed gives the same shuffles); got "
            f"{seed!r} of type {type(seed).__name__}. Use for example seed=0."
        )
    if seed < 0:
        raise ValueError(f"seed must be 0 or more; got {seed}.")
    return int(seed)


def _check_options(schedule: object, shuffle: object, record_updates: object) -> None:
    if schedule is not None and not callable(schedule):
        raise TypeError(
            f"schedule must be None or a callable s(t) returning the factor for update t, "
            f"for example gdlib.inverse_time_decay(tau=100); got {schedule!r}."
        )
    for name, value in (("shuffle", shuffle), ("record_updates", record_updates)):
        if not isinstance(value, bool | np.bool_):
            raise TypeError(f"{name} must be True or False; got {value!r}.")


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


def _minibatch_descend(
    X: np.ndarray,
    y: np.ndarray,
    w: np.ndarray,
    b: float,
    learning_rate: float,
    epochs: int,
    batch_size: int,
    seed: int,
    schedule: Schedule | None,
    shuffle: bool,
    loss: str,
    record_updates: bool,
) -> LinearMinibatchResult:
    """Unchecked core loop shared by both public functions."""
    n, k = X.shape
    rng = np.random.default_rng(seed)
    per_epoch = -(-n // batch_size)
    scale = _LOSS_SCALES[loss]
    ws, bs, costs = np.empty((epochs + 1, k)), np.empty(epochs + 1), np.empty(epochs + 1)
    ws[0], bs[0], costs[0] = w, b, _mse(X, y, w, b)
    if record_updates:
        total = epochs * per_epoch + 1
        uws, ubs, ucosts = np.empty((total, k)), np.empty(total), np.empty(total)
        uws[0], ubs[0], ucosts[0] = ws[0], bs[0], costs[0]
    t = epoch = 0
    diverged = False
    with np.errstate(over="ignore", invalid="ignore"):
        while epoch < epochs:
            if shuffle:
                order = rng.permutation(n)
                X_epoch, y_epoch = X[order], y[order]
            else:
                X_epoch, y_epoch = X, y
            for start in range(0, n, batch_size):
                X_batch = X_epoch[start : start + batch_size]
                y_batch = y_epoch[start : start + batch_size]
                dw, db = _mse_gradient(X_batch, y_batch, w, b)
                rate = learning_rate
                if schedule is not None:
                    rate = rate * _schedule_factor(schedule, t)
                if loss != "mean":
                    rate = rate * scale(len(y_batch))
                w, b = w - rate * dw, b - rate * db
                t += 1
                if record_updates:
                    uws[t], ubs[t], ucosts[t] = w, b, _mse(X, y, w, b)
            epoch += 1
            ws[epoch], bs[epoch], costs[epoch] = w, b, _mse(X, y, w, b)
            if not np.isfinite(costs[epoch]):
                diverged = True
                epoch -= 1  # keep only finite points
                break
    if diverged:
        limit = _stability_limit(X) / scale(batch_size)
        warnings.warn(
            f"mini-batch gradient descent diverged: the cost overflowed to infinity in epoch "
            f"{epoch + 1}. learning_rate={learning_rate:.6g} is too large: with "
            f"loss={loss!r} and batch_size={batch_size}, full-batch descent on this data is "
            f"stable only below about {limit:.3g}, and small batches need less. Use a smaller "
            f"learning_rate, a decaying schedule, or standardise the features (chapter 6).",
            DivergenceWarning,
            3,
        )
    history = LinearHistory(ws[: epoch + 1], bs[: epoch + 1], costs[: epoch + 1])
    updates = None
    if record_updates:
        used = epoch * per_epoch + 1
        updates = LinearHistory(uws[:used], ubs[:used], ucosts[:used])
    return LinearMinibatchResult(
        w=history.w[-1].copy(),
        b=float(history.b[-1]),
        cost=float(history.cost[-1]),
        history=history,
        updates=updates,
        epochs_run=epoch,
        updates_run=epoch * per_epoch,
        diverged=diverged,
    )


def _check_run(learning_rate, epochs, batch_size, n, seed, schedule, shuffle, loss, record):
    _check_options(schedule, shuffle, record)
    return (
        check_learning_rate(learning_rate),
        check_epochs(epochs),
        _check_batch_size(batch_size, n),
        _check_seed(seed),
        schedule,
        bool(shuffle),
        _check_loss(loss),
        bool(record),
    )


def linear_minibatch_gradient_descent(
    X: object,
    y: object,
    learning_rate: float,
    epochs: int,
    batch_size: int,
    seed: int = 0,
    schedule: Schedule | None = None,
    w: object | None = None,
    b: float = 0.0,
    shuffle: bool = True,
    loss: str = "mean",
    record_updates: bool = False,
) -> LinearMinibatchResult:
    r"""Fit :math:`\hat{\mathbf y} = X\mathbf w + b` by mini-batch gradient descent.

    Every epoch shuffles the rows (seeded), then takes one update per batch of
    ``batch_size`` rows with the MSE gradient of that batch:
    :math:`\mathbf w \leftarrow \mathbf w - \eta_t \frac{2}{B} X_{\mathcal B}^\top \mathbf r_{\mathcal B}`,
    :math:`b \leftarrow b - \eta_t \frac{2}{B} \sum_{i\in\mathcal B} r_i`,
    :math:`\eta_t = \eta\, s(t)`.

    Parameters
    ----------
    X : array_like, shape (N, k)
    y : array_like, shape (N,)
    learning_rate : float
        Base step size :math:`\eta > 0`.
    epochs : int
        Number of passes over the data; each takes :math:`\lceil N/B \rceil` updates.
    batch_size : int
        :math:`B`, from 1 (stochastic gradient descent) to N (full batch).
    seed : int, default 0
        Seed of :func:`numpy.random.default_rng` for the shuffles: same seed, same run.
    schedule : callable, optional
        ``s(t)`` for update ``t = 0, 1, ...`` returns the factor multiplying
        ``learning_rate`` (see :func:`inverse_time_decay`); constant 1 by default.
    w : array_like, shape (k,), optional
        Starting weights; zeros by default.
    b : float, default 0.0
        Starting intercept.
    shuffle : bool, default True
        Reshuffle every epoch. With ``False`` the batches are the rows in order.
    loss : {"mean", "sum", "half_mean"}, default "mean"
        Convention of the batch loss whose gradient is followed (see :func:`loss_scale`).
    record_updates : bool, default False
        Also keep the parameters and the cost on all the data after every update.

    Returns
    -------
    LinearMinibatchResult
        Final ``w``, ``b``, ``cost``; ``history`` once per epoch (start included) and,
        with ``record_updates=True``, ``updates`` once per update.

    Warns
    -----
    DivergenceWarning
        If the cost overflows; descent stops after the last finite epoch.

    Examples
    --------
    >>> X, y = [[0.0], [1.0], [2.0], [3.0]], [1.0, 3.0, 5.0, 7.0]
    >>> result = linear_minibatch_gradient_descent(X, y, 0.1, epochs=300, batch_size=2)
    >>> np.round(result.w, 6), round(result.b, 6), result.updates_run
    (array([2.]), 1.0, 600)
    """
    X, y, w, b = _check_linear(X, y, w, b)
    options = _check_run(
        learning_rate, epochs, batch_size, len(y), seed, schedule, shuffle, loss, record_updates
    )
    return _minibatch_descend(X, y, w, b, *options)


def minibatch_gradient_descent(
    x: object,
    y: object,
    learning_rate: float,
    epochs: int,
    batch_size: int,
    seed: int = 0,
    schedule: Schedule | None = None,
    m: float = 0.0,
    b: float = 0.0,
    shuffle: bool = True,
    loss: str = "mean",
    record_updates: bool = False,
) -> MinibatchResult:
    r"""Fit the line :math:`y = m x + b` by mini-batch gradient descent.

    The one-feature form of :func:`linear_minibatch_gradient_descent` (same algorithm,
    run with ``X = x[:, None]``): every epoch shuffles the points and takes one update per
    batch, :math:`m \leftarrow m - \eta_t \frac{2}{B}\sum_{i\in\mathcal B} x_i r_i`,
    :math:`b \leftarrow b - \eta_t \frac{2}{B}\sum_{i\in\mathcal B} r_i`,
    :math:`r_i = m x_i + b - y_i`.

    Parameters are those of :func:`linear_minibatch_gradient_descent`, with the starting
    slope ``m`` in place of ``w``.

    Returns
    -------
    MinibatchResult
        Final ``m``, ``b``, ``cost``; ``history.m``, ``history.b``, ``history.cost`` once per
        epoch and, with ``record_updates=True``, ``updates.m`` ... once per update.

    Examples
    --------
    >>> x, y = [0.0, 1.0, 2.0, 3.0], [1.0, 3.0, 5.0, 7.0]
    >>> result = minibatch_gradient_descent(x, y, 0.1, epochs=300, batch_size=1, seed=3)
    >>> round(result.m, 3), round(result.b, 3), len(result.history.m)
    (2.0, 1.0, 301)
    """
    X, y, w, b = _check_line(x, y, m, b)
    options = _check_run(
        learning_rate, epochs, batch_size, len(y), seed, schedule, shuffle, loss, record_updates
    )
    result = _minibatch_descend(X, y, w, b, *options)

    def line(history: LinearHistory | None) -> History | None:
        return None if history is None else History(history.w[:, 0], history.b, history.cost)

    return MinibatchResult(
        m=float(result.w[0]),
        b=result.b,
        cost=result.cost,
        history=line(result.history),
        updates=line(result.updates),
        epochs_run=result.epochs_run,
        updates_run=result.updates_run,
        diverged=result.diverged,
    )


def linear_minibatch_gradients(
    X: object,
    y: object,
    w: object,
    b: float,
    batch_size: int,
    samples: int,
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    r"""MSE gradients on ``samples`` random batches, to study them as random variables.

    Each sample draws :math:`B` distinct rows uniformly at random and returns
    :math:`\bigl(\frac2B X_{\mathcal B}^\top \mathbf r_{\mathcal B},\
    \frac2B \sum_{i\in\mathcal B} r_i\bigr)`. Their mean is the full gradient
    (the batch gradient is *unbiased*); their variance is the variance of a single-point
    gradient times :math:`\frac1B\,\frac{N - B}{N - 1}`.

    Returns
    -------
    dw : numpy.ndarray, shape (samples, k)
    db : numpy.ndarray, shape (samples,)

    Examples
    --------
    >>> X, y = [[0.0], [1.0], [2.0], [3.0]], [1.0, 3.0, 5.0, 8.0]
    >>> dw, db = linear_minibatch_gradients(X, y, w=[2.0], b=1.0, batch_size=4, samples=3)
    >>> dw[:, 0], db
    (array([-1.5, -1.5, -1.5]), array([-0.5, -0.5, -0.5]))
    """
    X, y, w, b = _check_linear(X, y, w, b)
    batch_size = _check_batch_size(batch_size, len(y))
    samples = _check_positive_int("samples", samples)
    rng = np.random.default_rng(_check_seed(seed))
    dws, dbs = np.empty((samples, X.shape[1])), np.empty(samples)
    for s in range(samples):
        rows = rng.choice(len(y), size=batch_size, replace=False)
        dws[s], dbs[s] = _mse_gradient(X[rows], y[rows], w, b)
    return dws, dbs
