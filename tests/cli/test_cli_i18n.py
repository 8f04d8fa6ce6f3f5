"""Every message of the people/project/task/workspace commands has a Chinese translation."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import orjson

from store.projects.project import STATES
from store.projects.tasks import PRIORITIES, TASK_STATES
from tui.cli.project_cmds import REQUEST_TEXT, REQUIREMENT_LABELS, STATE_LABELS

ROOT = Path(__file__).resolve().parents[2]
MODULES = ["workspace_cmds", "people_cmds", "project_cmds", "task_cmds"]
CATALOGUE = orjson.loads((ROOT / "store/locales/zh/cli.json").read_bytes())


def messages() -> set[str]:
    found = set()
    for name in MODULES:
        tree = ast.parse((ROOT / "tui/cli" / f"{name}.py").read_text())
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "tr"
                    and node.args and isinstance(node.args[0], ast.Constant)):
                found.add(node.args[0].value)
    found |= {STATE_LABELS.get(s, s) for s in STATES} | set(PRIORITIES) | set(TASK_STATES)
    found |= {label for _key, label in REQUEST_TEXT} | set(REQUIREMENT_LABELS.values())
    return found


def test_every_message_has_a_chinese_translation_with_the_same_placeholders():
    missing = messages() - set(CATALOGUE)
    assert not missing
    for english, chinese in CATALOGUE.items():
        for form in chinese if isinstance(chinese, list) else [chinese]:  # plural forms
            assert set(re.findall(r"\{(\w+)", english)) == set(re.findall(r"\{(\w+)", form))


def test_chinese_output(workspace, run):
    assert run("project", "add", "官网改版", "--pm", "alice", "--initiator-dept", "Product",
               "--lead-dept", "Engineering", "--goal", "g", "--due", "2024-09-30").exit_code == 0
    assert run("task", "add", "1", "视觉设计", "--owner", "chen", "--due", "2024-08-30",
               "--priority", "high", "--milestone").exit_code == 0
    out = run("task", "show", "1-1", group=("--lang", "zh")).stdout
    assert "标题:" in out and "优先级:" in out and "高" in out and "逾期" in out
    listed = run("project", "list", group=("--lang", "zh")).stdout
    assert "已申请" in listed and "项目经理" in listed
    assert "requested" in run("project", "list").stdout  # the next run is English again
