r"""New features made from old ones: a curve is a line in more dimensions.

Polynomial regression fits :math:`\hat y = w_1 x + w_2 x^2 + \dots + w_d x^d + b`. The
model is still linear in the *weights*, so it is the many-feature model
:math:`\hat{\mathbf y} = X\mathbf w + b` (chapter 8) with the columns of :math:`X` being
powers of :math:`x`.
"""

from __future__ import annotations

import numpy as np

from .validation import check_int, check_vector

__all__ = ["polynomial_features"]


def polynomial_features(x: object, degree: int) -> np.ndarray:
    r"""The powers :math:`x, x^2, \dots, x^d` of one input, as the columns of a matrix.

    .. math:: X_{ij} = x_i^{\,j}, \qquad i = 1, \dots, N, \quad j = 1, \dots, d

    There is no column of ones (:math:`x^0`): the intercept :math:`b` is a separate
    parameter in every ``gdlib`` model, and a column of ones would duplicate it.

    Parameters
    ----------
    x : array_like, shape (N,)
        One input per data point.
    degree : int
        Highest power :math:`d \ge 1`; the result has ``degree`` columns.

    Returns
    -------
    numpy.ndarray, shape (N, degree)

    Examples
    --------
    >>> polynomial_features([1.0, 2.0, 3.0], degree=3)
    array([[ 1.,  1.,  1.],
           [ 2.,  4.,  8.],
           [ 3.,  9., 27.]])
    """
    x = check_vector("x", x)
    degree = check_int("degree", degree, advice="degree is the highest power of x, e.g. 2.")
    if degree < 1:
        raise ValueError(
            f"degree must be at least 1 (degree=1 gives the column x itself); got {degree}."
        )
    return x[:, None] ** np.arange(1, int(degree) + 1)
