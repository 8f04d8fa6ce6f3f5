"""New-hire onboarding (SPEC §4): checklists, templates, host checks."""
