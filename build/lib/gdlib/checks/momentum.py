"""Chapter 10: one heavy-ball momentum step and one Nesterov step, in gdlib's convention.

gdlib's convention (``gdlib.momentum_descent``): with gradient g taken at the current point
(heavy ball) or at the look-ahead point (m + beta v_m, b + beta v_b) (Nesterov),

    v_m <- beta v_m - learning_rate g_m,   v_b <- beta v_b - learning_rate g_b,
    m <- m + v_m,                          b <- b + v_b      (the new velocity).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .cases import line_case, stable_rate
from .gradient import gradient
from .runner import Problem, Spec, close, describe, judge, numbers_tuple, register

__all__ = ["check_momentum_step", "check_nesterov_step"]

_NAMES = ("m", "b", "v_m", "v_b")


def _case(rng: np.random.Generator):
    """(x, y, m, b, v_m, v_b, learning_rate, beta) with non-zero velocities."""
    x, y, m, b = line_case(rng)
    v_m, v_b = (float(s * rng.uniform(0.2, 2.0)) for s in rng.choice([-1.0, 1.0], size=2))
    return x, y, m, b, v_m, v_b, stable_rate(rng, x, 0.05, 0.5), float(rng.uniform(0.3, 0.95))


def momentum_step(point: str = "current", rule: str = "gdlib") -> Callable:
    """One momentum step; ``point`` where the gradient is taken ("current", "ahead" of
    Nesterov, "behind"), ``rule`` how the velocity and the position are updated ("gdlib" is
    the right one; the others are mistakes)."""

    def step(x, y, m, b, v_m, v_b, rate, beta):
        shift = {"current": 0.0, "ahead": beta, "behind": -beta}[point]
        g_m, g_b = gradient(x, y, m + shift * v_m, b + shift * v_b)
        if rule == "other":  # v <- beta v + g, theta <- theta - rate v
            n_m, n_b = beta * v_m + g_m, beta * v_b + g_b
            return m - rate * n_m, b - rate * n_b, n_m, n_b
        if rule == "flipped":  # v <- beta v + rate g, theta <- theta - v
            n_m, n_b = beta * v_m + rate * g_m, beta * v_b + rate * g_b
            return m - n_m, b - n_b, n_m, n_b
        if rule == "plus":  # v <- beta v + rate g, theta <- theta + v
            n_m, n_b = beta * v_m + rate * g_m, beta * v_b + rate * g_b
            return m + n_m, b + n_b, n_m, n_b
        keep = {"no_beta": 1.0, "no_old": 0.0}.get(rule, beta)
        n_m, n_b = keep * v_m - rate * g_m, keep * v_b - rate * g_b
        if rule == "old_velocity":
            return m + v_m, b + v_b, n_m, n_b
        if rule == "velocity_not_returned":
            return m + n_m, b + n_b, v_m, v_b
        return m + n_m, b + n_b, n_m, n_b

    return step


def _read(raw: object, case: tuple) -> tuple[float, ...]:
    n = len(case[0])
    if isinstance(raw, list | tuple) and len(raw) == 2:
        raise Problem(
            "no_velocity",
            f"your function returned {describe(raw, n)}; return the new velocities too, "
            "the next step needs them: return m, b, v_m, v_b",
        )
    return numbers_tuple(raw, n, _NAMES)


def _partial(outputs: list, expected: list) -> tuple[str, str] | None:
    pairs = list(zip(outputs, expected, strict=True))
    if all(close(o[2:], e[2:]) for o, e in pairs):
        return "position_wrong", (
            "your new velocities are right but the new m and b are not: move each "
            "parameter by its new velocity."
        )
    if all(close(o[:2], e[:2]) for o, e in pairs):
        return "velocity_wrong", (
            "your new m and b are right but the velocities you return are not: return the "
            "velocities you moved with."
        )
    return None


def _rule_mistakes(point: str) -> list[tuple[str, str, Callable]]:
    """The velocity-rule mistakes, with the gradient at ``point``."""
    return [
        (
            "other_convention",
            "you used the other momentum convention, v <- beta v + gradient and "
            "theta <- theta - learning_rate v. This exercise uses gdlib's: "
            "v <- beta v - learning_rate gradient, then theta <- theta + v.",
            momentum_step(point, "other"),
        ),
        (
            "velocity_sign",
            "your velocity has the opposite sign to gdlib's (v <- beta v + learning_rate "
            "gradient, theta <- theta - v). This exercise uses v <- beta v - learning_rate "
            "gradient, then theta <- theta + v.",
            momentum_step(point, "flipped"),
        ),
        (
            "uphill",
            "you walked uphill: the velocity adds the gradient; it must subtract "
            "learning_rate times the gradient.",
            momentum_step(point, "plus"),
        ),
        (
            "no_beta",
            "your velocity keeps all of the old one: multiply the old velocity by beta.",
            momentum_step(point, "no_beta"),
        ),
        (
            "no_old_velocity",
            "your velocity forgets the old one: that is plain gradient descent. Keep beta "
            "times the old velocity.",
            momentum_step(point, "no_old"),
        ),
        (
            "old_velocity",
            "you moved m and b with the OLD velocity: update the velocity first, then move "
            "by the new one.",
            momentum_step(point, "old_velocity"),
        ),
        (
            "velocity_not_returned",
            "your new m and b are right but you returned the old velocities: return the new ones.",
            momentum_step(point, "velocity_not_returned"),
        ),
        (
            "order",
            "you return the four numbers in another order: return m, b, v_m, v_b.",
            lambda *case: (lambda s: (s[2], s[3], s[0], s[1]))(momentum_step(point)(*case)),
        ),
        (
            "order",
            "you return the four numbers in another order: return m, b, v_m, v_b.",
            lambda *case: (lambda s: (s[0], s[2], s[1], s[3]))(momentum_step(point)(*case)),
        ),
    ]


_CALL = "f(x, y, m, b, v_m, v_b, learning_rate, beta); it returns (m, b, v_m, v_b)"

register(
    Spec(
        name="momentum_step",
        call=_CALL,
        make_cases=lambda rng, count: [_case(rng) for _ in range(count)],
        read=_read,
        reference=momentum_step("current"),
        partial=_partial,
        mistakes=[
            (
                "nesterov",
                "you took the gradient at the look-ahead point: that is Nesterov's step. "
                "The heavy ball takes it at the current (m, b).",
                momentum_step("ahead"),
            ),
            *_rule_mistakes("current"),
        ],
    )
)

register(
    Spec(
        name="nesterov_step",
        call=_CALL,
        make_cases=lambda rng, count: [_case(rng) for _ in range(count)],
        read=_read,
        reference=momentum_step("ahead"),
        partial=_partial,
        mistakes=[
            (
                "heavy_ball",
                "you took the gradient at the current (m, b): that is the heavy ball. "
                "Nesterov takes it at the look-ahead point, where the old velocity would "
                "carry you.",
                momentum_step("current"),
            ),
            (
                "look_behind",
                "your look-ahead point goes the wrong way: look ahead along the velocity, "
                "m + beta v_m and b + beta v_b.",
                momentum_step("behind"),
            ),
            *_rule_mistakes("ahead"),
        ],
    )
)

_DOC = r"""Check your own ``{name}(x, y, m, b, v_m, v_b, learning_rate, beta)``: one {what} step.

    gdlib's convention (``gdlib.momentum_descent(..., nesterov={nesterov})``): with the MSE
    gradient :math:`g` taken at {point},

    .. math::

        v_m \leftarrow \beta v_m - \eta\,g_m, \quad v_b \leftarrow \beta v_b - \eta\,g_b,
        \qquad m \leftarrow m + v_m, \quad b \leftarrow b + v_b

    (the position moves by the *new* velocity). Return ``(m, b, v_m, v_b)``, all new. The
    cases start from non-zero velocities. Calling gdlib's own functions gets no credit:
    write the gradient yourself (or reuse your own from chapter 3). Prints one line: a
    pass, or a hint such as {hints}.

    Parameters
    ----------
    {name}_function : callable
        Your function.
    cases : int, default 20
        Number of random cases to try.
    seed : int, optional
        Seed for the random cases; by default every call draws fresh ones.

    Examples
    --------
    >>> import numpy as np
    >>> def gradient(x, y, m, b):
    ...     residual = y - (m * x + b)
    ...     return -2 * np.mean(x * residual), -2 * np.mean(residual)
    >>> def my_step(x, y, m, b, v_m, v_b, learning_rate, beta):
    ...     g_m, g_b = gradient(x, y, {at})
    ...     v_m, v_b = beta * v_m - learning_rate * g_m, beta * v_b - learning_rate * g_b
    ...     return m + v_m, b + v_b, v_m, v_b
    >>> check_{name}(my_step)
    ✔ {name}: passed 20 random cases.
    """


def check_momentum_step(
    momentum_step_function: object, *, cases: int = 20, seed: int | None = None
) -> None:
    print(judge("momentum_step", momentum_step_function, cases=cases, seed=seed).message)


def check_nesterov_step(
    nesterov_step_function: object, *, cases: int = 20, seed: int | None = None
) -> None:
    print(judge("nesterov_step", nesterov_step_function, cases=cases, seed=seed).message)


check_momentum_step.__doc__ = _DOC.format(
    name="momentum_step",
    what="heavy-ball momentum",
    nesterov="False",
    point="the current point :math:`(m, b)`",
    hints='"the other convention (v <- beta v + gradient)", "forgot beta", "moved with the '
    'old velocity", "that is Nesterov"',
    at="m, b",
)
check_nesterov_step.__doc__ = _DOC.format(
    name="nesterov_step",
    what="Nesterov momentum",
    nesterov="True",
    point="the look-ahead point :math:`(m + \\beta v_m,\\ b + \\beta v_b)` (old velocities)",
    hints='"gradient at the current point (that is the heavy ball)", "look-ahead the wrong '
    'way", "the other convention"',
    at="m + beta * v_m, b + beta * v_b",
)
