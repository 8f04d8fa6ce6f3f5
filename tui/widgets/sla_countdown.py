"""Large countdowns to an incident's next SLA deadlines, and the bell when one passes.

`SlaCountdowns.show(deadlines, now)` shows one `SlaCountdown` per deadline
(the store's `incident_sla.countdowns`): a label and big `Digits` whose
colour follows the deadline's status — `$success` while there is time,
`$warning` in the last minutes, `$error` once it has passed. Below
`COMPACT_WIDTH` columns the digits give way to one line of text, so a small
tmux client still sees every countdown.

`ring_passed(app, incidents, now)` rings the terminal bell and notifies once
per passed deadline per app, however many screens ask.
"""

from __future__ import annotations

import weakref
from datetime import datetime

from rich.text import Text
from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Digits, Label

from store.warroom import sla
from store.warroom.reports import countdown
from store.core.i18n import tr

COMPACT_WIDTH = 90
STATUS_CLASSES = {"pending": "-ok", "warning": "-warning", "overdue": "-overdue"}


class SlaCountdown(Vertical):
    DEFAULT_CSS = """
    SlaCountdown {
        width: 1fr;
        height: auto;
        padding: 0 1;
        border: round $success;
        color: $success;
    }
    SlaCountdown > .sla-label { width: 1fr; height: 1; text-style: bold; }
    SlaCountdown > Digits { width: auto; }
    SlaCountdown.-warning { border: round $warning; color: $warning; }
    SlaCountdown.-overdue { border: round $error; color: $error; }
    """

    def __init__(self, index: int) -> None:
        super().__init__(id=f"sla-{index}", classes="sla-countdown")
        self.status = ""
        self.value = ""

    def compose(self) -> ComposeResult:
        yield Label(classes="sla-label")
        yield Digits("")

    def show(self, deadline: sla.Deadline, now: datetime, compact: bool) -> None:
        self.status = deadline.status(now)
        self.value = countdown(deadline.remaining(now))
        title = Text(deadline.label, no_wrap=True, overflow="ellipsis")
        due = deadline.due_at.astimezone(self.app.ws.tz)  # type: ignore[attr-defined]
        title.append("  " + tr("due {time}", time=f"{due:%H:%M}"))
        if self.status == "overdue":
            title.append(f"  {tr('OVERDUE')}")
        if compact:
            title.append(f"  {self.value}")
        self.query_one(".sla-label", Label).update(title)
        self.query_one(Digits).update(self.value)
        for status, cls in STATUS_CLASSES.items():
            self.set_class(status == self.status, cls)


class SlaCountdowns(Horizontal):
    """Up to three countdowns side by side; a quiet line when nothing is due."""

    DEFAULT_CSS = """
    SlaCountdowns { height: auto; margin: 0 1; }
    SlaCountdowns > #sla-none { width: 1fr; height: 1; color: $text-muted; padding: 0 1; }
    SlaCountdowns.-compact SlaCountdown > Digits { display: none; }
    """
    SLOTS = 3

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: tuple = ()

    def compose(self) -> ComposeResult:
        for i in range(self.SLOTS):
            yield SlaCountdown(i)
        yield Label(id="sla-none")

    def show(self, deadlines: list[sla.Deadline], now: datetime, quiet: str = "") -> None:
        compact = self.app.size.width < COMPACT_WIDTH
        shown = (compact, quiet, tuple((d.key, d.status(now), countdown(d.remaining(now)))
                                       for d in deadlines))
        if shown == self._shown:
            return  # nothing moved: no repaint
        self._shown = shown
        self.set_class(compact, "-compact")
        for i, widget in enumerate(self.query(SlaCountdown)):
            if i < len(deadlines):
                widget.display = True
                widget.show(deadlines[i], now, compact)
            else:
                widget.display = False
        none = self.query_one("#sla-none", Label)
        none.display = not deadlines
        none.update(Text(quiet or tr("No SLA deadline is open.")))


_RUNG: "weakref.WeakKeyDictionary[App, set[str]]" = weakref.WeakKeyDictionary()


def ring_passed(app: App, incidents: list[dict], now: datetime) -> list[sla.Deadline]:
    """Bell and a notification for every deadline that has passed and was not rung yet."""
    rung = _RUNG.setdefault(app, set())
    fresh = [d for inc in incidents for d in sla.passed(inc, now) if d.key not in rung]
    if not fresh:
        return []
    app.bell()
    for d in sla.named(app.ws, fresh):  # type: ignore[attr-defined]
        rung.add(d.key)
        app.notify(tr("SLA deadline passed: {what}", what=d.reminder_title),
                   title=d.incident, severity="error", timeout=15, markup=False)
    return fresh


def rung_keys(app: App) -> set[str]:
    return set(_RUNG.get(app, ()))
