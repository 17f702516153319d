"""gdlib: the helper library of *Gradient Descent, Line by Line*.

Every function here is derived in a chapter of the book; the chapters import them from
here so that each formula has exactly one implementation.
"""

from .data import *  # noqa: F403
from .descent import *  # noqa: F403
from .loss import *  # noqa: F403
from .model import *  # noqa: F403
from .plots import *  # noqa: F403
from .seed import *  # noqa: F403
from .stability import *  # noqa: F403

__version__ = "0.1.0"
