"""Add a member (`store.people.members.add_member`; admins only, the store says so to anyone else).

Opened from a form that named a login that is not a member yet (starting an onboarding):
the login is filled in, the person gives the name and the department."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Input, Select

from store.core.i18n import tr
from store.people.members import add_member, list_departments

from .form import FormDialog


class MemberForm(FormDialog[dict]):
    """Returns the new member."""

    TITLE = "Add a member"
    AUTO_FOCUS = "#field-name"
    FIELD_ALIASES = {"department": "dept"}

    def __init__(self, login: str = "") -> None:
        super().__init__()
        self.login = login

    def form_title(self) -> str:
        if self.login:
            return tr("{login} is not a member yet: add them?", login=self.login)
        return tr(self.TITLE)

    def compose_fields(self) -> ComposeResult:
        departments = [(d["name"], d["name"]) for d in list_departments(self.ws)]
        yield self.row("login", "Login", Input(self.login))
        yield self.row("name", "Name", Input(placeholder=tr("e.g. 王芳")))
        yield self.row("dept", "Department", Select(departments))
        yield self.row("title", "Job title", Input())

    def submit(self) -> dict:
        return add_member(self.ws, self.text("login"), self.text("name"),
                          dept=self.text("dept"), title=self.text("title"))
