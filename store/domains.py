"""Imports every domain module so that each registers its reminder provider.

A feature adds one line here for its module.
"""

from . import tasks  # noqa: F401
from . import minutes  # noqa: F401
from . import onboarding, customers  # noqa: F401
from . import standup  # noqa: F401
from . import incident_sla  # noqa: F401  (incidents: roles, ready, status-update timers)
from . import project_reminders  # noqa: F401  (projects: every timed rule of SPEC §1)
from . import progress  # noqa: F401  (the helper named in a 【需协助】 flag)
