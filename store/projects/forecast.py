"""The forecast beside the plan (SPEC §1.6): where the plan ends if the overdue tasks finish
no earlier than today. The planned-date analysis (plan_engine.analyse) is left as it is;
this is a separate, cheap pass over its result and the tasks, computed where it is shown.

- A task is **overdue** on `today` when it is open, below 100 % and its due date has
  passed (due < today: the due day itself is still on time, as `lateness.missed` says).
- An overdue task is forecast to finish on the working day today is, or the next one; its
  start stays (a milestone moves whole: `plan_engine.moved_start`). Its dependents slip as a delay slips them
  (`plan_engine.propagate`, the rule of `plan_engine.slip`).
- The forecast end is the latest forecast due date; the buffer against the project's due
  date is `plan_engine.buffer_of` on it, over the planned duration of the analysis.

    is_overdue(task, today) -> bool       # store.projects.summary's, the one rule
    forecast(tasks, calendar, planned, today) -> {"today", "finish" (the forecast day),
        "overdue" [ids], "moves" [plan_engine moves, the overdue tasks first],
        "planned_end", "end", "end_shift" (working days, end against planned_end),
        "buffer" (as the analysis' "buffer")}
    forecast_message(found, lang=None) -> str    # "Forecast: 3 tasks overdue; end …"
"""

from __future__ import annotations

from datetime import date

from ..core.i18n import tr, trn
from ..people.workdays import WorkCalendar
from .plan_engine import _number, buffer_of, live, moved_start, propagate
from .summary import is_overdue




def forecast(tasks: list[dict], calendar: WorkCalendar, planned: dict, today: date) -> dict:
    """The forecast from the tasks and their analysis `planned` (plan_engine.analyse)."""
    finish = today if calendar.is_working_day(today) else calendar.add_working_days(today, 1)
    tasks = live(tasks)
    overdue = [t for t in tasks if is_overdue(t, today)]
    base = {"today": today.isoformat(), "finish": finish.isoformat(),
            "overdue": [t["id"] for t in overdue], "moves": [],
            "planned_end": planned["end"], "end": planned["end"], "end_shift": 0,
            "buffer": planned["buffer"]}
    if not overdue:
        return base
    seeds = {t["id"]: finish.isoformat() for t in overdue}
    pushed = propagate(tasks, calendar, seeds, push_seeds=True)
    moved = {m["id"] for m in pushed}
    own = [{"id": t["id"], "title": t.get("title", ""), "owner": t.get("owner"),
            "milestone": bool(t.get("milestone")), "old_start": t["start"],
            "old_due": t["due"], "new_start": moved_start(t, seeds[t["id"]], calendar),
            "new_due": seeds[t["id"]],
            "shift_days": (finish - date.fromisoformat(t["due"])).days,
            "shift_wd": calendar.working_days_between(date.fromisoformat(t["due"]), finish),
            "after": None} for t in overdue if t["id"] not in moved]
    moves = own + pushed
    dues = {t["id"]: t["due"] for t in tasks}
    dues.update({m["id"]: m["new_due"] for m in moves})
    end = max(dues.values())
    check = planned["buffer"]
    due = check["due"]
    late = sorted((tid for tid, d in dues.items() if due and d > due),
                  key=lambda tid: (dues[tid], _number(tid)))  # as analyse orders them
    milestones = {t["id"] for t in tasks if t.get("milestone")}
    buffer = buffer_of(check["start"], end, due, check["planned_days"],
                       _signed_days(calendar, end, due) if due else 0, late,
                       [tid for tid in late if tid in milestones])
    return {**base, "moves": moves, "end": end,
            "end_shift": _signed_days(calendar, planned["end"], end), "buffer": buffer}


def _signed_days(calendar: WorkCalendar, lo: str, hi: str) -> int:
    """Working days in (lo, hi], negative when hi is before lo."""
    a, b = date.fromisoformat(lo), date.fromisoformat(hi)
    return calendar.working_days_between(a, b) if b >= a else \
        -calendar.working_days_between(b, a)


def forecast_message(found: dict, lang: str | None = None) -> str:
    """The forecast in words, next to the planned buffer's message."""
    if not found["overdue"]:
        return tr("Forecast: no task overdue; as planned", lang)
    check = found["buffer"]
    shift = trn("+{n} working day", "+{n} working days", found["end_shift"], lang) \
        if found["end_shift"] else tr("as planned", lang)
    head = trn("Forecast: {n} task overdue; end {end} ({shift})",
               "Forecast: {n} tasks overdue; end {end} ({shift})", len(found["overdue"]),
               lang, end=found["end"], shift=shift)
    if check["flag"] == "late":
        return head + tr("; {days} working days after the project's due date {due}", lang,
                         days=-check["buffer_days"], due=check["due"])
    if check["flag"] == "empty" or not check["due"]:
        return head
    return head + tr("; buffer {buffer} of {planned} ({percent} %)", lang,
                     buffer=check["buffer_days"], planned=check["planned_days"],
                     percent=f"{check['percent']:.1f}")
