"""Updates (template 4 进度跟踪表): the daily progress entries, newest first, with the
help flags (【需协助】) highlighted; on top who still has to update today (before 17:00)
and under the table the highlighted entry in full."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import DataTable, Static

from store.core.counts import listing
from store.core.i18n import tr, trn
from store.core.punctuation import labelled
from store.people.members import display_name

from ...widgets.keyed_table import Col, KeyedTable
from ...widgets.labels import text, themed
from .base import ProjectTab, ink, one_line, when
from store.projects.outlook import ProjectView

SHOWN = 200  # the newest entries; older ones stay in the store and the export

COLUMNS = (
    Col("id", "ID", 7),
    Col("at", "Time", 13),
    Col("task", "Task", 6),
    Col("owner", "Owner", 10),
    Col("percent", "%", 4),
    Col("done", "Done", None, min_flex=12),
    Col("problems", "Problems", 18, min_width=96),
    Col("help", "Needs help", 22, min_width=70),
)


class UpdatesTab(ProjectTab):
    NAME = "updates"
    LABEL = "Updates"

    def compose(self) -> ComposeResult:
        yield Static(id="updates-info", classes="tab-info")
        yield KeyedTable(COLUMNS, id="updates")
        yield Static(id="update-detail", classes="tab-detail")

    @property
    def table(self) -> KeyedTable:
        return self.query_one("#updates", KeyedTable)

    def focus_target(self) -> Widget | None:
        return self.table

    def selected_task_id(self) -> str | None:
        entry = self.selected_entry()
        return entry["task"] if entry else None

    def selected_entry(self) -> dict | None:
        key = self.table.selected_key
        view = self.view
        return next((e for e in view.entries if e["id"] == key), None) if view and key else None

    def show(self, view: ProjectView) -> None:
        super().show(view)
        ws = self.app.ws  # type: ignore[attr-defined]
        info = Text()
        today = view.today.isoformat()
        count = sum(1 for e in view.entries if e["day"] == today)
        info.append(trn("Today: {n} update", "Today: {n} updates", count, n=count), style="bold")
        helps = sum(1 for e in view.entries if e["day"] == today and e["help_from"])
        if helps:
            info.append("  ·  ")
            info.append(tr("【需协助】 {n}", n=helps), style=ink(self, "text-warning", bold=True))
        if view.deadline is not None and view.missing:
            late = view.now >= view.deadline
            names = sorted({display_name(ws, m["owner"]) for m in view.missing})
            info.append("  ·  ")
            values = {"time": when(ws, view.deadline.isoformat())[-5:],
                      "names": listing(names)}
            info.append(tr("not updated by {time}: {names}", **values) if late else
                        tr("to update by {time}: {names}", **values),
                        style=ink(self, "text-error" if late else "text-warning", bold=late))
        if len(view.entries) > SHOWN:
            info.append("  ·  " + tr("showing the newest {n} of {total}", n=SHOWN,
                                     total=len(view.entries)))
        self.query_one("#updates-info", Static).update(info)
        self.table.show([(e["id"], self.cells(e)) for e in view.entries[:SHOWN]])
        self.show_detail()

    def cells(self, e: dict) -> dict:
        ws = self.app.ws  # type: ignore[attr-defined]
        helper = e.get("help_from")
        return {
            "id": text(e["id"]),
            "at": themed(self.app, when(ws, e["at"])[5:] + " !", "text-warning", bold=True)
            if e.get("late") else text(when(ws, e["at"])[5:]),
            "task": themed(self.app, e["task"], "text-warning", bold=True) if helper
            else text(e["task"]),
            "owner": text(display_name(ws, e["owner"])),
            "percent": text(f"{e['percent']}%"),
            "done": text(one_line(e.get("done"))),
            "problems": text(one_line(e.get("problems"))),
            "help": themed(self.app, f"【需协助】{display_name(ws, helper)}", "text-warning",
                           bold=True) if helper else text(""),
        }

    @on(DataTable.RowHighlighted, "#updates")
    def highlighted(self) -> None:
        self.show_detail()

    def show_detail(self) -> None:
        entry = self.selected_entry()
        out = Text()
        if entry is not None:
            ws = self.app.ws  # type: ignore[attr-defined]
            out.append(f"{entry['task']}  {when(ws, entry['at'])}  ", style="bold")
            out.append(f"{display_name(ws, entry['owner'])}  {entry['percent']} %")
            if entry["by"] != entry["owner"]:
                out.append("  " + tr("(recorded by {login})", login=display_name(ws, entry["by"])))
            if entry.get("late"):
                out.append("  " + tr("Late update (due {at})", at=when(ws, entry["late_for"])),
                           style=ink(self, "text-warning", bold=True))
            for key, label in (("done", "Done"), ("problems", "Problems"),
                               ("next_step", "Next step")):
                if entry.get(key):
                    out.append("\n" + labelled(tr(label)), style="bold")
                    out.append(one_line(entry[key]))
            if entry.get("help_from"):
                out.append(f"\n【需协助】 {display_name(ws, entry['help_from'])}",
                           style=ink(self, "text-warning", bold=True))
        self.query_one("#update-detail", Static).update(out)
