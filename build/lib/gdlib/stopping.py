r"""Stopping rules: when to end gradient descent, judged after the fact over a whole history.

A run of :func:`gdlib.gradient_descent` stores the parameters :math:`(m_t, b_t)` and the
cost :math:`c_t` of every epoch :math:`t = 0, 1, \dots, T`. Each rule here turns that
history into one number per epoch and stops at the first epoch where the number is at
most a tolerance :math:`\varepsilon`:

- gradient norm: :math:`\lVert \nabla \mathrm{MSE}(m_t, b_t) \rVert \le \varepsilon`
  (the rule ``gradient_descent(..., tolerance=...)`` applies while it runs);
- relative cost change: :math:`|c_t - c_{t-1}| / c_{t-1} \le \varepsilon`.

The third rule, a maximum number of epochs, needs no function: it is ``epochs`` itself.
The yardstick to judge them by, the distance to the optimum, is
:func:`gdlib.relative_distance`; it is not a usable rule, since in practice the optimum is
what we are looking for. All functions here are pure and vectorised over the epochs.
"""

from __future__ import annotations

import numpy as np

from .descent import History
from .loss import mse_gradient_grid
from .validation import check_scalar, check_vector

__all__ = [
    "epochs_until_gradient_norm",
    "epochs_until_relative_cost_change",
    "first_epoch_at_most",
    "gradient_norms",
    "relative_cost_changes",
]


def check_history(history: object) -> History:
    """``history`` if it is the ``History`` of a run, else ``TypeError`` saying what to pass."""
    if not isinstance(history, History):
        raise TypeError(
            "history must be the history of a run, result.history for "
            "result = gdlib.gradient_descent(...); got an object of type "
            f"{type(history).__name__}."
        )
    return history


def _check_positive_tolerance(tolerance: object) -> float:
    value = check_scalar("tolerance", tolerance)
    if value <= 0:
        raise ValueError(f"tolerance must be positive, for example 1e-6; got {value!r}.")
    return value


def first_epoch_at_most(values: object, tolerance: float) -> int | None:
    r"""The first epoch :math:`t` with :math:`v_t \le \varepsilon`, or ``None`` if there is none.

    Parameters
    ----------
    values : array_like, shape (T + 1,)
        One number per epoch, epoch 0 first (``inf`` is allowed: it never stops).
    tolerance : float
        The threshold :math:`\varepsilon > 0`.

    Returns
    -------
    int or None

    Examples
    --------
    >>> first_epoch_at_most([5.0, 2.0, 0.5, 0.1], tolerance=1.0)
    2
    >>> print(first_epoch_at_most([5.0, 2.0], tolerance=1.0))
    None
    """
    values = np.asarray(values, dtype=float)
    if values.ndim != 1 or values.size == 0:
        raise ValueError(
            "values must be a non-empty 1-D array with one number per epoch; "
            f"got shape {values.shape}."
        )
    if np.isnan(values).any():
        raise ValueError("values contains NaN; a stopping rule cannot compare NaN to a tolerance.")
    hits = np.flatnonzero(values <= _check_positive_tolerance(tolerance))
    return int(hits[0]) if hits.size else None


def gradient_norms(history: History, x: object, y: object) -> np.ndarray:
    r"""Length of the MSE gradient at every epoch of a run.

    .. math::

        g_t = \sqrt{\Bigl(\frac{\partial\,\mathrm{MSE}}{\partial m}(m_t, b_t)\Bigr)^2
                    + \Bigl(\frac{\partial\,\mathrm{MSE}}{\partial b}(m_t, b_t)\Bigr)^2}

    Parameters
    ----------
    history : History
        ``result.history`` of :func:`gdlib.gradient_descent`.
    x, y : array_like, shape (N,)
        The data the run was fitted on.

    Returns
    -------
    numpy.ndarray, shape (T + 1,)
        :math:`g_0, \dots, g_T`, computed for all epochs at once.

    Examples
    --------
    >>> from gdlib import gradient_descent
    >>> result = gradient_descent([0.0, 1.0], [1.0, 3.0], learning_rate=0.5, epochs=2)
    >>> np.round(gradient_norms(result.history, [0.0, 1.0], [1.0, 3.0]), 4)
    array([5.    , 1.5811, 0.559 ])
    """
    dm, db = mse_gradient_grid(x, y, check_history(history).m, history.b)
    return np.hypot(dm, db)


def relative_cost_changes(cost: object) -> np.ndarray:
    r"""Relative change of the cost from one epoch to the next.

    .. math:: \delta_t = \frac{|c_t - c_{t-1}|}{c_{t-1}}, \qquad t = 1, \dots, T

    Entry 0 is ``inf`` (no change has been measured before the first step), so the result
    lines up with the epochs. When :math:`c_{t-1} = 0` the change is 0 if :math:`c_t = 0`
    too, and ``inf`` otherwise.

    Parameters
    ----------
    cost : array_like, shape (T + 1,)
        ``result.history.cost``: the MSE at every epoch, epoch 0 first.

    Returns
    -------
    numpy.ndarray, shape (T + 1,)

    Examples
    --------
    >>> relative_cost_changes([4.0, 2.0, 1.5, 1.5])
    array([ inf, 0.5 , 0.25, 0.  ])
    """
    cost = check_vector("cost", cost)
    if (cost < 0).any():
        raise ValueError("cost must be >= 0 (a mean of squares); pass result.history.cost.")
    change = np.abs(np.diff(cost))
    previous = cost[:-1]
    with np.errstate(over="ignore"):  # a tiny previous cost: the ratio is inf, as it should be
        ratio = np.divide(change, previous, out=np.full(change.shape, np.inf), where=previous > 0)
    ratio[(previous == 0) & (change == 0)] = 0.0
    return np.concatenate([[np.inf], ratio])


def epochs_until_gradient_norm(
    history: History, x: object, y: object, tolerance: float
) -> int | None:
    r"""First epoch whose gradient norm is at most ``tolerance``: :math:`g_t \le \varepsilon`.

    Gives the same epoch at which ``gradient_descent(..., tolerance=tolerance)`` stops.
    ``None`` if the run never got there.

    Examples
    --------
    >>> from gdlib import gradient_descent
    >>> result = gradient_descent([0.0, 1.0], [1.0, 3.0], learning_rate=0.5, epochs=100)
    >>> epochs_until_gradient_norm(result.history, [0.0, 1.0], [1.0, 3.0], tolerance=1e-3)
    29
    """
    return first_epoch_at_most(gradient_norms(history, x, y), tolerance)


def epochs_until_relative_cost_change(cost: object, tolerance: float) -> int | None:
    r"""First epoch whose relative cost change is at most ``tolerance``: :math:`\delta_t \le \varepsilon`.

    ``None`` if the run never got there.

    Examples
    --------
    >>> epochs_until_relative_cost_change([4.0, 2.0, 1.5, 1.49], tolerance=0.01)
    3
    """
    return first_epoch_at_most(relative_cost_changes(cost), tolerance)
