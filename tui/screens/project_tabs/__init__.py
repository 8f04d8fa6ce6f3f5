"""The tabs of the project screen (tui/screens/project_detail.py), one module each.

`TABS` is the order they appear in; each class has NAME (the tab id part), LABEL
(the English title) and `show(view)` (see base.py and data.py).
"""

from __future__ import annotations

from .approvals import ApprovalsTab
from .base import ProjectTab
from .deliverables import DeliverablesTab
from .issues import IssuesTab
from .overview import OverviewTab
from .plan import PlanTab
from .retro import RetroTab
from .tasks import TasksTab
from .updates import UpdatesTab

TABS: tuple[type[ProjectTab], ...] = (OverviewTab, TasksTab, PlanTab, UpdatesTab, ApprovalsTab,
                                      DeliverablesTab, IssuesTab, RetroTab)
