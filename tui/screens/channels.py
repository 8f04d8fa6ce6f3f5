"""Channels (Settings → Channels, from the Reminders screen `c` or the palette): where
Huddle posts for people who are not logged in — chat groups, webhooks, e-mail
(docs/notify.md). The list shows what each channel is linked to and its deliveries; the
posts given up on are listed under it.

`n` adds a channel, `l` links the highlighted one, `t` sends it a test (in a worker
thread: the screen never waits on the network), `delete` removes it, Escape goes back.
Secrets are not entered here: they live in the sending account's own file.
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Label

from store.core.clock import to_iso
from store.core.i18n import tr
from store.notify import channels, queue

from ..dialogs.channel_forms import ChannelForm, LinkForm
from ..dialogs.confirm import ConfirmDialog
from ..widgets.keyed_table import Col, KeyedTable
from ..widgets.labels import text
from .base import HuddleScreen, touches

CHANNEL_COLUMNS = (
    Col("name", "Name", 16),
    Col("kind", "Kind", 10),
    Col("links", "Linked to", None, min_flex=20),
    Col("deliveries", "Deliveries", 26, min_width=90),
)
FAILURE_COLUMNS = (
    Col("channel", "Channel", 16),
    Col("record", "Record", 12),
    Col("tries", "Tries", 6, min_width=90),
    Col("error", "Error", None, min_flex=20),
)


class ChannelsScreen(HuddleScreen):
    TITLE = "Channels"
    AUTO_FOCUS = "#channels-list"
    DEFAULT_CSS = """
    ChannelsScreen .section-title { margin: 1 1 0 1; text-style: bold; color: $text-primary; }
    ChannelsScreen #channels-list { height: 1fr; min-height: 4; margin: 0 1; }
    ChannelsScreen #channels-failures { height: 1fr; min-height: 3; margin: 0 1; }
    ChannelsScreen #channels-hint { margin: 0 1; color: $text-muted; }
    """
    BINDINGS = [
        Binding("n", "add", "Add channel", id="channels.add"),
        Binding("l", "link", "Link", id="channels.link"),
        Binding("t", "test", "Send a test", id="channels.test"),
        Binding("delete", "remove", "Remove", id="channels.remove"),
        Binding("escape", "back", "Back", id="channels.back"),
    ]

    def compose_body(self) -> ComposeResult:
        yield Label(Text(tr("Channels (Feishu, DingTalk, WeCom, Slack, webhook, e-mail)")),
                    classes="section-title")
        yield KeyedTable(CHANNEL_COLUMNS, id="channels-list")
        yield Label(Text(tr("Posts that failed")), classes="section-title")
        yield KeyedTable(FAILURE_COLUMNS, id="channels-failures")
        yield Label(Text(tr("URLs and secrets live in the sending account's secrets file "
                            "(docs/notify.md), never here.")), id="channels-hint")

    def on_mount(self) -> None:
        self.safely(self.reload)

    def refresh_data(self, changed: set[str]) -> None:
        if touches(changed, channels.SHARD, queue.STATE):
            self.reload()

    def reload(self) -> None:
        counts = queue.summary(self.ws)
        self.found = {c["name"]: c for c in channels.list_channels(self.ws)}
        self.query_one("#channels-list", KeyedTable).show([
            (name, {"name": text(name), "kind": text(c["kind"]),
                    "links": text(channels.describe_links(c)),
                    "deliveries": text(channels.describe_counts(counts.get(name, {})))})
            for name, c in self.found.items()])
        self.query_one("#channels-failures", KeyedTable).show([
            (f"{f['doc_id']}", {"channel": text(f["channel"]), "record": text(f["subject"]),
                                "tries": text(str(f["attempts"])),
                                "error": text(f.get("last_error") or "")})
            for f in queue.failures(self.ws)[:50]])
        self.refresh_bindings()

    def _selected(self) -> dict | None:
        key = self.query_one("#channels-list", KeyedTable).selected_key
        return self.found.get(key) if key else None

    # -- actions ------------------------------------------------------------
    def action_add(self) -> None:
        def added(channel: dict | None) -> None:
            if channel:
                self.app.notify(tr("Channel {name} added.", name=channel["name"]), timeout=4,
                                markup=False)
                self.safely(self.reload)
        self.app.push_screen(ChannelForm(), added)

    def action_link(self) -> None:
        channel = self._selected()
        if channel is None:
            return

        def linked(result: dict | None) -> None:
            if result:
                self.app.notify(tr("Channel {name} linked.", name=result["name"]), timeout=4,
                                markup=False)
                self.safely(self.reload)
        self.app.push_screen(LinkForm(channel), linked)

    def action_remove(self) -> None:
        channel = self._selected()
        if channel is None:
            return

        def answered(yes: bool | None) -> None:
            if yes and self.safely(channels.remove_channel, self.ws, channel["name"]):
                self.app.notify(tr("Channel {name} removed.", name=channel["name"]),
                                timeout=4, markup=False)
                self.safely(self.reload)
        self.app.push_screen(ConfirmDialog(tr("Remove channel {name}?", name=channel["name"])),
                             answered)

    def action_test(self) -> None:
        channel = self._selected()
        if channel is not None:
            self.send_test(channel)

    @work(thread=True, exclusive=True, group="channel-test", exit_on_error=False)
    def send_test(self, channel: dict) -> None:
        from store.notify import formats, messages, secrets, transport
        ws = self.ws
        try:
            entry = secrets.entry(channel["secret"])
            event = {"id": "test", "topic": "notify.test", "subject": channel["name"],
                     "at": to_iso(ws.now()), "data": {"channel": channel["name"],
                                                      "by": ws.actor.login}}
            request = formats.build(channel["kind"], messages.build(ws, event), channel,
                                    entry, ws.now())
            outcome = transport.send(request, entry)
            message = (tr("Posted a test message to {name}.", name=channel["name"])
                       if outcome.ok else tr("Could not post to {name}: {error}",
                                             name=channel["name"], error=outcome.error))
            severity = "information" if outcome.ok else "error"
        except secrets.SecretsError as exc:
            message, severity = str(exc), "error"
        self.app.call_from_thread(self.app.notify, message, severity=severity, timeout=8,
                                  markup=False)

    def action_back(self) -> None:
        self.app.pop_screen()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("link", "test", "remove"):
            return bool(getattr(self, "found", None))
        return True


def open_channels(app) -> None:
    app.push_screen(ChannelsScreen())
