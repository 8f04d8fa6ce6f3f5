"""Cross-department projects (SPEC §1): request, tasks, plan, progress, delays,
issues, resources, delivery, retrospective and their timed rules."""
