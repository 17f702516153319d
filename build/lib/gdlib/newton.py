r"""Using the curvature: Newton's method and backtracking (Armijo) line search (chapter 17).

With :math:`\boldsymbol\theta = (\mathbf w, b)`, gradient :math:`\mathbf g` and Hessian
:math:`H` of the loss at :math:`\boldsymbol\theta`, the loss near :math:`\boldsymbol\theta`
is approximately the quadratic
:math:`q(\boldsymbol\delta) = L + \mathbf g^\top\boldsymbol\delta
+ \tfrac12 \boldsymbol\delta^\top H \boldsymbol\delta`, whose bottom is at
:math:`H\boldsymbol\delta = -\mathbf g`. **Newton's method** jumps there:

.. math::

    \boldsymbol\theta \leftarrow \boldsymbol\theta - H^{-1}\mathbf g .

On the MSE the quadratic *is* the loss, so one step from anywhere lands on the least-squares
solution (up to round-off). On the cross-entropy of logistic regression,
:math:`H = \frac1N A^\top D A` with :math:`A = [X\ \mathbf 1]` and
:math:`D = \operatorname{diag}(p_i(1 - p_i))`, and each Newton step solves a weighted least
squares problem: *iteratively reweighted least squares* (IRLS).

**Backtracking line search** chooses the step size of gradient descent without knowing
:math:`\lambda_{\max}`: start from :math:`t = t_0` and halve (multiply by ``shrink``) until
the Armijo condition of sufficient decrease holds,

.. math::

    L(\boldsymbol\theta - t\,\mathbf g) \le L(\boldsymbol\theta) - c\,t\,\lVert\mathbf g\rVert^2 ,

with a small :math:`c` (``sufficient_decrease``, :math:`10^{-4}` by default).
"""

from __future__ import annotations

import numpy as np

from .descent import iterate
from .objectives import Objective, objective
from .validation import check_epochs, check_learning_rate, check_scalar, check_tolerance

__all__ = ["armijo_step", "backtracking_descent", "newton_descent"]


def newton_descent(
    x: object,
    y: object,
    epochs: int,
    *,
    loss: str = "mse",
    w: object | None = None,
    b: float = 0.0,
    tolerance: float | None = None,
):
    r"""Minimise ``loss`` by Newton's method: :math:`\boldsymbol\theta \leftarrow
    \boldsymbol\theta - H^{-1}\mathbf g` each epoch (IRLS for ``loss="cross_entropy"``).

    Parameters
    ----------
    x : array_like, shape (N,) or (N, k)
    y : array_like, shape (N,)
        Targets (labels 0/1 for ``loss="cross_entropy"``).
    epochs : int
        Maximum number of Newton steps.
    loss : {"mse", "cross_entropy"}, default "mse"
    w, b : starting point (zeros by default)
    tolerance : float, optional
        Stop, with ``converged=True``, once the gradient norm is at most this.

    Returns
    -------
    DescentResult

    Raises
    ------
    numpy.linalg.LinAlgError
        If the Hessian is singular (a constant or duplicated feature): remove that feature.

    Examples
    --------
    >>> result = newton_descent([0.0, 1.0, 2.0], [1.0, 3.0, 5.0], 1)
    >>> round(result.m, 12), round(result.b, 12)
    (2.0, 1.0)
    """
    f = objective(x, y, loss=loss)

    def step(w: np.ndarray, b: float, dw: np.ndarray, db: float):
        delta = np.linalg.solve(f.hessian(w, b), np.append(dw, db))
        return w - delta[:-1], float(b - delta[-1])

    return iterate(
        f.cost_and_gradient,
        f.start(w),
        check_scalar("b", b),
        learning_rate=1.0,
        epochs=check_epochs(epochs),
        tolerance=check_tolerance(tolerance),
        step=step,
        explain=lambda what: (
            f"Newton's method diverged: {what}. Newton's full step can overshoot far from "
            "the minimum; use backtracking_descent, or start closer (for example at the "
            "result of a few gradient-descent epochs)."
        ),
        stacklevel=2,  # the caller of newton_descent
    )


def armijo_step(
    f: Objective,
    w: np.ndarray,
    b: float,
    dw: np.ndarray,
    db: float,
    *,
    initial_step: float = 1.0,
    shrink: float = 0.5,
    sufficient_decrease: float = 1e-4,
) -> float:
    r"""The step size :math:`t` backtracking finds along :math:`-\mathbf g` from ``(w, b)``.

    Starts at :math:`t_0` = ``initial_step`` and multiplies by ``shrink`` until
    :math:`L(\boldsymbol\theta - t\mathbf g) \le L(\boldsymbol\theta) - c\,t\lVert\mathbf g\rVert^2`
    (at most 100 times).

    Examples
    --------
    >>> f = objective([0.0, 1.0, 2.0], [1.0, 3.0, 5.0])
    >>> dw, db = f.gradient(np.zeros(1), 0.0)
    >>> armijo_step(f, np.zeros(1), 0.0, dw, db)
    0.25
    """
    cost, squared = f.cost(w, b), float(dw @ dw + db * db)
    t = initial_step
    for _ in range(100):
        if f.cost(w - t * dw, b - t * db) <= cost - sufficient_decrease * t * squared:
            break
        t *= shrink
    return t


def backtracking_descent(
    x: object,
    y: object,
    epochs: int,
    *,
    loss: str = "mse",
    initial_step: float = 1.0,
    shrink: float = 0.5,
    sufficient_decrease: float = 1e-4,
    w: object | None = None,
    b: float = 0.0,
    tolerance: float | None = None,
):
    r"""Gradient descent whose step size is found each epoch by :func:`armijo_step`.

    Every epoch starts the search again at ``initial_step``, so no learning rate is needed.

    Parameters
    ----------
    x, y, epochs, loss, w, b, tolerance
        As :func:`newton_descent`.
    initial_step : float, default 1.0
        :math:`t_0 > 0`, the first step size tried each epoch.
    shrink : float, default 0.5
        Factor in (0, 1) that shortens a rejected step.
    sufficient_decrease : float, default 1e-4
        :math:`c \in (0, 1)` in the Armijo condition.

    Returns
    -------
    DescentResult

    Examples
    --------
    >>> result = backtracking_descent([0.0, 1.0, 2.0], [1.0, 3.0, 5.0], 500)
    >>> round(result.m, 6), round(result.b, 6)
    (2.0, 1.0)
    """
    f = objective(x, y, loss=loss)
    initial_step = check_learning_rate(initial_step)
    shrink, c = (
        check_scalar("shrink", shrink),
        check_scalar("sufficient_decrease", sufficient_decrease),
    )
    for name, value in [("shrink", shrink), ("sufficient_decrease", c)]:
        if not 0.0 < value < 1.0:
            raise ValueError(f"{name} must be between 0 and 1 (try 0.5 and 1e-4); got {value!r}.")

    def step(w: np.ndarray, b: float, dw: np.ndarray, db: float):
        t = armijo_step(f, w, b, dw, db, initial_step=initial_step, shrink=shrink,
                        sufficient_decrease=c)  # fmt: skip
        return w - t * dw, b - t * db

    return iterate(
        f.cost_and_gradient,
        f.start(w),
        check_scalar("b", b),
        learning_rate=initial_step,
        epochs=check_epochs(epochs),
        tolerance=check_tolerance(tolerance),
        step=step,
        stacklevel=2,  # the caller of backtracking_descent
    )
