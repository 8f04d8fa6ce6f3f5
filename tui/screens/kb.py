"""Knowledge base (F7, 知识库): search as you type, preview, open the source.

The search box matches every word against title, tags and body (a Chinese
phrase inside a body is found); results are best first. The highlighted entry
is previewed with Textual's Markdown widget. Links in a body are never opened:
a link to another entry (`K12` or `kb:12`) previews it, any other link is only
shown in a notification, so a page cannot make the app open a URL or a file.

Keys: `/` search, `o` open the source project or incident, `a` new page,
`e` new version, `t` tags, `v` older versions, `c` routine sync and customer
requests (`CustomersScreen`).
"""

from __future__ import annotations

import re

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Input, Label, Markdown, Static

from store.kb import entries as kb
from store.core.clock import local_text
from store.core.errors import StoreError
from store.core.i18n import tr
from store.people.members import display_name
from store.people.team_language import without_search_terms
from store.projects.project import get_project
from store import topics

from ..dialogs.kb_forms import KbEntryForm, KbTagsForm, KbVersionsDialog
from ..textual_adapter import CompactMarkdown
from ..widgets.keyed_table import Col, KeyedTable
from ..widgets.labels import text
from .base import HuddleScreen, touches
from .customers import CustomersScreen
from .project_detail import ProjectDetailScreen

COLUMNS = (
    Col("id", "ID", 4),
    Col("kind", "Kind", 10, min_width=70),
    Col("title", "Title", None, min_flex=14),
    Col("updated", "Updated", 10, min_width=90),
)
_ENTRY_LINK = re.compile(r"^(?:kb:|K|#K?)(\d+)$", re.IGNORECASE)


class KbTable(KeyedTable):
    BINDINGS = [Binding("enter", "select_cursor", "Read", show=False, id="kb.read")]


class KnowledgeScreen(HuddleScreen):
    TITLE = "Knowledge base"
    CSS_PATH = "onboarding.tcss"
    AUTO_FOCUS = "#kb-search"
    BINDINGS = [
        Binding("slash", "focus_search", "Search", id="kb.search"),
        Binding("o", "open_source", "Open source", id="kb.source"),
        Binding("a", "add", "New page", id="kb.add"),
        Binding("e", "edit", "New version", id="kb.edit"),
        Binding("t", "tags", "Tags", id="kb.tags"),
        Binding("v", "versions", "Versions", id="kb.versions"),
        Binding("c", "customers", "Routine & customers", id="kb.customers"),
        Binding("down", "focus_results", "To the results", show=False, id="kb.to_results"),
        Binding("escape", "clear_search", "Clear search", show=False, id="kb.clear"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.results: dict[str, dict] = {}
        self.searched = ""                           # the query the results answer
        self.shown: tuple | None = None              # (entry id, version, body) in the preview
        self.version: int | None = None              # an older version picked with `v`

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="kb-bar"):
            yield Label(Text(tr("Search")), id="kb-search-label")
            yield Input(placeholder=tr("title, tag or words from the text"), id="kb-search",
                        compact=True)
            yield Label(id="kb-count")
        with Horizontal(id="kb-main"):
            yield KbTable(COLUMNS, id="kb-results")
            with Vertical(id="kb-pane"):
                yield Static(id="kb-meta")
                with VerticalScroll(id="kb-scroll"):
                    yield CompactMarkdown(id="kb-preview", open_links=False)

    @property
    def table(self) -> KbTable:
        return self.query_one("#kb-results", KbTable)

    def on_mount(self) -> None:
        self.safely(self.search)

    # -- data ------------------------------------------------------------
    def refresh_data(self, changed: set[str]) -> None:
        if touches(changed, "kb", topics.PEOPLE):
            self.search()

    def search(self) -> None:
        query = self.query_one("#kb-search", Input).value
        found = kb.search(self.ws, query, snippets=False)  # the preview's own, when shown
        self.searched = query
        self.results = {f"K{e['id']}": e for e in found}
        self.table.show([(key, self.cells(e)) for key, e in self.results.items()])
        self.query_one("#kb-count", Label).update(Text(tr("{n} found", n=len(found))))
        self.preview()
        self.refresh_bindings()

    def cells(self, e: dict) -> dict:
        return {"id": text(f"K{e['id']}"), "kind": text(tr(kb.KIND_LABELS[e["kind"]])),
                "title": text(e["title"]), "updated": text(e["updated_at"][:10])}

    def selected(self) -> dict | None:
        key = self.table.selected_key
        return self.results.get(key) if key else None

    def preview(self) -> None:
        entry = self.selected()
        if entry is None:
            self.shown = None
            self.query_one("#kb-meta", Static).update(Text(tr("Nothing found.")))
            self.query_one("#kb-preview", Markdown).update("")
            return
        number = self.version or entry["version"]
        version = kb.get_version(entry, number)
        meta = Text(no_wrap=False)
        meta.append(version.get("title") or entry["title"], style="bold")
        meta.append(f"\n{tr(kb.KIND_LABELS[entry['kind']])}")
        if entry.get("tags"):
            meta.append("  ·  # ")
            meta.append(", ".join(entry["tags"]))
        if entry.get("source"):
            meta.append(f"  ·  {tr('Source')}: {kb.source_label(entry['source'])}")
        meta.append(f"\n{tr('Version')} {number}/{entry['version']}  ·  "
                    f"{local_text(version['at'], self.ws.tz)}  ·  "
                    f"{display_name(self.ws, version['by'])}")
        if "body" in entry.get("match", []):
            meta.append("\n")
            meta.append(kb.query_snippet(entry, self.searched), style="italic")
        self.query_one("#kb-meta", Static).update(meta)
        if self.shown != (entry["id"], number, version["body"]):
            self.shown = (entry["id"], number, version["body"])
            body = without_search_terms(version["body"])  # they are for the search
            self.query_one("#kb-preview", Markdown).update(body)

    @on(Input.Changed, "#kb-search")
    def search_changed(self) -> None:
        self.version = None
        self.safely(self.search)

    @on(Input.Submitted, "#kb-search")
    def search_submitted(self) -> None:
        self.table.focus()

    @on(DataTable.RowHighlighted, "#kb-results")
    def highlighted(self) -> None:
        entry = self.selected()
        if entry is not None and (self.shown or (None,))[0] != entry["id"]:
            self.version = None
        self.preview()

    @on(DataTable.RowSelected, "#kb-results")
    def row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.query_one("#kb-scroll").focus()

    @on(Markdown.LinkClicked)
    def link_clicked(self, event: Markdown.LinkClicked) -> None:
        """Never open a URL from a page: entry links preview, anything else is only shown."""
        event.stop()
        event.prevent_default()
        match = _ENTRY_LINK.match(event.href.strip())
        if match:
            self.show_entry(int(match.group(1)))
            return
        self.notify(tr("Links are not opened from the knowledge base: {href}",
                       href=event.href[:200]), markup=False)

    def show_entry(self, number: int) -> None:
        """Preview entry `number`, clearing the search if it hides it."""
        key = f"K{number}"
        if key not in self.results:
            self.query_one("#kb-search", Input).value = ""
            self.search()
        if key in self.results:
            self.table.select_key(key)
            self.version = None
            self.preview()
        else:
            self.notify(tr("No knowledge-base entry with id {id}", id=number), severity="warning",
                        markup=False)

    # -- keys ------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not self.is_mounted:
            return True
        search = self.query_one("#kb-search", Input)
        typing = self.focused is search
        if action in ("open_source", "edit", "tags", "versions", "add", "customers"):
            if typing:
                return False  # letters go into the search box
            entry = self.selected()
            if action == "open_source":
                return bool(entry and entry.get("source")) or None  # greyed out: why_not
            if action == "versions":
                return bool(entry and entry["version"] > 1) or None
            return entry is not None or action in ("add", "customers") or None
        if action == "focus_results":
            return typing
        if action == "clear_search":
            return bool(search.value) or typing
        return True

    def why_not(self, action: str, parameters: tuple[object, ...]) -> str | None:
        entry = self.selected()
        if entry is None:
            return tr("no entry is highlighted")
        if action == "open_source":
            return tr("this page was not generated from an incident or a project")
        if action == "versions":
            return tr("this page has only one version")
        return None

    def action_focus_search(self) -> None:
        self.query_one("#kb-search", Input).focus()

    def action_focus_results(self) -> None:
        self.table.focus()

    def action_clear_search(self) -> None:
        self.query_one("#kb-search", Input).value = ""
        self.table.focus()

    def action_add(self) -> None:
        self.app.push_screen(KbEntryForm(), self._saved)

    def action_edit(self) -> None:
        entry = self.selected()
        if entry is not None:
            self.app.push_screen(KbEntryForm(kb.get_entry(self.ws, entry["id"])), self._saved)

    def action_tags(self) -> None:
        entry = self.selected()
        if entry is not None:
            self.app.push_screen(KbTagsForm(entry), self._saved)

    def _saved(self, entry: dict | None) -> None:
        if entry is None:
            return
        self.show_entry(entry["id"])
        self.notify(tr("Saved K{id}, version {n}", id=entry["id"], n=entry["version"]),
                    markup=False)

    def action_versions(self) -> None:
        entry = self.selected()
        if entry is not None:
            self.app.push_screen(KbVersionsDialog(entry), self._version_picked)

    def _version_picked(self, number: int | None) -> None:
        if number is not None:
            self.version = number
            self.preview()

    def action_customers(self) -> None:
        self.app.push_screen(CustomersScreen())

    # -- the source ------------------------------------------------------
    def action_open_source(self) -> None:
        entry = self.selected()
        source = (entry or {}).get("source") or {}
        if source.get("kind") == "incident":
            self.open_incident(source.get("id"))
        elif source.get("kind") == "project" or source.get("project") is not None:
            self.open_project(source["id"] if source.get("kind") == "project"
                              else source["project"])
        elif source:
            self.notify(tr("The source ({source}) has no screen to open",
                           source=kb.source_label(source)), markup=False)

    def open_project(self, project_id: object) -> None:
        try:
            project = get_project(self.ws, project_id)  # type: ignore[arg-type]
        except StoreError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.app.push_screen(ProjectDetailScreen(project["id"]))

    def open_incident(self, incident_id: object) -> None:
        """The incident screen when it exists; else the war room; else say so."""
        try:
            from store.warroom.incidents import get_incident, parse_incident_id

            from .incident import IncidentScreen
        except ImportError:
            if "warroom" in self.app.MODES:  # type: ignore[attr-defined]
                self.app.switch_mode("warroom")
                self.notify(tr("Incident {id}: find it in the war room", id=incident_id),
                            markup=False)
            else:
                self.notify(tr("The war room is not available"), severity="warning")
            return
        try:
            number = parse_incident_id(incident_id)
            get_incident(self.ws, number)
        except StoreError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.app.push_screen(IncidentScreen(number))
