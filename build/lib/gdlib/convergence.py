r"""How fast gradient descent approaches the optimum: distance per epoch, contraction factor.

With a fixed learning rate :math:`\eta` on the MSE (a quadratic with constant Hessian
:math:`H`), the error :math:`\mathbf e_t = \boldsymbol\theta_t - \boldsymbol\theta^*` of the
parameters :math:`\boldsymbol\theta = (\mathbf w, b)` obeys
:math:`\mathbf e_{t+1} = (I - \eta H)\,\mathbf e_t`, so it shrinks at least by the factor

.. math:: \rho = \max_i \lvert 1 - \eta \lambda_i \rvert

every epoch, where :math:`\lambda_i` are the eigenvalues of :math:`H`.
"""

from __future__ import annotations

import numpy as np

from .stability import hessian_eigenvalues
from .validation import check_learning_rate, check_matrix, check_vector

__all__ = ["contraction_factor", "relative_distance"]


def relative_distance(path: object, optimum: object) -> np.ndarray:
    r"""Distance of every epoch's parameters to the optimum, relative to the optimum's size.

    .. math:: d_t = \frac{\lVert \boldsymbol\theta_t - \boldsymbol\theta^* \rVert}
                         {\lVert \boldsymbol\theta^* \rVert}

    The same yardstick as :func:`gdlib.epochs_to_reach`, one value per epoch, for plotting.

    Parameters
    ----------
    path : array_like, shape (E + 1,) or (E + 1, p)
        The parameters at every epoch, the start first; e.g.
        ``np.column_stack([result.history.m, result.history.b])``.
    optimum : array_like, shape (p,)
        The optimum :math:`\boldsymbol\theta^*`, not zero (e.g. from
        :func:`gdlib.least_squares`).

    Returns
    -------
    numpy.ndarray, shape (E + 1,)

    Examples
    --------
    >>> relative_distance([[0.0, 0.0], [3.0, 4.0], [2.9, 4.0]], optimum=[3.0, 4.0])
    array([1.  , 0.  , 0.02])
    """
    optimum = check_vector("optimum", optimum)
    p = len(optimum)
    if np.ndim(path) <= 1 and p == 1:
        path = check_vector("path", path)[:, None]
    else:
        path = check_matrix("path", path)
    if path.shape[1] != p:
        raise ValueError(
            f"path must have one column per parameter, {p} like optimum; got shape {path.shape}."
        )
    scale = np.sqrt(optimum @ optimum)
    if scale == 0:
        raise ValueError(
            "optimum is zero, so a distance relative to it is undefined; compare absolute "
            "distances instead."
        )
    error = path - optimum
    return np.sqrt(np.einsum("ep,ep->e", error, error)) / scale


def contraction_factor(x: object, learning_rate: float) -> float:
    r"""Worst-case factor by which the distance to the optimum shrinks per epoch.

    .. math:: \rho = \max_i \lvert 1 - \eta\lambda_i \rvert
              = \max\bigl(\lvert 1 - \eta\lambda_{\min}\rvert,\ \lvert 1 - \eta\lambda_{\max}\rvert\bigr)

    :math:`\rho < 1` exactly below the stability limit; reaching a relative distance
    :math:`\varepsilon` takes about :math:`\ln\varepsilon / \ln\rho` epochs. At the optimal
    learning rate :math:`\rho = (\kappa - 1)/(\kappa + 1)`.

    Parameters
    ----------
    x : array_like, shape (N,) or (N, k)
        One feature ``x`` or a feature matrix ``X``.
    learning_rate : float
        Step size :math:`\eta > 0`.

    Examples
    --------
    >>> x = [0.0, 1.0, 2.0]
    >>> round(contraction_factor(x, 0.1), 4)
    0.9442
    >>> round(contraction_factor(x, 0.375), 4)  # the optimal rate: (8.55 - 1) / (8.55 + 1)
    0.7906
    >>> round(contraction_factor([[0.0], [1.0], [2.0]], 0.1), 4)
    0.9442
    """
    rate = check_learning_rate(learning_rate)
    return float(np.abs(1.0 - rate * hessian_eigenvalues(x)).max())
