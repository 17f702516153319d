"""Data sets: seeded synthetic data (and, from chapter 11, a real one shipped with gdlib)."""

from __future__ import annotations

from importlib import resources

import numpy as np

from .model import predict
from .validation import check_int, check_scalar, check_seed, check_vector

__all__ = ["load_engel", "make_line_data", "make_linear_data"]


def make_line_data(
    *,
    n: int = 100,
    m: float = 3.0,
    b: float = 4.0,
    noise: float = 1.0,
    x_max: float = 10.0,
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    r"""Points scattered around the line :math:`y = m x + b`, reproducibly.

    .. math:: x_i \sim \mathcal U(0, x_{\max}), \qquad
              y_i = m x_i + b + \varepsilon_i, \quad \varepsilon_i \sim \mathcal N(0, \sigma^2)

    The defaults are this book's own example (the post gives no data set); read ``x`` as
    hours of study and ``y`` as a test score.

    Parameters
    ----------
    n : int, default 100
        Number of points.
    m, b : float
        True slope and intercept.
    noise : float, default 1.0
        Standard deviation :math:`\sigma` of the noise.
    x_max : float, default 10.0
        Inputs are drawn uniformly from ``[0, x_max)``.
    seed : int, default 0
        Seed for :func:`numpy.random.default_rng`; the same seed gives the same data.

    Returns
    -------
    x, y : numpy.ndarray, shape (n,)

    Examples
    --------
    >>> x, y = make_line_data(n=3, seed=1)
    >>> x.shape, y.shape
    ((3,), (3,))
    """
    n = check_int("n", n, minimum=1, advice="n is the number of points, for example n=100.")
    noise = check_scalar("noise", noise)
    if noise < 0:
        raise ValueError(f"noise is a standard deviation and must be >= 0; got {noise!r}.")
    rng = check_seed(seed)
    x = rng.uniform(0.0, check_scalar("x_max", x_max), size=n)
    y = check_scalar("m", m) * x + check_scalar("b", b) + rng.normal(0.0, noise, size=n)
    return x, y


def make_linear_data(
    *,
    n: int = 100,
    w: object = (2.0, -1.0, 0.5),
    b: float = 1.0,
    noise: float = 0.5,
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    r"""Points scattered around the plane :math:`y = X\mathbf w + b`, reproducibly (chapter 8).

    .. math:: X_{ij} \sim \mathcal N(0, 1), \qquad
              y_i = \sum_{j=1}^{k} X_{ij} w_j + b + \varepsilon_i, \quad
              \varepsilon_i \sim \mathcal N(0, \sigma^2)

    Parameters
    ----------
    n : int, default 100
        Number of points (rows of ``X``).
    w : array_like, shape (k,)
        True weights, one per feature; ``X`` gets ``k`` columns.
    b : float, default 1.0
        True intercept.
    noise : float, default 0.5
        Standard deviation :math:`\sigma` of the noise.
    seed : int, default 0
        Seed for :func:`numpy.random.default_rng`; the same seed gives the same data.

    Returns
    -------
    X : numpy.ndarray, shape (n, k)
    y : numpy.ndarray, shape (n,)

    Examples
    --------
    >>> X, y = make_linear_data(n=4, w=[1.0, 2.0], b=0.0, noise=0.0, seed=1)
    >>> X.shape, bool(np.allclose(y, X[:, 0] + 2 * X[:, 1]))
    ((4, 2), True)
    """
    n = check_int("n", n, minimum=1, advice="n is the number of points, for example n=100.")
    w = check_vector("w", w)
    noise = check_scalar("noise", noise)
    if noise < 0:
        raise ValueError(f"noise is a standard deviation and must be >= 0; got {noise!r}.")
    rng = check_seed(seed)
    X = rng.standard_normal((n, len(w)))
    y = predict(X, w, check_scalar("b", b)) + rng.normal(0.0, noise, size=n)
    return X, y


def load_engel() -> tuple[np.ndarray, np.ndarray]:
    r"""Engel's food expenditure data: 235 Belgian working-class households in 1857.

    Read from ``gdlib/data/engel.csv``, shipped inside the package (no network needed).
    Source: Engel (1857), as used by Koenker and Bassett (1982) and shipped by the
    statsmodels package, which states "This is public domain." Where the file comes from
    and how it was extracted: ``gdlib/data/engel_PROVENANCE.md``.

    Returns
    -------
    income, food_expenditure : numpy.ndarray, shape (235,)
        Annual household income and annual food expenditure, both in Belgian francs.

    Examples
    --------
    >>> income, food_expenditure = load_engel()
    >>> income.shape, food_expenditure.shape
    ((235,), (235,))
    >>> round(float(income[0]), 2), round(float(food_expenditure[0]), 2)
    (420.16, 255.84)
    """
    with resources.files("gdlib").joinpath("data", "engel.csv").open("r") as file:
        table = np.loadtxt(file, delimiter=",", skiprows=1, ndmin=2)
    return table[:, 0].copy(), table[:, 1].copy()
