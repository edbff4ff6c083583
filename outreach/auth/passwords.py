"""Password hashing (argon2) and the rules a new password must meet."""

from __future__ import annotations

import re
import secrets
from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_babel import gettext as _

_hasher = PasswordHasher()
#: the longest password accepted: argon2 hashes all it is given, so more only costs the server
MAX_PASSWORD_LENGTH = 256
_COMMON_FILE = Path(__file__).with_name("common_passwords.txt")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@cache
def unmatched_hash() -> str:
    """A hash that no password matches, checked for an address with no account so that
    signing in takes as long as for a real one and the time does not tell which exist."""
    return hash_password(secrets.token_urlsafe(32))


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


@cache
def _common_passwords() -> frozenset[str]:
    lines = _COMMON_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(
        line.strip().lower() for line in lines if line.strip() and not line.startswith("#")
    )


def too_long_message() -> str:
    return _("Use at most %(n)d characters.", n=MAX_PASSWORD_LENGTH)


def password_problem(password: str, min_length: int, personal: tuple[str, ...] = ()) -> str | None:
    """Why a new password is refused, in words for the user, or None when it is acceptable."""
    if len(password) < min_length:
        return _("Use at least %(n)d characters.", n=min_length)
    if len(password) > MAX_PASSWORD_LENGTH:
        return too_long_message()
    lowered = password.lower()
    core = re.sub(r"[\W\d_]+$", "", re.sub(r"^[\W\d_]+", "", lowered))
    common = _common_passwords()
    if lowered in common or core in common or len(set(lowered)) <= 3:
        return _("This password is too common. Choose a phrase that others would not guess.")
    for word in personal:
        word = word.lower().strip()
        if len(word) >= 4 and word in lowered:
            return _("Do not use your name or e-mail address in your password.")
    return None
