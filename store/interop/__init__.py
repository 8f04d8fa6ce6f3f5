"""Interop with other tools: Taskwarrior and iCalendar."""
