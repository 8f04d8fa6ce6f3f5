"""Every war-room message has a Chinese translation, and the store side stays
free of textual/rich."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from store.warroom import sla as incident_sla
from store.core.i18n import catalogue
from tui.dialogs import incident_export, incident_forms
from tui.screens import incident, warroom
from tui.widgets import incident_timeline

ROOT = Path(__file__).resolve().parents[2]
MODULES = ["store/warroom/incidents.py", "store/warroom/records.py", "store/warroom/sla.py",
           "store/warroom/reports.py", "tui/cli/incident_cmds.py", "tui/screens/warroom.py",
           "tui/screens/incident.py", "tui/widgets/sla_countdown.py",
           "tui/widgets/incident_timeline.py", "tui/widgets/incident_roles.py",
           "tui/dialogs/incident_forms.py", "tui/dialogs/incident_export.py"]
FIELDS = ["title", "impact", "measures", "severity", "began", "reporter", "lead", "login", "role",
          "note", "text", "kind", "cause", "apology", "compensation", "body", "factors",
          "actions", "owner", "due", "summary", "process_change", "incident", "event", "form",
          "level", "general", "urgent", "major"]
STATUSES = ["met", "late", "missed", "cancelled", "overdue", "warning", "pending"]


def literal_messages(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "tr" and node.args:
            if isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                found.add(node.args[0].value)
    return found


def dynamic_messages() -> set[str]:
    found = set(FIELDS) | set(STATUSES)
    found |= set(incident_timeline.KIND_LABELS.values())
    found |= set(incident_export.FORM_LABELS.values())
    for screen in (warroom.WarRoomScreen, incident.IncidentScreen, warroom.IncidentTable,
                   incident_export.ExportDialog):
        found.add(getattr(screen, "TITLE", "") or "War room")
        found |= {b.description for b in screen.BINDINGS if b.description}
    found |= {c.label for c in warroom.COLUMNS}
    for name in dir(incident_forms):
        form = getattr(incident_forms, name)
        if isinstance(form, type) and issubclass(form, incident_forms.FormDialog):
            found.add(form.TITLE)
    source = (ROOT / "tui/dialogs/incident_forms.py").read_text(encoding="utf-8")
    for node in ast.walk(ast.parse(source)):   # self.row(name, "Label", widget, "Hint")
        if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "row":
            for arg in (node.args[1:2] + node.args[3:4]):
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    found.add(arg.value)
    for cls in vars(incident_forms).values():
        for attr in ("LABEL", "HINT"):
            value = getattr(cls, attr, "") if isinstance(cls, type) else ""
            if value:
                found.add(value)
    return found


def test_every_message_has_a_chinese_translation():
    zh = catalogue("zh")
    wanted = set().union(*(literal_messages(ROOT / m) for m in MODULES)) | dynamic_messages()
    missing = sorted(m for m in wanted if m not in zh)
    assert missing == []
    assert incident_sla.ROLES_WITHIN.total_seconds() == 600


def test_store_never_imports_textual_or_rich():
    code = ("import sys; import store.warroom.incidents, store.warroom.sla, store.warroom.reports; "
            "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')]; "
            "print(bad); sys.exit(1 if bad else 0)")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
