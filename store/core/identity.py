"""Who is acting: always the OS account of the process, never an environment variable."""

from __future__ import annotations

import os
import pwd

from .record import FrozenRecord


def os_login() -> str:
    return pwd.getpwuid(os.getuid()).pw_name


class Actor(FrozenRecord):
    """`login` is the member the action is for; `real` is the OS account doing it.

    They differ only when a workspace admin acts for a member (`--as LOGIN`).
    """

    __slots__ = ("login", "real")

    def __init__(self, login: str, real: str) -> None:
        self._set(login=login, real=real)

    @property
    def on_behalf(self) -> bool:
        return self.login != self.real

    @classmethod
    def me(cls) -> "Actor":
        login = os_login()
        return cls(login, login)
