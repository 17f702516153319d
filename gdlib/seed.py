"""The original ten-line training loop, kept exactly as the blog post wrote it.

It is an exhibit, not a tool: chapter 4 reads it line by line, the tests use it as an
independent reference for :func:`gdlib.gradient_descent`, and chapter 12 times it.
Two quirks are deliberate: ``cost`` is computed *before* the last update, and
Python's builtin ``sum`` walks the numpy arrays one element at a time.
"""

__all__ = ["seed_gradient_descent"]


def seed_gradient_descent(x, y, m, b, learning_rate, epochs):
    N = len(y)
    for epoch in range(epochs):
        y_pred = m * x + b
        cost = (1 / N) * sum((y - y_pred) ** 2)
        m_gradient = -(2 / N) * sum(x * (y - y_pred))
        b_gradient = -(2 / N) * sum(y - y_pred)
        m = m - learning_rate * m_gradient
        b = b - learning_rate * b_gradient
    return m, b, cost
