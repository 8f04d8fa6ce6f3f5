"""Meetings: the daily standup, minutes and routine sync."""
