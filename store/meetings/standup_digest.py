"""The standup digest as Markdown (`huddle standup report`, the standup screen's export):
who updated in time, who late, who not yet, member by member with their tasks."""

from __future__ import annotations

from ..core.clock import local_text
from ..core.i18n import tr
from ..core.markdown import inline
from .minutes import minutes_markdown


def digest_markdown(data: dict, tz, lang: str | None = None) -> str:
    def t(text: str, **kw: object) -> str:
        return tr(text, lang, **kw)

    lines = [f"# {t('Standup digest {day}', day=data['day'])}", ""]
    if data["deadline"]:
        lines.append(f"- {t('Update deadline')}: {local_text(data['deadline'], tz)}")
    else:
        lines.append(f"- {t('No update deadline today (not a working day)')}")
    for status, label in (("missing", "Not updated"), ("late", "Updated late"),
                          ("pending", "Not yet updated"), ("updated", "Updated in time")):
        if data[status]:
            lines.append(f"- {t(label)}: {', '.join(_names(data, data[status]))}")
    for view in data["members_detail"]:
        status = t(_STATUS_LABEL[view["status"]])
        lines += ["", f"## {_md(view['name'])} ({view['login']}) — {status}"]
        if not view["tasks"]:
            lines.append(f"- {t('No open tasks to update')}")
        for row in view["tasks"]:
            lines.append(f"- **{row['id']}** {_md(row['title'])} — {row['progress']}%")
            if row["yesterday"]:
                lines.append(f"  - {t('Yesterday')}: {_md(row['yesterday']['done'] or '—')}")
            if row["today"]:
                lines.append(f"  - {t('Today')}: {row['today']['percent']}% "
                             f"{_md(row['today']['done'] or '')}".rstrip())
            if row["plan"]:
                lines.append(f"  - {t('Next step')}: {_md(row['plan'])}")
            if row["problems"]:
                lines.append(f"  - {t('Problems')}: {_md(row['problems'])}")
            if row["help_from"]:
                lines.append(f"  - 【{t('Needs help')}】 {row['help_from']}")
        for change in view["changed"]:
            lines.append(f"- {t('Changed')}: {change['action']} {change['target'] or ''}".rstrip())
    if data.get("minutes"):
        body = minutes_markdown(data["minutes"], lang, tz=tz)
        lines += ["", "---", ""] + ["#" + line if line.startswith("#") else line
                                    for line in body.rstrip("\n").split("\n")]
    return "\n".join(lines) + "\n"


_STATUS_LABEL = {"missing": "not updated", "late": "updated late", "pending": "not yet updated",
                 "updated": "updated in time", "none": "nothing to update",
                 "off": "no deadline today"}


def status_label(status: str, lang: str | None = None) -> str:
    return tr(_STATUS_LABEL[status], lang)


def _names(data: dict, logins: list[str]) -> list[str]:
    names = {v["login"]: v["name"] for v in data["members_detail"]}
    return [_md(names.get(x, x)) for x in logins]


def _md(text: str) -> str:
    return inline(text)
