"""An incident's timeline: oldest at the top, newest at the bottom, following new events.

The timeline is append-only in the store, so `show_events` only appends the
events it has not shown and re-renders those whose pin changed. While the
highlight is on the last event (or nothing is highlighted) it moves to each
new event and scrolls to the bottom; a reader who moved up to read stays put.
Every prompt is a `rich.text.Text` (user text is never markup).
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from store.warroom.reports import event_text, fmt_time, who
from store.core.i18n import tr
from store.core.workspace import Workspace

PIN = "📌 "
KIND_LABELS = {"declared": "declared", "state": "state", "role": "role", "ready": "ready",
               "update": "status update", "note": "note", "decision": "decision",
               "link": "link", "notice": "notice"}


def event_prompt(ws: Workspace, event: dict) -> Text:
    line = Text()
    if event.get("pinned"):
        line.append(PIN, style=Style(bold=True))
    line.append(f"#{event['no']} ", style=Style(dim=True))
    line.append(fmt_time(ws, event["at"])[11:], style=Style(bold=True))
    line.append(f" {who(ws, event['author'])}", style=Style(bold=True))
    label = tr(KIND_LABELS.get(event["kind"], event["kind"]))
    line.append(f" [{label}] ", style=Style(italic=True))
    line.append(event_text(ws, event))
    return line


class IncidentTimeline(OptionList):
    DEFAULT_CSS = """
    IncidentTimeline { height: 1fr; }
    """
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="timeline.down"),
        Binding("k", "cursor_up", "Up", show=False, id="timeline.up"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: dict[int, bool] = {}  # event no -> pinned, as rendered

    @property
    def selected_no(self) -> int | None:
        option = self.highlighted_option
        return int(option.id) if option is not None and option.id else None

    def show_events(self, ws: Workspace, events: list[dict]) -> int:
        """Bring the list up to date; returns how many events were added."""
        follow = self.highlighted is None or self.highlighted >= self.option_count - 1
        new = [e for e in events if e["no"] not in self._shown]
        for event in events:
            pinned = bool(event.get("pinned"))
            if event["no"] in self._shown and self._shown[event["no"]] != pinned:
                self.replace_option_prompt(str(event["no"]), event_prompt(ws, event))
                self._shown[event["no"]] = pinned
        if new:
            self.add_options([Option(event_prompt(ws, e), id=str(e["no"])) for e in new])
            for event in new:
                self._shown[event["no"]] = bool(event.get("pinned"))
            if follow:
                self.highlighted = self.option_count - 1
                self.follow_end()
        return len(new)

    @property
    def following(self) -> bool:
        return self.highlighted is None or self.highlighted >= self.option_count - 1

    def follow_end(self) -> None:
        """To the newest line once the lines are laid out again (a new event, or another
        width: a shared tmux session shrinking from 120 to 90 columns wraps them anew)."""
        self.scroll_end(animate=False, immediate=False)
        self.call_after_refresh(lambda: self.scroll_end(animate=False))

    def on_resize(self) -> None:
        if self.option_count and self.following:
            self.follow_end()

    def texts(self) -> list[str]:
        """The plain text of every line (for tests and the help screen)."""
        return [str(getattr(o.prompt, "plain", o.prompt)) for o in self.options]
