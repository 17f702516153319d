r"""Curvature of the MSE and the learning rates it allows.

The MSE is a quadratic in :math:`(\mathbf w, b)`. With :math:`A = [X \;\; \mathbf 1]`
its Hessian is the constant matrix

.. math:: H = \frac{2}{N} A^\top A ,

and gradient descent with a fixed step converges from every start exactly when
``learning_rate < 2 / lambda_max(H)``.
"""

from __future__ import annotations

import numpy as np

from .validation import check_matrix, check_vector

__all__ = [
    "condition_number",
    "hessian_eigenvalues",
    "linear_mse_hessian",
    "linear_stability_limit",
    "mse_hessian",
    "optimal_learning_rate",
    "stability_limit",
]


def _hessian(X: np.ndarray) -> np.ndarray:
    """Unchecked core: ``(2/N) [X 1]^T [X 1]``."""
    n = len(X)
    column_sums = X.sum(axis=0)
    top = np.hstack([X.T @ X, column_sums[:, None]])
    bottom = np.append(column_sums, n)
    return (2.0 / n) * np.vstack([top, bottom])


def _stability_limit(X: np.ndarray) -> float:
    """Unchecked core: ``2 / lambda_max`` of the MSE Hessian."""
    return 2.0 / float(np.linalg.eigvalsh(_hessian(X))[-1])


def mse_hessian(x: object) -> np.ndarray:
    r"""Hessian of the MSE of a line with respect to :math:`(m, b)`.

    .. math::

        H = \frac{2}{N}\begin{pmatrix} \sum_i x_i^2 & \sum_i x_i \\ \sum_i x_i & N \end{pmatrix}

    Examples
    --------
    >>> mse_hessian([0.0, 1.0, 2.0])
    array([[3.33333333, 2.        ],
           [2.        , 2.        ]])
    """
    return _hessian(check_vector("x", x)[:, None])


def linear_mse_hessian(X: object) -> np.ndarray:
    r"""Hessian :math:`\frac2N A^\top A`, :math:`A = [X\;\mathbf 1]`, of shape (k+1, k+1)."""
    return _hessian(check_matrix("X", X))


def stability_limit(x: object) -> float:
    r"""Largest stable fixed learning rate for a line: :math:`2 / \lambda_{\max}(H)`.

    Examples
    --------
    >>> round(stability_limit([0.0, 1.0, 2.0]), 4)
    0.4189
    """
    return _stability_limit(check_vector("x", x)[:, None])


def linear_stability_limit(X: object) -> float:
    r"""Largest stable fixed learning rate for ``X`` of shape (N, k): :math:`2/\lambda_{\max}(H)`."""
    return _stability_limit(check_matrix("X", X))


def _eigenvalues(X: np.ndarray) -> np.ndarray:
    """Unchecked core: eigenvalues of the MSE Hessian, smallest first."""
    return np.linalg.eigvalsh(_hessian(X))


def hessian_eigenvalues(x: object) -> np.ndarray:
    r"""Eigenvalues :math:`\lambda_{\min} \le \lambda_{\max}` of the MSE Hessian of a line.

    They are the curvatures of the cost bowl along its two principal axes.

    Examples
    --------
    >>> np.round(hessian_eigenvalues([0.0, 1.0, 2.0]), 4)
    array([0.5585, 4.7749])
    """
    return _eigenvalues(check_vector("x", x)[:, None])


def optimal_learning_rate(x: object) -> float:
    r"""Fixed learning rate with the fastest worst-case convergence: :math:`2/(\lambda_{\max}+\lambda_{\min})`.

    With it, the distance to the optimum shrinks at least by the factor
    :math:`(\kappa - 1)/(\kappa + 1)` per epoch, :math:`\kappa = \lambda_{\max}/\lambda_{\min}`.

    Examples
    --------
    >>> round(optimal_learning_rate([0.0, 1.0, 2.0]), 4)
    0.375
    """
    low, high = _eigenvalues(check_vector("x", x)[:, None])[[0, -1]]
    return float(2.0 / (low + high))


def condition_number(x: object) -> float:
    r"""Condition number :math:`\kappa = \lambda_{\max}/\lambda_{\min}` of the MSE Hessian of a line.

    A large :math:`\kappa` means a long, narrow valley, where gradient descent zig-zags
    across and crawls along. Infinite when all :math:`x_i` are equal (no unique best line).

    Examples
    --------
    >>> round(condition_number([0.0, 1.0, 2.0]), 2)
    8.55
    """
    low, high = _eigenvalues(check_vector("x", x)[:, None])[[0, -1]]
    return float(high / low) if low > 0 else float("inf")
