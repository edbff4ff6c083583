"""The second factor: TOTP codes from an authenticator app, and one-time recovery codes.

Pure functions, no database: the operations in ``outreach.auth.operations`` store the results.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time

import pyotp
import segno

ISSUER = "Outreach"
#: how many time steps (30 s) either side of now a code is still accepted
DRIFT_STEPS = 1
RECOVERY_CODE_COUNT = 10
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, email: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def qr_data_uri(uri: str) -> str:
    """The QR code of the provisioning URI as an inline SVG ``data:`` URI (CSP allows data:)."""
    return segno.make(uri, error="m").svg_data_uri(scale=5, border=2)


def clean_code(code: str | None) -> str:
    return "".join(c for c in (code or "").lower() if c.isalnum())


def matching_step(secret: str, code: str, last_step: int | None, now: float | None = None):
    """The time step whose code this is, when it is valid and newer than ``last_step``."""
    code = clean_code(code)
    if len(code) != 6 or not (code.isascii() and code.isdigit()):
        return None
    totp = pyotp.TOTP(secret)
    current = int((time.time() if now is None else now) // totp.interval)
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if last_step is not None and step <= last_step:
            continue
        if hmac.compare_digest(totp.at(step * totp.interval), code):
            return step
    return None


def new_recovery_codes() -> list[str]:
    """Codes shown to the user once, e.g. ``k7mq-x2pd``."""
    codes = []
    for _ in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(8))
        codes.append(f"{raw[:4]}-{raw[4:]}")
    return codes


def hash_recovery_code(code: str) -> str:
    # The codes are random (40 bits each) and single-use: a plain SHA-256 suffices.
    return hashlib.sha256(clean_code(code).encode()).hexdigest()
