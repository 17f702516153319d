r"""The losses Part III minimises, as one object: cost, gradient and Hessian at :math:`(\mathbf w, b)`.

The descent methods of chapters 16 and 17 (AdaGrad, RMSProp, Adam, Newton, backtracking) do
not care which loss they minimise; they need its value, its gradient and, for Newton, its
Hessian. :func:`objective` bundles these three for one data set, from the functions that
define each loss (no formula is written here a second time):

- ``loss="mse"``: the mean squared error of chapters 2-8 (:func:`gdlib.mse`,
  :func:`gdlib.mse_gradient`, :func:`gdlib.mse_hessian`),

  .. math:: \mathrm{MSE}(\mathbf w, b) = \frac1N \sum_i (\mathbf x_i^\top\mathbf w + b - y_i)^2 ;

- ``loss="cross_entropy"``: the logistic regression loss of chapter 15, for labels
  :math:`y_i \in \{0, 1\}` and :math:`p_i = \sigma(\mathbf x_i^\top\mathbf w + b)`
  (:func:`gdlib.cross_entropy`, :func:`gdlib.cross_entropy_gradient`,
  :func:`gdlib.cross_entropy_hessian`),

  .. math:: \mathrm{CE}(\mathbf w, b) = -\frac1N \sum_i
            \bigl[y_i \ln p_i + (1 - y_i)\ln(1 - p_i)\bigr] .

The Hessian is over :math:`\boldsymbol\theta = (\mathbf w, b)`, intercept last: shape
(k + 1, k + 1).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from . import loss as _loss_module
from . import stability as _stability_module
from .validation import check_same_length, check_vector

__all__ = ["LOSSES", "Objective", "objective"]

#: The losses :func:`objective` knows, by name.
LOSSES = ("mse", "cross_entropy")


@dataclass(frozen=True)
class Objective:
    """A loss on fixed data: ``cost(w, b)``, ``gradient(w, b) -> (dw, db)``, ``hessian(w, b)``.

    ``w`` is always an array of shape (k,) here (one entry when there is one feature).
    """

    name: str  #: "mse" or "cross_entropy"
    features: np.ndarray  #: the inputs as an (N, k) array
    targets: np.ndarray  #: y, shape (N,)
    cost: Callable[[np.ndarray, float], float]
    gradient: Callable[[np.ndarray, float], tuple[np.ndarray, float]]
    hessian: Callable[[np.ndarray, float], np.ndarray]

    def cost_and_gradient(self, w: np.ndarray, b: float) -> tuple[float, np.ndarray, float]:
        """``(cost, dw, db)`` at ``(w, b)``: what :func:`gdlib.descent.iterate` needs."""
        dw, db = self.gradient(w, b)
        return self.cost(w, b), dw, db


def _features(x: object) -> np.ndarray:
    """``x`` (N,) or ``X`` (N, k) as an (N, k) float array, checked."""
    array = np.asarray(x, dtype=object)
    if array.ndim == 1:
        return check_vector("x", x)[:, None]
    from .validation import check_matrix

    return check_matrix("X", x)


def objective(x: object, y: object, *, loss: str = "mse") -> Objective:
    r"""The ``loss`` on the data ``(x, y)`` as an :class:`Objective`.

    Parameters
    ----------
    x : array_like, shape (N,) or (N, k)
        One feature or k features.
    y : array_like, shape (N,)
        Targets; for ``loss="cross_entropy"`` labels 0 or 1.
    loss : {"mse", "cross_entropy"}, default "mse"

    Returns
    -------
    Objective
        With ``cost``, ``gradient`` and ``hessian`` of :math:`(\mathbf w, b)`.

    Examples
    --------
    >>> f = objective([0.0, 1.0, 2.0], [1.0, 3.0, 5.0])
    >>> f.cost(np.array([2.0]), 1.0)
    0.0
    """
    if not isinstance(loss, str):
        raise TypeError(f"loss must be a string, one of {LOSSES}; got {type(loss).__name__}.")
    if loss not in LOSSES:
        raise ValueError(
            f"loss must be one of {LOSSES} (least squares or logistic regression); got {loss!r}."
        )
    X = _features(x)
    y = check_vector("y", y)
    check_same_length("X", X, "y", y)
    if loss == "mse":
        return Objective(
            "mse",
            X,
            y,
            cost=lambda w, b: _loss_module.mse(X, y, w, b),
            gradient=lambda w, b: _loss_module.mse_gradient(X, y, w, b),
            hessian=lambda w, b: _stability_module.mse_hessian(X),
        )
    from . import logistic  # chapter 15

    y = logistic.check_labels(y)  # 0/1 labels, or a ValueError that says what to do
    return Objective(
        "cross_entropy",
        X,
        y,
        cost=lambda w, b: logistic.cross_entropy(X, y, w, b),
        gradient=lambda w, b: logistic.cross_entropy_gradient(X, y, w, b),
        hessian=lambda w, b: logistic.cross_entropy_hessian(X, w, b),
    )
