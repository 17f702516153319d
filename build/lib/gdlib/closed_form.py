r"""The closed form: the least-squares solution without any descent.

Setting the gradient of the MSE to zero gives the **normal equations**. For a line,
:math:`\partial_m = \partial_b = 0` is a 2×2 system with the solution

.. math:: m = \frac{\sum_i (x_i - \bar x)(y_i - \bar y)}{\sum_i (x_i - \bar x)^2}
              = \frac{\operatorname{cov}(x, y)}{\operatorname{var}(x)}, \qquad
          b = \bar y - m \bar x .

With :math:`A = [X \;\; \mathbf 1]` and :math:`\boldsymbol\theta = (\mathbf w, b)` the
general form is :math:`A^\top A\,\boldsymbol\theta = A^\top \mathbf y`. Forming
:math:`A^\top A` squares the condition number, so :func:`least_squares` solves the
problem with :func:`numpy.linalg.lstsq` (an SVD of :math:`A`) instead.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from .validation import check_bool, check_data, check_same_length, check_vector

__all__ = ["least_squares", "normal_equation_line", "normal_equations"]


def _design(X: np.ndarray) -> np.ndarray:
    r"""Unchecked core: the design matrix :math:`A = [X \;\; \mathbf 1]`, shape (N, k+1)."""
    return np.column_stack([X, np.ones(len(X))])


def normal_equation_line(x: object, y: object, *, exact: bool = False) -> tuple[float, float]:
    r"""Slope and intercept of the least-squares line from the 2×2 normal equations.

    .. math:: m = \frac{\sum_i (x_i - \bar x)(y_i - \bar y)}{\sum_i (x_i - \bar x)^2},
              \qquad b = \bar y - m \bar x

    Parameters
    ----------
    x, y : array_like, shape (N,)
        Inputs and targets; ``x`` needs at least two different values.
    exact : bool, default False
        Evaluate the same formula in exact rational arithmetic (:class:`fractions.Fraction`)
        on the floats as given, then round once: the result is the true least-squares line
        of the data to the last digit. Slow; meant as a reference for small data sets.

    Returns
    -------
    (m, b) : tuple of float

    Examples
    --------
    >>> normal_equation_line([0.0, 1.0, 2.0], [1.0, 3.0, 5.0])
    (2.0, 1.0)
    >>> normal_equation_line([0.1, 0.2, 0.3], [0.3, 0.5, 0.7])
    (2.0, 0.09999999999999992)
    >>> normal_equation_line([0.1, 0.2, 0.3], [0.3, 0.5, 0.7], exact=True)
    (2.0, 0.09999999999999998)
    """
    x, y = check_vector("x", x), check_vector("y", y)
    check_same_length("x", x, "y", y)
    if x.min() == x.max():
        raise ValueError(
            "all x values are equal, so no single line fits best (any slope through their "
            "mean does equally well); the slope needs at least two different x values."
        )
    if check_bool("exact", exact):
        x = np.array([Fraction(value) for value in x.tolist()], dtype=object)
        y = np.array([Fraction(value) for value in y.tolist()], dtype=object)
    x_bar, y_bar = x.sum() / len(x), y.sum() / len(y)
    dx = x - x_bar
    m = (dx @ (y - y_bar)) / (dx @ dx)
    return float(m), float(y_bar - m * x_bar)


def normal_equations(X: object, y: object) -> tuple[np.ndarray, float]:
    r"""Solve the normal equations :math:`A^\top A\,\boldsymbol\theta = A^\top\mathbf y` directly.

    Here :math:`A = [X \;\; \mathbf 1]` and :math:`\boldsymbol\theta = (\mathbf w, b)`.
    This is the textbook route, shown for comparison: :math:`A^\top A` has the *square* of
    the condition number of :math:`A`, so on badly scaled or nearly collinear data this
    loses about twice as many digits as :func:`least_squares`.

    Parameters
    ----------
    X : array_like, shape (N, k)
    y : array_like, shape (N,)

    Returns
    -------
    (w, b) : numpy.ndarray of shape (k,) and float

    Raises
    ------
    ValueError
        If :math:`A^\top A` is exactly singular (collinear columns, or fewer than k+1 points).

    Examples
    --------
    >>> w, b = normal_equations([[0.0], [1.0], [2.0]], [1.0, 3.0, 5.0])
    >>> np.round(w, 6), round(b, 6)
    (array([2.]), 1.0)
    """
    X, y = check_data(X, y)
    A = _design(X)
    try:
        theta = np.linalg.solve(A.T @ A, A.T @ y)
    except np.linalg.LinAlgError:
        raise ValueError(
            "the normal equations have no unique solution: A^T A is singular because some "
            "columns of [X 1] are collinear (or there are fewer points than parameters). "
            "Drop redundant columns."
        ) from None
    return theta[:-1], float(theta[-1])


def least_squares(X: object, y: object) -> tuple[np.ndarray, float]:
    r"""The weights and intercept that minimise the MSE, via :func:`numpy.linalg.lstsq`.

    .. math:: (\mathbf w, b) = \operatorname*{arg\,min}_{\mathbf w,\, b}
              \frac1N \lVert X\mathbf w + b - \mathbf y \rVert^2

    It solves the same normal equations as :func:`normal_equations`, but through an SVD of
    :math:`A = [X \;\; \mathbf 1]` without forming :math:`A^\top A`, which keeps far
    more digits on ill-conditioned data.

    Parameters
    ----------
    X : array_like, shape (N, k)
        One row per data point; a single feature ``x`` becomes ``np.reshape(x, (-1, 1))``.
    y : array_like, shape (N,)

    Returns
    -------
    (w, b) : numpy.ndarray of shape (k,) and float

    Raises
    ------
    ValueError
        If the solution is not unique: ``[X 1]`` has rank below k+1 (a constant or
        duplicated column, or fewer than k+1 points).

    Examples
    --------
    >>> w, b = least_squares([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [2.0, 3.0]], [2.0, 3.0, 4.0, 8.0])
    >>> np.round(w, 6), round(b, 6)
    (array([2., 1.]), 1.0)
    """
    X, y = check_data(X, y)
    A = _design(X)
    theta, _, rank, _ = np.linalg.lstsq(A, y, rcond=None)
    if rank < A.shape[1]:
        raise ValueError(
            f"no unique least-squares solution: [X 1] has rank {rank} but {A.shape[1]} "
            f"columns (a constant or repeated column, a column that is a combination of "
            f"others, or fewer points than parameters). Drop redundant columns."
        )
    return theta[:-1], float(theta[-1])
