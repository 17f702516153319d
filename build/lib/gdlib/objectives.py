r"""The losses Part III minimises, as one object: cost, gradient and Hessian at :math:`(\mathbf w, b)`.

The descent methods of chapters 16 and 17 (AdaGrad, RMSProp, Adam, Newton, backtracking) do
not care which loss they minimise; they need its value, its gradient and, for Newton, its
Hessian. :func:`objective` bundles these three for one data set, from the functions that
define each loss (no formula is written here a second time):

- ``loss="mse"``: the mean squared error of chapters 2-8 (:func:`gdlib.mse_objective`,
  :func:`gdlib.mse_hessian`),

  .. math:: \mathrm{MSE}(\mathbf w, b) = \frac1N \sum_i (\mathbf x_i^\top\mathbf w + b - y_i)^2 ;

- ``loss="cross_entropy"``: the logistic regression loss of chapter 15, for labels
  :math:`y_i \in \{0, 1\}` and :math:`p_i = \sigma(\mathbf x_i^\top\mathbf w + b)`
  (:func:`gdlib.cross_entropy_objective`, the one pass behind :func:`gdlib.cross_entropy`
  and :func:`gdlib.cross_entropy_gradient`, and :func:`gdlib.cross_entropy_hessian`),

  .. math:: \mathrm{CE}(\mathbf w, b) = -\frac1N \sum_i
            \bigl[y_i \ln p_i + (1 - y_i)\ln(1 - p_i)\bigr] .

The Hessian is over :math:`\boldsymbol\theta = (\mathbf w, b)`, intercept last: shape
(k + 1, k + 1).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .logistic import check_labels, cross_entropy_hessian, cross_entropy_objective
from .loss import mse_objective
from .stability import mse_hessian
from .validation import check_data, check_start

__all__ = ["LOSSES", "Objective", "objective"]

#: The losses :func:`objective` knows, by name.
LOSSES = ("mse", "cross_entropy")


@dataclass(frozen=True)
class Objective:
    """A loss on fixed data: its value, gradient and Hessian at ``(w, b)``.

    ``w`` is always a float array of shape (k,) here (one entry when there is one feature).
    """

    name: str  #: "mse" or "cross_entropy"
    features: np.ndarray  #: the inputs as an (N, k) array
    targets: np.ndarray  #: y, shape (N,)
    cost_and_gradient: Callable[[np.ndarray, float], tuple[float, np.ndarray, float]]
    hessian: Callable[[np.ndarray, float], np.ndarray]  #: shape (k + 1, k + 1), b last

    def cost(self, w: np.ndarray, b: float) -> float:
        """The loss at ``(w, b)``."""
        return float(self.cost_and_gradient(w, b)[0])

    def gradient(self, w: np.ndarray, b: float) -> tuple[np.ndarray, float]:
        """``(dw, db)`` at ``(w, b)``."""
        _, dw, db = self.cost_and_gradient(w, b)
        return dw, db

    def start(self, w: object | None) -> np.ndarray:
        """Checked starting weights, shape (k,): zeros for ``None``."""
        return check_start(w, self.features.shape[1])


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
        With ``cost``, ``gradient``, ``cost_and_gradient`` and ``hessian`` of
        :math:`(\mathbf w, b)`.

    Examples
    --------
    >>> f = objective([0.0, 1.0, 2.0], [1.0, 3.0, 5.0])
    >>> f.cost(np.array([2.0]), 1.0)
    0.0
    >>> f.hessian(np.array([2.0]), 1.0).shape
    (2, 2)
    """
    if not isinstance(loss, str):
        raise TypeError(f"loss must be a string, one of {LOSSES}; got {type(loss).__name__}.")
    if loss not in LOSSES:
        raise ValueError(
            f"loss must be one of {LOSSES} (least squares or logistic regression); got {loss!r}."
        )
    X, y = check_data(x, y)
    if loss == "mse":
        hessian = mse_hessian(X)  # constant: the MSE is a quadratic
        return Objective("mse", X, y, mse_objective(X, y), lambda w, b: hessian)
    y = check_labels(y)  # 0/1 labels, or a ValueError that says what to do
    return Objective(
        "cross_entropy",
        X,
        y,
        cross_entropy_objective(X, y),
        lambda w, b: cross_entropy_hessian(X, w, b),
    )
