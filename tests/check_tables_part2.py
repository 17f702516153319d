"""Student functions for the new self-checks (descent loop, standardise, SGD epoch,
momentum, Nesterov): one right function per check and one or more wrong ones per hint,
written from the formulas in plain numpy, independently of gdlib. A key "hint#variant" is
another known-wrong function for the same hint. test_checks.py runs them."""

from __future__ import annotations

import numpy as np


def grad(x, y, m, b):
    e = y - (m * x + b)
    return -2 * np.mean(x * e), -2 * np.mean(e)


# --- descent_loop -----------------------------------------------------------------------


def loop(*, quirk=None, gradient=grad, sequential=False, sign=1.0, extra=0, cost="mse"):
    def descent_loop(x, y, learning_rate, epochs):
        m = b = 0.0
        n = len(x)
        for _ in range(epochs + extra):
            y_current = m * x + b
            if quirk == "before":
                cost_value = sum((y - y_current) ** 2) / n  # the post's line, builtin sum
            dm, db = gradient(x, y, m, b)
            m = m - sign * learning_rate * dm
            if sequential:
                db = gradient(x, y, m, b)[1]
            b = b - sign * learning_rate * db
            if quirk == "moved":
                cost_value = np.mean((y - y_current) ** 2)  # moved, but the old prediction
        if quirk is None:
            cost_value = {
                "mse": np.mean((y - (m * x + b)) ** 2),
                "sum": np.sum((y - (m * x + b)) ** 2),
                "root": np.sqrt(np.mean((y - (m * x + b)) ** 2)),
            }[cost]
        return m, b, cost_value

    return descent_loop


LOOP = {
    "passed": loop(),
    "cost_before_update": loop(quirk="before"),
    "cost_before_update#moved": loop(quirk="moved"),
    "sequential": loop(sequential=True),
    "uphill": loop(sign=-1.0),
    "gradient_sum": loop(gradient=lambda x, y, m, b: tuple(len(x) * g for g in grad(x, y, m, b))),
    "too_few": loop(extra=-1),
    "too_many": loop(extra=1),
    "no_cost": lambda x, y, lr, epochs: loop()(x, y, lr, epochs)[:2],
    "cost_sum": loop(cost="sum"),
    "cost_root": loop(cost="root"),
    "cost_wrong": lambda x, y, lr, epochs: (*loop()(x, y, lr, epochs)[:2], 1.5),
    "none": lambda x, y, lr, epochs: None,
    "exception": lambda x, y, lr: (0.0, 0.0, 0.0),
}


# --- standardise ------------------------------------------------------------------------


def scale(centre, spread, returned=None):
    def standardise(X):
        mean, std = centre(X), spread(X)
        Z = (X - mean) / std
        return (Z, mean, std) if returned is None else returned(Z, mean, std)

    return standardise


def columns_mean(X):
    return X.sum(axis=0) / len(X)


def columns_std(X):
    return np.sqrt(((X - columns_mean(X)) ** 2).sum(axis=0) / len(X))


STANDARDISE = {
    "passed": scale(columns_mean, columns_std),
    "passed#keepdims": scale(
        lambda X: X.mean(axis=0, keepdims=True), lambda X: X.std(axis=0, keepdims=True)
    ),
    "ddof_1": scale(columns_mean, lambda X: X.std(axis=0, ddof=1)),
    "wrong_axis": scale(
        lambda X: X.mean(axis=1, keepdims=True), lambda X: X.std(axis=1, keepdims=True)
    ),
    "whole_array": scale(lambda X: X.mean(), lambda X: X.std()),
    "not_centred": lambda X: (X / columns_std(X), columns_mean(X), columns_std(X)),
    "variance": scale(columns_mean, lambda X: columns_std(X) ** 2),
    "variance#returns_std": lambda X: (
        (X - columns_mean(X)) / columns_std(X) ** 2,
        columns_mean(X),
        columns_std(X),
    ),
    "not_scaled": lambda X: (X - columns_mean(X), columns_mean(X), columns_std(X)),
    "only_z": scale(columns_mean, columns_std, lambda Z, mean, std: Z),
    "swapped": scale(columns_mean, columns_std, lambda Z, mean, std: (Z, std, mean)),
    "stats_wrong": scale(columns_mean, columns_std, lambda Z, mean, std: (Z, mean, std**2)),
    "shape": scale(columns_mean, columns_std, lambda Z, mean, std: (Z.T, mean, std)),
    "exception": lambda X: (X - X.mean(axis=1)) / X.std(axis=1),  # broadcasting fails
}


# --- sgd_epoch --------------------------------------------------------------------------


def epoch(
    *,
    use_order=True,
    full=False,
    divide="batch",
    drop_last=False,
    sequential=False,
    sign=1.0,
    first_only=False,
):
    def sgd_epoch(x, y, m, b, learning_rate, batch_size, order):
        n = len(x)
        xs, ys = (x[order], y[order]) if use_order else (x, y)
        for start in range(0, n, batch_size):
            xb, yb = xs[start : start + batch_size], ys[start : start + batch_size]
            if drop_last and len(xb) < batch_size:
                break
            if full:
                xb, yb = x, y
            divisor = {"batch": len(xb), "n": n, "none": 1}[divide]
            e = yb - (m * xb + b)
            dm = -2 * np.sum(xb * e) / divisor
            m_new = m - sign * learning_rate * dm
            if sequential:
                e = yb - (m_new * xb + b)
            db = -2 * np.sum(e) / divisor
            m, b = m_new, b - sign * learning_rate * db
            if first_only:
                return m, b
        return m, b

    return sgd_epoch


SGD = {
    "passed": epoch(),
    "ignored_order": epoch(use_order=False),
    "full_batch": epoch(full=True),
    "batch_sum": epoch(divide="none"),
    "divided_by_n": epoch(divide="n"),
    "dropped_last": epoch(drop_last=True),
    "sequential": epoch(sequential=True),
    "uphill": epoch(sign=-1.0),
    "one_update": epoch(first_only=True),
    "not_pair": lambda x, y, m, b, lr, bs, order: epoch()(x, y, m, b, lr, bs, order)[0],
    "none": lambda x, y, m, b, lr, bs, order: None,
    "exception": lambda x, y, m, b, lr, bs: (m, b),  # forgot the order argument
}


# --- momentum and Nesterov --------------------------------------------------------------


def heavy(*, ahead=0.0, rule="right", ret=None):
    def step(x, y, m, b, v_m, v_b, learning_rate, beta):
        g_m, g_b = grad(x, y, m + ahead * beta * v_m, b + ahead * beta * v_b)
        if rule == "other":
            v_m, v_b = beta * v_m + g_m, beta * v_b + g_b
            return m - learning_rate * v_m, b - learning_rate * v_b, v_m, v_b
        if rule == "flipped":
            v_m, v_b = beta * v_m + learning_rate * g_m, beta * v_b + learning_rate * g_b
            return m - v_m, b - v_b, v_m, v_b
        if rule == "plus":
            v_m, v_b = beta * v_m + learning_rate * g_m, beta * v_b + learning_rate * g_b
            return m + v_m, b + v_b, v_m, v_b
        if rule == "no_beta":
            beta = 1.0
        if rule == "no_old":
            beta = 0.0
        new_m, new_b = beta * v_m - learning_rate * g_m, beta * v_b - learning_rate * g_b
        if rule == "old":
            return m + v_m, b + v_b, new_m, new_b
        if rule == "not_returned":
            return m + new_m, b + new_b, v_m, v_b
        result = (m + new_m, b + new_b, new_m, new_b)
        return result if ret is None else ret(*result)

    return step


def momentum_table(ahead: float) -> dict:
    return {
        "passed": heavy(ahead=ahead),
        "other_convention": heavy(ahead=ahead, rule="other"),
        "velocity_sign": heavy(ahead=ahead, rule="flipped"),
        "uphill": heavy(ahead=ahead, rule="plus"),
        "no_beta": heavy(ahead=ahead, rule="no_beta"),
        "no_old_velocity": heavy(ahead=ahead, rule="no_old"),
        "old_velocity": heavy(ahead=ahead, rule="old"),
        "velocity_not_returned": heavy(ahead=ahead, rule="not_returned"),
        "order": heavy(ahead=ahead, ret=lambda m, b, vm, vb: (vm, vb, m, b)),
        "order#interleaved": heavy(ahead=ahead, ret=lambda m, b, vm, vb: (m, vm, b, vb)),
        "no_velocity": heavy(ahead=ahead, ret=lambda m, b, vm, vb: (m, b)),
        "position_wrong": heavy(ahead=ahead, ret=lambda m, b, vm, vb: (m + 1.0, b, vm, vb)),
        "velocity_wrong": heavy(ahead=ahead, ret=lambda m, b, vm, vb: (m, b, vm, 0.5 * vb)),
        "not_quad": heavy(ahead=ahead, ret=lambda m, b, vm, vb: (m, b, vm)),
        "none": lambda *args: None,
    }


MOMENTUM = {**momentum_table(0.0), "nesterov": heavy(ahead=1.0)}
NESTEROV = {**momentum_table(1.0), "heavy_ball": heavy(ahead=0.0), "look_behind": heavy(ahead=-1.0)}

PART2 = {
    "descent_loop": LOOP,
    "standardise": STANDARDISE,
    "sgd_epoch": SGD,
    "momentum_step": MOMENTUM,
    "nesterov_step": NESTEROV,
}
