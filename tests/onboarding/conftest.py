"""Fixtures for onboarding, knowledge base, routine sync and customer requests.

`ws`: the shared `workspace` (Asia/Shanghai, Monday 2024-09-02 10:00, admin =
the OS account, members alice, bob, chen) plus lin "林新" (a new hire), ops
"欧运维" (IT), zhang "张人事" (HR), the default IT/HR owners ops and zhang, an
"engineer" template (ob_helpers.ENGINEER_STEPS), and the 2024 Mid-Autumn and
National Day holidays with their make-up workdays (调休): 2024-09-14 (Sat),
2024-09-29 (Sun), 2024-10-12 (Sat).
"""

from __future__ import annotations

import pytest
from ob_helpers import ENGINEER_STEPS, HOLIDAYS, WORKDAYS

from store.onboarding import templates
from store.people.members import add_member
from store.people.settings import update_settings


@pytest.fixture
def ws(workspace):
    update_settings(workspace, holidays=HOLIDAYS, workdays=WORKDAYS)
    add_member(workspace, "lin", "林新", "Engineering")
    add_member(workspace, "ops", "欧运维", "Engineering")
    add_member(workspace, "zhang", "张人事", "Product")
    templates.set_owners(workspace, it="ops", hr="zhang")
    templates.save_template(workspace, "engineer", "研发工程师", ENGINEER_STEPS,
                            duties="负责核心模块开发；每日17:00前更新进度。")
    return workspace
