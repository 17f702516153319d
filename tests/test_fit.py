"""gdlib.fit and the Gram statistics: exact references, lstsq, warnings, bad input."""

from __future__ import annotations

import warnings
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import gdlib
from gdlib.fit import ConvergenceWarning


def lstsq(X, y):
    coef, *_ = np.linalg.lstsq(np.column_stack([X, np.ones(len(y))]), y, rcond=None)
    return coef[:-1], coef[-1]


def exact_least_squares(X, y):
    """The exact minimiser of the MSE of [X 1] on the float data: the normal equations in
    rational arithmetic (every float is a fraction), solved by Gaussian elimination."""
    A = [[Fraction(v) for v in row] + [Fraction(1)] for row in X.tolist()]
    t = [Fraction(v) for v in y.tolist()]
    m = len(A[0])
    M = [
        [sum(row[p] * row[q] for row in A) for q in range(m)]
        + [sum(r[p] * ti for r, ti in zip(A, t, strict=True))]
        for p in range(m)
    ]
    for col in range(m):  # the Gram matrix is positive definite: no pivoting needed
        for r in range(col + 1, m):
            factor = M[r][col] / M[col][col]
            M[r] = [a - factor * b for a, b in zip(M[r], M[col], strict=True)]
    coef = [Fraction(0)] * m
    for r in reversed(range(m)):
        coef[r] = (M[r][m] - sum(M[r][c] * coef[c] for c in range(r + 1, m))) / M[r][r]
    return np.array([float(c) for c in coef[:-1]]), float(coef[-1])


def digits_error(X, y, w, b, w_exact, b_exact):
    """Relative errors of every coefficient, each against the size it naturally has.

    A weight w_j is measured against max(|w_j|, sigma_y / sigma_j): sigma_y / sigma_j is the
    weight that moves the prediction by one standard deviation of y when x_j moves by one of
    its own, so a weight much smaller than that is judged by the absolute error that matters.
    The intercept b = ybar - sum_j w_j mu_j is a difference of terms; it is measured against
    the largest size those terms can have, max(|b|, |ybar| + sigma_y + sum_j |mu_j| scale_j),
    with scale_j the weight scale above. "9 significant digits" means every error <= 1e-9.
    """
    scale_w = np.maximum(np.abs(w_exact), y.std() / X.std(axis=0))
    scale_b = max(abs(b_exact), abs(y.mean()) + y.std() + np.abs(X.mean(axis=0)) @ scale_w)
    return max(np.max(np.abs(w - w_exact) / scale_w), abs(b - b_exact) / scale_b)


def ill_conditioned(seed, n, k, log_kappa, log_shift):
    """N x k data whose correlation matrix has eigenvalues from 1 down to about 10^-log_kappa,
    columns shifted by up to 10^log_shift spreads and scaled by 10^-3 ... 10^3; y linear plus
    noise of random size."""
    rng = np.random.default_rng(seed)
    G = rng.normal(size=(n, k))
    U, _ = np.linalg.qr(G - G.mean(axis=0))  # centred, orthonormal columns
    Q, _ = np.linalg.qr(rng.normal(size=(k, k)))
    eigenvalues = np.geomspace(1.0, 10.0**-log_kappa, k)
    Z = np.sqrt(n) * U @ (np.sqrt(eigenvalues)[:, None] * Q.T)
    scale = 10.0 ** rng.uniform(-3, 3, size=k)
    shift = rng.choice([-1, 1], size=k) * 10.0 ** rng.uniform(-2, log_shift, size=k)
    X = (Z + shift) * scale
    noise = 10.0 ** rng.uniform(-4, 0) * rng.normal(size=n)
    y = X @ (rng.normal(size=k) / scale) + rng.normal(0, 10) + noise
    return X, y


@pytest.mark.filterwarnings("error::gdlib.fit.ConvergenceWarning")
@settings(max_examples=25, deadline=None)
@given(
    st.integers(0, 2**32 - 1),
    st.integers(1, 8),
    st.integers(20, 60),
    st.floats(0, 5),
    st.floats(-2, 4),
)
def test_matches_exact_reference_to_nine_digits(seed, k, n, log_kappa, log_shift):
    """Standardised condition number 1 ... 1e5, k = 1 ... 8: default fit, >= 9 digits, no warning."""
    X, y = ill_conditioned(seed, max(n, 2 * k + 2), k, log_kappa, log_shift)
    result = gdlib.fit(X, y)
    assume(result.condition_number <= 1e5)
    assert result.converged
    w_exact, b_exact = exact_least_squares(X, y)
    assert digits_error(X, y, result.w, result.b, w_exact, b_exact) <= 1e-9


def test_exact_reference_beats_round_off_of_lstsq():
    """The reference is exact, and fit beats lstsq on a raw [X 1] with shifted columns."""
    X, y = ill_conditioned(11, 40, 6, 4.5, 4)
    w_exact, b_exact = exact_least_squares(X, y)
    result = gdlib.fit(X, y)
    ours = digits_error(X, y, result.w, result.b, w_exact, b_exact)
    theirs = digits_error(X, y, *lstsq(X, y), w_exact, b_exact)
    assert ours <= 1e-10 and ours < theirs


@settings(max_examples=30, deadline=None)
@given(
    st.integers(0, 2**32 - 1),
    st.integers(1, 8),
    st.floats(0, 11),
    st.one_of(st.none(), st.floats(1e-16, 1e-3)),
    st.integers(0, 1000),
)
def test_every_unconverged_fit_warns(seed, k, log_kappa, tolerance, epochs):
    """converged=False always comes with a ConvergenceWarning that says what to do; True never."""
    X, y = ill_conditioned(seed, 40, k, log_kappa, 2)
    epochs = epochs % 4 if seed % 2 else epochs  # often a tiny budget
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = gdlib.fit(X, y, epochs=epochs, tolerance=tolerance)
        except ValueError as error:  # kappa > 1e12: collinear
            assert "collinear" in str(error)
            return
    ours = [w for w in caught if issubclass(w.category, ConvergenceWarning)]
    assert len(ours) == (0 if result.converged else 1)
    assert result.epochs_run <= epochs
    if ours:
        text = str(ours[0].message)
        assert "condition number" in text and f"{result.epochs_run} epoch" in text
        assert "gdlib.least_squares" in text and "To do:" in text


def test_tiny_epochs_warn_with_advice():
    X, y = ill_conditioned(3, 50, 5, 3, 1)
    with pytest.warns(ConvergenceWarning, match=r"used all 2 epochs.*condition number") as record:
        result = gdlib.fit(X, y, epochs=2)
    assert not result.converged and result.epochs_run == 2
    assert "epochs=100" in str(record[0].message)
    assert gdlib.ConvergenceWarning is ConvergenceWarning
    assert issubclass(ConvergenceWarning, RuntimeWarning)


def test_hopeless_conditioning_warns_instead_of_lying():
    """kappa ~ 1e11: round-off stops the progress; the fit says so."""
    X, y = ill_conditioned(4, 60, 8, 11, 1)
    with pytest.warns(ConvergenceWarning, match="round-off"):
        result = gdlib.fit(X, y, tolerance=1e-15)
    assert not result.converged and result.condition_number > 1e10


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(3, 300), st.floats(-3, 4), st.floats(-4, 4))
def test_line_matches_lstsq(seed, n, log_offset, log_width):
    """x tiny or huge, near 0 or far from it: standardising makes them the same problem.

    Offsets stay below 10^4 widths: beyond that lstsq on [x, 1] itself loses the digits.
    """
    rng = np.random.default_rng(seed)
    width = 10.0**log_width
    x = rng.choice([-1, 1]) * width * 10.0**log_offset + width * rng.uniform(-1, 1, size=n)
    y = rng.normal(0, 3) / width * x + rng.normal(0, 5) + rng.normal(size=n)
    result = gdlib.fit(x, y)
    (m,), b = lstsq(x[:, None], y)
    assert result.converged and result.w.shape == (1,) and result.epochs_run <= 2
    assert np.hypot(result.m - m, result.b - b) <= 1e-6 * np.hypot(m, b)
    assert result.m == pytest.approx(m, rel=1e-6, abs=1e-6 * y.std() / x.std())
    assert result.cost == pytest.approx(np.mean((y - (m * x + b)) ** 2), rel=1e-6)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 5), st.integers(0, 200))
def test_many_features_match_lstsq(seed, k, extra):
    """Columns with scales from 1e-3 to 1e3, offsets, and correlation between them."""
    rng = np.random.default_rng(seed)
    n = 3 * k + 10 + extra
    mixing = np.eye(k) + 0.4 * rng.normal(size=(k, k))
    scale = 10.0 ** rng.uniform(-3, 3, size=k)
    X = (rng.normal(size=(n, k)) @ mixing) * scale + rng.normal(0, 20, size=k) * scale
    w_true = rng.choice([-1, 1], size=k) * rng.uniform(0.5, 3, size=k) / scale
    y = X @ w_true + rng.normal(0, 5) + 0.5 * rng.normal(size=n)
    assume(np.linalg.cond(np.corrcoef(X, rowvar=False).reshape(k, k)) <= 1e5)
    result = gdlib.fit(X, y)
    w, b = lstsq(X, y)
    assert result.converged and result.w.shape == (k,)
    np.testing.assert_allclose(result.w, w, rtol=1e-8)
    assert abs(result.b - b) <= 1e-8 * max(abs(b), y.std())
    assert result.cost == pytest.approx(np.mean((y - X @ w - b) ** 2), rel=1e-8)


def test_one_feature_takes_one_epoch():
    """Standardised, one feature: C = [[1]], conjugate gradients lands on the minimum at once."""
    x, y = gdlib.make_line_data(n=1000, seed=4)
    result = gdlib.fit(x, y)
    assert result.condition_number == 1.0
    assert result.epochs_run == 1 and result.converged


def test_column_input_gives_the_same_line():
    x, y = gdlib.make_line_data(n=50, seed=5)
    line, column = gdlib.fit(x, y), gdlib.fit(x[:, None], y)
    assert column.w.shape == (1,) and column.m == line.m and column.b == line.b


def test_m_only_for_one_feature():
    X, y = ill_conditioned(1, 30, 3, 1, 1)
    result = gdlib.fit(X, y)
    with pytest.raises(AttributeError, match=r"m exists only for one feature; .* use w"):
        _ = result.m


def test_constant_y_gives_the_flat_line():
    result = gdlib.fit([1.0, 2.0, 3.0], [4.0, 4.0, 4.0])
    assert (result.m, result.b, result.cost, result.converged) == (0.0, 4.0, 0.0, True)


@pytest.mark.parametrize(
    ("x", "y", "error", "match"),
    [
        ([1.0, float("nan"), 3.0], [1.0, 2.0, 3.0], ValueError, "x contains NaN"),
        ([1.0, 2.0, 3.0], [1.0, 2.0], ValueError, "same number"),
        ([2.0, 2.0, 2.0], [1.0, 2.0, 3.0], ValueError, "constant feature"),
        ([[1.0, 5.0], [2.0, 5.0], [3.0, 5.0]], [1.0, 2.0, 3.0], ValueError, "column 1"),
        ([[1.0, 2.0], [2.0, 4.0], [3.0, 6.0]], [1.0, 2.0, 3.0], ValueError, "collinear"),
        ([[1.0, 2.0], [2.0, 1.0]], [1.0, 2.0], ValueError, "collinear"),
        (["1", "2"], [1.0, 2.0], TypeError, "numbers"),
        (np.zeros((3, 2, 2)), [1.0, 2.0, 3.0], ValueError, "2-D array"),
        ([1.0, 2.0], np.ones((2, 1)), ValueError, "y must be a 1-D array"),
        ([1.0, 2.0], [1.0, float("inf")], ValueError, "y contains NaN or infinity"),
    ],
)
def test_bad_input_is_reported(x, y, error, match):
    with pytest.raises(error, match=match):
        gdlib.fit(x, y)


def test_bad_settings_are_reported():
    with pytest.raises(ValueError, match="tolerance must be positive"):
        gdlib.fit([1.0, 2.0], [1.0, 2.0], tolerance=0.0)
    with pytest.raises(TypeError, match="epochs"):
        gdlib.fit([1.0, 2.0], [1.0, 2.0], epochs=1.5)
    with pytest.raises(ValueError, match="epochs"):
        gdlib.fit([1.0, 2.0], [1.0, 2.0], epochs=-1)
    with pytest.raises(TypeError):
        gdlib.fit([1.0, 2.0], [1.0, 2.0], 1000)  # keyword-only


# --- Gram statistics (gdlib.fast) ------------------------------------------------------------


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 4), st.integers(1, 40), st.floats(0, 8))
def test_gram_statistics_are_the_exact_centred_sums(seed, k, n, log_shift):
    """Columns whose mean is up to 10^8 times their spread: still the exact centred sums."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, k)) + 10.0**log_shift * rng.choice([-1, 1], size=k)
    y = rng.normal(size=n) - 10.0**log_shift
    stats = gdlib.gram_statistics(X, y)
    Xf = [[Fraction(v) for v in row] for row in X.tolist()]
    yf = [Fraction(v) for v in y.tolist()]
    mu = [sum(row[j] for row in Xf) / n for j in range(k)]
    ybar = sum(yf) / n
    sxx = [
        [float(sum((r[i] - mu[i]) * (r[j] - mu[j]) for r in Xf)) for j in range(k)]
        for i in range(k)
    ]
    sxy = [
        float(sum((r[j] - mu[j]) * (t - ybar) for r, t in zip(Xf, yf, strict=True)))
        for j in range(k)
    ]
    syy = float(sum((t - ybar) ** 2 for t in yf))
    assert stats.n == n
    np.testing.assert_allclose(stats.mean_x, [float(m) for m in mu], rtol=1e-15)
    assert stats.mean_y == pytest.approx(float(ybar), rel=1e-15)
    spread = np.maximum(np.sqrt(np.diag(sxx)), 1e-150)
    np.testing.assert_allclose(
        stats.sxx / np.outer(spread, spread), sxx / np.outer(spread, spread), atol=1e-13
    )
    np.testing.assert_allclose(stats.sxy, sxy, atol=1e-13 * (spread * np.sqrt(syy)).max() + 1e-300)
    assert stats.syy == pytest.approx(syy, rel=1e-13, abs=1e-300)


def test_gram_statistics_blocks_agree_with_one_block():
    """Many blocks (N > block rows) give what numpy's centred products give."""
    rng = np.random.default_rng(8)
    X = rng.normal(size=(50_000, 3)) * [1.0, 1e3, 1e-3] + [1e6, 0.0, -5.0]
    y = X @ [1.0, 2.0, 3.0] + rng.normal(size=50_000)
    stats = gdlib.gram_statistics(X, y)
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    spread = np.sqrt(np.diag(Xc.T @ Xc))
    unit = np.outer(spread, spread)  # compare on the scale of the correlations
    np.testing.assert_allclose(stats.sxx / unit, (Xc.T @ Xc) / unit, atol=1e-13)
    y_spread = np.sqrt(yc @ yc)
    np.testing.assert_allclose(
        stats.sxy / spread / y_spread, (Xc.T @ yc) / spread / y_spread, atol=1e-13
    )
    assert stats.syy == pytest.approx(yc @ yc, rel=1e-10)
    one = gdlib.gram_statistics(X[:, 0], y)
    assert one.sxx.shape == (1, 1) and one.sxx[0, 0] == pytest.approx(stats.sxx[0, 0], rel=1e-12)
