"""The standup (SPEC §1.7, §1.8, §3): a facilitator walks the team member by member.

Top: the day, the update deadline, how many updated, the countdown timebox
(`s` starts the meeting), and — once the deadline has passed — the members
who have not updated. Left: the team, with who is logged in to the host now
(`who`) and each member's update status. Right: the member shown (`n`/`p`),
their open tasks with yesterday's and today's update, the highlighted task's
next step, problems and help flag, and what they changed since the last
working day. `u` records a progress update for the member shown (by
themselves, or by an admin for them). Bottom: the minutes captured as it goes
(`d` decision, `r` risk, `a` action); `c` closes the meeting and saves them
(they are also saved if the app quits mid-meeting). Minutes of a started
meeting that are never saved are due the next working day as a reminder.
"""

from __future__ import annotations

from datetime import date
from time import monotonic

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Label, Static

from store.meetings import standup
from store.people import who
from store.core.clock import local_text, parse_instant
from store.core.errors import StoreError
from store.core.counts import listing
from store.core.i18n import tr
from store.people.members import display_name
from store import topics
from themes import theme_color

from ..dialogs.progress_entry import ProgressEntryDialog
from ..widgets.keyed_table import Col, KeyedTable
from ..widgets.labels import WEEKDAYS, text, themed
from ..widgets.standup_widgets import (MinutesPanel, StandupBar, member_head_text,
                                       task_detail_text)
from .base import HuddleScreen, touches
from .standup_meeting import StandupMeetingActions

MEMBER_COLUMNS = (
    Col("login", "Login", 8, min_width=40),
    Col("name", "Name", None, min_flex=8),
    Col("online", "On", 3),
    Col("status", "Update", 11),
)
TASK_COLUMNS = (
    Col("id", "ID", 6),
    Col("title", "Task", None, min_flex=14),
    Col("pct", "%", 4),
    Col("yesterday", "Yesterday", 18, min_width=64),
    Col("today", "Today", 18, min_width=52),
    Col("help", "Needs help", 10, min_width=76),
)
STATUS_STYLE = {"missing": "text-error", "late": "text-warning", "pending": "text-warning",
                "updated": "text-success", "none": "text-muted", "off": "text-muted"}
STATUS_SHORT = {"missing": "not updated", "late": "late update", "pending": "awaiting",
                "updated": "on time", "none": "no tasks", "off": "day off"}
REFRESH_SECONDS = 30.0


class StandupScreen(StandupMeetingActions, HuddleScreen):
    TITLE = "Standup"
    CSS_PATH = "standup.tcss"
    AUTO_FOCUS = "#standup-members"
    BINDINGS = [
        Binding("n", "walk(1)", "Next member", id="standup.next"),
        Binding("p", "walk(-1)", "Previous member", id="standup.previous"),
        Binding("u", "update", "Update progress", id="standup.update",
                tooltip="Record a progress update for the member shown"),
        Binding("s", "start", "Start meeting", id="standup.start",
                tooltip="Start the meeting and its countdown timebox"),
        Binding("d", "add_item('decision')", "Decision", id="standup.decision"),
        Binding("r", "add_item('risk')", "Risk", id="standup.risk"),
        Binding("a", "add_item('action')", "Action item", id="standup.action",
                tooltip="An action with its owner and due date"),
        Binding("c", "close_meeting", "Close & save minutes", id="standup.close"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.day: date | None = None
        self.logins: list[str] = []
        self.views: dict[str, dict] = {}
        self.gate: dict = {}
        self.online: set[str] = set()
        self.current: str | None = None
        self.session: dict | None = None     # the meeting in progress, its draft minutes
        self.saved_id: int | None = None
        self.seen: list[str] = []            # members shown before the meeting started
        self._refresh_at = 0.0               # monotonic time of the next 30 s refresh

    @property
    def items(self) -> list[dict]:
        return self.session["items"] if self.session else []

    @property
    def visited(self) -> list[str]:
        return self.session["attendees"] if self.session else []

    # -- layout ------------------------------------------------------------
    def compose_body(self) -> ComposeResult:
        yield StandupBar(id="standup-bar")
        with Horizontal(id="standup-main"):
            yield KeyedTable(MEMBER_COLUMNS, id="standup-members")
            with Vertical(id="standup-member"):
                yield Label(id="member-head")
                yield KeyedTable(TASK_COLUMNS, id="member-tasks")
                yield Static(id="task-detail")
        yield MinutesPanel(id="standup-minutes")

    @property
    def members_table(self) -> KeyedTable:
        return self.query_one("#standup-members", KeyedTable)

    @property
    def tasks_table(self) -> KeyedTable:
        return self.query_one("#member-tasks", KeyedTable)

    @property
    def bar(self) -> StandupBar:
        """The top: the day, the count, the deadline, the timebox, who has not updated."""
        return self.query_one("#standup-bar", StandupBar)

    def on_mount(self) -> None:
        self.bar.minutes = self._timebox_minutes()
        self.safely(self.resume)
        self.safely(self.reload)
        self.show_minutes()
        # after the first frame: its thread (running `who`) would hold the GIL in the opening
        self.call_after_refresh(self.check_online)
        # One 1 s timer drives the 30 s refresh too: a stopped timer's pending sleep keeps
        # the screen's context (so the closed screen) alive until it would have woken.
        self._refresh_at = monotonic() + REFRESH_SECONDS
        self.set_interval(1.0, self._each_second)

    def _each_second(self) -> None:
        if monotonic() >= self._refresh_at:
            self._refresh_at = monotonic() + REFRESH_SECONDS
            self._tick()
        self._watch_clock()

    def _tick(self) -> None:
        self.check_online()
        self.safely(self.reload)

    def _watch_clock(self) -> None:
        """Reload the moment the deadline passes or the day changes."""
        now = self.ws.now()
        deadline = self.gate.get("deadline")
        passed = bool(deadline) and now >= parse_instant(deadline)
        new_day = now.astimezone(self.ws.tz).date() != self.day
        if passed != bool(self.gate.get("passed")) or new_day:
            self.safely(self.reload)

    def _timebox_minutes(self) -> int:
        try:
            return standup.timebox_minutes(self.ws)
        except StoreError:
            return 15

    # -- data --------------------------------------------------------------
    def refresh_data(self, changed: set[str]) -> None:
        if touches(changed, topics.PEOPLE, topics.PROJECTS, "standup", "minutes", "schedules"):
            self.reload()

    def refresh_styles(self) -> None:
        self.reload()

    def resume(self) -> None:
        """Carry on with my meeting whose minutes are not saved yet (after a quit or crash)."""
        session = standup.open_session(self.ws)
        if session is None:
            return
        self.session = session
        self.bar.start(parse_instant(session["started_at"]), self._timebox_minutes())
        if session["day"] != self.ws.today().isoformat():
            self.app.notify(tr("The minutes of your standup on {day} are not saved yet: "
                               "c saves them", day=session["day"]),
                            severity="warning", timeout=10, markup=False)

    def _sync_session(self) -> None:
        """Another window may have changed or closed my meeting."""
        if self.session is None:
            return
        fresh = standup.get_session(self.ws, self.session["id"])
        if fresh.get("minutes") is not None:
            self.session, self.saved_id = None, fresh["minutes"]
            self.bar.stop()
        else:
            self.session = fresh

    def reload(self) -> None:
        ws = self.ws
        self._sync_session()
        now = ws.now()
        self.day = now.astimezone(ws.tz).date()
        read = standup.read_day(ws, self.day)  # the tasks and updates, read once for the three
        self.logins = standup.team(ws, self.day, read=read)
        views = standup.members_view(ws, self.logins, self.day, now, read=read)
        self.views = {v["login"]: v for v in views}
        self.gate = standup.gate(ws, self.day, now, read=read)
        self.show_bar()
        self.members_table.show([(login, self.member_cells(self.views[login]))
                                 for login in self.logins])
        if self.current not in self.views:
            self.current = self.logins[0] if self.logins else None
        if self.current:
            self.members_table.select_key(self.current)
        self.show_member()

    @work(thread=True, exclusive=True, group="standup-who", exit_on_error=False)
    def check_online(self) -> None:
        online = who.logged_in()
        self.app.call_from_thread(self._set_online, online)

    def _set_online(self, online: set[str]) -> None:
        if online != self.online:
            self.online = online
            self.members_table.show([(login, self.member_cells(self.views[login]))
                                     for login in self.logins if login in self.views])
            self.show_member()

    # -- the top: day, deadline, who has not updated ------------------------
    def show_bar(self) -> None:
        ws, gate = self.ws, self.gate
        day = self.day or ws.today()
        parts = [tr("Standup {day} {weekday}", day=day.isoformat(),
                    weekday=tr(WEEKDAYS[day.weekday()]))]
        if gate.get("deadline"):
            total = len(gate["members"])
            done = len(gate["updated"]) + len(gate["late"])
            # the count before the deadline: at 80 columns the end of the line is clipped
            parts.append(tr("{done}/{total} updated", done=done, total=total))
            parts.append(tr("update deadline {time}",
                            time=local_text(gate["deadline"], ws.tz, with_date=False)))
        else:
            parts.append(tr("no update deadline today"))
        if self.session is not None:
            parts.append(tr("meeting in progress"))
        self.bar.show_title(" · ".join(parts))
        missing = gate.get("missing", [])
        pending = gate.get("pending", [])
        if gate.get("passed") and missing:
            names = listing([display_name(ws, x) for x in missing])
            self.bar.show_note(tr("Not updated by {time}: {names}", names=names,
                                  time=local_text(gate["deadline"], ws.tz, with_date=False)),
                               "missing")
        elif pending:
            names = listing([display_name(ws, x) for x in pending])
            self.bar.show_note(tr("Not yet updated: {names}", names=names), "pending")
        else:
            self.bar.show_note("")

    def member_cells(self, view: dict) -> dict:
        status = view["status"]
        online = view["login"] in self.online
        mark = "✓ " if view["login"] in self.visited else ""
        return {
            "login": text(view["login"]),
            "name": text(mark + view["name"]),
            "online": themed(self.app, "●", "text-success") if online else text("○"),
            "status": themed(self.app, tr(STATUS_SHORT[status]), STATUS_STYLE[status],
                             bold=status == "missing"),
        }

    # -- the member shown ------------------------------------------------------
    @on(DataTable.RowHighlighted, "#standup-members")
    def _member_highlighted(self, event: DataTable.RowHighlighted) -> None:
        login = event.row_key.value if event.row_key else None
        if login and login != self.current:
            self.current = login
            self.show_member()

    @on(DataTable.RowHighlighted, "#member-tasks")
    def _task_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_task_detail()

    def show_member(self) -> None:
        head = self.query_one("#member-head", Label)
        view = self.views.get(self.current or "")
        if view is None:
            head.update(Text(tr("Nobody has open tasks to report on today.")))
            self.tasks_table.show([])
            self.query_one("#task-detail", Static).update("")
            return
        if self.session is None and view["login"] not in self.seen:
            self.seen.append(view["login"])  # present: counted when `s` starts the meeting
        if self.session is not None and view["login"] not in self.visited:
            self.safely(lambda: self.save_draft(attendees=[*self.visited, view["login"]]))
            self.members_table.show([(login, self.member_cells(self.views[login]))
                                     for login in self.logins])
        position = self.logins.index(view["login"]) + 1 if view["login"] in self.logins else 0
        head.update(member_head_text(view, view["login"] in self.online, position,
                                     len(self.logins), theme_color(self.app, "text-muted")))
        self.tasks_table.show([(row["id"], self.task_cells(row)) for row in view["tasks"]])
        self.show_task_detail()

    def task_cells(self, row: dict) -> dict:
        y, t = row["yesterday"], row["today"]
        if t:
            today = ("✓ " if row["on_time"] else "! ") + f"{t['percent']}% {t['done']}"
            today_cell = themed(self.app, today, "text-success" if row["on_time"]
                                else "text-warning")
        else:
            today_cell = text("—")
        return {
            "id": text(row["id"]), "title": text(row["title"]),
            "pct": text(f"{row['progress']}"),
            "yesterday": text(f"{y['percent']}% {y['done']}" if y else "—"),
            "today": today_cell,
            "help": themed(self.app, "【需协助】", "text-warning", bold=True)
            if row["help_from"] else text(""),
        }

    def _row(self) -> dict | None:
        view = self.views.get(self.current or "")
        if not view:
            return None
        key = self.tasks_table.selected_key
        return next((r for r in view["tasks"] if r["id"] == key),
                    view["tasks"][0] if view["tasks"] else None)

    def show_task_detail(self) -> None:
        self.query_one("#task-detail", Static).update(task_detail_text(self.ws, self._row()))

    # -- walking -------------------------------------------------------------
    def action_walk(self, step: int) -> None:
        if not self.logins:
            return
        index = self.logins.index(self.current) if self.current in self.logins else -1
        index = max(0, min(len(self.logins) - 1, index + step))
        self.current = self.logins[index]
        self.members_table.select_key(self.current)
        self.show_member()

    # -- progress ------------------------------------------------------------
    def action_update(self) -> None:
        view = self.views.get(self.current or "")
        if view is None:
            return
        tasks = [{"id": r["id"], "title": r["title"], "progress": r["progress"]}
                 for r in view["tasks"]]
        row = self._row()
        self.app.push_screen(ProgressEntryDialog(view["login"], tasks, row["id"] if row else None),
                             self._updated)

    def _updated(self, entry: dict | None) -> None:
        if entry:
            self.app.notify(tr("Progress of {task} recorded: {pct}%", task=entry["task"],
                               pct=entry["percent"]), timeout=5, markup=False)
            self.safely(self.reload)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("walk", "update"):
            return bool(self.logins) or None  # greyed out: says why (why_not)
        if action == "start":
            return self.session is None or None
        if action == "close_meeting":
            return self.session is not None or None
        return True

    def why_not(self, action: str, parameters: tuple[object, ...]) -> str | None:
        return {"walk": tr("nobody is on today's standup team"),
                "update": tr("nobody is on today's standup team"),
                "start": tr("the meeting has already started"),
                "close_meeting": tr("start the meeting (s) or capture a decision, risk or "
                                    "action first")}.get(action)
