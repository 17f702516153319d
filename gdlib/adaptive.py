r"""Adaptive steps: AdaGrad, RMSProp and Adam, one learning rate per coordinate (chapter 16).

Write :math:`\boldsymbol\theta = (\mathbf w, b)` for all parameters and
:math:`\mathbf g_t = \nabla L(\boldsymbol\theta_t)` for the gradient of the loss :math:`L`
(the MSE or the cross-entropy, see :func:`gdlib.objective`) at epoch :math:`t = 1, 2, \dots`.
Squares, square roots and divisions of vectors are taken coordinate by coordinate, and
:math:`\epsilon` (``epsilon``) keeps the division finite.

AdaGrad (Duchi, Hazan and Singer 2011) divides each coordinate by the root of the sum of its
squared gradients so far:

.. math::

    \mathbf s_t = \mathbf s_{t-1} + \mathbf g_t^2, \qquad
    \boldsymbol\theta_{t} = \boldsymbol\theta_{t-1}
        - \eta\,\frac{\mathbf g_t}{\sqrt{\mathbf s_t} + \epsilon} .

RMSProp (Tieleman and Hinton 2012) forgets old gradients with a decay :math:`\beta_2` (``decay``):

.. math::

    \mathbf s_t = \beta_2\,\mathbf s_{t-1} + (1 - \beta_2)\,\mathbf g_t^2, \qquad
    \boldsymbol\theta_{t} = \boldsymbol\theta_{t-1}
        - \eta\,\frac{\mathbf g_t}{\sqrt{\mathbf s_t} + \epsilon} .

Adam (Kingma and Ba 2015) adds momentum and corrects both running averages for their
start at zero:

.. math::

    \mathbf m_t = \beta_1 \mathbf m_{t-1} + (1 - \beta_1)\,\mathbf g_t, \quad
    \mathbf v_t = \beta_2 \mathbf v_{t-1} + (1 - \beta_2)\,\mathbf g_t^2, \quad
    \boldsymbol\theta_{t} = \boldsymbol\theta_{t-1}
        - \eta\,\frac{\mathbf m_t / (1 - \beta_1^t)}{\sqrt{\mathbf v_t / (1 - \beta_2^t)} + \epsilon} .

All three start from :math:`\mathbf s_0 = \mathbf m_0 = \mathbf v_0 = \mathbf 0`. Each
coordinate :math:`j` thus moves with its own effective rate :math:`\eta / (\sqrt{s_j} +
\epsilon)`: a diagonal rescaling of the bowl, the per-coordinate cousin of standardising the
features (chapter 6).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .descent import iterate
from .objectives import objective
from .validation import check_epochs, check_learning_rate, check_scalar, check_tolerance

__all__ = ["adagrad_descent", "adam_descent", "rmsprop_descent"]

Step = Callable[[np.ndarray, float, np.ndarray, float], tuple[np.ndarray, float]]


def _check_fraction(name: str, value: object, meaning: str) -> float:
    """A decay factor in [0, 1), or a ValueError that says what it means."""
    number = check_scalar(name, value)
    if not 0.0 <= number < 1.0:
        raise ValueError(f"{name} ({meaning}) must be in [0, 1); got {number!r}. Try 0.9.")
    return number


def _check_epsilon(epsilon: object) -> float:
    number = check_scalar("epsilon", epsilon)
    if number <= 0.0:
        raise ValueError(
            f"epsilon keeps the division by the root mean square finite and must be > 0; "
            f"got {number!r}. The usual value is 1e-8."
        )
    return number


def _adaptive(
    x: object,
    y: object,
    learning_rate: object,
    epochs: object,
    make_step: Callable[[int, Callable[[int], float]], Step],
    *,
    schedule: Callable[[int], float] | None,
    loss: str,
    w: object | None,
    b: float,
    tolerance: float | None,
    method: str,
):
    """Shared checks and the loop: ``make_step(k, rate)`` returns the update for k weights,
    where ``rate(t)`` is the learning rate of update ``t = 0, 1, 2, ...``."""
    f = objective(x, y, loss=loss)
    learning_rate = check_learning_rate(learning_rate)
    if schedule is not None and not callable(schedule):
        raise TypeError(
            f"schedule must be None or a callable s(t) returning the factor for update t, "
            f"for example gdlib.inverse_time_decay(tau=100); got {schedule!r}."
        )

    def rate(t: int) -> float:
        if schedule is None:
            return learning_rate
        factor = float(schedule(t))
        if not (factor > 0 and np.isfinite(factor)):
            raise ValueError(f"schedule({t}) returned {factor!r}; it must be positive and finite.")
        return learning_rate * factor

    return iterate(
        f.cost_and_gradient,
        f.start(w),
        check_scalar("b", b),
        learning_rate=learning_rate,
        epochs=check_epochs(epochs),
        tolerance=check_tolerance(tolerance),
        step=make_step(f.features.shape[1], rate),
        explain=lambda what: (
            f"{method} diverged: {what}. Use a smaller learning_rate than {learning_rate:.6g}, "
            "for example a tenth of it."
        ),
        stacklevel=3,  # the caller of adagrad_descent, rmsprop_descent or adam_descent
    )


def _scaled_steps(accumulate: Callable, eps: float) -> Callable[[int, Callable], Step]:
    """Steps :math:`\\theta \\mathrel{-}= \\eta_t\\,\\mathbf g / (\\sqrt{\\mathbf s} + \\epsilon)` with
    :math:`\\mathbf s \\leftarrow` ``accumulate(s, g)``: AdaGrad's sum or RMSProp's running mean."""

    def make_step(k: int, rate: Callable[[int], float]) -> Step:
        s, t = np.zeros(k + 1), 0

        def step(w: np.ndarray, b: float, dw: np.ndarray, db: float):
            nonlocal s, t
            g = np.append(dw, db)
            s = accumulate(s, g)
            theta = np.append(w, b) - rate(t) * g / (np.sqrt(s) + eps)
            t += 1
            return theta[:-1], float(theta[-1])

        return step

    return make_step


def adagrad_descent(
    x: object,
    y: object,
    learning_rate: float,
    epochs: int,
    *,
    loss: str = "mse",
    epsilon: float = 1e-8,
    schedule: Callable[[int], float] | None = None,
    w: object | None = None,
    b: float = 0.0,
    tolerance: float | None = None,
):
    r"""Minimise ``loss`` by AdaGrad: :math:`\mathbf s \mathrel{+}= \mathbf g^2`, then
    :math:`\boldsymbol\theta \mathrel{-}= \eta\,\mathbf g / (\sqrt{\mathbf s} + \epsilon)`.

    Parameters
    ----------
    x : array_like, shape (N,) or (N, k)
    y : array_like, shape (N,)
        Targets (labels 0/1 for ``loss="cross_entropy"``).
    learning_rate : float
        The base rate :math:`\eta > 0`; the first step moves every coordinate by about
        :math:`\eta`.
    epochs : int
        Maximum number of updates.
    loss : {"mse", "cross_entropy"}, default "mse"
    epsilon : float, default 1e-8
    schedule : callable, optional
        ``s(t)``: update ``t = 0, 1, 2, ...`` uses the rate ``learning_rate * s(t)``, for
        example :func:`gdlib.inverse_time_decay`; constant by default.
    w, b : starting point (zeros by default)
    tolerance : float, optional
        Stop, with ``converged=True``, once the gradient norm is at most this.

    Returns
    -------
    DescentResult
        ``w``, ``b`` (``m`` for one feature), ``cost`` (the loss), ``history`` with the start.

    Examples
    --------
    >>> result = adagrad_descent([0.0, 1.0, 2.0], [1.0, 3.0, 5.0], 0.5, 2000)
    >>> round(result.m, 3), round(result.b, 3)
    (2.0, 1.0)
    """
    eps = _check_epsilon(epsilon)

    make_step = _scaled_steps(lambda s, g: s + g**2, eps)

    return _adaptive(
        x, y, learning_rate, epochs, make_step, schedule=schedule, loss=loss, w=w, b=b,
        tolerance=tolerance,
        method="AdaGrad",
    )  # fmt: skip


def rmsprop_descent(
    x: object,
    y: object,
    learning_rate: float,
    epochs: int,
    *,
    decay: float = 0.9,
    loss: str = "mse",
    epsilon: float = 1e-8,
    schedule: Callable[[int], float] | None = None,
    w: object | None = None,
    b: float = 0.0,
    tolerance: float | None = None,
):
    r"""Minimise ``loss`` by RMSProp: :math:`\mathbf s \leftarrow \beta_2\mathbf s +
    (1 - \beta_2)\mathbf g^2`, then :math:`\boldsymbol\theta \mathrel{-}= \eta\,\mathbf g /
    (\sqrt{\mathbf s} + \epsilon)`.

    Parameters as :func:`adagrad_descent`, and

    decay : float, default 0.9
        :math:`\beta_2 \in [0, 1)`, how slowly the running mean of squared gradients forgets.

    Examples
    --------
    >>> result = rmsprop_descent([0.0, 1.0, 2.0], [1.0, 3.0, 5.0], 0.01, 3000)
    >>> abs(result.m - 2.0) < 0.05, abs(result.b - 1.0) < 0.05
    (True, True)
    """
    eps = _check_epsilon(epsilon)
    rho = _check_fraction("decay", decay, "the forgetting factor of the squared gradients")

    make_step = _scaled_steps(lambda s, g: rho * s + (1 - rho) * g**2, eps)

    return _adaptive(
        x, y, learning_rate, epochs, make_step, schedule=schedule, loss=loss, w=w, b=b,
        tolerance=tolerance,
        method="RMSProp",
    )  # fmt: skip


def adam_descent(
    x: object,
    y: object,
    learning_rate: float,
    epochs: int,
    *,
    beta1: float = 0.9,
    beta2: float = 0.999,
    loss: str = "mse",
    epsilon: float = 1e-8,
    schedule: Callable[[int], float] | None = None,
    w: object | None = None,
    b: float = 0.0,
    tolerance: float | None = None,
):
    r"""Minimise ``loss`` by Adam (momentum ``beta1`` on the gradient, RMSProp ``beta2`` on its
    square, both corrected for their start at zero).

    Parameters as :func:`adagrad_descent`, and

    beta1 : float, default 0.9
        Decay of the running mean of the gradient (the momentum), in [0, 1).
    beta2 : float, default 0.999
        Decay of the running mean of the squared gradient, in [0, 1).

    Notes
    -----
    With a constant ``learning_rate`` near the minimum, where the gradient is tiny, the step
    :math:`\eta\,\hat{\mathbf m}/\sqrt{\hat{\mathbf v}}` does not shrink with the gradient,
    so Adam may hover at a distance that depends on :math:`\eta` (chapter 16 shows it).

    Examples
    --------
    >>> result = adam_descent([0.0, 1.0, 2.0], [1.0, 3.0, 5.0], 0.05, 2000)
    >>> abs(result.m - 2.0) < 0.01, abs(result.b - 1.0) < 0.01
    (True, True)
    """
    eps = _check_epsilon(epsilon)
    beta1 = _check_fraction("beta1", beta1, "the momentum of the gradient")
    beta2 = _check_fraction("beta2", beta2, "the forgetting factor of the squared gradients")

    def make_step(k: int, rate: Callable[[int], float]) -> Step:
        m, v, t = np.zeros(k + 1), np.zeros(k + 1), 0

        def step(w: np.ndarray, b: float, dw: np.ndarray, db: float):
            nonlocal m, v, t
            g = np.append(dw, db)
            m = beta1 * m + (1 - beta1) * g
            v = beta2 * v + (1 - beta2) * g**2
            m_hat, v_hat = m / (1 - beta1 ** (t + 1)), v / (1 - beta2 ** (t + 1))
            theta = np.append(w, b) - rate(t) * m_hat / (np.sqrt(v_hat) + eps)
            t += 1
            return theta[:-1], float(theta[-1])

        return step

    return _adaptive(
        x, y, learning_rate, epochs, make_step, schedule=schedule, loss=loss, w=w, b=b,
        tolerance=tolerance,
        method="Adam",
    )  # fmt: skip
