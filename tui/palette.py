"""The command palette (ctrl+p): jump to any record, run any action, switch the theme.

`HuddleCommands` (registered in `HuddleApp.COMMANDS` beside Textual's system
commands) offers:
- records: projects (open the project screen), tasks (open their project with
  the task selected), incidents (the war-room incident screen), hires (their
  onboarding checklist), knowledge-base entries (shown in the knowledge base)
  and people (a small person card);
- actions: the keys of the screen the palette was opened from (its bindings,
  as the help screen lists them), the areas (F2…F8), help, one command per
  Huddle theme and one per language (tui/language.py).
With an empty query it offers the actions, the open projects, the active
incidents and the acting member's open tasks (discovery hits). Typing searches
everything with the palette's fuzzy matcher (Textual's `FuzzySearch`), guarded
so that a long title with many repeated letters cannot stall the screen.

Records are read in a worker thread when the palette opens. User text is shown
as `rich.text.Text` (the title) and `textual.content.Content` (the help line),
never parsed as markup; control characters are replaced. The jumps and the person
card are in tui/palette_jumps.py.

The chosen theme is remembered by the app's `initial_theme` / `remember_theme` hooks
(store.people.preferences, per OS account).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from math import prod

from rich.text import Text
from textual.app import App
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import FuzzySearch
from textual.screen import ModalScreen, Screen

from store.core.errors import StoreError
from store.core.i18n import get_language, tr

from .areas import AREAS
from .palette_jumps import (PersonCard, open_hire, open_incident, open_kb_entry,  # noqa: F401
                            open_person, open_project_screen, plain)

MAX_HITS = 60
MAX_DISCOVER_RECORDS = 25
MATCH_BUDGET = 4000  # offset combinations FuzzySearch may try per candidate


@dataclass
class Entry:
    title: str                                   # shown and matched (plain text)
    help: str                                    # the line under it (plain text)
    run: Callable[[], Awaitable[None] | None]
    discover: bool = False


# -- theme persistence (the app's hooks) ------------------------------------------
# -- matching -----------------------------------------------------------------------
def fuzzy(search: FuzzySearch, query: str, candidate: str) -> tuple[float, list[int]]:
    """FuzzySearch's score and offsets, without its exhaustive search when that would explode."""
    folded, needle = candidate.lower(), query.lower()
    greedy, start = [], 0
    for char in needle:
        start = folded.find(char, start)
        if start < 0:
            return 0.0, []
        greedy.append(start)
        start += 1
    if needle in folded or prod(folded.count(c) for c in needle) <= MATCH_BUDGET:
        score, offsets = search.match(query, candidate)
        return score, list(offsets)
    return search.score(folded, greedy), greedy


def highlight(title: str, offsets: list[int], style) -> Text:
    text = Text(title, no_wrap=True, overflow="ellipsis")
    if len(title.lower()) == len(title):  # offsets are into the lower-cased title
        for offset in offsets:
            if offset < len(title) and not title[offset].isspace():
                text.stylize(style, offset, offset + 1)
    return text


# -- the provider --------------------------------------------------------------------
class HuddleCommands(Provider):
    """Projects, tasks, incidents, hires, knowledge-base entries, people and actions."""

    entries: list[Entry]

    async def startup(self) -> None:
        self.entries = action_entries(self.app, self.screen)
        try:
            records = await asyncio.to_thread(load_records, self.app.ws)  # type: ignore[attr-defined]
        except (StoreError, OSError) as exc:
            self.app.notify(str(exc), severity="error", markup=False)
            records = {}
        self.entries += record_entries(self.app, records)

    def _style(self):
        from rich.style import Style
        return self.match_style.rich_style if self.match_style is not None else Style(reverse=True)

    async def discover(self) -> Hits:
        for entry in self.entries:
            if entry.discover:
                yield DiscoveryHit(Text(entry.title, no_wrap=True, overflow="ellipsis"),
                                   entry.run, text=entry.title, help=Content(entry.help))

    async def search(self, query: str) -> Hits:
        search = self.matcher(query).fuzzy_search
        scored = []
        for n, entry in enumerate(self.entries):
            score, offsets = fuzzy(search, query, entry.title)
            if score > 0:
                scored.append((score, -n, entry, offsets))
            if n % 500 == 499:
                await asyncio.sleep(0)  # let a newer keystroke cancel this search
        scored.sort(key=lambda s: (s[0], s[1]), reverse=True)
        style = self._style()
        for score, _n, entry, offsets in scored[:MAX_HITS]:
            yield Hit(score, highlight(entry.title, offsets, style), entry.run,
                      text=entry.title, help=Content(entry.help))


# -- actions --------------------------------------------------------------------------
def action_entries(app: App, screen: Screen) -> list[Entry]:
    from themes import THEME_NAMES

    from .language import LANGUAGE_NAMES
    entries: list[Entry] = []
    seen: set[str] = set()
    screen_title = tr(getattr(screen, "TITLE", "") or "Huddle")
    for active in screen.active_bindings.values():
        binding = active.binding
        if isinstance(active.node, App) or binding.system or not binding.description:
            continue
        if not (binding.id or binding.show) or not active.enabled or binding.action in seen:
            continue
        seen.add(binding.action)
        entries.append(Entry(tr(binding.description),
                             f"{app.get_key_display(binding)} · {screen_title}",
                             _runner(app, binding.action, active.node), True))
    for area in AREAS:
        if area.mode in app.MODES and area.mode != app.current_mode:
            entries.append(Entry(tr("Go to {area}", area=tr(area.label)), area.key.upper(),
                                 _switcher(app, area.mode), True))
    if not isinstance(screen, ModalScreen) and type(screen).__name__ != "ChannelsScreen":
        from .screens.channels import open_channels  # Settings → Channels (docs/notify.md)
        entries.append(Entry(tr("Channels (Feishu, DingTalk, WeCom, Slack, webhook, e-mail)"),
                             "F8 · c", lambda: open_channels(app), True))
    if not isinstance(screen, ModalScreen):
        entries.append(Entry(tr("Help: the keys of this screen"), "? · F1",
                             lambda: app.push_screen(_help(screen)), True))
    for name in THEME_NAMES:
        current = tr("current theme") if app.theme == name else tr("Theme")
        entries.append(Entry(tr("Theme: {name}", name=name), current,
                             _theme_setter(app, name), True))
    for lang, name in LANGUAGE_NAMES.items():
        current = tr("current language") if get_language() == lang else tr("Language")
        entries.append(Entry(tr("Language: {name}", name=name), current,
                             _runner(app, f"set_language({lang!r})", app), True))
    return entries


def _runner(app: App, action: str, node) -> Callable[[], Awaitable[None]]:
    async def run() -> None:
        await app.run_action(action, node)
    return run


def _switcher(app: App, mode: str) -> Callable[[], None]:
    return lambda: app.action_switch_area(mode)  # type: ignore[attr-defined]


def _theme_setter(app: App, name: str) -> Callable[[], None]:
    def set_theme() -> None:
        app.theme = name
    return set_theme


def _help(screen: Screen) -> Screen:
    from .screens.help import HelpScreen
    return HelpScreen(screen)


# -- records ----------------------------------------------------------------------------
def load_records(ws) -> dict[str, list[dict]]:
    """Everything the palette can jump to (runs in a worker thread). A kind whose store
    fails to load is left out rather than spoiling the others."""
    from store.kb import entries as kb
    from store.onboarding import checklists as onboarding
    from store.people import members as people
    from store.projects.project import list_projects
    from store.projects.tasks import project_tasks

    def safely(fn: Callable[[], list[dict]]) -> list[dict]:
        found: list[dict] = []
        try:
            with ws.skip_damaged():  # a damaged file: left out, and named in the banner
                found = fn()
        except (StoreError, OSError, KeyError, ValueError):
            pass
        return found

    records = {"projects": safely(lambda: list_projects(ws)),
               "members": safely(lambda: people.list_members(ws)),
               "hires": safely(lambda: onboarding.list_hires(ws)),
               "kb": safely(lambda: kb.list_entries(ws)),
               "incidents": safely(lambda: _incidents(ws)), "tasks": []}
    for project in records["projects"]:
        records["tasks"] += [{**t, "project_name": project["name"]} for t in
                             safely(lambda p=project: project_tasks(ws, p["id"]))]
    return records


def _incident_state(state: str) -> str:
    try:
        from store.warroom.incidents import state_label
        return state_label(state)
    except (ImportError, KeyError):
        return state


def _incidents(ws) -> list[dict]:
    from store.warroom.incidents import list_incidents
    return list_incidents(ws)


def record_entries(app: App, records: dict[str, list[dict]]) -> list[Entry]:
    """One entry per record. Discovery (empty query) offers the open projects, the active
    incidents and the acting member's open tasks, at most MAX_DISCOVER_RECORDS of them."""
    from store.onboarding.checklists import STATE_LABELS as HIRE_STATES
    from store.projects.project import CLOSED_STATES

    from .widgets.labels import state_label, task_state_label
    me = app.ws.actor.login  # type: ignore[attr-defined]
    names = {m["login"]: m["name"] for m in records.get("members", [])}

    def who(login: str | None) -> str:
        return names.get(login or "", login or "")

    entries: list[Entry] = []
    for p in records.get("projects", []):
        entries.append(Entry(
            plain(f"{tr('Project')} {p['id']} · {p['name']}"),
            plain(f"{state_label(p['state'])} · {tr('PM')} {who(p.get('pm'))} · "
                  f"{p.get('due', '')}"),
            _jump(app, open_project_screen, p["id"]), p["state"] not in CLOSED_STATES))
    for inc in records.get("incidents", []):
        entries.append(Entry(
            plain(f"{inc['id']} · {inc['title']}"),
            plain(f"{tr('Incident')} · {inc.get('severity', '')} · "
                  f"{_incident_state(inc.get('state', ''))}"),
            _jump(app, open_incident, inc["id"]),
            inc.get("state") in ("reported", "mobilising", "mitigating")))
    for t in records.get("tasks", []):
        entries.append(Entry(
            plain(f"{tr('Task')} {t['id']} · {t['title']}"),
            plain(f"{t['project_name']} · {who(t['owner'])} · {tr('Due')} {t['due']} · "
                  f"{task_state_label(t['state'])}"),
            _jump(app, open_project_screen, t["project"], t["id"]),
            t["owner"] == me and t["state"] == "open"))
    for h in records.get("hires", []):
        entries.append(Entry(
            plain(f"{tr('Onboarding')} H{h['id']} · {who(h['login'])} ({h['login']})"),
            plain(f"{h.get('template', '')} · {h.get('start', '')} · "
                  f"{tr(HIRE_STATES.get(h.get('state', ''), h.get('state', '')))}"),
            _jump(app, open_hire, h["id"])))
    for e in records.get("kb", []):
        entries.append(Entry(plain(f"K{e['id']} · {e['title']}"),
                             plain(f"{tr('Knowledge')} · {', '.join(e.get('tags', []))}"),
                             _jump(app, open_kb_entry, e["id"])))
    for m in records.get("members", []):
        details = (tr("Person"), m.get("dept", ""), m.get("title", ""))
        entries.append(Entry(plain(f"{m['name']} ({m['login']})"),
                             plain(" · ".join(x for x in details if x)),
                             _jump(app, open_person, m["login"])))
    for entry in [e for e in entries if e.discover][MAX_DISCOVER_RECORDS:]:
        entry.discover = False
    return entries


def _jump(app: App, fn, *args) -> Callable[[], Awaitable[None]]:
    async def run() -> None:
        try:
            await fn(app, *args)
        except StoreError as exc:
            app.notify(str(exc), severity="error", markup=False)
    return run
