"""The post's training loop, in this book's names.

Joseph J. Bautista's post "Linear Regression Using Gradient Descent in 10 Lines of Code"
(Towards Data Science, 7 September 2017) trains the line ``y = m x + b`` with a loop of
about ten lines. This is that loop transcribed into the names the book uses: the post
converts ``N`` to float, squares the residuals in a Python list comprehension and calls its
variables ``X``, ``m_current``, ``b_current`` and ``y_current``; here ``N`` stays an int,
the squares are an array expression, and the variables are ``x``, ``m``, ``b`` and
``y_pred``. The tests check that it takes the same steps as :func:`gdlib.gradient_descent`.

It is an exhibit, not a tool: chapter 4 reads it line by line, the tests use it as an
independent reference, and chapter 12 times it. Two quirks are kept: ``cost`` is computed
*before* the last update, and Python's builtin ``sum`` walks the numpy arrays one element
at a time.
"""

__all__ = ["ten_line_loop"]


def ten_line_loop(x, y, m, b, learning_rate, epochs):
    N = len(y)
    for epoch in range(epochs):
        y_pred = m * x + b
        cost = (1 / N) * sum((y - y_pred) ** 2)
        m_gradient = -(2 / N) * sum(x * (y - y_pred))
        b_gradient = -(2 / N) * sum(y - y_pred)
        m = m - learning_rate * m_gradient
        b = b - learning_rate * b_gradient
    return m, b, cost
