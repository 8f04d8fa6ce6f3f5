"""Reminders (SPEC §6): what is due or overdue for me; for PMs and department heads, for
their people; and the schedules (admins edit them here).

`a` acknowledges my highlighted reminder (it leaves the banner), `z` snoozes it
for 15, 30 or 60 minutes, `e` edits the highlighted schedule (admins; the store
refuses anyone else and the form says so).
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Label

from store.reminders import engine as reminder_engine, schedules
from store.core.clock import local_text
from store.core.errors import StoreError
from store.core.i18n import tr, trn
from store.notify import queue as notify_queue
from store.people.members import display_name
from store.reminders.engine import Item

from ..dialogs.reminder_dialogs import ScheduleForm, SnoozeDialog
from ..widgets.keyed_table import Col, KeyedTable
from ..widgets.labels import text, themed
from ..widgets.reminder_banner import kind_label, relative
from .base import HuddleScreen

STATE_LABELS = {"new": "new", "rung": "rung", "snoozed": "snoozed",
                "acknowledged": "acknowledged"}
SCHEDULE_COLUMNS = (
    Col("name", "Schedule", 24),
    Col("rule", "Rule", None, min_flex=14),
    Col("options", "Options", 34, min_width=90),
    Col("next", "Next", 17),
)
REFRESH_SECONDS = 20.0


MINE_COLUMNS = (
    Col("state", "State", 10),
    Col("due", "Due", 16),
    Col("when", "How soon", 16, min_width=100),
    Col("type", "Type", 16),
    Col("reminder", "Reminder", None, min_flex=20),
)
TEAM_COLUMNS = (
    Col("who", "Who", 10),
    Col("due", "Due", 16),
    Col("when", "How soon", 16, min_width=110),
    Col("type", "Type", 16, min_width=90),
    Col("reminder", "Reminder", None, min_flex=20),
    Col("state", "State", 10, min_width=100),
)


class ReminderTable(KeyedTable):
    """A small list of reminders, keyed by occurrence; the columns fit the width (80 and up)."""


class RemindersScreen(HuddleScreen):
    TITLE = "Reminders"
    CSS_PATH = "reminders.tcss"
    AUTO_FOCUS = "#reminders-mine"
    BINDINGS = [
        Binding("a", "acknowledge", "Acknowledge", id="reminders.ack",
                tooltip="Acknowledge my highlighted reminder"),
        Binding("z", "snooze", "Snooze", id="reminders.snooze",
                tooltip="Snooze my highlighted reminder for 15, 30 or 60 minutes"),
        Binding("e", "edit_schedule", "Edit schedule", id="reminders.edit_schedule",
                tooltip="Change the highlighted schedule (admins)"),
        Binding("c", "channels", "Channels", id="reminders.channels",
                tooltip="Chat groups, webhooks and e-mail that Huddle posts to"),
        Binding("h", "notices", "Notifications", id="reminders.notices",
                tooltip="Every notification of this session, whole, newest first"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.mine: dict[str, Item] = {}
        self.team: dict[str, Item] = {}
        self.people: set[str] = set()

    def compose_body(self) -> ComposeResult:
        yield Label(id="reminders-mine-title", classes="section-title")
        yield ReminderTable(MINE_COLUMNS, id="reminders-mine")
        yield Label(id="reminders-team-title", classes="section-title")
        yield ReminderTable(TEAM_COLUMNS, id="reminders-team")
        yield Label(Text(tr("Schedules")), id="reminders-schedules-title",
                    classes="section-title")
        yield KeyedTable(SCHEDULE_COLUMNS, id="reminders-schedules")
        yield Label(id="reminders-notify-failures", classes="section-title")

    def on_mount(self) -> None:
        self.safely(self.reload)
        self.set_interval(REFRESH_SECONDS, lambda: self.safely(self.reload))

    # -- data ---------------------------------------------------------------
    def refresh_data(self, changed: set[str]) -> None:
        self.reload()  # reminders come from every area of the store

    def refresh_styles(self) -> None:
        self.reload()

    def reload(self) -> None:
        ws = self.ws
        now = ws.now()
        me = ws.actor.login
        self.people = reminder_engine.people_of(ws, me)
        due = reminder_engine.due(ws, now)
        items = reminder_engine.items(ws, {me} | self.people, now, due)
        order = lambda i: (not i.reminder.overdue, i.reminder.due_at, i.reminder.kind)  # noqa: E731
        self.mine = {i.occurrence: i for i in sorted((i for i in items if i.login == me),
                                                     key=order)}
        self.team = {f"{i.login}|{i.occurrence}": i
                     for i in sorted((i for i in items if i.login != me),
                                     key=lambda i: (display_name(ws, i.login), *order(i)))}
        self.query_one("#reminders-mine-title", Label).update(
            Text(tr("Due for me ({n})", n=len(self.mine))))
        self.query_one("#reminders-mine", ReminderTable).show(
            [(key, self.my_cells(i, now)) for key, i in self.mine.items()])
        team_title = self.query_one("#reminders-team-title", Label)
        team_table = self.query_one("#reminders-team", ReminderTable)
        team_title.display = team_table.display = bool(self.people)
        team_title.update(Text(tr("For my people ({n})", n=len(self.team))))
        team_table.show([(key, self.team_cells(i, now)) for key, i in self.team.items()])
        self.query_one("#reminders-schedules", KeyedTable).show(
            [(s["name"], self.schedule_cells(s)) for s in schedules.list_schedules(ws)])
        failed = len(notify_queue.failures(ws))  # posts to chat groups given up on
        notice = self.query_one("#reminders-notify-failures", Label)
        notice.display = bool(failed)
        notice.update(themed(self.app, trn("{n} post failed; see Settings → Channels",
                                              "{n} posts failed; see Settings → Channels", failed),
                             "text-error", bold=True))
        self.refresh_bindings()
        watcher = getattr(self.app, "reminder_watcher", None)
        if watcher is not None:
            watcher.forget({o for o, i in self.mine.items() if not i.pending(now)})

    def _due(self, item: Item) -> Text:
        label = local_text(item.reminder.due_at, self.ws.tz)
        if item.reminder.overdue:
            return themed(self.app, label, "text-error", bold=True)
        return text(label)

    def _state(self, item: Item, now) -> Text:
        state = item.state(now)
        label = tr(STATE_LABELS[state])
        if state == "snoozed" and item.snoozed_until:
            label = tr("snoozed until {time}", time=local_text(item.snoozed_until, self.ws.tz,
                                                                with_date=False))
        return text(label)

    def _common(self, item: Item, now) -> dict:
        return {"due": self._due(item), "when": text(relative(now, item.reminder.due_at)),
                "type": text(kind_label(item.reminder.kind)),
                "reminder": text(" ".join(item.reminder.title.split())),
                "state": self._state(item, now)}

    def my_cells(self, item: Item, now) -> dict:
        return self._common(item, now)

    def team_cells(self, item: Item, now) -> dict:
        return {"who": text(display_name(self.ws, item.login)), **self._common(item, now)}

    def schedule_cells(self, s: dict) -> dict:
        nxt = None if "after" in s else schedules.next_occurrence(self.ws, s["name"],
                                                                  self.ws.now())
        return {"name": text(schedules.label(s["name"])), "rule": text(schedules.describe(s)),
                "options": text(schedules.options_text(s)),
                "next": text(local_text(nxt, self.ws.tz) if nxt else "")}

    # -- actions ------------------------------------------------------------
    def _my_item(self) -> Item | None:
        table = self.query_one("#reminders-mine", ReminderTable)
        key = table.selected_key
        return self.mine.get(key) if key else None

    def action_acknowledge(self) -> None:
        item = self._my_item()
        if item is None:
            return
        if self.safely(reminder_engine.acknowledge, self.ws, item.occurrence):
            self.app.notify(tr("Acknowledged: {title}", title=item.reminder.title), timeout=4,
                            markup=False)
            self.safely(self.reload)

    def action_snooze(self) -> None:
        item = self._my_item()
        if item is None:
            return

        def chosen(minutes: int | None) -> None:
            if minutes and self.safely(reminder_engine.snooze, self.ws, item.occurrence,
                                       minutes):
                self.app.notify(trn("Snoozed for {n} minute: {title}",
                                    "Snoozed for {n} minutes: {title}", minutes, n=minutes,
                                   title=item.reminder.title), timeout=4, markup=False)
                self.safely(self.reload)

        self.app.push_screen(SnoozeDialog(item.reminder.title), chosen)

    def action_edit_schedule(self) -> None:
        name = self.query_one("#reminders-schedules", KeyedTable).selected_key
        if not name:
            return
        try:
            schedule = schedules.get_schedule(self.ws, name)
        except StoreError as exc:
            self.app.notify(str(exc), severity="error", markup=False)
            return

        def saved(result: dict | None) -> None:
            if result:
                self.app.notify(tr("{name}: {rule}", name=schedules.label(name),
                                   rule=schedules.describe(result)),
                                timeout=5, markup=False)
                self.safely(self.reload)

        self.app.push_screen(ScheduleForm(schedule), saved)

    def action_channels(self) -> None:
        from .channels import open_channels
        open_channels(self.app)

    def action_notices(self) -> None:
        from ..dialogs.notice_history import NoticeHistory
        self.app.push_screen(NoticeHistory())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("acknowledge", "snooze"):
            return bool(self.mine) or None  # greyed out: says why (why_not)
        if action == "edit_schedule" and self.is_mounted:
            return bool(self.query_one("#reminders-schedules", KeyedTable).selected_key) or None
        return True

    def why_not(self, action: str, parameters: tuple[object, ...]) -> str | None:
        if action in ("acknowledge", "snooze"):
            return tr("no reminder is due for you")
        if action == "edit_schedule":
            return tr("no schedule is highlighted")
        return None
