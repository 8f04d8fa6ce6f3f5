"""The project screen's forms by name, imported when first opened."""

from __future__ import annotations

import importlib

# The forms are imported when first opened (or by the warm-up after the app's first paint,
# tui/warm_up.py), not with the screen: with their widgets they are most of its import
# time, and the first opening of a project does not need them.
FORMS = {
    "DelayRequestForm": "delay_forms",
    "DeliverableForm": "deliverable_forms",
    "IssueForm": "issue_form",
    "ProgressEntryDialog": "progress_entry",
    "ConfirmReceiptForm": "project_forms",
    "KickoffForm": "project_forms",
    "LagCauseForm": "project_forms",
    "ResourceRequestForm": "project_forms",
    "StepForm": "project_forms",
    "RetroForm": "retro_form",
    "TaskForm": "task_form",
}


def form(name: str):
    """The form class `name` of FORMS."""
    return getattr(importlib.import_module(f"tui.dialogs.{FORMS[name]}"), name)


def decisions():
    """tui.dialogs.project_decisions (decision_form, decided_message), imported when used."""
    return importlib.import_module("tui.dialogs.project_decisions")
