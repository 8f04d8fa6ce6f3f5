"""Imports every domain module so that each registers its reminder provider.

A feature adds one line here for its module.
"""

from . import tasks  # noqa: F401
from . import minutes  # noqa: F401
