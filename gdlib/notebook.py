"""Notebook helpers that work with or without the book-building stack.

The chapters quote numbers in their prose with MyST-NB's ``glue``: a cell computes a value
and ``glue("name", value)`` stores it, and the website shows it where the text says
``{glue:text}`name```. A reader running a chapter on Colab, Binder or a plain local Python
does not need the build stack (``myst-nb`` pulls in Sphinx), so this ``glue`` stores the
value when ``myst_nb`` is installed and does nothing otherwise.

It stores the value as ``myst_nb.glue`` does (a display output whose MIME types carry MyST-NB's
prefix and whose metadata names it; ``tests/test_notebook.py`` checks the two agree), without
importing ``myst_nb``: that import loads nbformat's JSON-schema validator, about 2 s per kernel.
"""

from __future__ import annotations

import importlib.util

__all__ = ["glue", "show_quiz"]

# MyST-NB reads glued values from display outputs with this MIME-type prefix (``display=False``).
GLUE_PREFIX = "application/papermill.record/"


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
    if importlib.util.find_spec("myst_nb") is None:  # a reader's environment: no build stack
        if display:
            print(value)
        return
    from IPython.core.formatters import format_display_data
    from IPython.display import display as show

    bundle, metadata = format_display_data(value)
    prefix = "" if display else GLUE_PREFIX
    metadata["scrapbook"] = {"name": name, "mime_prefix": prefix}
    show({prefix + mime: data for mime, data in bundle.items()}, raw=True, metadata=metadata)


# The quizzes' colours: white text on dark boxes, contrast-checked (WCAG AA) in light and
# dark mode; the feedback's green and vermillion are dark enough to read on a white page.
_QUIZ_COLORS = {
    "--jq-multiple-choice-bg": "#204a6e",
    "--jq-mc-button-bg": "#fafafa",
    "--jq-mc-button-border": "#c8c8c8",
    "--jq-mc-button-inset-shadow": "#555555",
    "--jq-many-choice-bg": "#204a6e",
    "--jq-numeric-bg": "#204a6e",
    "--jq-numeric-input-bg": "#0f2538",
    "--jq-numeric-input-label": "#ffffff",
    "--jq-numeric-input-shadow": "#999999",
    "--jq-string-bg": "#204a6e",
    "--jq-incorrect-color": "#a63d00",
    "--jq-correct-color": "#006e4f",
    "--jq-text-color": "#ffffff",
    "--jq-link-color": "#cfe3ff",
}

# jupyterquiz's script, as shipped, (1) leaves its numeric answer box without a label,
# (2) loads MathJax from a CDN when the page's own MathJax has not finished starting, and
# (3) reads ``MathJax.version[0]`` as soon as a ``MathJax`` object exists: on the website that
# is the configuration, until the deferred MathJax has loaded, so on a slow machine the quiz
# threw "Cannot read properties of undefined (reading '0')". The book names the box by its
# visible label, and leaves the typesetting to a MathJax the page loads (which typesets the
# whole page, the quiz included, once it has started).
_QUIZ_SCRIPT_FIXES = (
    ('inp.id = id + "-0";', 'inp.id = id + "-0";\n    lab.htmlFor = inp.id;'),
    ("var version = MathJax.version;", "var version = MathJax.version || '';"),
    (
        "console.log('WARNING: Trying to force load MathJax 3');",
        "if (document.querySelector('script[src*=\"mathjax\"]')) { return; }\n"
        "                    console.log('WARNING: Trying to force load MathJax 3');",
    ),
)
_QUIZ_STYLE = "<style>.InpLabel {{ color: #ffffff; background-color: #204a6e; }}</style>"


def show_quiz(questions: list[dict], *, seed: int) -> None:
    """Show a chapter's quiz with jupyterquiz, deterministically and accessibly.

    Parameters
    ----------
    questions : list of dict
        The questions in jupyterquiz's format (``quizzes/*.json`` in the book's repository).
    seed : int
        Fixes the name jupyterquiz gives the quiz's page element (it draws it at random), so
        that a re-run stores the same output.

    Without jupyterquiz installed (on Colab, where only gdlib is), it prints how to install it.
    """
    try:
        from jupyterquiz import display_quiz
    except ImportError:
        print("To take this quiz here, install it first: pip install jupyterquiz")
        return
    import random

    from IPython.display import HTML, Javascript, display
    from IPython.utils.capture import capture_output

    random.seed(seed)
    with capture_output() as captured:
        display_quiz(questions, shuffle_answers=True, max_width=800, colors=_QUIZ_COLORS)
    for output in captured.outputs:
        if "application/javascript" in output.data:
            script = output.data["application/javascript"]
            for old, new in _QUIZ_SCRIPT_FIXES:
                script = script.replace(old, new)
            display(Javascript(script))
        else:
            display(HTML(output.data["text/html"] + _QUIZ_STYLE.format()))
