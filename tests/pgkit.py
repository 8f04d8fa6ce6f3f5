"""A throw-away PostgreSQL cluster for the tests (one per test session, i.e. per xdist worker).

As root: `initdb` and `pg_ctl` run as the `postgres` account (initdb refuses root) in a temp
folder, on a free TCP port of 127.0.0.1 and a Unix socket folder, with trust authentication
(any role may connect as itself: it stands for a jump host's peer authentication) and no
fsync (a throw-away cluster). `Cluster.stop()` stops it and removes the folder.

Roles: `postgres` (superuser) owns the schema (`huddle db upgrade` ran as it on the template
database); the OS account running the tests (`root`, the workspace's admin in the fixtures)
and the members of the fixtures (alice, bob, chen, carol, dave) log in as members
(`huddle_member`). Each test gets its own database, a copy of the template.
"""

from __future__ import annotations

import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

TEMPLATE = "huddle_template"
MEMBERS = ("alice", "bob", "chen", "carol", "dave", "stranger")


def unavailable() -> str | None:
    """Why no cluster can be started here (one line), or None."""
    if os.geteuid() != 0:
        return "PostgreSQL tests need root (to run the server as the postgres account)"
    for tool in ("initdb", "pg_ctl"):
        if _tool(tool) is None:
            return f"PostgreSQL tests need {tool} (on the PATH or in /usr/lib/postgresql/*/bin)"
    try:
        import pwd
        pwd.getpwnam("postgres")
    except KeyError:
        return "PostgreSQL tests need the postgres account"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "PostgreSQL tests need psycopg (pip install 'huddle[postgres]')"
    return None


def _tool(name: str) -> str | None:
    """A server program: on the PATH, else Debian's newest /usr/lib/postgresql/N/bin."""
    found = shutil.which(name)
    if found:
        return found
    versions = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
                      key=lambda path: int(path.parts[-3]) if path.parts[-3].isdigit() else 0)
    return str(versions[-1]) if versions else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_postgres(*args: str) -> None:
    subprocess.run(["runuser", "-u", "postgres", "--", *args], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd="/")


class Cluster:
    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="huddle-pg-"))
        self.data = self.root / "data"
        self.sockets = self.root / "sockets"
        self.port = _free_port()
        self._names = itertools.count(1)
        self.started = False

    def url(self, dbname: str, user: str | None = None, *, tcp: bool = False) -> str:
        """A conninfo for `dbname` as `user` (default: the OS account), by socket or TCP."""
        user = user or _os_login()
        host = "127.0.0.1" if tcp else str(self.sockets)
        return f"host={host} port={self.port} dbname={dbname} user={user}"

    def start(self) -> "Cluster":
        self.sockets.mkdir()
        shutil.chown(self.root, "postgres")
        shutil.chown(self.sockets, "postgres")
        os.chmod(self.root, 0o755)
        os.chmod(self.sockets, 0o777)
        _as_postgres(_tool("initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust",
                     "--no-sync", "-E", "UTF8", "--no-locale")
        _as_postgres(_tool("pg_ctl"), "-D", str(self.data), "-o", self._options(),
                     "-l", str(self.root / "server.log"), "-w", "-t", "30", "start")
        self.started = True
        self._prepare_template()
        return self

    def _options(self) -> str:
        return (f"-p {self.port} -k {self.sockets} -c listen_addresses=127.0.0.1 "
                "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
                "-c max_connections=300 -c shared_buffers=32MB")

    def _prepare_template(self) -> None:
        from store.postgres.schema import MEMBER_ROLE, upgrade
        with self.connect("postgres") as conn:
            conn.execute(f"CREATE DATABASE {TEMPLATE}")
        with self.connect(TEMPLATE) as conn:
            upgrade(conn)
            conn.execute(f'CREATE ROLE "{_os_login()}" LOGIN CREATEROLE IN ROLE {MEMBER_ROLE}')
            for login in MEMBERS:
                conn.execute(f'CREATE ROLE "{login}" LOGIN IN ROLE {MEMBER_ROLE}')

    def connect(self, dbname: str):
        """A superuser's connection (autocommit)."""
        import psycopg
        return psycopg.connect(self.url(dbname, "postgres"), autocommit=True)

    def new_database(self) -> str:
        name = f"t{os.getpid()}_{next(self._names)}"
        with self.connect("postgres") as conn:
            # FILE_COPY: about 3× faster than the default WAL_LOG for a small template
            conn.execute(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE} STRATEGY FILE_COPY")
        return name

    def drop_database(self, name: str) -> None:
        with self.connect("postgres") as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def pause(self) -> None:
        """Stop the server, keeping its data (a database host going down); `resume()` after."""
        _as_postgres(_tool("pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def resume(self) -> None:
        """Start the paused server again, on the same port and socket."""
        _as_postgres(_tool("pg_ctl"), "-D", str(self.data), "-o", self._options(),
                     "-l", str(self.root / "server.log"), "-w", "-t", "30", "start")

    def terminate(self, dbname: str) -> int:
        """Drop every connection to `dbname` but this one (`pg_terminate_backend`)."""
        with self.connect("postgres") as conn:
            return len(conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()", (dbname,)).fetchall())

    def stop(self) -> None:
        try:
            if self.started:
                _as_postgres(_tool("pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w",
                             "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


def _os_login() -> str:
    from store.core.identity import os_login
    return os_login()
