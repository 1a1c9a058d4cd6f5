"""The measures app's tables, one module per area; Django finds them through this package."""

from .coercive import *  # noqa: F403
from .control import *  # noqa: F403
from .disposal import *  # noqa: F403
from .distribution import *  # noqa: F403
from .funds import *  # noqa: F403
from .leads import *  # noqa: F403
from .notices import *  # noqa: F403
