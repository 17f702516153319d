"""gdlib: the helper library of *Gradient Descent, Line by Line*.

Every function here is derived in a chapter of the book; the chapters import them from
here so that each formula has exactly one implementation.
"""

from . import checks  # noqa: F401  (self-checks, used as gdlib.checks.check_mse(...))
from .animation import *  # noqa: F403
from .closed_form import *  # noqa: F403
from .conjugate_gradients import *  # noqa: F403
from .convergence import *  # noqa: F403
from .data import *  # noqa: F403
from .descent import *  # noqa: F403
from .evaluation import *  # noqa: F403
from .fast import *  # noqa: F403
from .features import *  # noqa: F403
from .fit import *  # noqa: F403
from .gradcheck import *  # noqa: F403
from .logistic import *  # noqa: F403
from .loss import *  # noqa: F403
from .model import *  # noqa: F403
from .momentum import *  # noqa: F403
from .notebook import *  # noqa: F403
from .penguins import *  # noqa: F403
from .plots import *  # noqa: F403
from .scaling import *  # noqa: F403
from .search import *  # noqa: F403
from .seed import *  # noqa: F403
from .sgd import *  # noqa: F403
from .stability import *  # noqa: F403
from .stopping import *  # noqa: F403

__version__ = "0.1.0"
