"""Real servers on this machine for the notification tests.

- `hooks`: a threaded HTTP server on 127.0.0.1 standing in for every webhook kind. It
  records each request (path, query, headers, JSON body) and answers from a per-path
  script (`hooks.script("/x", 500, 200)`; afterwards 200), optionally slowly.
- `secrets_file`: a 0600 secrets file named by $HUDDLE_NOTIFY_SECRETS; `write({...})`.
- `smtp`: an aiosmtpd server with STARTTLS (a self-signed certificate made with openssl)
  and LOGIN/PLAIN authentication; `smtp.messages` holds what arrived.
- `notify_ws`: the shared `workspace` with an incident lead (bob) and channels helpers.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import orjson
import pytest


class Hooks:
    def __init__(self):
        self.requests: list[dict] = []
        self.scripts: dict[str, list[int]] = {}
        self.delay = 0.0
        self.lock = threading.Lock()
        hooks = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                length = int(self.headers.get("Content-Length", 0))
                raw = self.rfile.read(length)
                parts = urlsplit(self.path)
                with hooks.lock:
                    script = hooks.scripts.get(parts.path, [])
                    status = script.pop(0) if script else 200
                    hooks.requests.append({"path": parts.path, "query": parse_qs(parts.query),
                                           "headers": dict(self.headers), "raw": raw,
                                           "json": orjson.loads(raw), "status": status,
                                           "at": time.time()})
                if hooks.delay:
                    time.sleep(hooks.delay)
                body = b'{"code":0,"msg":"success"}'
                try:
                    self.send_response(status)
                    if status == 429:
                        self.send_header("Retry-After", "120")
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:
                    pass  # the sender went away (terminated mid-post)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def url(self, path: str, query: str = "") -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}" + (
            f"?{query}" if query else "")

    def script(self, path: str, *statuses: int) -> None:
        self.scripts[path] = list(statuses)

    def at(self, path: str) -> list[dict]:
        return [r for r in self.requests if r["path"] == path]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def hooks():
    server = Hooks()
    yield server
    server.close()


class SecretsFile:
    def __init__(self, path: Path):
        self.path = path

    def write(self, entries: dict[str, dict], mode: int = 0o600) -> None:
        lines = []
        for name, values in entries.items():
            lines.append(f"[channel.{name}]")
            for key, value in values.items():
                lines.append(f"{key} = {orjson.dumps(value).decode()}")
        self.path.write_text("\n".join(lines) + "\n")
        os.chmod(self.path, mode)


@pytest.fixture
def secrets_file(tmp_path, monkeypatch) -> SecretsFile:
    path = tmp_path / "private" / "notify.toml"
    path.parent.mkdir()
    monkeypatch.setenv("HUDDLE_NOTIFY_SECRETS", str(path))
    return SecretsFile(path)


@pytest.fixture(scope="session")
def tls_cert(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    try:
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days",
                        "1", "-subj", "/CN=localhost", "-addext",
                        "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", str(key),
                        "-out", str(cert)], check=True, capture_output=True, timeout=30)
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("openssl cannot make a test certificate")
    return cert, key


@pytest.fixture
def smtp(tls_cert):
    ssl = pytest.importorskip("ssl")
    controller_mod = pytest.importorskip("aiosmtpd.controller")
    from aiosmtpd.smtp import AuthResult

    cert, key = tls_cert
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(str(cert), str(key))

    class Inbox:
        messages: list = []
        logins: list = []

        async def handle_DATA(self, server, session, envelope):  # noqa: N802
            self.messages.append(envelope)
            return "250 OK"

    inbox = Inbox()
    inbox.messages, inbox.logins = [], []

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = auth_data.login == b"huddle" and auth_data.password == b"pa55word"
        inbox.logins.append((session.ssl is not None, ok))
        return AuthResult(success=ok)

    import socket
    with socket.socket() as probe:  # a free port (the controller must know it to start)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = controller_mod.Controller(
        inbox, hostname="127.0.0.1", port=port, tls_context=context, require_starttls=True,
        authenticator=authenticator, auth_require_tls=True, server_hostname="localhost")
    controller.start()
    inbox.port = port
    inbox.cafile = str(cert)
    yield inbox
    controller.stop()
