r"""Curvature of the MSE and the learning rates it allows.

The MSE is a quadratic in :math:`(\mathbf w, b)`. With :math:`A = [X \;\; \mathbf 1]`
its Hessian is the constant matrix

.. math:: H = \frac{2}{N} A^\top A ,

and gradient descent with a fixed step converges from every start exactly when
``learning_rate < 2 / lambda_max(H)``. Every function here accepts one feature ``x`` of
shape (N,) or a feature matrix ``X`` of shape (N, k).
"""

from __future__ import annotations

import numpy as np

from .validation import SINGULAR_RATIO, check_features

__all__ = [
    "condition_number",
    "hessian_eigenvalues",
    "mse_hessian",
    "optimal_learning_rate",
    "stability_limit",
]


def _hessian(X: np.ndarray) -> np.ndarray:
    """``(2/N) [X 1]^T [X 1]`` for a checked (N, k) array."""
    n = len(X)
    column_sums = X.sum(axis=0)
    top = np.hstack([X.T @ X, column_sums[:, None]])
    bottom = np.append(column_sums, n)
    return (2.0 / n) * np.vstack([top, bottom])


def mse_hessian(x: object) -> np.ndarray:
    r"""Hessian of the MSE with respect to :math:`(\mathbf w, b)`, shape (k+1, k+1).

    .. math::

        H = \frac{2}{N} A^\top A, \quad A = [X\;\mathbf 1]; \qquad
        \text{one feature: } H = \frac{2}{N}\begin{pmatrix} \sum_i x_i^2 & \sum_i x_i \\
        \sum_i x_i & N \end{pmatrix}

    Examples
    --------
    >>> mse_hessian([0.0, 1.0, 2.0])
    array([[3.33333333, 2.        ],
           [2.        , 2.        ]])
    """
    return _hessian(check_features(x))


def hessian_eigenvalues(x: object) -> np.ndarray:
    r"""Eigenvalues :math:`\lambda_{\min} \le \dots \le \lambda_{\max}` of the MSE Hessian.

    They are the curvatures of the cost bowl along its principal axes.

    Examples
    --------
    >>> np.round(hessian_eigenvalues([0.0, 1.0, 2.0]), 4)
    array([0.5585, 4.7749])
    """
    return np.linalg.eigvalsh(_hessian(check_features(x)))


def stability_limit(x: object) -> float:
    r"""Largest stable fixed learning rate: :math:`2 / \lambda_{\max}(H)`.

    Examples
    --------
    >>> round(stability_limit([0.0, 1.0, 2.0]), 4)
    0.4189
    >>> round(stability_limit([[0.0], [1.0], [2.0]]), 4)
    0.4189
    """
    return 2.0 / float(hessian_eigenvalues(x)[-1])


def optimal_learning_rate(x: object) -> float:
    r"""Fixed learning rate with the fastest worst-case convergence: :math:`2/(\lambda_{\max}+\lambda_{\min})`.

    With it, the distance to the optimum shrinks at least by the factor
    :math:`(\kappa - 1)/(\kappa + 1)` per epoch, :math:`\kappa = \lambda_{\max}/\lambda_{\min}`.

    Examples
    --------
    >>> round(optimal_learning_rate([0.0, 1.0, 2.0]), 4)
    0.375
    """
    eigenvalues = hessian_eigenvalues(x)
    return float(2.0 / (eigenvalues[0] + eigenvalues[-1]))


def condition_number(x: object) -> float:
    r"""Condition number :math:`\kappa = \lambda_{\max}/\lambda_{\min}` of the MSE Hessian.

    A large :math:`\kappa` means a long, narrow valley, where gradient descent zig-zags
    across and crawls along. Infinite when the Hessian is singular (all :math:`x_i` equal,
    or dependent columns of ``X``): :math:`\lambda_{\min} \le 10^{-12}\lambda_{\max}`, the
    rule of :func:`gdlib.heavy_ball_parameters` too.

    Examples
    --------
    >>> round(condition_number([0.0, 1.0, 2.0]), 2)
    8.55
    >>> condition_number([1.0, 1.0, 1.0])
    inf
    """
    eigenvalues = hessian_eigenvalues(x)
    low, high = float(eigenvalues[0]), float(eigenvalues[-1])
    return high / low if low > SINGULAR_RATIO * high else float("inf")
