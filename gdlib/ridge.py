r"""Ridge regression: the MSE plus a penalty on the size of the weights (chapter 14).

The book's convention: the cost is the mean squared error plus :math:`\lambda` times the
squared length of the weights; the intercept :math:`b` is **not** penalised,

.. math::

    J(\mathbf w, b) = \frac1N \lVert X\mathbf w + b - \mathbf y\rVert^2 + \lambda\lVert\mathbf w\rVert^2,
    \qquad \lambda \ge 0 .

Its gradient adds :math:`2\lambda\mathbf w` to the MSE's,

.. math::

    \nabla_{\mathbf w} J = \frac2N X^\top\mathbf r + 2\lambda\mathbf w, \qquad
    \partial_b J = \frac2N \sum_i r_i, \qquad \mathbf r = X\mathbf w + b - \mathbf y,

and its Hessian adds :math:`2\lambda` to the diagonal entries of the weights,

.. math::

    H_\lambda = \frac2N A^\top A + 2\lambda\begin{pmatrix} I_k & 0\\ 0 & 0\end{pmatrix},
    \qquad A = [X\;\;\mathbf 1].

With centred columns (:math:`\sum_i X_{ij} = 0`) the intercept separates from the weights
and every eigenvalue of the weights' block :math:`\frac2N X^\top X` moves up by exactly
:math:`2\lambda`. The minimiser is then, in closed form,

.. math::

    \mathbf w^* = (X_c^\top X_c + N\lambda I)^{-1} X_c^\top \mathbf y_c, \qquad
    b^* = \bar y - \bar{\mathbf x}^\top \mathbf w^*,

with :math:`X_c`, :math:`\mathbf y_c` the centred data. Every function accepts one feature
``x`` of shape (N,) or ``X`` of shape (N, k); the ridge strength is the keyword ``lam``
(``lambda`` is a Python keyword).
"""

from __future__ import annotations

import numbers

import numpy as np

from .descent import DescentResult, iterate
from .loss import CostAndGradient, mse_objective
from .stability import mse_hessian
from .validation import (
    check_data,
    check_epochs,
    check_features,
    check_lam,
    check_learning_rate,
    check_scalar,
    check_start,
    check_tolerance,
)

__all__ = [
    "kfold_indices",
    "ridge_closed_form",
    "ridge_descent",
    "ridge_gradient",
    "ridge_hessian",
    "ridge_mse",
    "ridge_objective",
]


def _check(x: object, y: object, w: object, b: object, lam: object):
    """Checked ``(X (N, k), y, w (k,), b, lam, one_feature)``; ``w=None`` means zeros."""
    X, y = check_data(x, y)
    return X, y, check_start(w, X.shape[1]), check_scalar("b", b), check_lam(lam), np.ndim(x) <= 1


def _hessian(X: np.ndarray, lam: float) -> np.ndarray:
    """The MSE Hessian of ``X`` with ``2 lam`` added to each weight's diagonal entry."""
    H = mse_hessian(X)
    k = X.shape[1]
    H[np.arange(k), np.arange(k)] += 2.0 * lam
    return H


def ridge_objective(x: object, y: object, *, lam: float) -> CostAndGradient:
    r"""The ridge cost of this data as a function of the parameters, for :func:`gdlib.iterate`.

    Checks ``x``, ``y`` and ``lam`` once and returns ``cost_and_gradient(w, b)``, which
    evaluates :func:`gdlib.mse_objective` and adds the penalty,

    .. math::

        \Bigl(\mathrm{MSE} + \lambda\lVert\mathbf w\rVert^2,\
        \frac2N X^\top\mathbf r + 2\lambda\mathbf w,\ \frac2N\sum_i r_i\Bigr),

    at ``w`` (a float array of shape (k,), not checked: it is called once per epoch) and ``b``.

    Examples
    --------
    >>> cost_and_gradient = ridge_objective([0.0, 1.0], [1.0, 3.0], lam=0.5)
    >>> cost, dw, db = cost_and_gradient(np.array([2.0]), 1.0)  # on the line: penalty only
    >>> cost, dw, db
    (2.0, array([2.]), 0.0)
    """
    mse_and_gradient, lam = mse_objective(x, y), check_lam(lam)

    def cost_and_gradient(w: np.ndarray, b: float) -> tuple[float, np.ndarray, float]:
        cost, dw, db = mse_and_gradient(w, b)
        return float(cost + lam * (w @ w)), dw + 2.0 * lam * w, float(db)

    return cost_and_gradient


def ridge_mse(x: object, y: object, w: object, b: float, *, lam: float) -> float:
    r"""The ridge cost :math:`\frac1N\lVert X\mathbf w + b - \mathbf y\rVert^2 + \lambda\lVert\mathbf w\rVert^2`.

    Parameters
    ----------
    x : array_like, shape (N,) or (N, k)
    y : array_like, shape (N,)
    w : float or array_like, shape (k,)
        The slope (one feature) or one weight per feature.
    b : float
        The intercept (not penalised).
    lam : float
        Ridge strength :math:`\lambda \ge 0`; 0 gives the MSE.

    Examples
    --------
    >>> ridge_mse([0.0, 1.0], [1.0, 3.0], 2.0, 1.0, lam=0.5)  # MSE 0 + 0.5 * 2**2
    2.0
    """
    X, y, w, b, lam, _ = _check(x, y, w, b, lam)
    return ridge_objective(X, y, lam=lam)(w, b)[0]


def ridge_gradient(
    x: object, y: object, w: object, b: float, *, lam: float
) -> tuple[float, float] | tuple[np.ndarray, float]:
    r"""Gradient of :func:`ridge_mse`: the MSE's gradient plus :math:`2\lambda\mathbf w`.

    .. math::

        \nabla_{\mathbf w} = \frac2N X^\top\mathbf r + 2\lambda\mathbf w, \qquad
        \partial_b = \frac2N\sum_i r_i

    Returns
    -------
    (dw, db)
        ``dw`` is a float for one feature ``x`` (N,), an array (k,) for ``X`` (N, k).

    Examples
    --------
    >>> ridge_gradient([0.0, 1.0], [1.0, 3.0], 2.0, 1.0, lam=0.5)  # on the line: only 2*lam*w
    (2.0, 0.0)
    """
    X, y, w, b, lam, one = _check(x, y, w, b, lam)
    _, dw, db = ridge_objective(X, y, lam=lam)(w, b)
    return (float(dw[0]), db) if one else (dw, db)


def ridge_hessian(x: object, *, lam: float) -> np.ndarray:
    r"""Hessian of :func:`ridge_mse` in :math:`(\mathbf w, b)`, shape (k+1, k+1).

    .. math:: H_\lambda = \frac2N A^\top A + 2\lambda\begin{pmatrix} I_k & 0\\ 0 & 0\end{pmatrix}

    The MSE's Hessian with :math:`2\lambda` added to each weight's diagonal entry (the last
    row and column, the intercept's, are unchanged).

    Examples
    --------
    >>> ridge_hessian([-1.0, 1.0], lam=0.5)
    array([[3., 0.],
           [0., 2.]])
    """
    return _hessian(check_features(x), check_lam(lam))


def ridge_closed_form(x: object, y: object, *, lam: float) -> tuple[float | np.ndarray, float]:
    r"""The ridge minimiser, solved directly on centred data.

    .. math::

        \mathbf w^* = (X_c^\top X_c + N\lambda I)^{-1} X_c^\top\mathbf y_c, \qquad
        b^* = \bar y - \bar{\mathbf x}^\top\mathbf w^*

    Returns
    -------
    (w, b)
        ``w`` is a float for one feature ``x`` (N,), an array (k,) for ``X`` (N, k).

    Examples
    --------
    >>> w, b = ridge_closed_form([0.0, 1.0, 2.0], [1.0, 3.0, 5.0], lam=0.0)
    >>> round(w, 12), round(b, 12)
    (2.0, 1.0)
    """
    X, y = check_data(x, y)
    lam, one = check_lam(lam), np.ndim(x) <= 1
    x_mean, y_mean = X.mean(axis=0), y.mean()
    Xc = X - x_mean
    n, k = X.shape
    w = np.linalg.solve(Xc.T @ Xc + n * lam * np.eye(k), Xc.T @ (y - y_mean))
    b = float(y_mean - x_mean @ w)
    return (float(w[0]), b) if one else (w, b)


def ridge_descent(
    x: object,
    y: object,
    learning_rate: float,
    epochs: int,
    *,
    lam: float,
    w: object | None = None,
    b: float = 0.0,
    tolerance: float | None = None,
) -> DescentResult:
    r"""Gradient descent on the ridge cost :func:`ridge_mse`.

    Each epoch: :math:`\mathbf w \leftarrow \mathbf w - \eta\bigl(\frac2N X^\top\mathbf r + 2\lambda\mathbf w\bigr)`,
    :math:`b \leftarrow b - \eta\,\frac2N\sum_i r_i`. It converges from every start when
    :math:`\eta < 2/\lambda_{\max}(H_\lambda)` (:func:`ridge_hessian`); with ``lam=0`` it
    takes the same steps as plain gradient descent.

    Parameters
    ----------
    x : array_like, shape (N,) or (N, k)
    y : array_like, shape (N,)
    learning_rate : float
        Step size :math:`\eta > 0`.
    epochs : int
        Maximum number of updates.
    lam : float
        Ridge strength :math:`\lambda \ge 0`.
    w : float or array_like, shape (k,), optional
        Starting weights; zeros by default.
    b : float, default 0.0
        Starting intercept.
    tolerance : float, optional
        Stop early, with ``converged=True``, once the gradient norm is at most this.

    Returns
    -------
    DescentResult
        ``w``, ``b``, ``cost`` (the ridge cost), ``history`` (start included),
        ``epochs_run``, ``converged``, ``diverged``; ``m`` (and ``history.m``) with one
        feature.

    Warns
    -----
    DivergenceWarning
        If the cost overflows, or ends above its lowest value with a learning rate of at
        least :math:`2/\lambda_{\max}(H_\lambda)`; the message gives that limit.

    Examples
    --------
    >>> result = ridge_descent([-1.0, 1.0], [-1.0, 3.0], 0.2, 200, lam=1.0)
    >>> round(result.m, 6), round(result.b, 6)  # slope 2 shrunk to 2 / (1 + 1)
    (1.0, 1.0)
    """
    X, y, w, b, lam, _ = _check(x, y, w, b, lam)
    rate = check_learning_rate(learning_rate)

    def limit() -> float:
        return 2.0 / float(np.linalg.eigvalsh(_hessian(X, lam))[-1])

    return iterate(
        ridge_objective(X, y, lam=lam),
        w,
        b,
        learning_rate=rate,
        epochs=check_epochs(epochs),
        tolerance=check_tolerance(tolerance),
        stability_limit=limit,
        explain=lambda what: (
            f"ridge descent diverged: {what}. learning_rate={rate:.6g} is "
            f"{'above' if rate >= limit() else 'below'} this data's stability limit "
            f"2/lambda_max = {limit():.6g} (lambda_max: largest eigenvalue of the ridge "
            f"Hessian, gdlib.ridge_hessian(x, lam={lam:.6g})). Use a learning_rate below "
            f"{limit():.3g}, for example {limit() / 2:.3g}, or standardise the features "
            "(chapter 6)."
        ),
        stacklevel=2,
    )


def kfold_indices(n: int, *, folds: int, seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    r"""Split ``n`` points at random into ``folds`` parts, for k-fold cross-validation.

    Returns one ``(train, validation)`` pair of index arrays per fold: each point is in
    exactly one validation part, and the parts differ in size by at most one.

    Parameters
    ----------
    n : int
        Number of points.
    folds : int
        Number of parts :math:`K`, from 2 to ``n``.
    seed : int
        Seed for :func:`numpy.random.default_rng` (the shuffle).

    Examples
    --------
    >>> [(len(t), len(v)) for t, v in kfold_indices(10, folds=3, seed=0)]
    [(6, 4), (7, 3), (7, 3)]
    """
    for name, value in (("n", n), ("folds", folds)):
        if isinstance(value, bool) or not isinstance(value, numbers.Integral):
            raise TypeError(f"{name} must be an int; got {value!r} of type {type(value).__name__}.")
    if not 2 <= folds <= n:
        raise ValueError(
            f"folds must be between 2 and n = {n} (each part needs at least one point); "
            f"got {folds}. Five or ten folds are common."
        )
    order = np.random.default_rng(seed).permutation(n)
    parts = np.array_split(order, folds)
    return [
        (np.sort(np.concatenate(parts[:j] + parts[j + 1 :])), np.sort(parts[j]))
        for j in range(folds)
    ]
