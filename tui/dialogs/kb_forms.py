"""Knowledge-base forms: a new page or a new version, the tags, and the version picker."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Select, TextArea
from textual.widgets.option_list import Option

from store.kb import entries as kb
from store.core.clock import local_text
from store.core.i18n import tr
from store.people.members import display_name

from .form import FormDialog, split_list


class KbEntryForm(FormDialog[dict]):
    """`KbEntryForm()` adds a page; `KbEntryForm(entry)` saves a new version. Returns the entry."""

    AUTO_FOCUS = "#field-title"

    FIELD_ALIASES = {"file": "body"}

    def __init__(self, entry: dict | None = None) -> None:
        super().__init__()
        self.original = entry

    def form_title(self) -> str:
        if self.original is None:
            return tr("New knowledge-base page")
        return tr("New version of K{id}", id=self.original["id"])

    def compose_fields(self) -> ComposeResult:
        e = self.original or {}
        yield self.row("title", "Title", Input(e.get("title", ""), compact=True))
        if self.original is None:
            kinds = [(tr(kb.KIND_LABELS[k]), k) for k in kb.KINDS]
            yield self.row("kind", "Kind", Select(kinds, value="page", allow_blank=False,
                                                  compact=True))
        yield self.row("tags", "Tags", Input(", ".join(e.get("tags", [])), compact=True),
                       "Separated by commas")
        body = TextArea(e.get("body", ""), soft_wrap=True, compact=True)
        yield self.row("body", "Body", body, "Markdown; the old versions are kept")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#field-body", TextArea).styles.height = 12

    def submit(self) -> dict:
        tags = split_list(self.text("tags"))
        if self.original is None:
            return kb.add_entry(self.ws, self.text("title"), self.text("kind"),
                                self.text("body"), tags=tags)
        entry = self.original
        body, title = self.text("body").strip(), self.text("title").strip()
        if body != entry["body"] or title != entry["title"]:
            entry = kb.save_version(self.ws, entry["id"], self.text("body"),
                                    title=self.text("title"))
        if tags != entry.get("tags", []):
            entry = kb.set_tags(self.ws, entry["id"], tags)
        return entry


class KbTagsForm(FormDialog[dict]):
    """Replace an entry's tags. Returns the entry."""

    AUTO_FOCUS = "#field-tags"

    TITLE = "Tags"

    def __init__(self, entry: dict) -> None:
        super().__init__()
        self.entry = entry

    def form_title(self) -> str:
        return tr("Tags of K{id}", id=self.entry["id"])

    def compose_fields(self) -> ComposeResult:
        yield self.row("tags", "Tags", Input(", ".join(self.entry.get("tags", [])), compact=True),
                       "Separated by commas")

    def submit(self) -> dict:
        return kb.set_tags(self.ws, self.entry["id"], split_list(self.text("tags")))


class KbVersionsDialog(ModalScreen[int | None]):
    """Pick a version of an entry to preview; returns its number (None: cancelled)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="kb_versions.cancel")]

    def __init__(self, entry: dict) -> None:
        super().__init__()
        self.entry = entry

    def compose(self) -> ComposeResult:
        ws = self.app.ws  # type: ignore[attr-defined]
        options = []
        for n, version in reversed(list(enumerate(self.entry["versions"], 1))):
            label = Text(f"{tr('Version')} {n}  ·  {local_text(version['at'], ws.tz)}  ·  "
                         f"{display_name(ws, version['by'])}")
            if version.get("title"):
                label.append("  ·  ")
                label.append(version["title"])
            options.append(Option(label, id=str(n)))
        with Vertical(classes="dialog"):
            yield Label(Text(tr("Versions of K{id}", id=self.entry["id"])), classes="dialog-title")
            yield OptionList(*options, id="kb-versions")
            yield Label(Text(tr("Enter previews · Escape cancels")), classes="dialog-hint")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(int(event.option.id or 0) or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
