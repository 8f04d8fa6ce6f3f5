"""Who is acting: always the OS account of the process, never an environment variable."""

from __future__ import annotations

import os
import pwd
from dataclasses import dataclass


def os_login() -> str:
    return pwd.getpwuid(os.getuid()).pw_name


@dataclass(frozen=True)
class Actor:
    """`login` is the member the action is for; `real` is the OS account doing it.

    They differ only when a workspace admin acts for a member (`--as LOGIN`).
    """

    login: str
    real: str

    @property
    def on_behalf(self) -> bool:
        return self.login != self.real

    @classmethod
    def me(cls) -> "Actor":
        login = os_login()
        return cls(login, login)
