"""Input checks shared by every public function, in the style of scikit-learn's ``check_scalar``.

Each check turns the reader's input (a list, a tuple or a numpy array) into a float, an int
or a float array, or raises an exception whose message names the argument and says what to
change. One rule throughout: ``TypeError`` for a value of the wrong type (text, a float where
a whole number is needed, ``"no"`` where ``True`` or ``False`` is needed), ``ValueError`` for
a value of the right type that is not allowed (a negative learning rate, NaN, a wrong shape).
"""

from __future__ import annotations

import numbers

import numpy as np

__all__: list[str] = []

#: Relative size below which the smallest Hessian eigenvalue counts as zero (chapter 5):
#: the data do not determine a unique best fit. One rule for every function that needs it.
SINGULAR_RATIO = 1e-12


def _as_float_array(name: str, value: object) -> np.ndarray:
    """Convert ``value`` to a float array, or raise ``TypeError`` naming ``name``."""
    if isinstance(value, str | bytes):
        raise TypeError(
            f"{name} must contain numbers, not text; got {value!r}. "
            f"Convert it first, for example np.asarray({name}, dtype=float)."
        )
    try:
        array = np.asarray(value)
    except ValueError as error:  # ragged nested lists
        raise ValueError(
            f"{name} must be a rectangular array of numbers; numpy could not "
            f"build one ({error}). Make every row the same length."
        ) from None
    if array.dtype.kind not in "biuf":
        example = array.ravel()[:1].tolist()[0] if array.size else None
        raise TypeError(
            f"{name} must contain real numbers; got an array of dtype "
            f"{array.dtype} (first value {example!r}). Convert text or objects "
            f"to numbers first, for example np.asarray({name}, dtype=float)."
        )
    return array.astype(float)


def _check_finite(name: str, array: np.ndarray) -> None:
    bad = ~np.isfinite(array)
    if bad.any():
        index = tuple(int(i) for i in np.argwhere(bad)[0])
        where = index[0] if len(index) == 1 else index
        raise ValueError(
            f"{name} contains NaN or infinity ({int(bad.sum())} value(s), first at "
            f"index {where}). Remove or fill those values before fitting, for "
            f"example keep = np.isfinite({name})."
        )


def _constant_columns(data: np.ndarray, spread: np.ndarray) -> np.ndarray:
    """The one rule for a constant feature: spread zero up to rounding (``np.std([0.1] * 3)``
    is not exactly 0). ``data`` (N,) or (N, k), ``spread`` its per-column spread."""
    return spread <= 4 * np.finfo(float).eps * np.abs(data).max(axis=0)


def check_vector(name: str, value: object) -> np.ndarray:
    """Return ``value`` as a non-empty, finite 1-D float array (one value per point)."""
    array = _as_float_array(name, value)
    if array.ndim == 0:
        raise ValueError(
            f"{name} must be a 1-D array with one value per data point; got a "
            f"single number {array.item()!r}. Wrap it in a list: [{array.item()!r}]."
        )
    if array.ndim != 1:
        raise ValueError(
            f"{name} must be a 1-D array with one value per data point; got an "
            f"array of shape {array.shape}. Flatten it with np.ravel({name})."
        )
    if array.size == 0:
        raise ValueError(f"{name} is empty; it needs at least one data point.")
    _check_finite(name, array)
    return array


def check_matrix(name: str, value: object) -> np.ndarray:
    """Return ``value`` as a non-empty, finite 2-D float array of shape (N, k)."""
    array = _as_float_array(name, value)
    if array.ndim != 2:
        raise ValueError(
            f"{name} must be a 2-D array of shape (N, k): one row per data point, "
            f"one column per feature; got shape {array.shape}. A single feature "
            f"x becomes {name} = np.reshape(x, (-1, 1))."
        )
    if array.shape[0] == 0:
        raise ValueError(f"{name} is empty; it needs at least one data point (row).")
    if array.shape[1] == 0:
        raise ValueError(f"{name} has no columns; it needs at least one feature.")
    _check_finite(name, array)
    return array


def check_features(value: object) -> np.ndarray:
    """One feature ``x`` of shape (N,) or many ``X`` of shape (N, k), as an (N, k) array.

    A 1-D input is checked under the name ``x`` and becomes one column; anything else is
    checked as the matrix ``X``.
    """
    try:
        ndim = np.ndim(value)
    except ValueError:  # ragged nested lists: let check_matrix say so
        ndim = 2
    if ndim <= 1 and not isinstance(value, str | bytes):
        return check_vector("x", value)[:, None]
    return check_matrix("X" if ndim == 2 else "x", value)


def check_same_length(x_name: str, x: np.ndarray, y_name: str, y: np.ndarray) -> None:
    """Raise ``ValueError`` unless ``x`` and ``y`` have the same number of points."""
    if len(x) != len(y):
        raise ValueError(
            f"{x_name} and {y_name} must have one value per data point, the same "
            f"number; got {len(x)} in {x_name} and {len(y)} in {y_name}."
        )


def check_data(x: object, y: object) -> tuple[np.ndarray, np.ndarray]:
    """Features ``x`` (N,) or ``X`` (N, k) and targets ``y`` (N,): ``(X as (N, k), y)``."""
    X, y = check_features(x), check_vector("y", y)
    check_same_length("x" if np.ndim(x) <= 1 else "X", X, "y", y)
    return X, y


def check_weights(w: object, k: int) -> np.ndarray:
    """Return the weights as a finite float array of shape (k,), or raise.

    With one feature a single number (the slope) is accepted as well.
    """
    array = _as_float_array("w", w)
    if array.shape == () and k == 1:
        array = array.reshape(1)
    if array.shape != (k,):
        raise ValueError(
            f"w must have one weight per feature, shape ({k},) for X with {k} "
            f"column(s) (a single number for one feature x); got shape {array.shape}."
        )
    _check_finite("w", array)
    return array


def check_start(w: object | None, k: int) -> np.ndarray:
    """The starting weights of a descent: zeros for ``None``, else :func:`check_weights`."""
    return np.zeros(k) if w is None else check_weights(w, k)


def check_scalar(name: str, value: object) -> float:
    """Return ``value`` as a finite float, or raise naming ``name``."""
    if isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iuf":
        value = value.item()
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real):
        raise TypeError(
            f"{name} must be a single real number; got {value!r} of type {type(value).__name__}."
        )
    result = float(value)
    if not np.isfinite(result):
        raise ValueError(f"{name} must be a finite number; got {result!r}.")
    return result


def check_positive(name: str, value: object, advice: str = "") -> float:
    """Return ``value`` as a positive finite float, or raise naming ``name``."""
    result = check_scalar(name, value)
    if result <= 0:
        raise ValueError(f"{name} must be positive; got {result!r}.{advice and ' ' + advice}")
    return result


def check_nonnegative(name: str, value: object, advice: str = "") -> float:
    """Return ``value`` as a finite float that is 0 or more, or raise naming ``name``."""
    result = check_scalar(name, value)
    if result < 0:
        raise ValueError(f"{name} must be 0 or more; got {result!r}.{advice and ' ' + advice}")
    return result


def check_lam(lam: object) -> float:
    """The ridge strength lambda (``lam``): a number, 0 or more."""
    return check_nonnegative(
        "lam",
        lam,
        "lam is the ridge strength lambda; a negative penalty rewards large weights: "
        "use lam=0 for no penalty.",
    )


def check_int(name: str, value: object, minimum: int | None = None, advice: str = "") -> int:
    """Return ``value`` as an int of at least ``minimum``; ``bool`` and floats are rejected."""
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Integral):
        raise TypeError(
            f"{name} must be a whole number (an int); got {value!r} of type "
            f"{type(value).__name__}.{advice and ' ' + advice}"
        )
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be at least {minimum}; got {value}.")
    return int(value)


def check_seed(seed: object, name: str = "seed") -> np.random.Generator:
    """A random generator from an int seed (0 or more) or a ``numpy.random.Generator``.

    ``None`` is rejected: every run in this book is reproducible, so it names its seed.
    """
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is None:
        raise TypeError(
            f"{name} must be an int (the same seed gives the same result) or a "
            f"numpy.random.Generator; got None. Use for example {name}=0."
        )
    seed = check_int(name, seed, advice="Use for example seed=0.")
    if seed < 0:
        raise ValueError(f"{name} must be 0 or more; got {seed}.")
    return np.random.default_rng(seed)


def check_bool(name: str, value: object) -> bool:
    """Return ``value`` as a bool; anything but ``True``/``False`` raises ``TypeError``."""
    if not isinstance(value, bool | np.bool_):
        raise TypeError(f"{name} must be True or False; got {value!r}.")
    return bool(value)


def check_learning_rate(learning_rate: object) -> float:
    """Return the learning rate as a positive finite float, or raise."""
    return check_positive(
        "learning_rate",
        learning_rate,
        "A step of size 0 never moves and a negative one walks uphill; try a small value "
        "such as 0.01.",
    )


def check_epochs(epochs: object) -> int:
    """Return ``epochs`` as a non-negative int, or raise."""
    return check_int("epochs", epochs, minimum=0, advice="Use for example epochs=1000.")


def check_tolerance(tolerance: object) -> float | None:
    """Return ``tolerance`` as a positive float, or ``None`` for no early stop."""
    if tolerance is None:
        return None
    value = check_scalar("tolerance", tolerance)
    if value <= 0:
        raise ValueError(f"tolerance must be positive (or None to run every epoch); got {value!r}.")
    return value


def check_curvatures(eigenvalues: np.ndarray, purpose: str) -> tuple[float, float]:
    """The extreme Hessian eigenvalues ``(low, high)``; ``ValueError`` if the Hessian is
    singular by the one rule :data:`SINGULAR_RATIO` (``purpose`` says what cannot be had)."""
    low, high = float(eigenvalues[0]), float(eigenvalues[-1])
    if low <= SINGULAR_RATIO * high:
        raise ValueError(
            "the MSE Hessian of this data is singular (condition number infinite): every x "
            "is the same, or the columns of X are linearly dependent, so there is no unique "
            f"best fit and no {purpose}. Remove the duplicated or constant features."
        )
    return low, high
