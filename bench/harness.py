"""The pieces of the load benchmark that know nothing of the app: the gunicorn server, HTTP
requests on the loopback with a cookie jar, and latency statistics."""

from __future__ import annotations

import http.client
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"  # loopback only
WORKERS = 4


# --- the server ---------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


class Server:
    """gunicorn in its own process group, so SIGKILL takes the master and all its workers."""

    def __init__(self, url: str, log: Path, app: str = "app:app"):
        self.port = _free_port()
        self.log, self.app = log, app
        self.process: subprocess.Popen | None = None
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("OUTREACH_", "GUNICORN"))},
            "DATABASE_URL": url,
            "SECRET_KEY": secrets.token_hex(32),
            "OUTREACH_ENV_NAME": "production",
            "OUTREACH_EXTERNAL_URL": "https://outreach.example.org",
            "OUTREACH_LOGIN_LIMIT_PER_IP": "10000 per minute",
            "GUNICORN_BIND": f"{HOST}:{self.port}",
            "GUNICORN_WORKERS": str(WORKERS),
            "GUNICORN_ACCESSLOG": "",
        }

    def start(self) -> float:
        gunicorn = Path(sys.executable).with_name("gunicorn")
        with self.log.open("a") as log:
            self.process = subprocess.Popen(
                [str(gunicorn), "-c", str(ROOT / "gunicorn.conf.py"), self.app],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        return self.wait_ready()

    def wait_ready(self, limit: float = 60.0) -> float:
        started = time.monotonic()
        while time.monotonic() - started < limit:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {self.log}")
            try:
                status, _, _ = request(self.port, "GET", "/healthz", {})
                if status == 200:
                    return time.monotonic() - started
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"gunicorn did not answer within {limit} s; see {self.log}")

    def kill(self) -> None:
        """A crash: SIGKILL to the master and every worker at once."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


# --- the clients --------------------------------------------------------------------------


def request(port: int, method: str, path: str, cookies: dict, form=None):
    """One HTTP request on a fresh loopback connection: (status, headers, body)."""
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())} if cookies else {}
    body = None
    if form is not None:
        body = urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        data = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                cookies[name] = morsel.value
        return response.status, response.headers, data
    finally:
        conn.close()


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.outcomes: Counter = Counter()

    def add(self, outcome: str, seconds: float | None) -> None:
        with self.lock:
            self.outcomes[outcome] += 1
            if seconds is not None:
                self.latencies.append(seconds)

    def summary(self, elapsed: float, ok: str) -> dict:
        lat = sorted(self.latencies)
        cuts = statistics.quantiles(lat, n=100) if len(lat) >= 2 else [float("nan")] * 99
        return {
            "requests": sum(self.outcomes.values()),
            "outcomes": dict(self.outcomes),
            "throughput_per_s": round(self.outcomes[ok] / elapsed, 1),
            "p50_ms": round(cuts[49] * 1000, 1),
            "p95_ms": round(cuts[94] * 1000, 1),
            "max_ms": round(lat[-1] * 1000, 1) if lat else None,
            "seconds": round(elapsed, 1),
        }


def timed(port, method, path, cookies, form=None):
    started = time.perf_counter()
    status, headers, body = request(port, method, path, cookies, form)
    return status, headers, body, time.perf_counter() - started


def run_threads(targets) -> None:
    threads = [threading.Thread(target=t, daemon=True) for t in targets]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
