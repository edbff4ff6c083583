"""Job functions the tests enqueue (a job is named by its module and function)."""

from __future__ import annotations

import time
from pathlib import Path

from outreach.mail import send_mail


def _count(path: str) -> int:
    counter = Path(path)
    n = int(counter.read_text() or 0) + 1 if counter.exists() else 1
    counter.write_text(str(n))
    return n


def greet(address: str, counter: str) -> str:
    """Counts its runs in a file and queues one message to ``address``."""
    _count(counter)
    send_mail(address, "Hello", "Hello there.\n", key=f"greet:{address}")
    return address


def flaky(counter: str, failures: int) -> int:
    """Fails the first ``failures`` times."""
    n = _count(counter)
    if n <= failures:
        raise RuntimeError(f"failure number {n}")
    return n


def slow_greet(address: str, marker: str, seconds: float) -> None:
    """Queues a message, says it started (``marker``), then, the first time, takes its time: a
    worker killed meanwhile has committed nothing."""
    send_mail(address, "Slow hello", "Hello, slowly.\n", key=f"slow:{address}")
    first = not Path(marker).exists()
    Path(marker).write_text("started")
    if first:
        time.sleep(seconds)
