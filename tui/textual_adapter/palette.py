"""The command palette's "No matches found" in the interface language."""

from __future__ import annotations

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette
from textual.widgets.option_list import Option

from store.core.i18n import tr


class TranslatedCommandPalette(CommandPalette):
    """`CommandPalette` whose "No matches found" is in the interface language."""

    def _start_no_matches_countdown(self, search_value: str) -> None:
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:  # as Textual's, with the line translated
            if search_value:
                self.query_one(CommandList).add_option(Option(
                    Align.center(Text(tr("No matches found"), style="not bold")),
                    disabled=True, id=self._NO_MATCHES))
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)
