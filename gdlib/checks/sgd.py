"""Chapter 9: one epoch of mini-batch stochastic gradient descent, in a given order."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

import gdlib

from . import cases as reference
from .gradient import gradient
from .runner import Spec, close, judge, numbers_tuple, register

__all__ = ["check_sgd_epoch"]


def _case(rng: np.random.Generator):
    """(x, y, m, b, learning_rate, batch_size, order); most batch sizes leave a remainder."""
    n = int(rng.integers(7, 30))
    x = rng.uniform(-2.0, 4.0, size=n)
    y = rng.uniform(-3.0, 3.0) * x + rng.uniform(-5.0, 5.0) + rng.normal(0.0, 1.0, size=n)
    m, b = (float(v) for v in rng.uniform(-4.0, 4.0, size=2))
    rate = float(rng.uniform(0.05, 0.9) / np.max(x**2 + 1.0))  # stable for any batch
    batch_size = 1
    if rng.random() < 0.8:
        while n % batch_size == 0:
            batch_size = int(rng.integers(2, n))
    return x, y, m, b, rate, batch_size, rng.permutation(n)


def _reference(x, y, m, b, learning_rate, batch_size, order) -> tuple[float, float]:
    """gdlib.minibatch_gradient_descent, one epoch over the points in the given order."""
    result = gdlib.minibatch_gradient_descent(
        x[order],
        y[order],
        learning_rate,
        1,
        batch_size=batch_size,
        seed=0,
        shuffle=False,
        loss="mean",
        w=float(m),
        b=float(b),
    )
    return float(result.m), float(result.b)


def _epoch(
    *,
    scale: Callable[[int, int], float] = lambda size, n: 1.0,
    batch_gradient: bool = True,
    drop_last: bool = False,
    sequential: bool = False,
    keep_order: bool = True,
    updates: int | None = None,
) -> Callable:
    """One epoch with a mistake: the gradient scaled by ``scale(batch length, N)``, or the
    full gradient, the last batch dropped, m updated first, the order ignored, or stopped
    after ``updates`` batches."""

    def variant(x, y, m, b, learning_rate, batch_size, order):
        n = len(x)
        order = order if keep_order else np.arange(n)
        starts = list(range(0, n, batch_size))
        if drop_last and n % batch_size:
            starts = starts[:-1]
        for start in starts[:updates]:
            rows = order[start : start + batch_size] if batch_gradient else np.arange(n)
            rate = learning_rate * scale(len(rows), n)
            dm, db = gradient(x[rows], y[rows], m, b)
            m_new = m - rate * dm
            if sequential:
                db = gradient(x[rows], y[rows], m_new, b)[1]
            m, b = m_new, b - rate * db
        return m, b

    return variant


def _partial(outputs: list, expected: list) -> tuple[str, str] | None:
    if all(close(o[0], e[0]) for o, e in zip(outputs, expected, strict=True)):
        return "b_wrong", "your new m is right but your new b is not. Check the update of b."
    if all(close(o[1], e[1]) for o, e in zip(outputs, expected, strict=True)):
        return "m_wrong", "your new b is right but your new m is not. Check the update of m."
    return None


_FULL = (
    "you used the gradient of all N points: each update uses only its own batch, the "
    "points x[order][start:start + batch_size]."
)

register(
    Spec(
        name="sgd_epoch",
        call="f(x, y, m, b, learning_rate, batch_size, order); it returns (m, b)",
        make_cases=lambda rng, count: [_case(rng) for _ in range(count)],
        read=lambda raw, case: numbers_tuple(raw, len(case[0]), ("m", "b")),
        reference=_reference,
        partial=_partial,
        mistakes=[
            (
                "ignored_order",
                "you walked through the points in data order: visit them in the order given "
                "by the argument order, x[order] and y[order].",
                _epoch(keep_order=False),
            ),
            ("full_batch", _FULL, _epoch(batch_gradient=False)),
            ("full_batch", _FULL, lambda x, y, m, b, lr, *_: reference.step(x, y, m, b, lr)),
            (
                "batch_sum",
                "your batch gradient is a sum over the batch; use the mean: divide by the "
                "number of points in the batch.",
                _epoch(scale=lambda size, n: size),
            ),
            (
                "divided_by_n",
                "you divided the batch's sum by N, the number of all points; divide by the "
                "number of points in the batch (the last batch may be smaller).",
                _epoch(scale=lambda size, n: size / n),
            ),
            (
                "dropped_last",
                "you skipped the last, smaller batch: when N is not a multiple of batch_size "
                "the epoch still visits every point, so the last update uses the points left.",
                _epoch(drop_last=True),
            ),
            (
                "sequential",
                "you updated m before computing db: compute both derivatives on the batch at "
                "the old (m, b), then update both.",
                _epoch(sequential=True),
            ),
            (
                "uphill",
                "you walked uphill: subtract learning_rate times the gradient (or check the "
                "sign of your gradient).",
                _epoch(scale=lambda size, n: -1.0),
            ),
            (
                "one_update",
                "your function stops after the first batch: one epoch makes one update per "
                "batch (is the return inside the loop?).",
                _epoch(updates=1),
            ),
        ],
    )
)


def check_sgd_epoch(epoch_function: object, *, cases: int = 20, seed: int | None = None) -> None:
    r"""Check your own ``sgd_epoch(x, y, m, b, learning_rate, batch_size, order)``.

    One epoch of mini-batch gradient descent: visit the points in the order given by the
    permutation ``order`` (``x[order]``, ``y[order]``), ``batch_size`` at a time (the last
    batch may be smaller), and for each batch :math:`B` update both parameters with the
    gradient of the batch's **mean** squared error, both derivatives at the old point:

    .. math::

        m \leftarrow m - \eta\,\frac{-2}{|B|}\sum_{i\in B} x_i\,(y_i - (m x_i + b)), \qquad
        b \leftarrow b - \eta\,\frac{-2}{|B|}\sum_{i\in B} (y_i - (m x_i + b)).

    Return ``(m, b)`` after the epoch. These are the steps of
    ``gdlib.minibatch_gradient_descent`` with ``loss="mean"`` when its shuffle produces
    ``order``; your function does not shuffle (the order is given) and may not call gdlib.
    Prints one line: a pass, or a hint such as "ignored order", "full-batch gradient",
    "divided by N instead of the batch size", "dropped the last batch".

    Parameters
    ----------
    epoch_function : callable
        Your function.
    cases : int, default 20
        Number of random cases to try.
    seed : int, optional
        Seed for the random cases; by default every call draws fresh ones.

    Examples
    --------
    >>> import numpy as np
    >>> def my_epoch(x, y, m, b, learning_rate, batch_size, order):
    ...     for start in range(0, len(x), batch_size):
    ...         rows = order[start : start + batch_size]
    ...         residual = y[rows] - (m * x[rows] + b)
    ...         dm, db = -2 * np.mean(x[rows] * residual), -2 * np.mean(residual)
    ...         m, b = m - learning_rate * dm, b - learning_rate * db
    ...     return m, b
    >>> check_sgd_epoch(my_epoch)
    ✔ sgd_epoch: passed 20 random cases.
    """
    print(judge("sgd_epoch", epoch_function, cases=cases, seed=seed).message)
