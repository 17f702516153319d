"""Data sets: seeded synthetic data (and, from chapter 11, a real one shipped with gdlib)."""

from __future__ import annotations

import numpy as np

from .validation import check_scalar

__all__ = ["make_line_data"]


def make_line_data(
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

    The defaults are the blog post's setting; read ``x`` as hours of study and ``y`` as a
    test score.

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
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 1:
        raise ValueError(f"n must be a positive int (the number of points); got {n!r}.")
    noise = check_scalar("noise", noise)
    if noise < 0:
        raise ValueError(f"noise is a standard deviation and must be >= 0; got {noise!r}.")
    rng = np.random.default_rng(seed)
    x = rng.uniform(0.0, check_scalar("x_max", x_max), size=n)
    y = check_scalar("m", m) * x + check_scalar("b", b) + rng.normal(0.0, noise, size=n)
    return x, y
