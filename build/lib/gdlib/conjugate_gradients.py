r"""Conjugate gradients: solve :math:`A x = b` for a symmetric positive definite :math:`A`.

Solving :math:`A x = b` is the same as minimising the bowl
:math:`f(x) = \tfrac12 x^\top A x - b^\top x`, whose gradient is :math:`A x - b = -r`, minus
the *residual* :math:`r = b - A x`. Conjugate gradients walks downhill like gradient descent,
but each new direction is the residual corrected so that it does not undo the progress of
the earlier directions (the directions are *conjugate*, :math:`p_i^\top A p_j = 0`), and each
step length is the exact minimiser of :math:`f` along its direction. In exact arithmetic it
reaches the minimum of a :math:`k`-dimensional bowl in at most :math:`k` steps (chapter 17).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .validation import check_matrix, check_scalar, check_vector

__all__ = ["ConjugateGradientsResult", "conjugate_gradients"]


@dataclass(frozen=True)
class ConjugateGradientsResult:
    """Outcome of :func:`conjugate_gradients`."""

    x: np.ndarray  #: the approximate solution, shape (k,)
    history: np.ndarray  #: residual norms ||b - A x||, one per iteration, start included
    iterations: int  #: number of steps taken
    converged: bool  #: True if the residual norm fell to ``tolerance``


def conjugate_gradients(
    A: object,
    rhs: object,
    *,
    x0: object = None,
    tolerance: float = 1e-10,
    max_iterations: int | None = None,
) -> ConjugateGradientsResult:
    r"""Solve :math:`A x = b` (:math:`b` = ``rhs``) by the method of conjugate gradients.

    From :math:`x_0` (zeros by default), with :math:`r_0 = p_0 = b - A x_0`, each iteration is

    .. math::

        \alpha_i = \frac{r_i^\top r_i}{p_i^\top A p_i}, \quad
        x_{i+1} = x_i + \alpha_i p_i, \quad
        r_{i+1} = r_i - \alpha_i A p_i, \quad
        \beta_i = \frac{r_{i+1}^\top r_{i+1}}{r_i^\top r_i}, \quad
        p_{i+1} = r_{i+1} + \beta_i p_i ,

    one product :math:`A p_i` per iteration (:math:`O(k^2)` work). The residual
    :math:`r_i = b - A x_i` is minus the gradient of :math:`\tfrac12 x^\top A x - b^\top x`.
    In exact arithmetic :math:`r_k = 0` after at most :math:`k` iterations; in floating point
    the updated :math:`r_i` drifts from the true :math:`b - A x_i` on ill-conditioned
    matrices, and restarting from the current :math:`x` (a fresh :math:`r = b - A x`) helps.

    Parameters
    ----------
    A : array_like, shape (k, k)
        Symmetric positive definite matrix.
    rhs : array_like, shape (k,)
        Right-hand side :math:`b`.
    x0 : array_like, shape (k,), optional
        Starting point; zeros by default.
    tolerance : float, default 1e-10
        Stop, with ``converged=True``, once :math:`\lVert r_i \rVert \le` ``tolerance``
        (an absolute bound on the residual, that is on the gradient norm of the bowl).
    max_iterations : int, optional
        Give up after this many iterations; ``10 * k`` by default.

    Returns
    -------
    ConjugateGradientsResult
        ``x``, the residual norms ``history`` (start included), ``iterations``, ``converged``.

    Raises
    ------
    ValueError
        If ``A`` is not square and symmetric, the shapes do not match, or ``A`` turns out
        not to be positive definite (a direction with :math:`p^\top A p \le 0`).

    Examples
    --------
    >>> result = conjugate_gradients([[4.0, 1.0], [1.0, 3.0]], [1.0, 2.0])
    >>> result.x.round(6).tolist(), result.iterations, result.converged
    ([0.090909, 0.636364], 2, True)
    """
    A, rhs = check_matrix("A", A), check_vector("rhs", rhs)
    k = len(rhs)
    if A.shape != (k, k):
        raise ValueError(
            f"A must be a square matrix with one row per entry of rhs, shape ({k}, {k}); "
            f"got shape {A.shape}."
        )
    if not np.allclose(A, A.T, rtol=1e-12, atol=0.0):
        raise ValueError("A must be symmetric (A == A.T); conjugate gradients needs it.")
    x = np.zeros(k) if x0 is None else check_vector("x0", x0)
    if x.shape != (k,):
        raise ValueError(f"x0 must have shape ({k},) like rhs; got shape {x.shape}.")
    tolerance = check_scalar("tolerance", tolerance)
    if max_iterations is None:
        max_iterations = 10 * k
    if isinstance(max_iterations, bool) or not isinstance(max_iterations, int | np.integer):
        raise TypeError(f"max_iterations must be an int; got {max_iterations!r}.")

    r = rhs - A @ x
    p = r.copy()
    rr = r @ r
    history = [np.sqrt(rr)]
    while history[-1] > tolerance and len(history) <= max_iterations:
        Ap = A @ p
        curvature = p @ Ap
        if curvature <= 0:
            raise ValueError(
                "A is not positive definite (found a direction p with p @ A @ p <= 0); "
                "conjugate gradients needs a symmetric positive definite matrix."
            )
        alpha = rr / curvature
        x = x + alpha * p
        r = r - alpha * Ap
        rr_next = r @ r
        p = r + (rr_next / rr) * p
        rr = rr_next
        history.append(np.sqrt(rr))
    iterations = len(history) - 1
    return ConjugateGradientsResult(
        x, np.array(history), iterations, bool(history[-1] <= tolerance)
    )
