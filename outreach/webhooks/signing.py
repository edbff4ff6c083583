"""The signature of a webhook delivery: HMAC-SHA256 with the endpoint's secret over the
timestamp, a full stop and the exact body.

    Outreach-Signature: t=1767225600,v1=5f2b…(64 hex digits)

A receiver recomputes ``hex(hmac_sha256(secret, f"{t}." + body))``, compares it in constant
time, and refuses a timestamp more than a few minutes old (a replayed request).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

HEADER = "Outreach-Signature"


def new_secret() -> str:
    """A fresh signing secret (shown to the administrator once)."""
    return "whsec_" + secrets.token_urlsafe(32)


def signature(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return mac.hexdigest()


def header_value(secret: str, timestamp: int, body: bytes) -> str:
    return f"t={timestamp},v1={signature(secret, timestamp, body)}"


def verify(secret: str, header: str, body: bytes, now: int, tolerance: int = 300) -> bool:
    """What a receiver does: a valid signature, made less than ``tolerance`` seconds ago."""
    parts = dict(p.split("=", 1) for p in header.split(",") if "=" in p)
    try:
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    if abs(now - timestamp) > tolerance:
        return False
    return hmac.compare_digest(parts.get("v1", ""), signature(secret, timestamp, body))
