"""Dialogs of the Reminders screen: snooze for 15/30/60 minutes, and edit a schedule (admins)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from store.reminders import schedules
from store.core.i18n import tr, trn
from store.reminders.engine import SNOOZE_MINUTES

from .form import FormDialog


class SnoozeDialog(ModalScreen[int | None]):
    """Choose 15, 30 or 60 minutes (also the keys 1, 2, 3); returns the minutes or None."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="snooze.cancel"),
        Binding("1", "choose(15)", "15 min", id="snooze.15"),
        Binding("2", "choose(30)", "30 min", id="snooze.30"),
        Binding("3", "choose(60)", "60 min", id="snooze.60"),
    ]

    def __init__(self, title: str) -> None:
        super().__init__()
        self.reminder_title = title

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="snooze-dialog"):
            yield Label(Text(tr("Snooze reminder")), classes="dialog-title")
            yield Label(Text(self.reminder_title.replace("\n", " ")))
            yield OptionList(*(Option(Text(trn("{n} minute", "{n} minutes", n, n=n)), id=str(n))
                               for n in SNOOZE_MINUTES), id="snooze-options")
            yield Label(Text(tr("1/2/3 or Enter chooses · Escape cancels")), classes="dialog-hint")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(int(event.option.id or 15))

    def action_choose(self, minutes: int) -> None:
        self.dismiss(minutes)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ScheduleForm(FormDialog[dict]):
    """Edit one schedule (admins only; the store refuses anyone else). Returns the schedule."""

    FIELD_ALIASES = {"warn_minutes": "warn", "timebox_minutes": "timebox"}

    def __init__(self, schedule: dict) -> None:
        super().__init__()
        self.schedule = schedule

    def form_title(self) -> str:
        return tr("Schedule {name}: {label}", name=self.schedule["name"],
                  label=tr(self.schedule["label"]))

    def compose_fields(self) -> ComposeResult:
        s = self.schedule
        if "after" in s:
            yield self.row("days", "Working days after",
                           Input(str(s["days"]), compact=True),
                           "Minutes are due at the end of that working day")
            return
        yield self.row("cron", "Cron", Input(s["cron"], placeholder="0 17 * * 1-5", compact=True),
                       "minute hour day-of-month month day-of-week, workspace time")
        yield self.row("warn", "Warn (minutes)", Input(str(s.get("warn_minutes", 0)),
                                                       compact=True))
        if "timebox_minutes" in s:
            yield self.row("timebox", "Timebox (minutes)",
                           Input(str(s["timebox_minutes"]), compact=True))

    def submit(self) -> dict:
        s = self.schedule
        if "after" in s:
            return schedules.set_schedule(self.ws, s["name"], days=self.text("days"))
        return schedules.set_schedule(
            self.ws, s["name"], self.text("cron"), warn_minutes=self.text("warn"),
            timebox_minutes=self.text("timebox") if "timebox_minutes" in s else None)
