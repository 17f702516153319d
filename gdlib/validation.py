"""Input checks shared by every public function, in the style of scikit-learn.

Each check turns the reader's input (a list, a tuple or a numpy array) into a
float array, or raises a ``TypeError`` / ``ValueError`` whose message names the
argument and says what to change.
"""

from __future__ import annotations

import numbers

import numpy as np

__all__: list[str] = []


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
            f"array of shape {array.shape}. For several features use X of shape "
            f"(N, k) with the linear_* functions; otherwise flatten with "
            f"np.ravel({name})."
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


def check_same_length(x_name: str, x: np.ndarray, y_name: str, y: np.ndarray) -> None:
    """Raise ``ValueError`` unless ``x`` and ``y`` have the same number of points."""
    if len(x) != len(y):
        raise ValueError(
            f"{x_name} and {y_name} must have one value per data point, the same "
            f"number; got {len(x)} in {x_name} and {len(y)} in {y_name}."
        )


def check_scalar(name: str, value: object) -> float:
    """Return ``value`` as a finite float, or raise naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        if isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iuf":
            value = value.item()
        else:
            raise TypeError(
                f"{name} must be a single real number; got {value!r} "
                f"of type {type(value).__name__}."
            )
    result = float(value)
    if not np.isfinite(result):
        raise ValueError(f"{name} must be a finite number; got {result!r}.")
    return result


def check_learning_rate(learning_rate: object) -> float:
    """Return the learning rate as a positive finite float, or raise."""
    rate = check_scalar("learning_rate", learning_rate)
    if rate <= 0:
        raise ValueError(
            f"learning_rate must be positive; got {rate!r}. A step of size 0 never "
            "moves and a negative one walks uphill; try a small value such as 0.01."
        )
    return rate


def check_epochs(epochs: object) -> int:
    """Return ``epochs`` as a non-negative int, or raise."""
    if isinstance(epochs, bool) or not isinstance(epochs, numbers.Integral):
        raise TypeError(
            f"epochs must be a whole number of passes over the data (an int); got "
            f"{epochs!r} of type {type(epochs).__name__}. Use for example epochs=1000."
        )
    if epochs < 0:
        raise ValueError(f"epochs must be 0 or more; got {epochs}.")
    return int(epochs)


def check_tolerance(tolerance: object) -> float | None:
    """Return ``tolerance`` as a positive float, or ``None`` for no early stop."""
    if tolerance is None:
        return None
    value = check_scalar("tolerance", tolerance)
    if value <= 0:
        raise ValueError(f"tolerance must be positive (or None to run every epoch); got {value!r}.")
    return value


def check_weights(w: object, k: int) -> np.ndarray:
    """Return the weights as a finite float array of shape (k,), or raise."""
    array = _as_float_array("w", w)
    if array.shape != (k,):
        raise ValueError(
            f"w must have one weight per feature, shape ({k},) for X with {k} "
            f"column(s); got shape {array.shape}."
        )
    _check_finite("w", array)
    return array
