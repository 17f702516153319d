r"""Self-checks: test your own version of a formula, without seeing the answer.

Write your own function, then hand it to the matching check::

    def my_mse(x, y, m, b):
        ...

    gdlib.checks.check_mse(my_mse)

The check calls your function on fresh random data every time (so there is nothing to
copy or hard-code), compares what it returns with ``gdlib``'s own implementation, and
prints **one line**: a pass, or a hint about what is wrong ("your values are exactly twice
the right ones", "you swapped dm and db", ...). It never prints the values it expected.

A check never raises because of your function: if your function raises an error or
returns ``None`` (not written yet), the line says so. Your function gets copies of the
data, and anything it prints is hidden while the check runs.

**Your own work.** A function that calls gdlib's own implementation (``gdlib.mse``,
``gdlib.mse_gradient``, ``gdlib.gradient_descent``, ``gdlib.standardise``, ... by any
route: ``gdlib.mse(...)``, ``from gdlib import mse``, an import inside the function, a
helper function of yours that calls it) gets no credit: the line says that the exercise
asks for your own code. numpy and your own helper functions are fine.

==========================================================  ================================================================================  =======
check                                                       your function                                                                     chapter
==========================================================  ================================================================================  =======
:func:`~gdlib.checks.line.check_predict`                    ``predict(x, m, b) -> y_hat``, shape (N,)                                         1
:func:`~gdlib.checks.line.check_mse`                        ``mse(x, y, m, b) -> float``                                                      2
:func:`~gdlib.checks.gradient.check_mse_gradient`           ``mse_gradient(x, y, m, b) -> (dm, db)``                                          3
:func:`~gdlib.checks.step.check_step`                       ``step(x, y, m, b, learning_rate) -> (m, b)``                                     4
:func:`~gdlib.checks.step.check_descent_loop`               ``descent_loop(x, y, learning_rate, epochs) -> (m, b, cost)``                     4
:func:`~gdlib.checks.stopping.check_should_stop`            ``should_stop(dm, db, tolerance) -> bool``                                        5
:func:`~gdlib.checks.scaling.check_standardise`             ``standardise(X) -> (Z, mean, std)``, X of shape (N, k)                           6
:func:`~gdlib.checks.sgd.check_sgd_epoch`                   ``sgd_epoch(x, y, m, b, learning_rate, batch_size, order) -> (m, b)``             9
:func:`~gdlib.checks.momentum.check_momentum_step`          ``momentum_step(x, y, m, b, v_m, v_b, learning_rate, beta) -> (m, b, v_m, v_b)``  10
:func:`~gdlib.checks.momentum.check_nesterov_step`          ``nesterov_step(x, y, m, b, v_m, v_b, learning_rate, beta) -> (m, b, v_m, v_b)``  10
:func:`~gdlib.checks.partiii.check_ridge_gradient`          ``ridge_gradient(x, y, m, b, lam) -> (dm, db)``                                   14
:func:`~gdlib.checks.partiii.check_cross_entropy_gradient`  ``cross_entropy_gradient(x, y, m, b) -> (dm, db)``, y of 0/1 labels               15
:func:`~gdlib.checks.partiii_steps.check_rmsprop_step`      ``rmsprop_step(theta, g, s, learning_rate, beta2, epsilon) -> (theta, s)``        16
:func:`~gdlib.checks.partiii_steps.check_newton_step`       ``newton_step(X, y, w, b) -> (w, b)``, logistic regression                        17
==========================================================  ================================================================================  =======

For grading, :func:`~gdlib.checks.runner.judge` runs the same check silently and returns
a :class:`~gdlib.checks.runner.Verdict`.
The checks live in one module per exercise family (:mod:`gdlib.checks.line`,
:mod:`~gdlib.checks.gradient`, :mod:`~gdlib.checks.step`, :mod:`~gdlib.checks.stopping`,
:mod:`~gdlib.checks.scaling`, :mod:`~gdlib.checks.sgd`, :mod:`~gdlib.checks.momentum`,
:mod:`~gdlib.checks.partiii`, :mod:`~gdlib.checks.partiii_steps`);
:mod:`~gdlib.checks.runner` runs them and :mod:`~gdlib.checks.ownwork` tells own work from
gdlib's.
"""

from .gradient import check_mse_gradient
from .line import check_mse, check_predict
from .momentum import check_momentum_step, check_nesterov_step
from .partiii import check_cross_entropy_gradient, check_ridge_gradient
from .partiii_steps import check_newton_step, check_rmsprop_step
from .runner import Verdict, judge
from .scaling import check_standardise
from .sgd import check_sgd_epoch
from .step import check_descent_loop, check_step
from .stopping import check_should_stop

__all__ = [
    "Verdict",
    "check_cross_entropy_gradient",
    "check_descent_loop",
    "check_momentum_step",
    "check_mse",
    "check_mse_gradient",
    "check_nesterov_step",
    "check_newton_step",
    "check_predict",
    "check_ridge_gradient",
    "check_rmsprop_step",
    "check_sgd_epoch",
    "check_should_stop",
    "check_standardise",
    "check_step",
    "judge",
]
