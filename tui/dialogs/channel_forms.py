"""Forms of the Channels screen: add a channel, link it (project, war room, reminder kinds)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Input, Select

from store.core.i18n import tr
from store.notify import channels

from .form import FormDialog

KIND_LABELS = {"feishu": "Feishu", "dingtalk": "DingTalk", "wecom": "WeCom",
               "slack": "Slack", "webhook": "Webhook", "email": "E-mail"}


class ChannelForm(FormDialog[dict]):
    """Name, service and secret entry of a new channel. Returns the channel."""

    TITLE = "Add channel"
    FIELD_ALIASES = {"secret": "secret"}

    def compose_fields(self) -> ComposeResult:
        yield self.row("name", "Name", Input(placeholder="ops-feishu", compact=True))
        yield self.row("kind", "Kind", Select([(tr(KIND_LABELS[k]), k) for k in channels.KINDS],
                                              value="feishu", allow_blank=False, compact=True))
        yield self.row("secret", "Secret entry", Input(compact=True),
                       "Its [channel.NAME] in the sender's secrets file (empty: the name)")

    def submit(self) -> dict:
        return channels.add_channel(self.ws, self.text("name"), self.text("kind"),
                                    self.text("secret") or None)


class LinkForm(FormDialog[dict]):
    """Link a project, the war room from a severity up, and reminder kinds. Returns the
    channel. Empty fields are left as they are."""

    FIELD_ALIASES = {"project": "project", "incidents": "incidents", "reminders": "reminders"}

    def __init__(self, channel: dict) -> None:
        super().__init__()
        self.channel = channel

    def form_title(self) -> str:
        return tr("Link channel {name}", name=self.channel["name"])

    def compose_fields(self) -> ComposeResult:
        yield self.row("project", "Link project (id)", Input(placeholder="3", compact=True))
        yield self.row("incidents", "Incidents from severity (S1–S4, all)",
                       Input(self.channel.get("incidents") or "", compact=True))
        yield self.row("reminders", "Reminder kinds (comma separated)",
                       Input(placeholder="daily_update, weekly_standup", compact=True))

    def submit(self) -> dict:
        project, incidents = self.text("project").strip(), self.text("incidents").strip()
        reminders = self.text("reminders").strip()
        if not (project or incidents or reminders):
            from store.core.errors import InvalidValue
            raise InvalidValue("project", tr("Say what to link: --project, --incidents or "
                                             "--reminders"))
        return channels.link(self.ws, self.channel["name"], project=project or None,
                             incidents=incidents or None, reminders=reminders or None)
