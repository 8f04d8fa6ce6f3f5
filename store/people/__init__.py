"""People and settings: members, departments, admins, the workspace's settings,
per-user preferences and the working-day calendar."""

from ..core.workspace import WorkspacePolicy, set_policy
from .members import get_member, is_admin
from .settings import timezone_name

# what the persistence core asks the domain (store/core/workspace.py)
set_policy(WorkspacePolicy(is_admin=is_admin, check_member=get_member, timezone_name=timezone_name))
