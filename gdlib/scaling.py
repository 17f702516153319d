r"""Feature scaling: standardise the inputs, and convert coefficients back.

Standardising replaces each feature by :math:`z = (x - \mu)/\sigma`. A line fitted on
:math:`z`, :math:`\hat y = m_z z + b_z`, is the same line in the original units with

.. math:: m = \frac{m_z}{\sigma}, \qquad b = b_z - \frac{m_z \mu}{\sigma}.
"""

from __future__ import annotations

import numpy as np

from .validation import check_matrix, check_scalar, check_vector

__all__ = ["standardise", "unstandardise"]


def standardise(X: object) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""Centre each column on 0 and scale it to standard deviation 1.

    Works for one feature (``x`` of shape (N,)) or many (``X`` of shape (N, k)).
    A constant column cannot be scaled and raises ``ValueError``.

    Returns
    -------
    Z, mean, std
        :math:`Z = (X - \mu) / \sigma` with the same shape as the input, and the
        per-column :math:`\mu`, :math:`\sigma` needed to convert coefficients back.

    Examples
    --------
    >>> z, mean, std = standardise([1.0, 2.0, 3.0])
    >>> np.round(z, 4), float(mean), round(float(std), 4)
    (array([-1.2247,  0.    ,  1.2247]), 2.0, 0.8165)
    """
    array = np.asarray(X)
    data = check_vector("x", X) if array.ndim <= 1 else check_matrix("X", X)
    mean, std = data.mean(axis=0), data.std(axis=0)
    if np.any(std == 0):
        raise ValueError(
            "cannot standardise a constant feature (standard deviation 0): it carries no "
            "information about y; drop that column."
        )
    return (data - mean) / std, mean, std


def unstandardise(
    w: object, b: float, mean: object, std: object
) -> tuple[np.ndarray | float, float]:
    r"""Convert coefficients fitted on standardised inputs back to the original units.

    .. math:: w_j = \frac{w_{z,j}}{\sigma_j}, \qquad b = b_z - \sum_j \frac{w_{z,j}\,\mu_j}{\sigma_j}

    Returns a float slope when ``w`` is a single number (one feature), else an array.

    Examples
    --------
    >>> unstandardise(2.0, 5.0, mean=2.0, std=0.5)
    (4.0, -3.0)
    """
    scalar = np.ndim(w) == 0
    w_z, mean, std = np.atleast_1d(w), np.atleast_1d(mean), np.atleast_1d(std)
    slopes = w_z / std
    intercept = check_scalar("b", b) - float(slopes @ mean)
    return (float(slopes[0]) if scalar else slopes), intercept
