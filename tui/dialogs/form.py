"""A small helper for modal forms: labelled field rows with an error line each.

Subclass `FormDialog[T]`, set `TITLE`, yield rows from `compose_fields()` with
`self.row(name, label, widget)`, and implement `submit() -> T`, which calls
the store and returns the result. Saving (ctrl+s, the Save button, or Enter
in a one-line input) runs `submit()`:

- `InvalidValue` → its message goes in the Label under the field named by
  `exc.field` (mapped through `FIELD_ALIASES`), and that field gets focus;
- any other `StoreError` (permission, not found, …) → the form's own error
  line;
- success → `dismiss(result)`. Escape (or Cancel) → `dismiss(None)`, after asking
  first when a field differs from what the form opened with (`changed()`).

A dropdown selects as you type (a letter opens it at the first match; Enter picks).
Every field is one line high (`compact`, whatever the form asked for), a checkbox
takes the row's width (its box is never cut), and a form taller than the screen says
so under its fields ("More fields below") until the last one is in view.

The store validates before it writes, so nothing is written when it refuses.
Widgets get the id `field-<name>`, their error Label `error-<name>`.
"""

from __future__ import annotations

import re
from typing import Generic, TypeVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, OptionList, Select, TextArea

from store.core.errors import InvalidValue, StoreError
from store.core.i18n import tr

T = TypeVar("T")
_LIST_SEPARATORS = re.compile(r"[,，、;；]")
_FIELD_ID = re.compile(r"[A-Za-z_][\w-]*")


def split_list(value: str) -> list[str]:
    """"a, b，c" → ["a", "b", "c"] (ASCII and full-width separators from a Chinese IME)."""
    return [part.strip() for part in _LIST_SEPARATORS.split(value) if part.strip()]


class FieldRow(Vertical):
    """A label, the input widget, and an error Label under it (hidden while empty)."""

    DEFAULT_CSS = """
    FieldRow { height: auto; margin-bottom: 1; }
    FieldRow > .field-line { height: auto; }
    FieldRow .field-label { width: 16; padding: 0 1 0 0; }
    FieldRow .field-line > Input, FieldRow .field-line > Select,
    FieldRow .field-line > TextArea, FieldRow .field-line > Checkbox { width: 1fr; }
    FieldRow .field-line > TextArea { height: 4; }
    FieldRow > .field-error { display: none; padding-left: 16; width: 1fr; }
    FieldRow.-invalid > .field-error { display: block; }
    FieldRow > .field-hint { padding-left: 16; width: 1fr; }
    """

    def __init__(self, name: str, label: str, widget: Widget, hint: str = "") -> None:
        super().__init__(id=f"row-{name}", classes="field-row")
        self.field_name = name
        self.label = label
        self.widget = widget
        self.hint = hint
        widget.id = f"field-{name}"
        if hasattr(widget, "compact"):
            widget.compact = True  # one input height in every form

    def compose(self) -> ComposeResult:
        with Horizontal(classes="field-line"):
            yield Label(Text(self.label), classes="field-label")
            yield self.widget
        if self.hint:
            yield Label(Text(self.hint), classes="field-hint")
        yield Label(id=f"error-{self.field_name}", classes="field-error")

    def set_error(self, message: str) -> None:
        self.query_one(f"#error-{self.field_name}", Label).update(Text(message))
        self.set_class(bool(message), "-invalid")


class FormDialog(ModalScreen[T | None], Generic[T]):
    TITLE = "Form"
    AUTO_FOCUS = ".field-line > *"
    FIELD_ALIASES: dict[str, str] = {}
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
        Binding("ctrl+s", "save", "Save", priority=True, id="form.save"),
        # Before the keys after them are handed on: Textual passes keys to the focused field
        # as they arrive, so keys typed in one burst with Tab (fast typing, a paste, a
        # password manager) went to the field Tab was leaving.
        Binding("tab", "app.focus_next", "Next field", show=False, priority=True,
                id="form.next_field"),
        Binding("shift+tab", "app.focus_previous", "Previous field", show=False, priority=True,
                id="form.previous_field"),
    ]

    # -- for subclasses --------------------------------------------------
    def compose_fields(self) -> ComposeResult:
        yield from ()

    def submit(self) -> T:
        raise NotImplementedError

    def form_title(self) -> str:
        return tr(self.TITLE)

    def row(self, name: str, label: str, widget: Widget, hint: str = "") -> FieldRow:
        """A field row; `label` and `hint` are English message ids."""
        return FieldRow(name, tr(label), widget, tr(hint) if hint else "")

    @property
    def ws(self):
        return self.app.ws  # type: ignore[attr-defined]

    # -- values ----------------------------------------------------------
    def value(self, name: str) -> object:
        """The field's value: str for Input/TextArea/Select ("" when blank), bool for Checkbox."""
        widget = self.query_one(f"#field-{name}")
        if isinstance(widget, Checkbox):
            return widget.value
        if isinstance(widget, Select):
            return "" if widget.is_blank() else widget.value
        if isinstance(widget, TextArea):
            return widget.text
        if isinstance(widget, Input):
            return widget.value
        raise TypeError(f"no value for {type(widget).__name__}")

    def text(self, name: str) -> str:
        return str(self.value(name) or "")

    # -- errors ----------------------------------------------------------
    def clear_errors(self) -> None:
        for row in self.query(FieldRow):
            row.set_error("")
        self.query_one("#form-error", Label).update("")
        self.query_one("#form-error", Label).display = False

    def show_error(self, field: str | None, message: str) -> None:
        name = self.FIELD_ALIASES.get(field, field) if field else None
        # a field the store names that is not one of this form's (e.g. "steps[3]"): the
        # message goes on the form's own line (and a name like that is no CSS id to query)
        rows = self.query(f"#row-{name}") if name and _FIELD_ID.fullmatch(name) else []
        if rows:
            row = rows.first(FieldRow)
            row.set_error(message)
            row.widget.focus()
            row.scroll_visible()
        else:
            label = self.query_one("#form-error", Label)
            label.update(Text(message))
            label.display = True

    # -- the frame -------------------------------------------------------
    def save_label(self) -> str:
        """The save button's text (a form that does one thing says what: "Publish")."""
        return tr("Save")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form-dialog"):
            yield Label(Text(self.form_title()), classes="dialog-title")
            fields = VerticalScroll(classes="form-fields")
            fields.can_focus = False  # Tab goes field to field
            with fields:
                yield from self.compose_fields()
            yield Label(Text(tr("↓ More fields below (Tab or scroll)")), id="form-more",
                        classes="form-more")
            yield Label(id="form-error", classes="form-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.save_label(), id="form-save", variant="primary",
                             compact=True)
                yield Button(tr("Cancel"), id="form-cancel", compact=True)
            yield Label(Text(tr("ctrl+s saves · Escape cancels")), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#form-error", Label).display = False
        for select in self.query(Select):
            if select.prompt == "Select":  # Textual's own English default
                select.prompt = tr("Select")
        fields = self.query_one(".form-fields", VerticalScroll)
        self.watch(fields, "scroll_y", lambda _: self._show_more(), init=False)
        self.call_after_refresh(self._opened)

    def _opened(self) -> None:
        self._initial = self.field_values()
        self._show_more()

    def on_resize(self) -> None:
        self.call_after_refresh(self._show_more)

    def _show_more(self) -> None:
        """The hint under the fields while some are below the fold."""
        fields = self.query_one(".form-fields", VerticalScroll)
        self.query_one("#form-more", Label).display = \
            fields.max_scroll_y > 0 and fields.scroll_y < fields.max_scroll_y

    # -- changed? ---------------------------------------------------------
    _initial: dict[str, object] | None = None

    def field_values(self) -> dict[str, object]:
        values: dict[str, object] = {}
        for row in self.query(FieldRow):
            try:
                values[row.field_name] = self.value(row.field_name)
            except TypeError:  # a widget with no value of its own
                pass
        return values

    def changed(self) -> bool:
        """Whether a field differs from what the form opened with."""
        return self._initial is not None and self.field_values() != self._initial

    def action_save(self) -> None:
        self.clear_errors()
        try:
            result = self.submit()
        except InvalidValue as exc:
            self.show_error(exc.field, exc.message)
        except StoreError as exc:
            self.show_error(None, exc.message)
        else:
            self.dismiss(result)

    def action_cancel(self) -> None:
        if not self.changed():
            self.dismiss(None)
            return
        from .confirm import ConfirmDialog

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmDialog(tr("Discard what you changed in this form?"),
                                           yes="Discard", no="Keep editing"), answered)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "form-save":
            self.action_save()
        elif event.button.id == "form-cancel":
            self.action_cancel()

    def on_key(self, event: events.Key) -> None:
        """Type to select: a letter on a closed dropdown opens it at the first option that
        matches (Textual's list searches as you type; Enter picks)."""
        select = self.focused
        if isinstance(select, Select) and not select.expanded and event.is_printable \
                and event.character:
            event.stop()
            event.prevent_default()
            select.expanded = True
            select.query_one(OptionList).post_message(events.Key(event.key, event.character))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()
