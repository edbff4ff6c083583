"""Real worker processes (``flask --app app worker``) and a Redis server of the test's own on
a spare port, so the shared Redis is never touched."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(condition, timeout: float = 60, what: str = "the condition"):
    """Poll until ``condition()`` is true (a deadline against hanging, not a timing check)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"gave up waiting for {what}")


class RedisServer:
    def __init__(self, folder: Path, persistent: bool):
        self.folder = folder
        self.port = free_port()
        self.persistent = persistent
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        persistence = (
            ["--appendonly", "yes", "--appendfsync", "always"]
            if self.persistent
            else ["--appendonly", "no"]
        )
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server"),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(self.folder),
                "--save",
                "",
                *persistence,
            ],
            stdout=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port)
        wait_for(lambda: _pings(client), 20, "redis-server to start")

    def kill(self) -> None:
        """``kill -9``: no chance to save anything on the way out."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)


def _pings(client) -> bool:
    try:
        return client.ping()
    except redis.exceptions.ConnectionError:
        return False


@pytest.fixture
def redis_server(tmp_path):
    if shutil.which("redis-server") is None:
        pytest.fail("redis-server is not installed (scripts/system-deps.sh test installs it)")
    servers = []

    def start(persistent: bool = True) -> RedisServer:
        server = RedisServer(tmp_path, persistent)
        server.start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        if server.process and server.process.poll() is None:
            server.kill()


@pytest.fixture
def worker_processes(app, tmp_path):
    """Start ``flask --app app worker`` processes on the test's database."""
    started: list[subprocess.Popen] = []

    def start(redis_url: str, *args: str, **config) -> subprocess.Popen:
        env = {
            **os.environ,
            "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
            "SECRET_KEY": app.config["SECRET_KEY"],
            "OUTREACH_JOBS_REDIS_URL": redis_url,
            "OUTREACH_JOBS_TICK_SECONDS": "0.5",
            "OUTREACH_EXTERNAL_URL": app.config["EXTERNAL_URL"],
            "OUTREACH_MAIL_FROM": app.config["MAIL_FROM"],
            "OUTREACH_MAIL_OUTBOX": app.config["MAIL_OUTBOX"],
        }
        for key in ("MAIL_HOST", "MAIL_PORT", "MAIL_STARTTLS"):
            env[f"OUTREACH_{key}"] = str(app.config[key] or "")
        env.update({f"OUTREACH_{k}": str(v) for k, v in config.items()})
        process = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "app", "worker", *args],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=(tmp_path / f"worker-{len(started)}.log").open("w"),
        )
        started.append(process)
        return process

    yield start
    for n, process in enumerate(started):
        if process.poll() is None:
            process.send_signal(signal.SIGUSR1)  # its threads' stacks into the log
            time.sleep(0.5)
            process.kill()
        process.wait(10)
        print(f"worker {n}:", (tmp_path / f"worker-{n}.log").read_text()[:4000])
