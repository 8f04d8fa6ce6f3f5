"""Helpers for the onboarding tests (a module with a unique name, imported as `ob_helpers`)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

TZ = ZoneInfo("Asia/Shanghai")
HOLIDAYS = ["2024-09-16", "2024-09-17"] + [f"2024-10-0{d}" for d in range(1, 8)]
WORKDAYS = ["2024-09-14", "2024-09-29", "2024-10-12"]

ENGINEER_STEPS = [
    {"title": "开通跳板机账号", "owner": "it", "offset": -2, "check": "account"},
    {"title": "加入 dev 用户组", "owner": "it", "offset": -1, "check": "group:dev"},
    {"title": "签署入职材料", "owner": "hr", "offset": 0},
    {"title": "与对接人见面", "owner": "buddy", "offset": 0},
    {"title": "上传 SSH 公钥", "owner": "hire", "offset": 1, "check": "ssh_key"},
    {"title": "阅读项目复盘报告", "owner": "hire", "offset": 3},
    {"title": "参加周三站会", "owner": "hire", "offset": 5, "optional": True},
    {"title": "试用期目标面谈", "owner": "manager", "offset": 20},
]


def local(text: str) -> datetime:
    """A wall-clock time in Shanghai."""
    return datetime.fromisoformat(text).replace(tzinfo=TZ)


class FakeHost:
    """A pretend jump host for the injectable runner and reader of store.onboarding.hostcheck."""

    def __init__(self, accounts=None, groups=None, files=None):
        self.accounts = accounts or {}   # login -> (uid, gid, home)
        self.groups = groups or {}       # name -> (gid, [members])
        self.files = files or {}         # path -> text
        self.calls: list[list[str]] = []

    def run(self, argv):
        self.calls.append(argv)
        _getent, db, key = argv
        if db == "passwd" and key in self.accounts:
            uid, gid, home = self.accounts[key]
            return 0, f"{key}:x:{uid}:{gid}::{home}:/bin/bash\n"
        if db == "group" and key in self.groups:
            gid, members = self.groups[key]
            return 0, f"{key}:x:{gid}:{','.join(members)}\n"
        return 2, ""

    def read(self, path):
        try:
            return self.files[str(path)]
        except KeyError:
            raise FileNotFoundError(str(path)) from None


def as_os_user(ws, login: str):
    """The same workspace opened by another OS account (not an admin acting for them)."""
    from store.core.identity import Actor
    from store.core.workspace import Workspace
    return Workspace(ws.folder, ws.clock, Actor(login, login))
