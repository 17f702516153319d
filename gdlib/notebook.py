"""Notebook helpers that work with or without the book-building stack.

The chapters quote numbers in their prose with MyST-NB's ``glue``: a cell computes a value
and ``glue("name", value)`` stores it, and the website shows it where the text says
``{glue:text}`name```. A reader running a chapter on Colab, Binder or a plain local Python
does not need the build stack (``myst-nb`` pulls in Sphinx), so this ``glue`` stores the
value when ``myst_nb`` is installed and does nothing otherwise.
"""

from __future__ import annotations

__all__ = ["glue"]


def glue(name: str, value: object, display: bool = False) -> None:
    """Store ``value`` under ``name`` for the book's text, if MyST-NB is installed.

    Parameters
    ----------
    name : str
        The key the chapter's Markdown uses, as in ``{glue:text}`name```.
    value : object
        The value to quote (usually a formatted string or a number).
    display : bool, default False
        Also show the value in the cell's output, as ``myst_nb.glue`` does.

    Examples
    --------
    >>> glue("answer", "42")  # stores it for the book, or does nothing without myst-nb
    """
    try:
        from myst_nb import glue as myst_glue
    except ImportError:  # a reader's environment without the build stack
        if display:
            print(value)
        return
    myst_glue(name, value, display=display)
