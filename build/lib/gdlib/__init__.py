"""gdlib: the helper library of *Gradient Descent, Line by Line*.

Every function here is derived in a chapter of the book; the chapters import them from
here so that each formula has exactly one implementation.

The plotting modules (:mod:`gdlib.plots`, :mod:`gdlib.animation`) load matplotlib, which
takes a noticeable fraction of a second; they are imported on first use of one of their
names (``gdlib.plot_data``, ``gdlib.animate_line_fit``, ``gdlib.use_house_style``, ...), so
``import gdlib`` for the mathematics stays fast (PEP 562).
"""

from importlib import import_module

from . import checks  # noqa: F401  (self-checks, used as gdlib.checks.check_mse(...))
from .adaptive import *  # noqa: F403
from .closed_form import *  # noqa: F403
from .conjugate_gradients import *  # noqa: F403
from .convergence import *  # noqa: F403
from .data import *  # noqa: F403
from .descent import *  # noqa: F403
from .diagnostics import *  # noqa: F403
from .evaluation import *  # noqa: F403
from .fast import *  # noqa: F403
from .features import *  # noqa: F403
from .fit import *  # noqa: F403
from .gradcheck import *  # noqa: F403
from .logistic import *  # noqa: F403
from .loss import *  # noqa: F403
from .model import *  # noqa: F403
from .momentum import *  # noqa: F403
from .newton import *  # noqa: F403
from .notebook import *  # noqa: F403
from .objectives import *  # noqa: F403
from .penguins import *  # noqa: F403
from .ridge import *  # noqa: F403
from .scaling import *  # noqa: F403
from .search import *  # noqa: F403
from .sgd import *  # noqa: F403
from .stability import *  # noqa: F403
from .stopping import *  # noqa: F403
from .ten_line_loop import *  # noqa: F403

__version__ = "0.1.0"

#: Names of the lazily imported plotting modules, and the names each exports.
_LAZY = {
    "plots": (
        "COLORS",
        "plot_cost_contour",
        "plot_cost_history",
        "plot_cost_surface",
        "plot_data",
        "plot_gradient_field",
        "plot_line",
        "plot_path",
        "plot_residuals",
        "use_house_style",
    ),
    "animation": (
        "animate_descent_path",
        "animate_learning_rates",
        "animate_line_fit",
        "frame_epochs",
    ),
}
_LAZY_NAMES = {name: module for module, names in _LAZY.items() for name in names}


def __getattr__(name: str) -> object:
    """Import a plotting name (or module) on first use."""
    if name in _LAZY:
        return import_module(f".{name}", __name__)
    if name in _LAZY_NAMES:
        value = getattr(import_module(f".{_LAZY_NAMES[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'gdlib' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY_NAMES) | set(_LAZY))
