"""Reminders in the app (SPEC §6): a toast, the terminal bell, and a banner until acknowledged.

`install_reminders(app)` is the one call the app makes (in `on_mount`). It
starts a `ReminderWatcher` that every few seconds, in a worker thread, asks
the store what is due for the acting member (`reminder_engine.pending`) and
claims the occurrences that should ring now (`reminder_engine.claim`, atomic
across processes: of two open apps only one rings). For each occurrence it
won, it shows a toast and rings the bell. The pending ones stay in a
`ReminderBanner` under the active screen's header until they are
acknowledged or snoozed — here (focus the banner: `a`, `z`) or on the
Reminders screen (F8).
"""

from __future__ import annotations

import time
from datetime import datetime

from rich.text import Text
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

from store.reminders import engine as reminder_engine
from store.core.clock import local_text
from store.core.errors import StoreError
from store.core.i18n import tr, trn
from store.reminders.engine import Item
from store.core.punctuation import labelled
from store.core.relative_time import ago

from .banner_slot import place_banner, show_text

MAX_LINES = 3
QUIET = 1.0            # seconds without a key before a check starts (see ReminderWatcher._tick):
                       # the last key has been answered by then (as the app's full GCs wait)
PUT_OFF_AT_MOST = 4.0  # … but a check waits no longer than this for a pause in the typing
FIRST_CHECK_AFTER = 0.1  # seconds after the first paint
TALL = 30  # terminal lines from which the banner shows MAX_LINES reminders (else one)
KIND_LABELS = {
    "update.daily": "Daily update",
    "update.gate": "Not updated",
    "standup.weekly": "Weekly standup",
    "standup.minutes": "Standup minutes",
    "task.due": "Task due",
    "minutes.action": "Action item",
    "kickoff.minutes": "Kickoff minutes",
    "weekly.minutes": "Weekly minutes",
    "task.lagging": "Lagging task",
    "task.receipt": "Task receipt",
    "delay.approval": "Delay decision",
    "resource.decision": "Resource decision",
    "deliverable.acceptance": "Acceptance due",
    "issue.escalate": "Escalate issue",
    "issue.respond": "Answer major issue",
    "task.signoff": "Sign off tasks",
    "help.asked": "Help asked",
    "project.retro": "Retrospective due",
    "incident.roles": "Assign roles",
    "incident.ready": "Confirm ready",
    "incident.update": "Status update due",
    "onboarding.step": "Onboarding step",
    "customer.confirm": "Confirm customer request",
    "customer.due": "Customer request due",
}


TOASTS_AT_ONCE = 3


def kind_label(kind: str) -> str:
    """A reminder kind for people: "update.daily" → "Daily update" (unknown: "Task lagging")."""
    if kind in KIND_LABELS:
        return tr(KIND_LABELS[kind])
    return tr(kind.replace(".", " ").replace("_", " ").capitalize())


def relative(now: datetime, at: datetime) -> str:
    """"in 25 minutes" / "3 hours ago" ("25分钟后" / "3小时前") in the interface language."""
    return ago(now, at)


def when_text(ws, item: Item, now: datetime) -> str:
    at = item.reminder.due_at
    return f"{local_text(at, ws.tz)} ({relative(now, at)})"


class ReminderBanner(Static, can_focus=True):
    """The pending reminders of the acting member, until each is acknowledged or snoozed."""

    DEFAULT_CSS = """
    ReminderBanner {
        height: auto;
        padding: 0 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        background: $warning 25%;
        border-left: thick $warning;
        color: $foreground;
    }
    ReminderBanner.-overdue {
        background: $error 25%;
        border-left: thick $error;
    }
    ReminderBanner:focus {
        text-style: bold;
    }
    """
    BINDINGS = [
        Binding("a", "acknowledge", "Acknowledge", id="banner.ack",
                tooltip="Acknowledge the first reminder in the banner"),
        Binding("z", "snooze", "Snooze 15 min", id="banner.snooze",
                tooltip="Snooze the first reminder in the banner for 15 minutes"),
        Binding("enter", "open", "All reminders", id="banner.open"),
    ]

    def __init__(self, watcher: "ReminderWatcher") -> None:
        super().__init__(id="reminder-banner")
        self.watcher = watcher

    def on_mount(self) -> None:
        self.show_items()

    def on_resize(self) -> None:
        self.show_items()  # one line or three, as the terminal's height allows

    def show_items(self) -> None:
        items = self.watcher.items
        ws = self.app.ws  # type: ignore[attr-defined]
        now = ws.now()
        body = Text(no_wrap=True, overflow="ellipsis")
        lines = MAX_LINES if self.app.size.height >= TALL else 1  # 80×24: keep room for work
        for item in items[:lines]:
            if body:
                body.append("\n")
            mark = "⚠ " if item.reminder.overdue else "⏰ "
            body.append(mark + labelled(kind_label(item.reminder.kind)), style="bold")
            body.append(item.reminder.title.replace("\n", " "))
            body.append("  · " + when_text(ws, item, now), style="italic")
        hint = tr("F8: all reminders · Tab here, then a: acknowledge, z: snooze 15 min")
        if len(items) > lines:
            hint = tr("+{n} more", n=len(items) - lines) + " · " + hint
        body.append("\n" + hint, style="dim")
        show_text(self, body)
        self.set_class(any(i.reminder.overdue for i in items), "-overdue")

    def action_acknowledge(self) -> None:
        if self.watcher.items:
            self.watcher.acknowledge(self.watcher.items[0])

    def action_snooze(self) -> None:
        if self.watcher.items:
            self.watcher.snooze(self.watcher.items[0], 15)

    def action_open(self) -> None:
        if "reminders" in self.app.MODES:  # type: ignore[operator]
            self.app.run_action("switch_area('reminders')")


class ReminderWatcher:
    """Checks what is due for the acting member and rings what is new."""

    def __init__(self, app, interval: float | None = None) -> None:
        self.app = app
        self.interval = interval or max(0.2, min(15.0, app.poll_interval * 10))
        self.items: list[Item] = []          # pending for me, shown in the banner
        self.rung: list[Item] = []           # everything this app has rung, newest last
        self._toasted: set[str] = set()      # occurrences whose toast may still be up
        self.checks = 0
        self._stopped = False
        self._put_off = 0.0  # seconds this check has waited for a pause in the typing

    @property
    def ws(self):
        return self.app.ws

    def start(self) -> None:
        self.app.screen_change_signal.subscribe(self.app, self._screen_changed)
        # the first check as soon as the first screen is up (it is installed after the first
        # paint): it reads every shard once, best done before the first key, not during it
        self.app.set_timer(min(self.interval, FIRST_CHECK_AFTER), self._tick)

    def stop(self) -> None:
        self._stopped = True

    # -- checking ---------------------------------------------------------
    def _tick(self) -> None:
        if self._stopped:
            return
        # A check reads every shard and holds the interpreter for much of that time (a
        # thread shares it): it waits until the last key has been answered, by QUIET
        # seconds without input, but a reminder is never put off by more than PUT_OFF_AT_MOST.
        since_input = time.monotonic() - getattr(self.app, "_last_input", 0.0)
        if since_input < QUIET and self._put_off < PUT_OFF_AT_MOST:
            self._put_off += QUIET - since_input
            self.app.set_timer(QUIET - since_input, self._tick)
            return
        self._put_off = 0.0
        self.app.run_worker(self._check_in_thread, thread=True, exclusive=True,
                            group="reminders", exit_on_error=False, name="reminders")

    def _check_in_thread(self) -> None:
        try:
            pending, won = self.compute()
        except StoreError as exc:
            self._from_thread(self._failed, str(exc))
        except Exception as exc:  # noqa: BLE001 - never take the app down over a reminder
            self._from_thread(self._failed, f"{type(exc).__name__}: {exc}")
        else:
            self._from_thread(self.apply, pending, won)

    def _from_thread(self, fn, *args) -> None:
        try:
            self.app.call_from_thread(fn, *args)
        except RuntimeError:  # the app is shutting down
            self._stopped = True

    def compute(self) -> tuple[list[Item], list[Item]]:
        """(pending for me, the occurrences this call won and must ring). Any thread."""
        ws = self.ws
        now = ws.now()
        login = ws.actor.login
        due = [r for r in reminder_engine.due(ws, now) if login in r.who]
        won = reminder_engine.claim(ws, [login], now, due)
        return reminder_engine.pending(ws, login, now, due), won

    def check_now(self) -> None:
        """Check in this (the UI) thread, e.g. right after acknowledging."""
        try:
            self.apply(*self.compute())
        except StoreError as exc:
            self._failed(str(exc))

    def apply(self, pending: list[Item], won: list[Item]) -> None:
        self.checks += 1
        self.items = sorted(pending, key=lambda i: (not i.reminder.overdue,
                                                    i.reminder.due_at, i.reminder.kind))
        self.rung.extend(won)
        # A few new reminders get a toast each; a burst (e.g. at start-up) gets one summary
        # toast, so the screen is not buried — the banner and F8 list them all.
        if len(won) > TOASTS_AT_ONCE:
            overdue = sum(item.reminder.overdue for item in won)
            self.app.notify(trn("{n} reminder is due ({overdue} overdue). F8 lists it.",
                                "{n} reminders are due ({overdue} overdue). F8 lists them.",
                                len(won),
                               n=len(won), overdue=overdue),
                            title=tr("Reminders"), severity="warning" if overdue else
                            "information", timeout=15, markup=False)
        else:
            for item in won:
                self.app.notify(item.reminder.title, title=kind_label(item.reminder.kind),
                                severity="warning" if item.reminder.overdue else "information",
                                timeout=15, markup=False, key=toast_key(item.occurrence))
                self._toasted.add(item.occurrence)
        # what is no longer pending was dealt with (approved, done, acknowledged elsewhere)
        self._withdraw(self._toasted - {item.occurrence for item in pending})
        if won:
            self.app.bell()
        self.sync_banner()
        self._rearm()

    def _withdraw(self, occurrences: set[str]) -> None:
        for occurrence in occurrences & self._toasted:
            self.app.withdraw(toast_key(occurrence))
        self._toasted -= occurrences

    def _failed(self, message: str) -> None:
        self.checks += 1
        if not getattr(self, "_warned", False):
            self._warned = True
            self.app.notify(tr("Reminders could not be checked: {error}", error=message),
                            severity="error", timeout=10, markup=False)
        self._rearm()

    def _rearm(self) -> None:
        if not self._stopped and self.app.is_running:
            self.app.set_timer(self.interval, self._tick)

    # -- acting on the banner ---------------------------------------------
    def acknowledge(self, item: Item) -> None:
        try:
            reminder_engine.acknowledge(self.ws, item.occurrence)
        except StoreError as exc:
            self.app.notify(str(exc), severity="error", timeout=10, markup=False)
        else:
            self._withdraw({item.occurrence})
        self.items = [i for i in self.items if i.occurrence != item.occurrence]
        self.sync_banner()

    def snooze(self, item: Item, minutes: int) -> None:
        try:
            reminder_engine.snooze(self.ws, item.occurrence, minutes)
        except StoreError as exc:
            self.app.notify(str(exc), severity="error", timeout=10, markup=False)
        else:
            self._withdraw({item.occurrence})
        self.items = [i for i in self.items if i.occurrence != item.occurrence]
        self.sync_banner()

    def forget(self, occurrences: set[str]) -> None:
        """Drop items acknowledged or snoozed elsewhere (the Reminders screen)."""
        self.items = [i for i in self.items if i.occurrence not in occurrences]
        self._withdraw(set(occurrences))
        self.sync_banner()

    # -- the banner ---------------------------------------------------------
    def _screen_changed(self, screen: Screen) -> None:
        self.sync_banner(screen)

    def sync_banner(self, screen: Screen | None = None) -> None:
        """Show the pending items under the active screen's header (or remove the banner)."""
        shown = place_banner(screen or self.app.screen, ReminderBanner, bool(self.items),
                             lambda: ReminderBanner(self))
        if shown is not None:
            shown.show_items()


def toast_key(occurrence: str) -> str:
    """The key of a reminder's toast (`app.withdraw` takes it down once dealt with)."""
    return f"reminder:{occurrence}"


def install_reminders(app, interval: float | None = None) -> ReminderWatcher:
    """Start the reminder watcher of `app` (kept as `app.reminder_watcher`)."""
    watcher = ReminderWatcher(app, interval)
    app.reminder_watcher = watcher
    watcher.start()
    return watcher
