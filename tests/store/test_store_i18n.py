"""store.core.i18n: the Chinese catalogue, fallback to English, and a complete core catalogue."""

from __future__ import annotations

import ast
import string
from importlib.util import find_spec
from pathlib import Path

import orjson
import pytest

from store.core import i18n
from store.core.i18n import tr

STORE = Path(i18n.__file__).parent
# The store's core modules: every message they show must have a Chinese translation.
# Dotted names (not file names): a module that moves is found by its import path.
CORE = ("store.core.storage", "store.core.workspace", "store.people.members", "store.projects.project", "store.projects.tasks",
        "store.core.validate", "store.people.workdays", "store.people.settings", "store.reminders.model", "store.core.clock",
        "store.core.errors", "store.core.identity", "store.core.i18n",
        "store.postgres.errors", "store.postgres.connection", "store.postgres.admin",
        "store.postgres.workspace", "tui.cli.db_cmds")


def _calls(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            yield node


def _literal(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def core_messages() -> set[str]:
    found = set()
    for module in CORE:
        for call in _calls(ast.parse(Path(find_spec(module).origin).read_text(encoding="utf-8"))):
            name = getattr(call.func, "id", getattr(call.func, "attr", None))
            if name == "tr" and call.args and _literal(call.args[0]):
                found.add(call.args[0].value)
            # field names: validate.text("title", …), InvalidValue("due", …), get_department(…, "x")
            if name in ("text", "day", "login", "choice", "percent", "InvalidValue") and call.args \
                    and _literal(call.args[0]) and _literal(call.args[0]).isidentifier():
                found.add(call.args[0].value)
    from store.projects.project import REQUEST_FIELDS, REQUIREMENT_FIELDS
    return found | set(REQUEST_FIELDS) | set(REQUIREMENT_FIELDS)


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_every_core_message_and_field_has_a_chinese_translation():
    zh = i18n.catalogue("zh")
    missing = sorted(m for m in core_messages() if m not in zh)
    assert not missing, f"add these to store/locales/zh/core.json: {missing}"


@pytest.mark.parametrize("path", sorted((STORE / "locales" / "zh").glob("*.json")),
                         ids=lambda p: p.name)
def test_translations_keep_the_placeholders(path):
    """A translation that drops or invents a {name} would crash or lose a value at run time."""
    for english, chinese in orjson.loads(path.read_bytes()).items():
        assert placeholders(english) == placeholders(chinese), (english, chinese)
        assert chinese.strip(), english


def test_lookup_in_chinese_and_english():
    assert tr("No task with id {id}", "zh", id="3-17") == "没有编号为 3-17 的任务"
    assert tr("No task with id {id}", "en", id="3-17") == "No task with id 3-17"
    assert tr("due", "zh") == "截止日期"
    assert tr("the disk is full", "zh") == "磁盘已满"


def test_current_language_is_used(zh):
    assert i18n.get_language() == "zh"
    assert tr("{field}: required", field=tr("owner")) == "负责人：必填"


def test_unknown_message_falls_back_to_english(zh):
    assert tr("A message nobody translated: {n}", n=3) == "A message nobody translated: 3"
    assert tr("plain", "xx-missing-catalogue") == "plain"


def test_braces_in_values_are_not_formatted_twice(zh):
    assert tr("No member with login {login!r}", login="{evil}") == "没有登录名为 '{evil}' 的成员"


def test_set_language_refuses_unknown_languages():
    with pytest.raises(ValueError):
        i18n.set_language("fr")


@pytest.mark.parametrize("env, expected", [
    ({"LANG": "zh_CN.UTF-8"}, "zh"), ({"LANG": "en_US.UTF-8"}, "en"),
    ({"LC_ALL": "zh_TW.UTF-8", "LANG": "en_US.UTF-8"}, "zh"), ({}, "en"),
])
def test_default_language_follows_the_locale(monkeypatch, env, expected):
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    for var, value in env.items():
        monkeypatch.setenv(var, value)
    assert i18n.default_language() == expected


def test_trn_picks_the_form_for_the_count():
    from store.core.i18n import trn
    assert trn("{n} task", "{n} tasks", 1) == "1 task"
    assert trn("{n} task", "{n} tasks", 0) == "0 tasks"
    assert trn("{n} task", "{n} tasks", 2) == "2 tasks"
    assert trn("{count} shard of {path}", "{count} shards of {path}", 3, count=3,
               path="x") == "3 shards of x"
    assert trn("{n} task", "{n} tasks", 1, "zh") == trn("{n} task", "{n} tasks", 5,
                                                          "zh").replace("5", "1")
    assert "个" in trn("{n} task", "{n} tasks", 5, "zh")
