r"""Logistic regression: a probability from a line, the cross-entropy loss, and descent on it.

The model turns the line's output :math:`z_i = \mathbf x_i^\top \mathbf w + b` into a
probability with the sigmoid,

.. math:: p_i = \sigma(z_i) = \frac{1}{1 + e^{-z_i}},

and is trained on labels :math:`y_i \in \{0, 1\}` by minimising the mean cross-entropy
(the negative log-likelihood of the labels, divided by :math:`N`), optionally plus a ridge
penalty :math:`\lambda \lVert \mathbf w \rVert^2` (intercept not penalised):

.. math::

    \mathrm{CE}(\mathbf w, b) = \frac1N \sum_{i=1}^N
        \bigl[-y_i \ln p_i - (1 - y_i) \ln(1 - p_i)\bigr] + \lambda \lVert \mathbf w \rVert^2
      = \frac1N \sum_{i=1}^N \bigl[\ln(1 + e^{z_i}) - y_i z_i\bigr] + \lambda \lVert \mathbf w \rVert^2 .

Its gradient has the shape of the MSE's: residual :math:`p_i - y_i` times input,

.. math::

    \nabla_{\mathbf w}\,\mathrm{CE} = \frac1N X^\top (\mathbf p - \mathbf y) + 2\lambda\mathbf w,
    \qquad
    \frac{\partial\,\mathrm{CE}}{\partial b} = \frac1N \sum_i (p_i - y_i),

and its Hessian, with :math:`A = [X \;\; \mathbf 1]` and :math:`D = \operatorname{diag}(p_i(1 - p_i))`,

.. math:: H = \frac1N A^\top D A + 2\lambda \begin{pmatrix} I_k & 0 \\ 0 & 0 \end{pmatrix}

is positive semi-definite (the loss is convex). Because :math:`p(1 - p) \le 1/4`, every
curvature is at most :math:`L = \lambda_{\max}(A^\top A)/(4N) + 2\lambda`, so any
learning rate :math:`\eta < 2/L` makes each step lower the cost.

Every function accepts one feature ``x`` of shape (N,) with a number ``w`` (the slope), or
``X`` of shape (N, k) with ``w`` of shape (k,). The optional ridge strength is the
keyword ``lam`` (``lambda`` is a Python keyword).
"""

from __future__ import annotations

import numpy as np

from .descent import DescentResult, iterate
from .loss import CostAndGradient
from .model import predict
from .validation import (
    check_data,
    check_epochs,
    check_features,
    check_lam,
    check_learning_rate,
    check_scalar,
    check_start,
    check_tolerance,
    check_vector,
    check_weights,
)

__all__ = [
    "check_labels",
    "cross_entropy",
    "cross_entropy_gradient",
    "cross_entropy_hessian",
    "cross_entropy_objective",
    "logistic_curvature_bound",
    "logistic_descent",
    "logistic_safe_learning_rate",
    "predict_probability",
    "sigmoid",
]


# ----------------------------------------------------------------------------------------
# Input checks
# ----------------------------------------------------------------------------------------


def check_labels(y: object) -> np.ndarray:
    """Return the labels ``y`` as a float array of 0s and 1s, or raise.

    Booleans are accepted (``True`` is 1). Any other value raises a ``ValueError`` that
    names the values found and says how to convert them.

    Examples
    --------
    >>> check_labels([0, 1, True])
    array([0., 1., 1.])
    """
    labels = check_vector("y", y)
    bad = (labels != 0.0) & (labels != 1.0)
    if bad.any():
        found = np.unique(labels[bad])[:5].tolist()
        raise ValueError(
            f"y must hold class labels 0 and 1 only; got other values such as {found}. "
            "Turn two classes into 0/1 first, for example y = (labels == 'Chinstrap')"
            ".astype(float), or y = (y > 0).astype(float) for labels -1/+1."
        )
    return labels


def _check(x: object, y: object, w: object, b: object, lam: object):
    """Checked ``(X (N, k), labels, w (k,), b, lam, one_feature)``; ``w=None`` means zeros."""
    X, y = check_data(x, y)
    labels = check_labels(y)
    return (
        X,
        labels,
        check_start(w, X.shape[1]),
        check_scalar("b", b),
        check_lam(lam),
        np.ndim(x) <= 1,
    )


# ----------------------------------------------------------------------------------------
# The formulas (unchecked cores, then the public functions)
# ----------------------------------------------------------------------------------------


def _sigmoid(z: np.ndarray) -> np.ndarray:
    """Unchecked core: 1/(1+e^-z) without overflow, via e^-|z| which is at most 1."""
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _hessian(X: np.ndarray, w: np.ndarray, b: float, lam: float) -> np.ndarray:
    """Unchecked core: (1/N) A^T diag(p(1-p)) A + 2 lam diag(1,..,1,0), A = [X 1]."""
    A = np.column_stack([X, np.ones(len(X))])
    p = _sigmoid(X @ w + b)
    H = (A.T * (p * (1.0 - p))) @ A / len(X)
    k = X.shape[1]
    H[np.arange(k), np.arange(k)] += 2.0 * lam
    return H


def _curvature_bound(X: np.ndarray, lam: float) -> float:
    A = np.column_stack([X, np.ones(len(X))])
    return float(np.linalg.eigvalsh(A.T @ A)[-1]) / (4.0 * len(X)) + 2.0 * lam


def sigmoid(z: object) -> np.ndarray | float:
    r"""The logistic function :math:`\sigma(z) = 1/(1 + e^{-z})`, without overflow.

    For :math:`z < 0` it uses the equal form :math:`e^{z}/(1 + e^{z})`, so no exponential
    of a large positive number is ever taken; ``sigmoid(-800)`` is a tiny positive number
    (or 0), not a warning and NaN.

    Parameters
    ----------
    z : float or array_like
        Any real numbers.

    Returns
    -------
    float or numpy.ndarray
        Values in [0, 1], a float for a number and an array of the same shape otherwise.

    Examples
    --------
    >>> sigmoid(0.0)
    0.5
    >>> np.round(sigmoid([-800.0, -2.0, 2.0, 800.0]), 6)
    array([0.      , 0.119203, 0.880797, 1.      ])
    """
    if np.ndim(z) == 0:
        return float(_sigmoid(np.asarray(check_scalar("z", z))))
    array = np.asarray(z)
    if array.dtype.kind not in "biuf":
        raise TypeError(f"z must contain real numbers; got an array of dtype {array.dtype}.")
    return _sigmoid(array.astype(float))


def predict_probability(x: object, w: object, b: float) -> np.ndarray:
    r"""Predicted probabilities :math:`p_i = \sigma(\mathbf x_i^\top \mathbf w + b)`.

    Parameters
    ----------
    x : array_like, shape (N,) or (N, k)
        One feature, or ``k`` features as columns.
    w : float or array_like, shape (k,)
        The slope (one feature) or one weight per feature.
    b : float
        The intercept.

    Returns
    -------
    numpy.ndarray, shape (N,)
        The probability of class 1 for each point.

    Examples
    --------
    >>> np.round(predict_probability([-1.0, 0.0, 1.0], 2.0, 0.0), 4)
    array([0.1192, 0.5   , 0.8808])
    """
    return _sigmoid(predict(x, w, b))


def cross_entropy(x: object, y: object, w: object, b: float, *, lam: float = 0.0) -> float:
    r"""Mean cross-entropy of labels ``y`` under the model, plus ``lam * ||w||^2``.

    .. math::

        \mathrm{CE} = \frac1N \sum_i \bigl[\ln(1 + e^{z_i}) - y_i z_i\bigr] + \lambda\lVert\mathbf w\rVert^2,
        \qquad z_i = \mathbf x_i^\top \mathbf w + b,

    which equals :math:`-\frac1N\sum_i [y_i \ln p_i + (1 - y_i)\ln(1 - p_i)]` but is
    computed as :math:`\max(z_i, 0) + \ln(1 + e^{-|z_i|}) - y_i z_i`, so it stays finite
    when some :math:`p_i` round to 0 or 1.

    Parameters
    ----------
    x : array_like, shape (N,) or (N, k)
    y : array_like, shape (N,)
        Labels, 0 or 1.
    w : float or array_like, shape (k,)
    b : float
    lam : float, default 0.0
        Ridge strength :math:`\lambda \ge 0`; the intercept is not penalised.

    Returns
    -------
    float

    Examples
    --------
    >>> round(cross_entropy([0.0, 1.0], [0, 1], 0.0, 0.0), 6)  # ln 2: a coin toss
    0.693147
    """
    X, y, w, b, lam, _ = _check(x, y, w, b, lam)
    return cross_entropy_objective(X, y, lam=lam)(w, b)[0]


def cross_entropy_gradient(
    x: object, y: object, w: object, b: float, *, lam: float = 0.0
) -> tuple[float, float] | tuple[np.ndarray, float]:
    r"""Gradient of :func:`cross_entropy`: residual :math:`p_i - y_i` times input.

    .. math::

        \nabla_{\mathbf w} = \frac1N X^\top(\mathbf p - \mathbf y) + 2\lambda\mathbf w, \qquad
        \partial_b = \frac1N \sum_i (p_i - y_i)

    Returns
    -------
    (dw, db)
        ``dw`` is a float for one feature ``x`` (N,), an array (k,) for ``X`` (N, k).

    Examples
    --------
    >>> dw, db = cross_entropy_gradient([0.0, 1.0], [0, 1], 0.0, 0.0)
    >>> round(dw, 6), round(db, 6)
    (-0.25, 0.0)
    """
    X, y, w, b, lam, one = _check(x, y, w, b, lam)
    _, dw, db = cross_entropy_objective(X, y, lam=lam)(w, b)
    return (float(dw[0]), db) if one else (dw, db)


def cross_entropy_objective(x: object, y: object, *, lam: float = 0.0) -> CostAndGradient:
    r"""The cross-entropy of this data as a function of the parameters, for :func:`gdlib.iterate`.

    Checks ``x``, the labels ``y`` and ``lam`` once and returns ``cost_and_gradient(w, b)``,
    which evaluates, in one pass over the data,

    .. math::

        \Bigl(\mathrm{CE},\ \frac1N X^\top(\mathbf p - \mathbf y) + 2\lambda\mathbf w,\
        \frac1N \sum_i (p_i - y_i)\Bigr)

    (:func:`cross_entropy`, :func:`cross_entropy_gradient`) at ``w`` (a float array of
    shape (k,), not checked: it is called once per epoch) and ``b``. Like
    :func:`gdlib.mse_objective` for the MSE.

    Examples
    --------
    >>> cost_and_gradient = cross_entropy_objective([0.0, 1.0], [0, 1])
    >>> cost, dw, db = cost_and_gradient(np.zeros(1), 0.0)
    >>> round(cost, 6), dw, db
    (0.693147, array([-0.25]), 0.0)
    """
    X, y = check_data(x, y)
    y, lam, n = check_labels(y), check_lam(lam), len(y)

    def cost_and_gradient(w: np.ndarray, b: float) -> tuple[float, np.ndarray, float]:
        z = X @ w + b
        e = np.exp(-np.abs(z))  # at most 1: no overflow
        # ln(1 + e^z) = max(z, 0) + ln(1 + e^-|z|), the same value as np.logaddexp(0, z)
        cost = float(np.mean(np.maximum(z, 0.0) + np.log1p(e) - y * z) + lam * (w @ w))
        r = np.where(z >= 0, 1.0, e) / (1.0 + e) - y  # the residual p - y
        return cost, X.T @ r / n + 2.0 * lam * w, float(r.sum() / n)

    return cost_and_gradient


def cross_entropy_hessian(x: object, w: object, b: float, *, lam: float = 0.0) -> np.ndarray:
    r"""Hessian of :func:`cross_entropy` with respect to :math:`(\mathbf w, b)`, shape (k+1, k+1).

    .. math::

        H = \frac1N A^\top D A + 2\lambda\begin{pmatrix} I_k & 0\\ 0 & 0\end{pmatrix}, \qquad
        A = [X \;\; \mathbf 1], \quad D = \operatorname{diag}\bigl(p_i(1 - p_i)\bigr)

    It does not depend on the labels. The last row and column belong to the intercept.

    Examples
    --------
    >>> cross_entropy_hessian([0.0, 1.0], 0.0, 0.0)  # p = 1/2 everywhere: weights 1/4
    array([[0.125, 0.125],
           [0.125, 0.25 ]])
    """
    X = check_features(x)
    return _hessian(X, check_weights(w, X.shape[1]), check_scalar("b", b), check_lam(lam))


def logistic_curvature_bound(x: object, *, lam: float = 0.0) -> float:
    r"""Upper bound :math:`L` on every curvature of the cross-entropy, anywhere.

    Since :math:`p(1 - p) \le \tfrac14`, :math:`H \preceq \frac{1}{4N} A^\top A + 2\lambda I`, so

    .. math:: L = \frac{\lambda_{\max}(A^\top A)}{4N} + 2\lambda, \qquad A = [X \;\; \mathbf 1].

    This is one eighth of the largest eigenvalue of the MSE Hessian :math:`\frac2N A^\top A`
    of the same inputs, plus the ridge's :math:`2\lambda`.

    Examples
    --------
    >>> round(logistic_curvature_bound([0.0, 1.0]), 6)
    0.327254
    """
    return _curvature_bound(check_features(x), check_lam(lam))


def logistic_safe_learning_rate(x: object, *, lam: float = 0.0) -> float:
    r"""The learning rate :math:`1/L` (:func:`logistic_curvature_bound`).

    With :math:`\eta = 1/L` every step lowers the cross-entropy by at least
    :math:`\lVert\nabla\rVert^2/(2L)`; any :math:`\eta < 2/L` still lowers it. Near the optimum
    the true curvature is often much smaller than :math:`L`, so larger rates may work
    too; this one is safe from any start.

    Examples
    --------
    >>> round(logistic_safe_learning_rate([0.0, 1.0]), 4)
    3.0557
    """
    return 1.0 / logistic_curvature_bound(x, lam=lam)


# ----------------------------------------------------------------------------------------
# Descent
# ----------------------------------------------------------------------------------------


def logistic_descent(
    x: object,
    y: object,
    learning_rate: float,
    epochs: int,
    *,
    w: object | None = None,
    b: float = 0.0,
    lam: float = 0.0,
    tolerance: float | None = None,
) -> DescentResult:
    r"""Fit logistic regression by full-batch gradient descent on the cross-entropy.

    Each epoch: :math:`\mathbf p = \sigma(X\mathbf w + b)`,
    :math:`\mathbf w \leftarrow \mathbf w - \eta\bigl(\frac1N X^\top(\mathbf p - \mathbf y) + 2\lambda\mathbf w\bigr)`,
    :math:`b \leftarrow b - \eta\,\frac1N\sum_i (p_i - y_i)`.

    Parameters
    ----------
    x : array_like, shape (N,) or (N, k)
    y : array_like, shape (N,)
        Labels, 0 or 1.
    learning_rate : float
        Step size :math:`\eta > 0`; :func:`logistic_safe_learning_rate` gives one that
        works from any start.
    epochs : int
        Maximum number of updates.
    w : float or array_like, shape (k,), optional
        Starting weights; zeros by default.
    b : float, default 0.0
        Starting intercept.
    lam : float, default 0.0
        Ridge strength :math:`\lambda \ge 0` (intercept not penalised).
    tolerance : float, optional
        Stop early, with ``converged=True``, once the gradient norm is at most this.

    Returns
    -------
    DescentResult
        ``w``, ``b``, ``cost`` (the cross-entropy), ``history`` (start included), ``epochs_run``,
        ``converged``, ``diverged``; ``m`` (and ``history.m``) with one feature.

    Warns
    -----
    DivergenceWarning
        If the cost ends above its lowest value with a learning rate of at least
        :math:`2/L`.

    Examples
    --------
    >>> result = logistic_descent([0.0, 0.0, 1.0, 1.0], [0, 1, 0, 1], 1.0, 100)
    >>> round(result.m, 6), round(result.b, 6)
    (0.0, 0.0)
    """
    X, y, w, b, lam, _ = _check(x, y, w, b, lam)
    rate = check_learning_rate(learning_rate)

    def limit() -> float:
        return 2.0 / _curvature_bound(X, lam)

    return iterate(
        cross_entropy_objective(X, y, lam=lam),
        w,
        b,
        learning_rate=rate,
        epochs=check_epochs(epochs),
        tolerance=check_tolerance(tolerance),
        stability_limit=limit,
        explain=lambda what: (
            f"logistic descent diverged: {what}. learning_rate={rate:.6g} is "
            f"{'above' if rate >= limit() else 'below'} this data's safe limit 2/L = "
            f"{limit():.6g} (L: the largest curvature the cross-entropy can have, "
            f"gdlib.logistic_curvature_bound(x, lam={lam:.6g})). Use a learning_rate below "
            f"{limit():.3g}, for example gdlib.logistic_safe_learning_rate(x, lam={lam:.6g}) "
            f"= {limit() / 2:.3g}, or standardise the features (chapter 6)."
        ),
        stacklevel=2,
    )
