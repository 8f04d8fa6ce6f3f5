"""Open the app for the command line: `huddle [--workspace DIR] [--lang en|zh] [--as LOGIN]`."""

from __future__ import annotations


def run_app(session) -> None:
    """Open the session's workspace (errors surface as StoreError for the CLI) and run the app.

    The language: `--lang`, else the user's saved preference, else the locale's. The keys:
    Huddle's, remapped by the user's keymap.toml (tui/keymap.py)."""
    from .app import make_app  # textual is imported only when the app really opens
    from .keymap import keymap_path
    from .language import choose_language

    ws = session.open()
    app = make_app(ws, lang=choose_language(session.lang, ws), keymap_file=keymap_path())
    app.run()
