"""Chapter 6: standardise the features (centre on 0, scale to standard deviation 1)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

import gdlib

from .runner import Problem, Spec, close, describe, judge, register, shape_text

__all__ = ["check_standardise"]


def _case(rng: np.random.Generator) -> tuple[np.ndarray]:
    """Features of very different means and spreads, N != k, no constant column."""
    n, k = int(rng.integers(6, 30)), int(rng.integers(2, 5))
    centres = rng.uniform(-50.0, 50.0, size=k)
    spreads = 10.0 ** rng.uniform(-1.0, 2.0, size=k)
    return (centres + spreads * rng.normal(size=(n, k)),)


def _reference(X: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    Z, mean, std = gdlib.standardise(X)
    return np.asarray(Z), np.asarray(mean), np.asarray(std)


def _as_array(value: object, shape: tuple[int, ...], n: int, what: str) -> np.ndarray:
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise Problem(
            "not_number",
            f"your function returned {describe(value, n)} for {what}, not numbers.",
        ) from None
    if array.size == int(np.prod(shape)) and len(shape) == 1:
        array = array.reshape(shape)  # (1, k) from keepdims=True is fine
    if array.shape != shape:
        wanted = "the shape of X" if what == "Z" else "one value per feature (column)"
        raise Problem(
            "shape",
            f"your {what} has shape {shape_text(array.shape, n)}; it should have "
            f"shape {shape_text(shape, n)}, {wanted}.",
        )
    return array


def _read(raw: object, case: tuple) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n, k = case[0].shape
    if isinstance(raw, np.ndarray):
        raise Problem(
            "only_z",
            "your function returned one array; return the mean and standard deviation it "
            "used too, so that new data can be scaled the same way: return Z, mean, std",
        )
    if not isinstance(raw, list | tuple) or len(raw) != 3:
        raise Problem(
            "not_triple",
            f"your function returned {describe(raw, n)}; return three things: Z, mean, std",
        )
    return (
        _as_array(raw[0], (n, k), n, "Z"),
        _stats(raw[1], k, n, "mean"),
        _stats(raw[2], k, n, "std"),
    )


def _stats(value: object, k: int, n: int, what: str) -> np.ndarray:
    """A returned mean or std as an array; a wrong shape is only a wrong value here."""
    try:
        return _as_array(value, (k,), n, what)
    except Problem:
        return np.asarray(value, dtype=float)


def _scaled(centre: Callable, spread: Callable) -> Callable:
    """The mistake that centres with ``centre(X)`` and divides by ``spread(X)``."""

    def variant(X):
        return (X - centre(X)) / spread(X)

    return variant


def _partial(outputs: list, expected: list) -> tuple[str, str] | None:
    z_right = all(close(o[0], e[0]) for o, e in zip(outputs, expected, strict=True))
    if not z_right:
        return None
    if all(close(o[1], e[2]) and close(o[2], e[1]) for o, e in zip(outputs, expected, strict=True)):
        return "swapped", "your Z is right, but you return std before mean: return Z, mean, std."
    return "stats_wrong", (
        "your Z is right, but the mean or std you return is not the one you used to compute "
        "it. Return the per-column mean and standard deviation."
    )


_RIGHT_STD = "the population standard deviation, X.std(axis=0), which divides by N"

register(
    Spec(
        name="standardise",
        call="f(X) with a numpy array X of shape (N, k); it returns (Z, mean, std)",
        make_cases=lambda rng, count: [_case(rng) for _ in range(count)],
        read=_read,
        reference=_reference,
        partial=_partial,
        key=lambda output: output[0],  # the mistakes are told apart by Z
        mistakes=[
            (
                "ddof_1",
                "you divided by the sample standard deviation (N - 1 in the variance); use "
                f"{_RIGHT_STD}.",
                _scaled(lambda X: X.mean(axis=0), lambda X: X.std(axis=0, ddof=1)),
            ),
            (
                "wrong_axis",
                "you took the mean and std of each row (axis=1); each feature is a column, "
                "so take them down the columns, axis=0.",
                _scaled(
                    lambda X: X.mean(axis=1, keepdims=True), lambda X: X.std(axis=1, keepdims=True)
                ),
            ),
            (
                "whole_array",
                "you used one mean and one std for the whole array; each feature (column) "
                "gets its own, axis=0.",
                _scaled(lambda X: X.mean(), lambda X: X.std()),
            ),
            (
                "not_centred",
                "you divided by the std but did not subtract the mean first: centre each "
                "column on 0, then scale.",
                _scaled(lambda X: 0.0, lambda X: X.std(axis=0)),
            ),
            (
                "variance",
                "you divided by the variance; divide by its square root, the standard deviation.",
                _scaled(lambda X: X.mean(axis=0), lambda X: X.var(axis=0)),
            ),
            (
                "not_scaled",
                "you centred each column but did not divide by its standard deviation.",
                _scaled(lambda X: X.mean(axis=0), lambda X: 1.0),
            ),
        ],
    )
)


def check_standardise(
    standardise_function: object, *, cases: int = 20, seed: int | None = None
) -> None:
    r"""Check your own ``standardise(X)``: centre every feature on 0 and scale it to 1.

    .. math:: z_{ij} = \frac{x_{ij} - \mu_j}{\sigma_j}, \qquad
              \mu_j = \frac1N \sum_i x_{ij}, \quad
              \sigma_j = \sqrt{\frac1N \sum_i (x_{ij} - \mu_j)^2}

    Your function is called as ``standardise_function(X)`` with a numpy array ``X`` of
    shape (N, k), always 2-D (k >= 2 features, one per column; a 1-D input need not be
    supported), and must return ``(Z, mean, std)``: ``Z`` of shape (N, k), and the per-column
    mean and **population** standard deviation (divide by N, ``ddof=0``, as
    ``gdlib.standardise``) of shape (k,) (shape (1, k) is accepted too). Calling
    ``gdlib.standardise`` gets no credit. Prints one line: a pass, or a hint such as "sample
    standard deviation (N - 1)", "rows instead of columns", "divided by the variance",
    "returned only Z".

    Parameters
    ----------
    standardise_function : callable
        Your function.
    cases : int, default 20
        Number of random cases to try.
    seed : int, optional
        Seed for the random cases; by default every call draws fresh ones.

    Examples
    --------
    >>> def my_standardise(X):
    ...     mean, std = X.mean(axis=0), X.std(axis=0)
    ...     return (X - mean) / std, mean, std
    >>> check_standardise(my_standardise)
    ✔ standardise: passed 20 random cases.
    """
    print(judge("standardise", standardise_function, cases=cases, seed=seed).message)
