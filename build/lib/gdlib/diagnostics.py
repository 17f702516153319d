"""The warnings gdlib gives when a run does not end well.

Both are ``RuntimeWarning`` subclasses, so ``warnings.simplefilter("error", ...)`` can turn
them into exceptions, and ``pytest.warns`` can test for them.
"""

from __future__ import annotations

__all__ = ["ConvergenceWarning", "DivergenceWarning"]


class DivergenceWarning(RuntimeWarning):
    """Gradient descent blew up: the learning rate is too large for the data."""


class ConvergenceWarning(RuntimeWarning):
    """A fit stopped before it converged: its answer may be far from the optimum."""


def divergence_message(
    limit: float,
    learning_rate: float,
    what: str,
    method: str = "gradient descent",
    rule: str = "2/lambda_max",
    beta: float | None = None,
) -> str:
    """The text of a :class:`DivergenceWarning`: what happened, the stability limit ``limit``
    (given by ``rule``), and the fix."""
    setting = f"learning_rate={learning_rate:.6g}" + (
        "" if beta is None else f" with beta={beta:.6g}"
    )
    return (
        f"{method} diverged: {what}. {setting} is "
        f"{'above' if learning_rate >= limit else 'below'} this data's stability limit "
        f"{rule} = {limit:.6g} (lambda_max: largest eigenvalue of the MSE Hessian). "
        f"Use a learning_rate below {limit:.3g}, for example {limit / 2:.3g}, "
        f"or standardise the features (chapter 6)."
    )
