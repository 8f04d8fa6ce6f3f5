"""Imports every domain module so that each registers its reminder provider.

A feature adds one line here for its module.
"""

from ..projects import tasks  # noqa: F401
from ..meetings import minutes  # noqa: F401
from ..onboarding import checklists as onboarding
from ..customers import requests as customers  # noqa: F401
from ..meetings import standup  # noqa: F401
from ..warroom import sla as incident_sla  # noqa: F401  (incidents: roles, ready, status-update timers)
from ..projects import reminder_rules as project_reminders  # noqa: F401  (projects: every timed rule of SPEC §1)
from ..projects import progress  # noqa: F401  (the helper named in a 【需协助】 flag)
