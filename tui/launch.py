"""Open the app for the command line: `huddle [--workspace DIR] [--lang en|zh] [--as LOGIN]`."""

from __future__ import annotations

from store.i18n import get_language


def run_app(session) -> None:
    """Open the session's workspace (errors surface as StoreError for the CLI) and run the app."""
    from .app import make_app  # textual is imported only when the app really opens

    ws = session.open()
    app = make_app(ws, lang=session.lang or get_language())
    app.run()
