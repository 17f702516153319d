r"""Momentum: gradient descent that remembers its last step (heavy ball and Nesterov).

Plain gradient descent forgets everything between epochs. Momentum keeps a *velocity*
:math:`\mathbf v` (a running, decaying sum of past steps) and moves along it:

.. math::

    \mathbf v \leftarrow \beta\,\mathbf v - \eta\,\nabla \mathrm{MSE}(\boldsymbol\theta), \qquad
    \boldsymbol\theta \leftarrow \boldsymbol\theta + \mathbf v

with :math:`\boldsymbol\theta = (\mathbf w, b)`, learning rate :math:`\eta` and momentum
:math:`0 \le \beta < 1` (Polyak's *heavy ball*). *Nesterov* momentum takes the gradient at
the look-ahead point :math:`\boldsymbol\theta + \beta\mathbf v` instead. With
:math:`\beta = 0` both are plain gradient descent.

On the MSE, a quadratic whose Hessian has eigenvalues
:math:`\lambda_{\min} \le \dots \le \lambda_{\max}` and condition number
:math:`\kappa = \lambda_{\max}/\lambda_{\min}`, the heavy ball with

.. math::

    \eta = \frac{4}{(\sqrt{\lambda_{\max}} + \sqrt{\lambda_{\min}})^2}, \qquad
    \beta = \left(\frac{\sqrt\kappa - 1}{\sqrt\kappa + 1}\right)^2

shrinks the distance to the optimum by about :math:`(\sqrt\kappa - 1)/(\sqrt\kappa + 1)` per
epoch, against :math:`(\kappa - 1)/(\kappa + 1)` for plain descent at its best fixed step.
"""

from __future__ import annotations

import numpy as np

from . import stability
from .descent import DescentResult, iterate
from .diagnostics import divergence_message
from .loss import mse_objective
from .validation import (
    check_bool,
    check_curvatures,
    check_epochs,
    check_features,
    check_learning_rate,
    check_scalar,
    check_start,
    check_tolerance,
)

__all__ = [
    "heavy_ball_parameters",
    "momentum_contraction_factor",
    "momentum_descent",
    "momentum_stability_limit",
    "nesterov_parameters",
]


def _check_beta(beta: object) -> float:
    value = check_scalar("beta", beta)
    if not 0.0 <= value < 1.0:
        raise ValueError(
            f"beta (the momentum) must be in [0, 1); got {value!r}. beta = 0 is plain "
            "gradient descent, values close to 1 remember many past steps; try 0.9."
        )
    return value


def _limit(eigenvalues: np.ndarray, beta: float, nesterov: bool) -> float:
    """The largest stable learning rate with momentum ``beta``, from the Hessian's eigenvalues."""
    limit = 2.0 * (1.0 + beta) / float(eigenvalues[-1])
    return limit / (1.0 + 2.0 * beta) if nesterov else limit


def _momentum_step(cost_and_gradient, k: int, learning_rate: float, beta: float, nesterov: bool):
    """The momentum update for :func:`gdlib.iterate`, with its velocity (zero at the start)."""
    velocity_w, velocity_b = np.zeros(k), 0.0

    def step(w: np.ndarray, b: float, dw: np.ndarray, db: float) -> tuple[np.ndarray, float]:
        nonlocal velocity_w, velocity_b
        if nesterov:  # the gradient at the look-ahead point instead
            _, dw, db = cost_and_gradient(w + beta * velocity_w, b + beta * velocity_b)
        velocity_w = beta * velocity_w - learning_rate * dw
        velocity_b = beta * velocity_b - learning_rate * db
        return w + velocity_w, b + velocity_b

    return step


def momentum_descent(
    x: object,
    y: object,
    learning_rate: float,
    epochs: int,
    *,
    beta: float,
    nesterov: bool = False,
    w: object | None = None,
    b: float = 0.0,
    tolerance: float | None = None,
) -> DescentResult:
    r"""Fit :math:`\hat y = m x + b` or :math:`X\mathbf w + b` by gradient descent with momentum.

    Each epoch, with :math:`\boldsymbol\theta = (\mathbf w, b)` and velocity
    :math:`\mathbf v` (zero at the start):

    .. math::

        \mathbf v \leftarrow \beta\,\mathbf v - \eta\,\nabla\mathrm{MSE}(\mathbf p), \qquad
        \boldsymbol\theta \leftarrow \boldsymbol\theta + \mathbf v ,

    where :math:`\mathbf p = \boldsymbol\theta` (heavy ball) or
    :math:`\mathbf p = \boldsymbol\theta + \beta\mathbf v` (Nesterov's look-ahead point).
    The loop is :func:`gdlib.iterate` with this step.

    Parameters
    ----------
    x : array_like, shape (N,) or (N, k)
        One feature ``x`` or a feature matrix ``X``.
    y : array_like, shape (N,)
    learning_rate : float
        Step size :math:`\eta > 0`.
    epochs : int
        Maximum number of updates.
    beta : float
        Momentum :math:`\beta` in ``[0, 1)``; 0 gives plain gradient descent.
    nesterov : bool, default False
        Take the gradient at the look-ahead point :math:`\boldsymbol\theta + \beta\mathbf v`.
    w : float or array_like of shape (k,), optional
        Starting slope or weights; zero by default.
    b : float, default 0.0
        Starting intercept.
    tolerance : float, optional
        Stop early, with ``converged=True``, once the gradient norm at
        :math:`\boldsymbol\theta` is at most this.

    Returns
    -------
    DescentResult
        As :func:`gdlib.gradient_descent` returns it.

    Warns
    -----
    DivergenceWarning
        If the cost overflows (descent stops there), or ends above its lowest value with a
        learning rate over :func:`momentum_stability_limit`.

    Examples
    --------
    >>> result = momentum_descent([0.0, 1.0], [1.0, 3.0], 0.3, 200, beta=0.5, nesterov=True)
    >>> round(result.m, 6), round(result.b, 6), len(result.history.cost)
    (2.0, 1.0, 201)
    >>> result = momentum_descent([[0.0], [1.0]], [1.0, 3.0], 0.3, 200, beta=0.5)
    >>> np.round(result.w, 6), round(result.b, 6)
    (array([2.]), 1.0)
    """
    X = check_features(x)
    cost_and_gradient = mse_objective(X, y)
    rate, beta = check_learning_rate(learning_rate), _check_beta(beta)
    nesterov = check_bool("nesterov", nesterov)
    method = f"{'Nesterov' if nesterov else 'heavy-ball'} momentum descent"
    rule = "2(1+beta)/((1+2 beta) lambda_max)" if nesterov else "2(1+beta)/lambda_max"

    def limit() -> float:
        return _limit(stability.hessian_eigenvalues(X), beta, nesterov)

    return iterate(
        cost_and_gradient,
        check_start(w, X.shape[1]),
        check_scalar("b", b),
        learning_rate=rate,
        epochs=check_epochs(epochs),
        tolerance=check_tolerance(tolerance),
        step=_momentum_step(cost_and_gradient, X.shape[1], rate, beta, nesterov),
        stability_limit=limit,
        explain=lambda what: divergence_message(limit(), rate, what, method, rule, beta),
        stacklevel=2,
    )


def momentum_stability_limit(x: object, beta: float, *, nesterov: bool = False) -> float:
    r"""Largest stable learning rate with momentum :math:`\beta`.

    .. math::

        \eta < \frac{2(1+\beta)}{\lambda_{\max}} \ \text{(heavy ball)}, \qquad
        \eta < \frac{2(1+\beta)}{(1+2\beta)\,\lambda_{\max}} \ \text{(Nesterov)}

    With :math:`\beta = 0` both are plain descent's :math:`2/\lambda_{\max}`.

    Parameters
    ----------
    x : array_like, shape (N,) or (N, k)
        One feature ``x`` or a feature matrix ``X``.
    beta : float
        Momentum in ``[0, 1)``.
    nesterov : bool, default False

    Examples
    --------
    >>> round(momentum_stability_limit([0.0, 1.0, 2.0], beta=0.5), 4)
    0.6283
    >>> round(momentum_stability_limit([0.0, 1.0, 2.0], beta=0.5, nesterov=True), 4)
    0.3141
    """
    beta, nesterov = _check_beta(beta), check_bool("nesterov", nesterov)
    return _limit(stability.hessian_eigenvalues(x), beta, nesterov)


def momentum_contraction_factor(
    x: object, learning_rate: float, *, beta: float = 0.0, nesterov: bool = False
) -> float:
    r"""Factor by which the distance to the optimum shrinks per epoch, in the long run.

    Along the Hessian's eigenvector of curvature :math:`\lambda`, with :math:`h = \eta\lambda`,
    the distance to the optimum :math:`d` and the velocity :math:`v` evolve linearly:

    .. math::

        \begin{pmatrix} d \\ v \end{pmatrix} \leftarrow
        \begin{pmatrix} 1 - h & \beta \\ -h & \beta \end{pmatrix}
        \begin{pmatrix} d \\ v \end{pmatrix} \ \text{(heavy ball)}, \qquad
        \begin{pmatrix} 1 - h & \beta(1 - h) \\ -h & \beta(1 - h) \end{pmatrix}
        \ \text{(Nesterov)}.

    The factor :math:`\rho` is the largest absolute eigenvalue of these matrices over all
    :math:`\lambda` (their spectral radius): below 1 the descent converges, and about
    :math:`\ln\varepsilon / \ln\rho` epochs shrink the distance by a factor
    :math:`\varepsilon`. With :math:`\beta = 0` it is plain descent's
    :math:`\max_\lambda |1 - \eta\lambda|`, :func:`gdlib.contraction_factor`.

    Parameters
    ----------
    x : array_like, shape (N,) or (N, k)
        One feature ``x`` or a feature matrix ``X``.
    learning_rate : float
        Step size :math:`\eta > 0`.
    beta : float, default 0.0
        Momentum in ``[0, 1)``.
    nesterov : bool, default False

    Examples
    --------
    >>> from gdlib import optimal_learning_rate
    >>> x = [0.0, 1.0, 2.0]
    >>> round(momentum_contraction_factor(x, optimal_learning_rate(x)), 4)  # (kappa-1)/(kappa+1)
    0.7906
    >>> learning_rate, beta = heavy_ball_parameters(x)
    >>> round(momentum_contraction_factor(x, learning_rate, beta=beta), 4), round(beta**0.5, 4)
    (0.4903, 0.4903)
    """
    h = check_learning_rate(learning_rate) * stability.hessian_eigenvalues(x)
    beta = _check_beta(beta)
    shrink = beta * (1.0 - h) if check_bool("nesterov", nesterov) else np.full_like(h, beta)
    matrices = np.stack([np.stack([1.0 - h, shrink], -1), np.stack([-h, shrink], -1)], -2)
    return float(np.abs(np.linalg.eigvals(matrices)).max())


def heavy_ball_parameters(x: object) -> tuple[float, float]:
    r"""Polyak's optimal heavy-ball ``(learning_rate, beta)`` for the MSE of this data.

    .. math::

        \eta = \frac{4}{(\sqrt{\lambda_{\max}} + \sqrt{\lambda_{\min}})^2}, \qquad
        \beta = \left(\frac{\sqrt\kappa - 1}{\sqrt\kappa + 1}\right)^2, \qquad
        \kappa = \frac{\lambda_{\max}}{\lambda_{\min}}

    with :math:`\lambda_{\min}, \lambda_{\max}` the extreme eigenvalues of the MSE Hessian.
    The distance to the optimum then shrinks by about :math:`\sqrt\beta` per epoch.

    Parameters
    ----------
    x : array_like, shape (N,) or (N, k)
        One feature ``x`` or a feature matrix ``X``.

    Returns
    -------
    (learning_rate, beta) : tuple of float

    Examples
    --------
    >>> learning_rate, beta = heavy_ball_parameters([0.0, 1.0, 2.0])
    >>> round(learning_rate, 4), round(beta, 4)
    (0.4652, 0.2404)
    """
    low, high = check_curvatures(stability.hessian_eigenvalues(x), "optimal momentum")
    root_low, root_high = np.sqrt(low), np.sqrt(high)
    learning_rate = 4.0 / (root_high + root_low) ** 2
    beta = ((root_high - root_low) / (root_high + root_low)) ** 2
    return float(learning_rate), float(beta)


def nesterov_parameters(x: object) -> tuple[float, float]:
    r"""Nesterov's standard ``(learning_rate, beta)`` for a strongly convex function.

    .. math::

        \eta = \frac{1}{\lambda_{\max}}, \qquad
        \beta = \frac{\sqrt\kappa - 1}{\sqrt\kappa + 1}, \qquad
        \kappa = \frac{\lambda_{\max}}{\lambda_{\min}}

    The distance to the optimum then shrinks by about :math:`1 - 1/\sqrt\kappa` per epoch.

    Parameters
    ----------
    x : array_like, shape (N,) or (N, k)
        One feature ``x`` or a feature matrix ``X``.

    Returns
    -------
    (learning_rate, beta) : tuple of float

    Examples
    --------
    >>> learning_rate, beta = nesterov_parameters([0.0, 1.0, 2.0])
    >>> round(learning_rate, 4), round(beta, 4)
    (0.2094, 0.4903)
    """
    low, high = check_curvatures(stability.hessian_eigenvalues(x), "optimal momentum")
    root_kappa = np.sqrt(high / low)
    return float(1.0 / high), float((root_kappa - 1.0) / (root_kappa + 1.0))
