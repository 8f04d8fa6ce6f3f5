"""Checks the jump host itself can make for an onboarding step (SPEC §4).

Three checks, each answering "verified" or "not verified" and why:
- `account_exists`: the login has an account (`getent passwd LOGIN`);
- `in_group`: the account belongs to a named group, as a supplementary
  member (`getent group GROUP`, and `os.getgrouplist` on the real host) or
  through its primary group id;
- `has_authorized_key`: `~LOGIN/.ssh/authorized_keys` (the home directory
  from `getent passwd`) holds at least one public key line.

The command runner and the file reader are injectable so tests can play any
host; by default they run `getent` and read the real file. Nothing here
raises on an unhappy host: every failure becomes a "not verified" with the
reason, so a screen can show it as it is.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..core.i18n import tr, trn

Runner = Callable[[list[str]], tuple[int, str]]   # argv -> (exit code, stdout)
Reader = Callable[[Path], str]                   # path -> text (raises OSError)

CHECK_KINDS = ("account", "group", "ssh_key")
_TIMEOUT = 5.0
# A key line: optional options, then a key type, then base64 data.
_KEY_TYPE = re.compile(r"(?:^|\s)(ssh-(?:rsa|dss|ed25519)|ecdsa-sha2-nistp\d+|"
                       r"sk-(?:ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com)"
                       r"\s+[A-Za-z0-9+/=]{16,}")


@dataclass(frozen=True)
class CheckResult:
    ok: bool
    why: str

    def to_json(self) -> dict:
        return {"ok": self.ok, "why": self.why}


def run_command(argv: list[str]) -> tuple[int, str]:
    """The default runner: run `argv` without a shell, bounded in time."""
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=_TIMEOUT,
                              check=False)
    except FileNotFoundError:
        return 127, ""
    except (subprocess.TimeoutExpired, OSError):
        return 124, ""
    return done.returncode, done.stdout


def read_text(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


def _passwd(login: str, runner: Runner) -> tuple[list[str] | None, CheckResult | None]:
    """The passwd fields of `login`, or a not-verified result saying why not."""
    code, out = runner(["getent", "passwd", login])
    if code == 0 and out.strip():
        fields = out.strip().splitlines()[0].split(":")
        if len(fields) >= 7 and fields[0] == login:
            return fields, None
        return None, CheckResult(False, tr("getent gave an unreadable answer for {login}",
                                           login=login))
    if code == 2 or (code == 0 and not out.strip()):
        return None, CheckResult(False, tr("no account {login} on this host", login=login))
    if code == 127:
        return None, CheckResult(False, tr("cannot check: getent is not installed"))
    return None, CheckResult(False, tr("cannot check: getent failed (exit code {code})",
                                       code=code))


def account_exists(login: str, runner: Runner | None = None) -> CheckResult:
    fields, failure = _passwd(login, runner or run_command)
    if failure:
        return failure
    assert fields is not None
    return CheckResult(True, tr("account {login} exists (uid {uid}, home {home})",
                                login=login, uid=fields[2], home=fields[5]))


def in_group(login: str, group: str, runner: Runner | None = None) -> CheckResult:
    """On the real host (no runner given) `os.getgrouplist` is asked too, for directories
    (LDAP, SSSD) whose `getent group` does not list the members."""
    real_host = runner is None
    runner = runner or run_command
    if not group:
        return CheckResult(False, tr("no group named in the step"))
    fields, failure = _passwd(login, runner)
    if failure:
        return failure
    assert fields is not None
    code, out = runner(["getent", "group", group])
    if code != 0 or not out.strip():
        if code in (0, 2):
            return CheckResult(False, tr("no group {group} on this host", group=group))
        return CheckResult(False, tr("cannot check: getent failed (exit code {code})", code=code))
    parts = out.strip().splitlines()[0].split(":")
    if len(parts) < 4:
        return CheckResult(False, tr("getent gave an unreadable answer for group {group}",
                                     group=group))
    members = [m for m in parts[3].split(",") if m]
    if login in members:
        return CheckResult(True, tr("{login} is a member of {group}", login=login, group=group))
    if parts[2] == fields[3]:
        return CheckResult(True, tr("{group} is the primary group of {login}",
                                    login=login, group=group))
    if real_host and parts[2].isdigit() and fields[3].isdigit():
        try:
            if int(parts[2]) in os.getgrouplist(login, int(fields[3])):
                return CheckResult(True, tr("{login} is a member of {group}", login=login,
                                            group=group))
        except OSError:
            pass
    return CheckResult(False, tr("{login} is not in group {group}", login=login, group=group))


def has_authorized_key(login: str, runner: Runner | None = None,
                       reader: Reader | None = None) -> CheckResult:
    fields, failure = _passwd(login, runner or run_command)
    if failure:
        return failure
    assert fields is not None
    path = Path(fields[5]) / ".ssh" / "authorized_keys"
    try:
        text = (reader or read_text)(path)
    except FileNotFoundError:
        return CheckResult(False, tr("{path} does not exist", path=str(path)))
    except PermissionError:
        return CheckResult(False, tr("cannot read {path}: permission denied", path=str(path)))
    except OSError as exc:
        return CheckResult(False, tr("cannot read {path}: {reason}", path=str(path),
                                     reason=exc.strerror or str(exc)))
    keys = [line for line in text.splitlines()
            if line.strip() and not line.lstrip().startswith("#") and _KEY_TYPE.search(line)]
    if not keys:
        return CheckResult(False, tr("{path} holds no public key", path=str(path)))
    return CheckResult(True, trn("{path} holds {n} public key",
                                     "{path} holds {n} public keys", len(keys), path=str(path)))


def run_check(check: dict, login: str, runner: Runner | None = None,
              reader: Reader | None = None) -> CheckResult:
    """Run one step's check, e.g. {"kind": "group", "group": "dev"}."""
    kind = check.get("kind")
    if kind == "account":
        return account_exists(login, runner)
    if kind == "group":
        return in_group(login, check.get("group") or "", runner)
    if kind == "ssh_key":
        return has_authorized_key(login, runner, reader)
    return CheckResult(False, tr("unknown check {kind!r}", kind=kind))


def describe(check: dict | None) -> str:
    """What a check verifies, for lists and forms."""
    if not check:
        return ""
    kind = check.get("kind")
    if kind == "account":
        return tr("host: account exists")
    if kind == "group":
        return tr("host: in group {group}", group=check.get("group", ""))
    if kind == "ssh_key":
        return tr("host: SSH key installed")
    return str(kind)
