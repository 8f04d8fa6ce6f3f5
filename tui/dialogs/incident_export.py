"""Preview an incident's Markdown forms and save one to a file.

1–4 pick the form (initial information form, resolution report, customer
notice, postmortem); ctrl+s writes it to the path in the input (default
`INC-3-report.md` in the current folder); Escape closes.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, TextArea

from store.warroom import reports
from store.core.errors import StoreError
from store.core.i18n import tr

FORM_LABELS = {"initial": "Initial information form", "report": "Resolution report",
               "notice": "Customer notice", "postmortem": "Postmortem"}


class ExportDialog(ModalScreen[str | None]):
    BINDINGS = [
        Binding("escape", "close", "Close", id="incident_export.close"),
        Binding("ctrl+s", "save", "Save", priority=True, id="incident_export.save"),
        *(Binding(str(i + 1), f"pick({form!r})", FORM_LABELS[form], id=f"incident_export.{form}")
          for i, form in enumerate(reports.EXPORT_FORMS)),
    ]

    def __init__(self, inc: dict, form: str = "initial") -> None:
        super().__init__()
        self.inc = inc
        self.form = form
        self.markdown = ""

    @property
    def ws(self):
        return self.app.ws  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form-dialog"):
            yield Label(classes="dialog-title", id="export-title")
            yield Label(Text("  ".join(f"{i + 1} {tr(FORM_LABELS[f])}"
                                       for i, f in enumerate(reports.EXPORT_FORMS))),
                        classes="dialog-hint")
            yield TextArea("", read_only=True, soft_wrap=True, id="export-text")
            with Horizontal(classes="dialog-buttons", id="export-save-line"):
                yield Label(Text(tr("Save to")), classes="field-label")
                yield Input(id="export-path")
            yield Label(id="export-error", classes="form-error")
            yield Label(Text(tr("ctrl+s saves · Escape closes")), classes="dialog-hint")

    def on_mount(self) -> None:
        self.action_pick(self.form)

    def action_pick(self, form: str) -> None:
        self.form = form
        error = self.query_one("#export-error", Label)
        try:
            self.markdown = reports.export(self.ws, self.inc["number"], form)
            error.update("")
        except StoreError as exc:
            self.markdown = ""
            error.update(Text(str(exc)))
        self.query_one("#export-title", Label).update(
            Text(f"{tr(FORM_LABELS[form])} · {self.inc['id']}"))
        self.query_one("#export-text", TextArea).load_text(self.markdown)
        self.query_one("#export-path", Input).value = f"{self.inc['id']}-{form}.md"

    def action_save(self) -> None:
        if not self.markdown:
            return
        path = Path(self.query_one("#export-path", Input).value.strip() or "export.md")
        try:
            path.expanduser().write_text(self.markdown, encoding="utf-8")
        except OSError as exc:
            self.query_one("#export-error", Label).update(
                Text(tr("Could not save {path}: {reason}", path=str(path), reason=exc.strerror)))
            return
        self.dismiss(str(path))

    def action_close(self) -> None:
        self.dismiss(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()
