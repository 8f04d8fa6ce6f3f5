"""The interface language of the app: which one it starts in, and switching it at run time.

The app starts in `--lang` when given, else in the language this OS account saved
(store.people.preferences, per account like the theme; an admin acting for someone with
`--as` keeps their own), else in the locale's (`LC_ALL` / `LC_MESSAGES` / `LANG`:
`zh_*` is Chinese). The command line's own output follows `--lang` and the locale
only, so scripts and cron jobs print the same whatever someone chose in the app.

At run time, ctrl+p → "Language: 中文" / "Language: English" (`HuddleApp.
action_set_language`) switches and saves the choice. Screens translate their text
when they are composed, so switching rebuilds them: every area starts afresh in
the new language (the current one at its first screen; dialogs and screens pushed
on top of it are closed); the data on the screens is unchanged.
"""

from __future__ import annotations

from textual.app import App
from textual.screen import Screen

from store.core.errors import StoreError
from store.core.i18n import LANGUAGES, default_language, get_language, set_language, tr
from store.people.preferences import saved_language
from store.people.preferences import save_language as store_language

LANGUAGE_NAMES = {"en": "English", "zh": "中文"}  # each in its own language
_SWITCHING = "language-switch"


def choose_language(explicit: str | None, ws) -> str:
    """`--lang` if given, else the saved preference of the OS account, else the locale's."""
    if explicit:
        return explicit
    try:
        saved = saved_language(ws)
    except (StoreError, OSError):
        saved = None
    return saved or default_language()


def save_language(app: App, lang: str) -> None:
    """Remember `lang` for this OS account; a workspace that cannot be written only warns."""
    try:
        store_language(app.ws, lang)  # type: ignore[attr-defined]
    except (StoreError, OSError) as exc:
        app.notify(tr("The language could not be saved: {reason}", reason=str(exc)),
                   severity="warning", markup=False)


async def switch_language(app: App, lang: str) -> None:
    """Use `lang` from now on: save it, and rebuild every area's screens in it."""
    if lang not in LANGUAGES:
        return
    save_language(app, lang)
    if lang == get_language():
        return
    set_language(lang)
    modes = type(app).MODES
    current = app.current_mode
    # The current mode cannot be removed while it is shown: stand on a blank one meanwhile.
    app.add_mode(_SWITCHING, Screen)
    await app.switch_mode(_SWITCHING)
    for mode, factory in modes.items():
        await app.remove_mode(mode)
        app.add_mode(mode, factory)  # built afresh, in the new language, when opened
    await app.switch_mode(current if current in modes else app.DEFAULT_MODE)
    await app.remove_mode(_SWITCHING)
    keys = getattr(app, "area_keys", None)
    if keys is not None:
        keys.forget_all()  # parked records were worded in the old language
    watcher = getattr(app, "reminder_watcher", None)
    if watcher is not None:
        watcher.check_now()  # the banner's reminders, worded in the new language
    app.notify(tr("Language: {name}", name=LANGUAGE_NAMES[lang]), markup=False)
