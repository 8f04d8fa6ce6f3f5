"""Onboarding forms: start an onboarding, add a note to a step, add a template step."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.suggester import SuggestFromList
from textual.widgets import Checkbox, Input, Select, TextArea

from store.onboarding import checklists as ob
from store.onboarding import templates
from store.core.i18n import tr
from store.core.errors import InvalidValue
from store.people.members import find_member, list_members
from store.core.validate import login as check_login
from store.people.workdays import WorkCalendar

from .form import FormDialog


def valid_login(value: str) -> bool:
    try:
        check_login("login", value)
    except InvalidValue:
        return False
    return True


class OnboardingStartForm(FormDialog[dict]):
    """Give a member a checklist from a template. Returns the new onboarding."""

    AUTO_FOCUS = "#field-login"

    TITLE = "Start an onboarding"

    def compose_fields(self) -> ComposeResult:
        ws = self.ws
        logins = [m["login"] for m in list_members(ws)]
        names = [(f"{t['name']} — {t['role']}", t["name"]) for t in templates.list_templates(ws)]
        calendar = WorkCalendar.of(ws)
        today = ws.today()
        first = today if calendar.is_working_day(today) else calendar.add_working_days(today, 1)
        yield self.row("login", "New hire", Input(placeholder=tr("login"), compact=True,
                                                  suggester=SuggestFromList(logins)))
        yield self.row("template", "Template",
                       Select(names, value=names[0][1] if names else Select.BLANK,
                              compact=True))
        yield self.row("start", "Start", Input(first.isoformat(), placeholder="YYYY-MM-DD",
                                               compact=True), "Day one; a working day")
        yield self.row("buddy", "Buddy", Input(placeholder=tr("login"), compact=True,
                                               suggester=SuggestFromList(logins)),
                       "The contact person (对接人)")
        yield self.row("manager", "Manager", Input(ws.actor.login, compact=True,
                                                   suggester=SuggestFromList(logins)))

    def action_save(self) -> None:
        """A login that is not a member yet: offer to add them, then start."""
        login = self.text("login").strip()
        if not valid_login(login) or find_member(self.ws, login) is not None:
            super().action_save()  # a member, or no login at all: the store says what is wrong
            return
        from .member_form import MemberForm

        def added(member: dict | None) -> None:
            if member is not None:
                self.query_one("#field-login", Input).value = member["login"]
                super(OnboardingStartForm, self).action_save()

        self.app.push_screen(MemberForm(login), added)

    def submit(self) -> dict:
        return ob.start_onboarding(self.ws, self.text("login"), template=self.text("template"),
                                   start=self.text("start"), buddy=self.text("buddy"),
                                   manager=self.text("manager"))


class OnboardingNoteForm(FormDialog[dict]):
    """A note on one step. Returns the onboarding."""

    AUTO_FOCUS = "#field-text"

    TITLE = "Add a note"
    FIELD_ALIASES = {"note": "text"}

    def __init__(self, hire_id: int, step: dict) -> None:
        super().__init__()
        self.hire_id = hire_id
        self.step = step

    def form_title(self) -> str:
        return tr("Note on “{title}”", title=self.step["title"])

    def compose_fields(self) -> ComposeResult:
        yield self.row("text", "Note", TextArea(soft_wrap=True, compact=True))

    def submit(self) -> dict:
        return ob.add_note(self.ws, self.hire_id, self.step["n"], self.text("text"))


class OnboardingStepForm(FormDialog[dict]):
    """Add a step to a template (admins). Returns the template."""

    AUTO_FOCUS = "#field-title"

    TITLE = "Add a template step"

    def __init__(self, template: str) -> None:
        super().__init__()
        self.template = template

    def form_title(self) -> str:
        return tr("New step in template {name}", name=self.template)

    def compose_fields(self) -> ComposeResult:
        roles = [(tr(templates.ROLE_LABELS[r]), r) for r in templates.OWNER_ROLES]
        groups = [(tr(templates.GROUP_LABELS[g]), g) for g in templates.GROUPS]
        yield self.row("title", "Title", Input(compact=True))
        yield self.row("owner", "Owner", Select(roles, value="hire", allow_blank=False,
                                                compact=True))
        yield self.row("offset", "Offset", Input("0", compact=True),
                       "Working days from the start date; negative: before day one")
        yield self.row("group", "When", Select(groups, prompt=tr("from the offset"),
                                               compact=True))
        yield self.row("optional", "Optional", Checkbox("", False, compact=True))
        yield self.row("check", "Host check", Input(placeholder="account | ssh_key | group:NAME",
                                                    compact=True))
        yield self.row("detail", "Detail", TextArea(soft_wrap=True, compact=True),
                       "How the step is done (workflow)")

    def submit(self) -> dict:
        step = {"title": self.text("title"), "owner": self.text("owner"),
                "offset": self.text("offset").strip() or "0", "group": self.text("group") or None,
                "optional": bool(self.value("optional")), "check": self.text("check") or None,
                "detail": self.text("detail")}
        return templates.add_template_step(self.ws, self.template, step)
