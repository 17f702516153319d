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
from dataclasses import dataclass

import numpy as np

from .descent import _iterate
from .validation import (
    check_epochs,
    check_learning_rate,
    check_matrix,
    check_same_length,
    check_scalar,
    check_tolerance,
    check_vector,
    check_weights,
)

__all__ = [
    "RidgeHistory",
    "RidgeResult",
    "kfold_indices",
    "ridge_closed_form",
    "ridge_descent",
    "ridge_gradient",
    "ridge_hessian",
    "ridge_mse",
]


def _features(x: object) -> tuple[np.ndarray, bool]:
    """``x`` (N,) or ``X`` (N, k) as a float matrix (N, k), and whether it was one feature."""
    if not isinstance(x, str | bytes) and np.ndim(x) == 2:
        return check_matrix("X", x), False
    return check_vector("x", x)[:, None], True


def _weights(w: object, k: int, one_feature: bool) -> np.ndarray:
    if w is None:
        return np.zeros(k)
    if one_feature and np.ndim(w) == 0:
        return np.array([check_scalar("w", w)])
    return check_weights(w, k)


def _check_lam(lam: object) -> float:
    value = check_scalar("lam", lam)
    if value < 0:
        raise ValueError(
            f"lam (the ridge strength lambda) must be 0 or more; got {value!r}. A negative "
            "penalty rewards large weights; use lam=0 for plain least squares."
        )
    return value


def _check(x: object, y: object, w: object, b: object, lam: object):
    X, one = _features(x)
    y = check_vector("y", y)
    check_same_length("x", X, "y", y)
    return X, y, _weights(w, X.shape[1], one), check_scalar("b", b), _check_lam(lam), one


def _cost_and_gradient(
    X: np.ndarray, y: np.ndarray, w: np.ndarray, b: float, lam: float
) -> tuple[float, np.ndarray, float]:
    """Unchecked core: ridge cost and gradient in one pass."""
    r = X @ w + b - y
    n = len(y)
    return float(r @ r / n + lam * (w @ w)), 2.0 / n * (X.T @ r) + 2.0 * lam * w, 2.0 / n * r.sum()


def _hessian(X: np.ndarray, lam: float) -> np.ndarray:
    A = np.column_stack([X, np.ones(len(X))])
    H = 2.0 / len(X) * (A.T @ A)
    k = X.shape[1]
    H[np.arange(k), np.arange(k)] += 2.0 * lam
    return H


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
    return _cost_and_gradient(X, y, w, b, lam)[0]


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
    _, dw, db = _cost_and_gradient(X, y, w, b, lam)
    return (float(dw[0]), float(db)) if one else (dw, float(db))


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
    X, _ = _features(x)
    return _hessian(X, _check_lam(lam))


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
    X, one = _features(x)
    y = check_vector("y", y)
    check_same_length("x", X, "y", y)
    lam = _check_lam(lam)
    x_mean, y_mean = X.mean(axis=0), y.mean()
    Xc = X - x_mean
    n, k = X.shape
    w = np.linalg.solve(Xc.T @ Xc + n * lam * np.eye(k), Xc.T @ (y - y_mean))
    b = float(y_mean - x_mean @ w)
    return (float(w[0]), b) if one else (w, b)


@dataclass(frozen=True)
class RidgeHistory:
    """Weights, intercept and cost at every epoch, the start included (row 0)."""

    w: np.ndarray  #: shape (epochs_run + 1, k)
    b: np.ndarray  #: shape (epochs_run + 1,)
    cost: np.ndarray  #: cost[i] is the ridge cost at (w[i], b[i])

    @property
    def m(self) -> np.ndarray:
        """The slope at every epoch; only with one feature."""
        if self.w.shape[1] != 1:
            raise AttributeError("m exists only for one feature; use w")
        return self.w[:, 0]


@dataclass(frozen=True)
class RidgeResult:
    """Outcome of :func:`ridge_descent`."""

    w: np.ndarray  #: final weights, shape (k,)
    b: float  #: final intercept
    cost: float  #: ridge cost at the final (w, b)
    history: RidgeHistory
    epochs_run: int  #: number of updates taken
    converged: bool  #: True if the gradient norm fell to ``tolerance``
    diverged: bool  #: True if the cost overflowed or rose with a rate over the limit

    @property
    def m(self) -> float:
        """The final slope; only with one feature."""
        if len(self.w) != 1:
            raise AttributeError("m exists only for one feature; use w")
        return float(self.w[0])


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
) -> RidgeResult:
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
    RidgeResult
        ``w``, ``b``, ``cost``, ``history`` (start included), ``epochs_run``,
        ``converged``, ``diverged``; ``m`` (and ``history.m``) with one feature.

    Examples
    --------
    >>> result = ridge_descent([-1.0, 1.0], [-1.0, 3.0], 0.2, 200, lam=1.0)
    >>> round(result.m, 6), round(result.b, 6)  # slope 2 shrunk to 2 / (1 + 1)
    (1.0, 1.0)
    """
    X, y, w, b, lam, _ = _check(x, y, w, b, lam)
    result = _iterate(
        lambda w, b: _cost_and_gradient(X, y, w, b, lam),
        lambda: 2.0 / float(np.linalg.eigvalsh(_hessian(X, lam))[-1]),
        w,
        b,
        check_learning_rate(learning_rate),
        check_epochs(epochs),
        check_tolerance(tolerance),
        stacklevel=2,
        method="ridge descent",
    )
    h = result.history
    return RidgeResult(
        w=result.w,
        b=result.b,
        cost=result.cost,
        history=RidgeHistory(h.w, h.b, h.cost),
        epochs_run=result.epochs_run,
        converged=result.converged,
        diverged=result.diverged,
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
