"""Help for the current screen: its keys, read from the bindings themselves.

Lists every binding active on the screen it was opened from (the focused
widget's, the screen's and the app's), with the key as the app displays it
and the translated description. Textual's own hidden navigation bindings are
left out; ours (they all have an `id`) are listed even when hidden from the
Footer.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, Static

from store.core.i18n import tr

from ..areas import AREAS


def help_rows(screen: Screen) -> list[tuple[str, str, str, str]]:
    """(group, key, description, tooltip) for the keys of `screen`, screen keys first."""
    app = screen.app
    rows: list[tuple[int, str, str, str, str]] = []
    seen: set[tuple[str, str]] = set()
    for active in screen.active_bindings.values():
        binding: Binding = active.binding
        if binding.system or not binding.description:
            continue
        if not (binding.id or binding.show):
            continue
        if binding.id and binding.id.startswith("app.area."):
            # The Footer shows the areas as one "F2–F8 Areas" entry; help names each area.
            binding = Binding(binding.key, binding.action, _area_label(binding.id),
                              id=binding.id)
        key = app.get_key_display(binding)
        if (key, binding.action) in seen:
            continue
        seen.add((key, binding.action))
        everywhere = isinstance(active.node, App)
        group = tr("Everywhere") if everywhere else tr("This screen")
        rows.append((1 if everywhere else 0, group, key, tr(binding.description),
                     tr(binding.tooltip) if binding.tooltip else ""))
    rows.sort(key=lambda r: r[0])  # stable: keeps the bindings' own order within a group
    return [row[1:] for row in rows]


def _area_label(binding_id: str) -> str:
    mode = binding_id.removeprefix("app.area.")
    return next((a.label for a in AREAS if a.mode == mode), mode)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,question_mark,f1", "close", "Close", id="help.close"),
    ]

    def __init__(self, target: Screen) -> None:
        super().__init__()
        self.target = target
        # Read now, while `target` is still the active screen (check_action sees it as such).
        self.rows = help_rows(target)

    def compose(self) -> ComposeResult:
        title = tr(getattr(self.target, "TITLE", "") or "Huddle")
        table = Table(box=None, show_header=False, expand=True, pad_edge=False)
        table.add_column(no_wrap=True, style="bold")
        table.add_column(no_wrap=True)
        table.add_column(ratio=1)
        group_shown = ""
        for group, key, description, tooltip in self.rows:
            if group != group_shown:
                if group_shown:
                    table.add_row("", "", "")
                table.add_row(Text(group, style="underline"), "", "")
                group_shown = group
            table.add_row(Text(key), Text(description), Text(tooltip, style="dim"))
        with Vertical(id="help-dialog", classes="dialog"):
            yield Label(Text(tr("Keys: {screen}", screen=title)), classes="dialog-title")
            with VerticalScroll():
                yield Static(table, id="help-keys")
            yield Label(Text(tr("Escape closes this help.")), classes="dialog-hint")

    def action_close(self) -> None:
        self.dismiss(None)
