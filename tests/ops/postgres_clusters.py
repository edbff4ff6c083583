"""PostgreSQL servers of the tests' own, on spare ports: a primary that allows replication and
a streaming replica made from it with ``pg_basebackup -R``, as a deployment would run them.

They never touch the machine's own server. As root, the server programs run as the
``postgres`` user (``initdb`` refuses root).
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket

# the PostgreSQL programs run with argument lists, never through a shell
import subprocess  # nosec B404
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa


def _bindir() -> Path:
    found = subprocess.run(  # nosec B603 B607
        ["pg_config", "--bindir"], capture_output=True, text=True, check=True
    )
    return Path(found.stdout.strip())


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Cluster:
    data: Path
    port: int
    sockets: Path

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def start(self) -> None:
        _run(
            "pg_ctl",
            "-D",
            self.data,
            "-w",
            "-l",
            self.data / "server.log",
            "-o",
            f"-p {self.port} -k {self.sockets} -c listen_addresses=127.0.0.1",
            "start",
        )

    def stop(self) -> None:
        _run("pg_ctl", "-D", self.data, "-w", "-m", "fast", "stop", check=False)

    def sql(self, statement: str):
        engine = sa.create_engine(self.url, isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as conn:
                result = conn.exec_driver_sql(statement)
                return result.scalar() if result.returns_rows else None
        finally:
            engine.dispose()


def _as_postgres() -> list[str]:
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


def _run(program: str, *args, check: bool = True) -> None:
    command = [*_as_postgres(), str(_bindir() / program), *map(str, args)]
    subprocess.run(command, check=check, capture_output=True)  # nosec B603


class PrimaryAndReplica:
    """``primary`` accepts writes; ``replica`` streams from it and is read-only."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="outreach-pg-"))
        self.root.chmod(0o755)
        if os.geteuid() == 0:
            account = pwd.getpwnam("postgres")
            os.chown(self.root, account.pw_uid, account.pw_gid)
        self.primary = Cluster(self.root / "primary", _free_port(), self.root)
        self.replica = Cluster(self.root / "replica", _free_port(), self.root)

    def start(self, replica: bool = True) -> PrimaryAndReplica:
        _run("initdb", "-D", self.primary.data, "-A", "trust", "-U", "postgres")
        with open(self.primary.data / "pg_hba.conf", "a") as hba:
            hba.write("host replication all 127.0.0.1/32 trust\n")
        self.primary.start()
        if not replica:
            return self
        _run(
            "pg_basebackup",
            "-h",
            "127.0.0.1",
            "-p",
            self.primary.port,
            "-U",
            "postgres",
            "-D",
            self.replica.data,
            "-R",
            "-X",
            "stream",
        )
        self.replica.start()
        return self

    def wait_for_replica(self, timeout: float = 20.0) -> None:
        """Until the replica has replayed everything the primary has written so far."""
        target = self.primary.sql("SELECT pg_current_wal_lsn()::text")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            replayed = self.replica.sql(f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn")
            if replayed:
                return
            time.sleep(0.1)
        raise TimeoutError("the replica did not catch up")

    def close(self) -> None:
        if self.replica.data.exists():
            self.replica.stop()
        self.primary.stop()
        shutil.rmtree(self.root, ignore_errors=True)
