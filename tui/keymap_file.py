"""Where the user's keymap lives (tui/keymap.py reads it): a module of its own, so that
`huddle` without a keymap file never imports the keymap's parser and binding tables."""

from __future__ import annotations

import os
from pathlib import Path

KEYMAP_ENV = "HUDDLE_KEYMAP"


def keymap_path() -> Path:
    """$HUDDLE_KEYMAP, else keymap.toml in the user's config folder."""
    if os.environ.get(KEYMAP_ENV):
        return Path(os.environ[KEYMAP_ENV]).expanduser()
    from platformdirs import user_config_dir  # lazy: start-up time
    return Path(user_config_dir("huddle")) / "keymap.toml"
