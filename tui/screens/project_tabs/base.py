"""What every tab of the project screen shares.

A tab is a container with `show(view)`, which draws a `ProjectView` snapshot
(data.py). The screen asks the active tab for the task or the decision under
its cursor (`selected_task_id()`, `selected_decision(view)`) so that a key such
as `u` (update progress) or `y` (approve/reject) acts on what the user looks at.
Cells and lines are `rich.text.Text`, never markup; colours come from the theme.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.containers import Vertical
from textual.widget import Widget

from store.core.clock import local_text
from store.core.i18n import tr
from themes import theme_color
from store.people.members import display_name

from store.projects.outlook import KIND_LABELS, ProjectView, Waiting


class ProjectTab(Vertical):
    NAME = ""      # the tab's id part: tab-<NAME>
    LABEL = ""     # English message id of the tab's title
    SHORT = ""     # a shorter title for terminals under 110 columns (default: LABEL)

    DEFAULT_CSS = """
    ProjectTab { height: 1fr; }
    """

    def __init__(self) -> None:
        super().__init__(id=f"pane-{self.NAME}")
        self.view: ProjectView | None = None

    def on_mount(self) -> None:
        # mounted after the screen was drawn (Lazy): shown only if it is the chosen tab
        self.display = getattr(self.screen, "tab_name", self.NAME) == self.NAME

    def show(self, view: ProjectView) -> None:
        self.view = view

    def focus_target(self) -> Widget | None:
        """The widget that gets focus when the tab is opened."""
        return None

    def selected_task_id(self) -> str | None:
        return None

    def selected_decision(self, view: ProjectView) -> Waiting | None:
        return None


def ink(widget: Widget, variable: str, *, bold: bool = False) -> Style:
    """A Rich style coloured with a theme variable (e.g. "text-error")."""
    color = theme_color(widget.app, variable)
    return Style(color=color or None, bold=bold)


def when(ws, instant: str | None) -> str:
    return local_text(instant, ws.tz) if instant else ""


def one_line(value: object) -> str:
    return " ".join(str(value or "").split())


def section(out: Text, title: str, style: Style | str = "bold") -> None:
    if out.plain:
        out.append("\n\n")
    out.append(title, style=style)


def waiting_line(widget: Widget, ws, item: Waiting, *, names: bool) -> Text:
    """"Delay request 1-d1  1-2: 2024-10-15 → 2024-10-22 · due … · waits for …"."""
    line = Text()
    line.append(f"{tr(KIND_LABELS[item.kind])} {item.id}  ", style="bold")
    line.append(one_line(item.title))
    if item.due_at:
        line.append("  ·  " + tr("due {at}", at=when(ws, item.due_at)))
    if names and item.who:
        line.append("  ·  " + tr("waits for {names}",
                                 names=", ".join(display_name(ws, w) for w in item.who)))
    return line
