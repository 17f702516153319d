r"""Checking a derivative with finite differences.

A derivative is the limit of a slope between two nearby points. With a small step
:math:`h` and the unit vector :math:`\mathbf e_j` of parameter :math:`j`,

.. math::

    \text{forward:}\quad \frac{\partial f}{\partial p_j} \approx
        \frac{f(\mathbf p + h\,\mathbf e_j) - f(\mathbf p)}{h},
    \qquad
    \text{central:}\quad \frac{\partial f}{\partial p_j} \approx
        \frac{f(\mathbf p + h\,\mathbf e_j) - f(\mathbf p - h\,\mathbf e_j)}{2h} .

The forward difference is off by about :math:`\tfrac h2 f''` (truncation error), the central
one by about :math:`\tfrac{h^2}{6} f'''`; both also suffer round-off of about
:math:`\varepsilon\,|f| / h`, with :math:`\varepsilon \approx 2.2\times10^{-16}` (chapter 3).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .validation import _as_float_array, _check_finite, check_positive, check_scalar, check_vector

__all__ = ["GradientCheck", "check_gradient", "numerical_gradient"]

_METHODS = ("central", "forward")


def _call_scalar(f: Callable, params: np.ndarray) -> float:
    value = _as_float_array("f(params)", f(params.copy()))
    if value.size != 1:
        raise ValueError(
            f"f must return a single number (the cost); it returned an array of shape "
            f"{value.shape}. Wrap it, e.g. lambda p: float(np.sum(f(p)))."
        )
    return float(value.ravel()[0])


def _numerical_gradient(f: Callable, params: np.ndarray, h: float, method: str) -> np.ndarray:
    """Unchecked core: one finite difference per parameter (a loop over the k parameters)."""
    steps = h * np.eye(len(params))
    if method == "central":
        values = [_call_scalar(f, params + s) - _call_scalar(f, params - s) for s in steps]
        return np.array(values) / (2.0 * h)
    f0 = _call_scalar(f, params)
    return np.array([_call_scalar(f, params + s) - f0 for s in steps]) / h


def _check_estimate(estimate: np.ndarray) -> np.ndarray:
    if not np.all(np.isfinite(estimate)):
        raise ValueError(
            "f returned NaN or infinity near params, so no finite difference exists there; "
            "check f at params and params +/- h, or use a smaller h."
        )
    return estimate


def numerical_gradient(
    f: Callable[[np.ndarray], float],
    params: object,
    *,
    h: float = 1e-6,
    method: str = "central",
) -> np.ndarray:
    r"""Finite-difference estimate of the gradient of ``f`` at ``params``.

    .. math::

        g_j = \frac{f(\mathbf p + h\,\mathbf e_j) - f(\mathbf p - h\,\mathbf e_j)}{2h}
        \quad\text{(central)}, \qquad
        g_j = \frac{f(\mathbf p + h\,\mathbf e_j) - f(\mathbf p)}{h}
        \quad\text{(forward)}

    Parameters
    ----------
    f : callable
        ``f(params) -> float``, for example ``lambda p: gdlib.mse(x, y, p[0], p[1])``.
    params : array_like, shape (k,)
        The point :math:`\mathbf p` at which to differentiate.
    h : float, default 1e-6
        Step size, the same for every parameter. Too large: truncation error; too small:
        round-off error. Scale it with the size of ``params``.
    method : {"central", "forward"}, default "central"
        Central differences cost 2k calls of ``f`` and are far more accurate; forward
        differences cost k + 1 calls.

    Returns
    -------
    numpy.ndarray, shape (k,)

    Examples
    --------
    >>> g = numerical_gradient(lambda p: p[0] ** 2 + 3 * p[1], [1.0, 2.0])
    >>> np.round(g, 6)
    array([2., 3.])
    """
    if not callable(f):
        raise TypeError(f"f must be a function of the parameters; got {type(f).__name__}.")
    params = check_vector("params", params)
    h = check_positive("h", h)
    if method not in _METHODS:
        raise ValueError(f"method must be 'central' or 'forward'; got {method!r}.")
    return _check_estimate(_numerical_gradient(f, params, h, method))


@dataclass(frozen=True)
class GradientCheck:
    """Outcome of :func:`check_gradient`."""

    analytic: np.ndarray  #: the gradient under test, shape (k,)
    numerical: np.ndarray  #: the finite-difference estimate, shape (k,)
    max_relative_error: float  #: largest :math:`|a_j - n_j| / \max(|a_j|, |n_j|)`
    passed: bool  #: True if every component agrees within ``rtol`` (and ``atol``)


def check_gradient(
    f: Callable[[np.ndarray], float],
    gradient: Callable[[np.ndarray], object],
    params: object,
    *,
    h: float = 1e-6,
    rtol: float = 1e-6,
    atol: float = 0.0,
) -> GradientCheck:
    r"""Compare an analytic gradient with central finite differences of ``f``.

    For each parameter :math:`j`, with analytic value :math:`a_j` and numerical value
    :math:`n_j`, the check passes when

    .. math:: |a_j - n_j| \le \mathrm{atol} + \mathrm{rtol}\,\max(|a_j|, |n_j|)

    for every :math:`j`. The reported error is
    :math:`\max_j |a_j - n_j| / \max(|a_j|, |n_j|)` (0 where both are 0). Check away from
    a minimum: there the gradient is close to 0 and only ``atol`` makes sense.

    Parameters
    ----------
    f : callable
        ``f(params) -> float``, the function being differentiated.
    gradient : callable
        ``gradient(params) -> array_like of shape (k,)``, the derivative under test
        (a tuple such as ``(dm, db)`` is fine).
    params : array_like, shape (k,)
        Where to compare.
    h : float, default 1e-6
        Step of the central differences.
    rtol, atol : float
        Relative and absolute tolerance.

    Returns
    -------
    GradientCheck

    Examples
    --------
    >>> good = check_gradient(lambda p: p[0] ** 2, lambda p: [2 * p[0]], [3.0])
    >>> good.passed
    True
    >>> bad = check_gradient(lambda p: p[0] ** 2, lambda p: [p[0]], [3.0])  # forgot the 2
    >>> bad.passed, round(bad.max_relative_error, 3)
    (False, 0.5)
    """
    if not callable(gradient):
        raise TypeError(
            f"gradient must be a function of the parameters; got {type(gradient).__name__}."
        )
    numerical = numerical_gradient(f, params, h=h)
    rtol, atol = check_positive("rtol", rtol), check_scalar("atol", atol)
    if atol < 0:
        raise ValueError(f"atol must be 0 or more; got {atol!r}.")
    params = check_vector("params", params)
    analytic = _as_float_array("gradient(params)", gradient(params.copy()))
    if analytic.shape != params.shape:
        raise ValueError(
            f"gradient(params) must return one value per parameter, shape {params.shape}; "
            f"got shape {analytic.shape}."
        )
    _check_finite("gradient(params)", analytic)
    difference = np.abs(analytic - numerical)
    size = np.maximum(np.abs(analytic), np.abs(numerical))
    relative = np.divide(difference, size, out=np.zeros_like(size), where=size > 0)
    passed = bool(np.all(difference <= atol + rtol * size))
    return GradientCheck(analytic, numerical, float(relative.max()), passed)
