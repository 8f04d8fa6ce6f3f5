"""People and settings: members, departments, admins, the workspace's settings,
per-user preferences and the working-day calendar."""
