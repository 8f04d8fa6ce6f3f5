"""The standup's meeting and its minutes (a mixin of StandupScreen):

    s  start the meeting and its countdown timebox
    d / r / a  capture a decision, a risk, an action item (the draft is saved at once)
    c  close the meeting and save its minutes to the knowledge base
"""

from __future__ import annotations

from store.core.clock import parse_instant
from store.core.i18n import tr
from store.meetings import standup
from store.reminders import schedules

from ..dialogs.minutes_item import MinutesItemDialog
from ..widgets.standup_widgets import MinutesPanel


class StandupMeetingActions:
    """Needs `ws`, `day`, `session`, `saved_id`, `seen`, `current`, `items`, `visited`,
    `views`, `timebox`, `reload`, `show_bar`, `safely`, `show_key_note` from the screen."""

    def action_start(self) -> None:
        if self.session is not None:
            self.app.notify(tr("The meeting is already running"), severity="warning",
                            markup=False)
            return
        if self.safely(self.start_meeting):
            self.safely(self.reload)
            self.show_minutes()
            self.refresh_bindings()

    def start_meeting(self) -> None:
        ws = self.ws
        day = self.day or ws.today()
        kind = "weekly" if schedules.occurrence_on(ws, "weekly_standup", day) else "daily"
        self.session = standup.start_meeting(ws, day, kind)
        self.saved_id = None
        self.bar.start(parse_instant(self.session["started_at"]), self._timebox_minutes())
        present = [*self.seen, *([self.current] if self.current else [])]
        if present:  # everyone walked through before `s`, not only the member shown
            self.save_draft(attendees=list(dict.fromkeys(present)))

    def save_draft(self, *, items: list[dict] | None = None,
                   attendees: list[str] | None = None) -> None:
        """Keep the draft in the store at once: nothing is lost if the app quits."""
        assert self.session is not None
        self.session = standup.save_draft(
            self.ws, self.session["id"], items=self.items if items is None else items,
            attendees=self.visited if attendees is None else attendees)

    def action_add_item(self, kind: str) -> None:
        ws = self.ws
        owner = self.current or ws.actor.login
        due = standup.default_action_due(ws, self.day).isoformat()
        self.app.push_screen(MinutesItemDialog(kind, owner=owner, due=due), self._item_added)

    def _item_added(self, item: dict | None) -> None:
        if not item:
            return
        if self.session is None and not self.safely(self.start_meeting):
            return
        if self.safely(lambda: self.save_draft(items=[*self.items, item])):
            self.show_minutes()
            self.show_bar()
            self.refresh_bindings()

    def action_close_meeting(self) -> None:
        if self.session is None:
            self.app.notify(tr("Nothing to save: start the meeting (s) or capture a decision, "
                               "risk or action first"), severity="warning", markup=False)
            return
        from ..dialogs.confirm import ConfirmDialog
        question = tr("Close the meeting and save its minutes? (items: {items}; present: "
                      "{people})", items=len(self.items), people=len(self.visited))
        self.app.push_screen(ConfirmDialog(question, yes="Close & save", no="Not yet"),
                             self._close_answered)

    def _close_answered(self, close: bool | None) -> None:
        if not close:
            return
        saved: list[dict] = []
        if self.safely(lambda: saved.append(self.save_minutes())):
            minutes = saved[0]
            where = tr("Minutes #{id} saved to the knowledge base as K{kb} “{title}” "
                       "(F7 to read them)", id=minutes["id"], kb=minutes.get("kb", "?"),
                       title=minutes["title"])
            self.show_key_note(where)
            self.app.notify(where, timeout=8, markup=False)

    def save_minutes(self) -> dict:
        assert self.session is not None
        minutes = standup.close_meeting(self.ws, self.session["id"])
        self.session, self.saved_id = None, minutes["id"]
        self.bar.stop()
        self.reload()
        self.show_minutes()
        self.refresh_bindings()
        return minutes

    def show_minutes(self) -> None:
        names = {login: v["name"] for login, v in self.views.items()}
        self.query_one("#standup-minutes", MinutesPanel).show(
            self.items, saved=self.saved_id if self.session is None else None,
            started=self.session is not None, names=names)
