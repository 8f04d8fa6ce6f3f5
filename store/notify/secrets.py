"""The sending account's secrets: webhook URLs (their keys), signing secrets, SMTP logins.

They are never in the workspace (every member can read it). The file is TOML:

    [channel.ops-feishu]
    url = "https://open.feishu.cn/open-apis/bot/v2/hook/…"
    secret = "…"                  # the robot's signing secret, if it has one
    [channel.mail]
    host = "smtp.example.com"
    port = 587
    user = "huddle@example.com"
    password = "…"
    from = "Huddle <huddle@example.com>"
    starttls = true               # default; false only for a local relay

Where: $HUDDLE_NOTIFY_SECRETS, else the account's platformdirs config
(`~/.config/huddle/notify.toml`), else /etc/huddle/notify.toml; the first that exists. It
must belong to the account reading it and be readable by it alone (chmod 600): a file the
group or others may read is refused. Messages never show a secret (`redact`).
"""

from __future__ import annotations

import os
import re
import stat
import tomllib
from pathlib import Path

from ..core.errors import StoreError
from ..core.i18n import tr

SYSTEM_FILE = Path("/etc/huddle/notify.toml")


class SecretsError(StoreError):
    """The secrets file is missing, unsafe or lacks an entry."""


def candidates() -> list[Path]:
    env = os.environ.get("HUDDLE_NOTIFY_SECRETS", "")
    if env:
        return [Path(env).expanduser()]
    import platformdirs
    return [Path(platformdirs.user_config_dir("huddle")) / "notify.toml", SYSTEM_FILE]


def secrets_path() -> Path | None:
    for path in candidates():
        if path.exists():
            return path
    return None


def load() -> dict[str, dict]:
    """Every entry of the secrets file ({} when there is none); refuses an unsafe file."""
    path = secrets_path()
    if path is None:
        return {}
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError as exc:
        raise SecretsError(tr("Cannot read the secrets file {path}: {reason}",
                              path=str(path), reason=exc.strerror)) from None
    with os.fdopen(fd, "rb") as handle:
        st = os.fstat(handle.fileno())
        if st.st_uid != os.geteuid():
            raise SecretsError(tr("The secrets file {path} belongs to another account; it must "
                                  "belong to the account that sends.", path=str(path)))
        if stat.S_IMODE(st.st_mode) & 0o077:
            raise SecretsError(tr("The secrets file {path} may be read by others (mode {mode}); "
                                  "run `chmod 600 {path}` first.", path=str(path),
                                  mode=f"{stat.S_IMODE(st.st_mode):04o}"))
        try:
            data = tomllib.load(handle)
        except tomllib.TOMLDecodeError as exc:
            # the parser's message quotes no value, only where the error is
            raise SecretsError(tr("The secrets file {path} is not valid TOML: {reason}",
                                  path=str(path), reason=str(exc))) from None
    entries = data.get("channel", {})
    return {k: v for k, v in entries.items() if isinstance(v, dict)} if isinstance(
        entries, dict) else {}


def entry(name: str, entries: dict[str, dict] | None = None) -> dict:
    """The secret entry `name`; a clear message when it is missing."""
    entries = load() if entries is None else entries
    found = entries.get(name)
    if found is None:
        where = secrets_path()
        raise SecretsError(tr("No [channel.{name}] entry in {path}; see docs/notify.md",
                              name=name, path=str(where or candidates()[0])))
    return found


def write_entry(name: str, values: dict[str, object]) -> Path:
    """Add or replace one entry in the account's own file, the first place looked at
    ($HUDDLE_NOTIFY_SECRETS or the user config; created 0600). /etc/huddle/notify.toml is
    the administrator's to edit."""
    path = candidates()[0]
    current = load() if path.exists() else {}
    current[name] = {k: v for k, v in values.items() if v not in (None, "")}
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            for key in sorted(current):
                handle.write(f"[channel.{_toml_key(key)}]\n")
                for field, value in current[key].items():
                    handle.write(f"{_toml_key(field)} = {_toml_value(value)}\n")
                handle.write("\n")
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise SecretsError(tr("Cannot write the secrets file {path}: {reason}",
                              path=str(path), reason=exc.strerror)) from None
    return path


def _toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else _toml_value(key)


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    return '"' + "".join(c if c not in '"\\' and ord(c) >= 0x20 else f"\\u{ord(c):04x}"
                         for c in text) + '"'


_QUERY = re.compile(r"(https?://[^\s?#'\"]+)[?#][^\s'\"]*")
_HOOK_PATH = re.compile(r"(/(?:hook|hooks|webhook|services|robot)/)[^\s'\"?#]+", re.I)


def redact(text: str, secrets: tuple[str, ...] = ()) -> str:
    """`text` without query strings, webhook path keys or any of `secrets`."""
    for secret in sorted((s for s in secrets if s and len(s) >= 4), key=len, reverse=True):
        text = text.replace(secret, "***")
    text = _QUERY.sub(r"\1?***", text)
    return _HOOK_PATH.sub(r"\1***", text)


def secret_values(values: dict) -> tuple[str, ...]:
    """The strings of an entry that must never be shown."""
    found = [str(values.get(k) or "") for k in ("url", "secret", "password", "token")]
    url = str(values.get("url") or "")
    if "?" in url:
        found.append(url.split("?", 1)[1])
    found += [p for p in re.split(r"[/?&=]", url) if len(p) >= 16]
    return tuple(f for f in found if f)
