"""Bad input gets a specific error that names the argument and says what to do."""

from __future__ import annotations

import numpy as np
import pytest

import gdlib

X_OK, Y_OK = [1.0, 2.0, 3.0], [2.0, 4.0, 6.0]

# (description, call, error type, words the message must contain)
CASES = [
    (
        "x is 2-D",
        lambda: gdlib.mse([[1.0, 2.0], [3.0, 4.0]], [1.0, 2.0], 1, 0),
        ValueError,
        ["w must have one weight per feature", "shape (2,)"],
    ),
    (
        "x is a single number",
        lambda: gdlib.predict(3.0, 1, 0),
        ValueError,
        ["x must be a 1-D array", "single number"],
    ),
    (
        "x and y differ in length",
        lambda: gdlib.mse([1.0, 2.0, 3.0], [1.0, 2.0], 1, 0),
        ValueError,
        ["x and y", "3 in x and 2 in y"],
    ),
    ("x is empty", lambda: gdlib.gradient_descent([], [], 0.1, 10), ValueError, ["x is empty"]),
    ("y is empty", lambda: gdlib.mse_gradient([1.0], [], 1, 0), ValueError, ["y is empty"]),
    (
        "x contains NaN",
        lambda: gdlib.gradient_descent([1.0, np.nan, 3.0], Y_OK, 0.1, 10),
        ValueError,
        ["x contains NaN or infinity", "index 1"],
    ),
    (
        "y contains infinity",
        lambda: gdlib.mse(X_OK, [1.0, 2.0, np.inf], 1, 0),
        ValueError,
        ["y contains NaN or infinity", "index 2"],
    ),
    (
        "x holds text",
        lambda: gdlib.mse(["1", "2", "3"], Y_OK, 1, 0),
        TypeError,
        ["x must contain real numbers", "dtype"],
    ),
    (
        "y is a string",
        lambda: gdlib.mse(X_OK, "246", 1, 0),
        TypeError,
        ["y must contain numbers, not text"],
    ),
    (
        "x holds objects",
        lambda: gdlib.mse([1.0, None, 3.0], Y_OK, 1, 0),
        TypeError,
        ["x must contain real numbers"],
    ),
    (
        "x is ragged",
        lambda: gdlib.mse([[1.0, 2.0], [3.0]], [1.0, 2.0], [1.0, 1.0], 0),
        ValueError,
        ["X must be a rectangular array"],
    ),
    ("w is text", lambda: gdlib.mse(X_OK, Y_OK, "3", 0), TypeError, ["w must contain numbers"]),
    (
        "b is NaN",
        lambda: gdlib.predict(X_OK, 1.0, float("nan")),
        ValueError,
        ["b must be a finite number"],
    ),
    (
        "learning rate is zero",
        lambda: gdlib.gradient_descent(X_OK, Y_OK, 0.0, 10),
        ValueError,
        ["learning_rate must be positive"],
    ),
    (
        "learning rate is negative",
        lambda: gdlib.gradient_descent(X_OK, Y_OK, -0.1, 10),
        ValueError,
        ["learning_rate must be positive"],
    ),
    (
        "learning rate is infinite",
        lambda: gdlib.gradient_descent(X_OK, Y_OK, np.inf, 10),
        ValueError,
        ["learning_rate must be a finite number"],
    ),
    (
        "learning rate is NaN",
        lambda: gdlib.gradient_descent(X_OK, Y_OK, np.nan, 10),
        ValueError,
        ["learning_rate must be a finite number"],
    ),
    (
        "learning rate is text",
        lambda: gdlib.gradient_descent(X_OK, Y_OK, "0.1", 10),
        TypeError,
        ["learning_rate must be a single real number"],
    ),
    (
        "epochs is negative",
        lambda: gdlib.gradient_descent(X_OK, Y_OK, 0.1, -1),
        ValueError,
        ["epochs must be at least 0"],
    ),
    (
        "epochs is a float",
        lambda: gdlib.gradient_descent(X_OK, Y_OK, 0.1, 10.5),
        TypeError,
        ["epochs must be a whole number"],
    ),
    (
        "epochs is a bool",
        lambda: gdlib.gradient_descent(X_OK, Y_OK, 0.1, True),
        TypeError,
        ["epochs must be a whole number"],
    ),
    (
        "tolerance is negative",
        lambda: gdlib.gradient_descent(X_OK, Y_OK, 0.1, 10, tolerance=-1.0),
        ValueError,
        ["tolerance must be positive"],
    ),
    (
        "x is 3-D",
        lambda: gdlib.mse(np.ones((2, 2, 2)), [1.0, 2.0], [1.0, 1.0], 0),
        ValueError,
        ["x must be a 2-D array", "shape (2, 2, 2)"],
    ),
    (
        "w has the wrong length",
        lambda: gdlib.mse([[1.0, 2.0]], [1.0], [1.0], 0),
        ValueError,
        ["w must have one weight per feature", "shape (2,)"],
    ),
    (
        "X has no columns",
        lambda: gdlib.gradient_descent(np.empty((3, 0)), Y_OK, 0.1, 1),
        ValueError,
        ["X has no columns"],
    ),
]


@pytest.mark.parametrize(
    ("call", "error", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_bad_input_raises_a_specific_message(call, error, words):
    with pytest.raises(error) as info:
        call()
    for word in words:
        assert word in str(info.value)


def test_lists_tuples_and_integer_arrays_are_accepted():
    expected = gdlib.mse(np.array(X_OK), np.array(Y_OK), 1.5, 0.5)
    assert gdlib.mse(X_OK, Y_OK, 1.5, 0.5) == expected
    assert gdlib.mse(tuple(X_OK), tuple(Y_OK), 1.5, 0.5) == expected
    assert gdlib.mse(np.array([1, 2, 3]), np.array([2, 4, 6]), 1.5, 0.5) == expected
    assert gdlib.mse(X_OK, Y_OK, np.float32(1.5), np.int64(0)) == gdlib.mse(X_OK, Y_OK, 1.5, 0)


if __name__ == "__main__":  # print every case and its message, for the closing note
    for description, call, _, _ in CASES:
        try:
            call()
        except (TypeError, ValueError) as error:
            print(f"- {description}: {type(error).__name__}: {error}")
