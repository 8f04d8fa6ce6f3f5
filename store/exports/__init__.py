"""Markdown exports of the project forms (SPEC §7), one per template of the
source documents, in English or Chinese (`lang`, default: the current language).

    FORMS = ("request", "tasks", "plan", "tracking", "issues", "delivery", "retro")
    export_project(ws, project_id, form, lang=None) -> str (Markdown)

| form     | template                                   |
|----------|--------------------------------------------|
| request  | 模板1 跨部门协作需求申请表 (+ 项目群, 需求说明书) |
| tasks    | 模板2 跨部门协作任务分配表                    |
| plan     | 模板3 跨部门协作进度计划表 (Gantt, 资源需求)     |
| tracking | 模板4 跨部门协作进度跟踪表 (+ 滞后, 延期申请)     |
| issues   | 模板5 跨部门协作问题反馈表                    |
| delivery | 成果交付说明 (every version, 验收意见)          |
| retro    | 项目复盘报告                                 |
"""

from __future__ import annotations

from ..core.errors import InvalidValue
from ..core.i18n import tr
from ..projects.project import get_project
from ..core.workspace import Workspace
from . import delivery, plan, request, tracking

FORMS = ("request", "tasks", "plan", "tracking", "issues", "delivery", "retro")


def export_project(ws: Workspace, project_id: int | str, form: str, lang: str | None = None) -> str:
    if form not in FORMS:
        raise InvalidValue("form", tr("form: {value!r} is not one of {allowed}", value=form,
                                      allowed=", ".join(FORMS)))
    project = get_project(ws, project_id)
    render = {"request": request.render, "tasks": plan.render_tasks, "plan": plan.render_plan,
              "tracking": tracking.render_tracking, "issues": tracking.render_issues,
              "delivery": delivery.render_delivery, "retro": delivery.render_retro}[form]
    return render(ws, project, lang)
