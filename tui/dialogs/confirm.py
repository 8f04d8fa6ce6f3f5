"""A yes/no question in a modal: `ConfirmDialog(question)` dismisses with True or False."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label

from store.core.i18n import tr


class ConfirmDialog(ModalScreen[bool]):
    """`question` may contain user text: it is shown as plain text, never markup."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(self, question: str, *, yes: str = "Yes", no: str = "No",
                 title: str = "Please confirm") -> None:
        super().__init__()
        self.question = question
        self.labels = (tr(yes), tr(no))
        self.title_text = tr(title)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog confirm-dialog"):
            yield Label(Text(self.title_text), classes="dialog-title")
            yield Label(Text(self.question), id="confirm-question")
            with Horizontal(classes="dialog-buttons"):
                yield Button(Text(self.labels[0]), id="confirm-yes", variant="primary", compact=True)
                yield Button(Text(self.labels[1]), id="confirm-no", compact=True)

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "confirm-yes")
