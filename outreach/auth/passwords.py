"""Password hashing (argon2) and the rules a new password must meet."""

from __future__ import annotations

import re
import secrets
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_babel import gettext as _
from zxcvbn import zxcvbn

_hasher = PasswordHasher()
#: the longest password accepted: argon2 hashes all it is given, so more only costs the server
MAX_PASSWORD_LENGTH = 256
#: zxcvbn's score from 0 (too guessable) to 4; 3 is "safely unguessable"
_SAFE_SCORE = 3
_ZXCVBN_LENGTH = 72


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


def too_long_message() -> str:
    return _("Use at most %(n)d characters.", n=MAX_PASSWORD_LENGTH)


def password_problem(password: str, min_length: int, personal: tuple[str, ...] = ()) -> str | None:
    """Why a new password is refused, in words for the user, or None when it is acceptable.

    zxcvbn rates how many guesses a password takes, from its frequency lists (common
    passwords, names, words) and patterns (keyboard walks, repeats, sequences, dates) and the
    person's own name and address; "safely unguessable" (3 of 4) is required.
    """
    if len(password) < min_length:
        return _("Use at least %(n)d characters.", n=min_length)
    if len(password) > MAX_PASSWORD_LENGTH:
        return too_long_message()
    lowered = password.lower()
    words = [w.lower().strip() for w in personal if w and w.strip()]
    if any(len(word) >= 4 and word in lowered for word in words):
        return _("Do not use your name or e-mail address in your password.")
    inputs = words + [part for w in words for part in re.split(r"[\s@.+_-]+", w) if part]
    # zxcvbn's cost grows with the length; a passphrase is judged by its first 72 characters
    if zxcvbn(password[:_ZXCVBN_LENGTH], user_inputs=inputs)["score"] < _SAFE_SCORE:
        return _("This password is too common. Choose a phrase that others would not guess.")
    return None
