"""Widgets of the standup screen: the countdown timebox and the minutes being captured."""

from __future__ import annotations

from datetime import datetime, timedelta

from rich.text import Text
from textual.widgets import Static

from store.i18n import tr


def mmss(seconds: float) -> str:
    seconds = int(max(0, seconds))
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


class Timebox(Static):
    """A visible countdown from the meeting's start (time from the workspace clock).

    Not started: the length; running: what is left; over: by how much, in the
    error colour, and the bell rings once.
    """

    DEFAULT_CSS = """
    Timebox { width: auto; padding: 0 1; text-style: bold; background: $primary 30%; }
    Timebox.-running { background: $success 30%; }
    Timebox.-over { background: $error 40%; color: $text-error; }
    """

    def __init__(self, minutes: int = 15, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.minutes = minutes
        self.started_at: datetime | None = None
        self._rang = False

    def on_mount(self) -> None:
        self.tick()
        self.set_interval(1.0, self.tick)

    @property
    def ws(self):
        return self.app.ws  # type: ignore[attr-defined]

    def start(self, at: datetime | None = None, minutes: int | None = None) -> None:
        self.started_at = at or self.ws.now()
        if minutes:
            self.minutes = minutes
        self._rang = False
        self.tick()

    def stop(self) -> None:
        self.started_at = None
        self.tick()

    @property
    def left(self) -> float | None:
        if self.started_at is None:
            return None
        end = self.started_at + timedelta(minutes=self.minutes)
        return (end - self.ws.now()).total_seconds()

    @property
    def over(self) -> bool:
        left = self.left
        return left is not None and left <= 0

    def tick(self) -> None:
        left = self.left
        if left is None:
            label = tr("⏱ {time} timebox (s starts)", time=mmss(self.minutes * 60))
        elif left > 0:
            label = tr("⏱ {time} left", time=mmss(left))
        else:
            label = tr("⏱ over by {time}", time=mmss(-left))
            if not self._rang:
                self._rang = True
                self.app.bell()
        self.update(Text(label))
        self.set_class(left is not None and left > 0, "-running")
        self.set_class(left is not None and left <= 0, "-over")


class MinutesPanel(Static):
    """The decisions, risks and actions captured so far (plain text, never markup)."""

    DEFAULT_CSS = """
    MinutesPanel { height: auto; max-height: 8; padding: 0 1; border-top: solid $primary; }
    """

    def show(self, items: list[dict], *, saved: int | None = None, started: bool = False,
             names: dict[str, str] | None = None) -> None:
        names = names or {}
        body = Text()
        head = tr("Minutes") + " — "
        if saved is not None:
            head += tr("saved as minutes #{id}", id=saved)
        elif items:
            count = {k: sum(1 for i in items if i["kind"] == k) for k in ("decision", "risk",
                                                                            "action")}
            head += tr("not saved yet: {d} decisions, {r} risks, {a} actions "
                       "(c closes the meeting and saves)", d=count["decision"],
                       r=count["risk"], a=count["action"])
        elif started:
            head += tr("d decision · r risk · a action")
        else:
            head += tr("nothing captured")
        body.append(head, style="bold")
        labels = {"decision": tr("Decision"), "risk": tr("Risk"), "action": tr("Action item")}
        for item in items[-6:]:
            line = f"\n• {labels[item['kind']]}: {item['text']}"
            if item["kind"] == "action":
                line += " — " + tr("{owner}, due {due}", owner=names.get(item["owner"],
                                                                          item["owner"]),
                                   due=item["due"])
            body.append(line.replace("\r", " "))
        if len(items) > 6:
            body.append("\n" + tr("…and {n} earlier", n=len(items) - 6))
        self.update(body)
