"""Add or edit a project: the request form (SPEC §1.1) in a modal."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.suggester import SuggestFromList
from textual.widgets import Input, Select, TextArea

from store.core.i18n import tr
from store.people.members import list_departments, list_members
from store.projects.project import create_project, edit_project

from .form import FormDialog, split_list

MULTILINE = (("goal", "Core goal", "Measurable, e.g. “signup conversion +15%”"),
             ("background", "Background", ""),
             ("outcome", "Expected outcome", ""),
             ("time_nodes", "Time nodes", ""),
             ("support", "Support needed", "People, resources, permissions"),
             # 需求说明书 (SPEC §1.3), part of the request: Markdown, several lines
             ("requirements_doc", "Requirements",
              "需求说明书: feature list, personas, expected results (Markdown)"))
TALL = {"requirements_doc": 8}  # lines of the field: a document, not a sentence


class ProjectForm(FormDialog[dict]):
    """`ProjectForm()` files a new request; `ProjectForm(project)` edits it. Returns the project."""

    FIELD_ALIASES = {"project": "name"}

    def __init__(self, project: dict | None = None) -> None:
        super().__init__()
        self.original = project

    def form_title(self) -> str:
        if self.original is None:
            return tr("New project request")
        return tr("Edit project {id}", id=self.original["id"])

    def compose_fields(self) -> ComposeResult:
        p = self.original or {}
        depts = [(d["name"], d["name"]) for d in list_departments(self.ws)]
        logins = [m["login"] for m in list_members(self.ws)]
        yield self.row("name", "Name",
                       Input(p.get("name", ""), placeholder=tr("e.g. 2024 Q3 product iteration"),
                             compact=True))
        yield self.row("pm", "Project manager",
                       Input(p.get("pm", ""), placeholder=tr("login"),
                             suggester=SuggestFromList(logins), compact=True))
        yield self.row("initiator_dept", "Requesting dept",
                       Select(depts, value=p.get("initiator_dept") or Select.NULL, compact=True))
        yield self.row("lead_dept", "Lead dept",
                       Select(depts, value=p.get("lead_dept") or Select.NULL, compact=True))
        yield self.row("collab_depts", "Collaborating",
                       Input(", ".join(p.get("collab_depts", [])),
                             placeholder=tr("Dept A, Dept B"), compact=True))
        yield self.row("due", "Due date",
                       Input(p.get("due", ""), placeholder="YYYY-MM-DD", compact=True))
        for name, label, hint in MULTILINE:
            area = TextArea(p.get(name, ""), soft_wrap=True, compact=True)
            if name in TALL:
                area.styles.height = TALL[name]
            yield self.row(name, label, area, hint)

    def values(self) -> dict:
        data: dict[str, object] = {name: self.text(name) for name in
                                   ("name", "pm", "initiator_dept", "lead_dept", "due")}
        data["collab_depts"] = split_list(self.text("collab_depts"))
        for name, _, _ in MULTILINE:
            data[name] = self.text(name)
        return data

    def submit(self) -> dict:
        data = self.values()
        if self.original is None:
            return create_project(self.ws, **data)  # type: ignore[arg-type]
        changes = {k: v for k, v in data.items()
                   if v != self.original.get(k, [] if k == "collab_depts" else "")}
        if not changes:
            return self.original
        return edit_project(self.ws, self.original["id"], **changes)
