"""What the persistence core needs the domain to decide, passed in rather than imported
(store/people/__init__.py sets it when imported): who is an admin, who is a member, and the
workspace's time zone."""

from __future__ import annotations

from typing import Any, Callable

from .record import FrozenRecord


class WorkspacePolicy(FrozenRecord):
    """What the persistence core needs the domain to decide, passed in rather than imported:
    the core knows no members and no settings. The people layer sets it when it is imported
    (store/people/__init__.py: `set_policy`); until then the core refuses to guess.

    - is_admin(ws, login): may `login` administer the workspace (and act for others)?
    - check_member(ws, login): raises NotFound when `login` is not a member.
    - timezone_name(ws): the workspace's IANA time zone."""
    __slots__ = ("is_admin", "check_member", "timezone_name")

    def __init__(self, *, is_admin: Callable[[Any, str], bool],
                 check_member: Callable[[Any, str], None],
                 timezone_name: Callable[[Any], str]) -> None:
        self._set(is_admin=is_admin, check_member=check_member, timezone_name=timezone_name)


def _unset(*_args):
    raise RuntimeError("no WorkspacePolicy: import store.people (it sets one) before opening")


_policy = WorkspacePolicy(is_admin=_unset, check_member=_unset, timezone_name=_unset)


def set_policy(policy: WorkspacePolicy) -> None:
    global _policy
    _policy = policy


def policy() -> WorkspacePolicy:
    return _policy
