"""Widgets of the standup screen: its top line with the countdown timebox, and the minutes
being captured."""

from __future__ import annotations

from datetime import datetime, timedelta

from rich.style import Style
from rich.text import Text
from textual.widget import Widget
from textual.widgets import Static

from store.core.clock import local_text
from store.core.counts import listing
from store.core.i18n import tr, trn
from store.people.members import display_name
from store.meetings.standup import status_label


def mmss(seconds: float) -> str:
    seconds = int(max(0, seconds))
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


class StandupBar(Widget):
    """The standup's top: the day, how many updated and the deadline (`title`, cut with …
    when narrow) and, at the right, a visible countdown from the meeting's start (time from
    the workspace clock); under them, when there is one, the note of who has not updated
    (`note`, wrapped). One widget for all three: each opening builds three fewer.

    Not started: the length; running: what is left; over: by how much, in the error colour,
    and the bell rings once. The note: who is still to update, in the warning colour, or,
    once the deadline has passed, who did not, on the error colour.
    """

    COMPONENT_CLASSES = {"standup-bar--clock", "standup-bar--running", "standup-bar--over",
                         "standup-bar--pending", "standup-bar--missing"}
    DEFAULT_CSS = """
    StandupBar {
        height: auto;
        margin: 0 1;
        text-wrap: nowrap;  /* its lines are cut to the width already: as many as it counts */
        text-overflow: clip;
        & > .standup-bar--clock { text-style: bold; background: $primary 30%; }
        & > .standup-bar--running { text-style: bold; background: $success 30%; }
        & > .standup-bar--over {
            text-style: bold; background: $error 40%; color: $text-error;
        }
        & > .standup-bar--pending { color: $text-warning; }
        & > .standup-bar--missing {
            text-style: bold; background: $error 25%; color: $text-error;
        }
    }
    """

    def __init__(self, minutes: int = 15, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.minutes = minutes
        self.started_at: datetime | None = None
        self.title = ""
        self.note = ("", "")  # who has not updated, and "pending" or "missing"
        self.clock = ("", "clock")  # what the timebox shows, and its state's component class
        self._rang = False

    def on_mount(self) -> None:
        self.tick()
        self.set_interval(1.0, self.tick)

    @property
    def ws(self):
        return self.app.ws  # type: ignore[attr-defined]

    def show_title(self, title: str) -> None:
        if title != self.title:
            self.title = title
            self.refresh()

    def show_note(self, text: str, kind: str = "pending") -> None:
        """The line(s) under the title: `text` ("" for none) as "pending" or "missing"."""
        note = (text, kind if text else "")
        if note != self.note:
            self.note = note
            self.refresh(layout=True)

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
            clock = (tr("⏱ {time} timebox (s starts)", time=mmss(self.minutes * 60)), "clock")
        elif left > 0:
            clock = (tr("⏱ {time} left", time=mmss(left)), "running")
        else:
            clock = (tr("⏱ over by {time}", time=mmss(-left)), "over")
            if not self._rang:
                self._rang = True
                self.app.bell()
        if clock != self.clock:
            self.clock = clock
            self.refresh()

    def get_content_height(self, container, viewport, width: int) -> int:
        return 1 + len(self._note_lines(width))

    def render(self) -> Text:
        """The title and the timebox as the last tick left them (text and colour together),
        then the note."""
        width = self.size.width
        shown, state = self.clock
        clock = Text(f" {shown} ", style=self.get_component_rich_style(f"standup-bar--{state}"),
                     no_wrap=True)
        room = width - clock.cell_len  # (Rich's truncate to 0 keeps the text: no title then)
        title = Text(self.title if room > 0 else "", style="bold", no_wrap=True)
        title.truncate(max(0, room), overflow="ellipsis", pad=True)
        top = Text.assemble(title, clock)
        top.truncate(width)  # narrower than the timebox: the timebox is cut
        lines = [top, *self._note_lines(width)]
        return Text("\n", no_wrap=True).join(lines)

    def _note_lines(self, width: int) -> list[Text]:
        """The note wrapped to the width, a cell of padding each side, in its colours."""
        text, kind = self.note
        if not text or width < 3:
            return []
        style = self.get_component_rich_style(f"standup-bar--{kind}")
        lines = []
        for line in Text(text).wrap(self.app.console, width - 2):
            line.rstrip()
            padded = Text.assemble(" ", line, style=style)
            padded.truncate(width, pad=True)
            lines.append(padded)
        return lines


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
            head += tr("not saved yet: {items} (c closes the meeting and saves)",
                       items=listing([
                           trn("{n} decision", "{n} decisions", count["decision"]),
                           trn("{n} risk", "{n} risks", count["risk"]),
                           trn("{n} action", "{n} actions", count["action"])]))
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


# -- the member shown (plain Text: names, titles and updates are user data) -----
def member_head_text(view: dict, online: bool, position: int, total: int,
                     muted: str = "") -> Text:
    """The member shown: name, department, logged in or not, update status, place in the
    walk; under it, in the `muted` colour, what they did since the last working day."""
    line = Text()
    line.append(f"{view['name']} ({view['login']})", style="bold")
    if view["dept"]:
        line.append(f" · {view['dept']}")
    line.append(" · " + (tr("logged in now") if online else tr("not logged in")) + " · ")
    line.append(status_label(view["status"]), style="bold" if view["status"] == "missing" else "")
    line.append(f"  [{position}/{total}]\n")
    changes = changes_text(view)
    changes.stylize(Style(color=muted or None))
    return line.append_text(changes)


def task_detail_text(ws, row: dict | None) -> Text:
    """One task: yesterday's and today's update, the next step, problems, the help flag."""
    if row is None:
        return Text(tr("No open tasks to update today."))
    body = Text()
    body.append(f"{row['id']} {row['title']}", style="bold")
    # on a line of its own: after a long title it would wrap mid-way ("已完成" / "20%")
    body.append("\n" + tr("{project} · due {due} · {pct}% done", project=row["project_name"],
                            due=row["due"], pct=row["progress"]))
    y, t = row["yesterday"], row["today"]
    if y:
        body.append("\n" + tr("Yesterday ({when}): {pct}% — {done}",
                              when=local_text(y["at"], ws.tz), pct=y["percent"],
                              done=y["done"] or "—"))
    else:
        body.append("\n" + tr("Yesterday: no update"))
    if t:
        on_time = tr("before the deadline") if row["on_time"] else tr("after the deadline")
        body.append("\n" + tr("Today ({time}, {on_time}): {pct}% — {done}",
                              time=local_text(t["at"], ws.tz, with_date=False),
                              on_time=on_time, pct=t["percent"], done=t["done"] or "—"))
    else:
        body.append("\n" + tr("Today: not updated yet"))
    if row["plan"]:
        body.append("\n" + tr("Next step: {text}", text=row["plan"]))
    if row["problems"]:
        body.append("\n" + tr("Problems: {text}", text=row["problems"]))
    if row["help_from"]:
        body.append("\n【需协助】 " + tr("Needs help from {name}",
                                     name=display_name(ws, row["help_from"])), style="bold")
    return body


def changes_text(view: dict) -> Text:
    """What the member reported and changed since the last working day."""
    if not view["changed"] and not view["reported"]:
        return Text(tr("Since the last working day: no changes or updates recorded."),
                    style="dim")
    parts = [f"{e['task']} {e['percent']}%" for e in view["reported"]]
    parts += [f"{c['action']} {c['target'] or ''}".strip() for c in view["changed"]]
    return Text(tr("Since the last working day: {items}", items="; ".join(parts[-8:])))
