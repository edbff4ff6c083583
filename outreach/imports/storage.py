"""Where an uploaded file waits between its check and its writing: ``IMPORT_FOLDER`` (by
default ``instance/imports``), under a name the server makes. It is removed once the import is
over."""

from __future__ import annotations

import hashlib
import secrets
from pathlib import Path
from typing import BinaryIO

from flask import current_app

CHUNK = 1 << 20


def folder() -> Path:
    path = Path(
        current_app.config.get("IMPORT_FOLDER") or Path(current_app.instance_path, "imports")
    )
    path.mkdir(parents=True, exist_ok=True)
    return path


def save(stream: BinaryIO, suffix: str, most: int) -> tuple[str, str, int]:
    """Copy an upload to the folder: (stored name, SHA-256, size). Stops reading past ``most``
    bytes (the caller refuses the file then)."""
    name = f"{secrets.token_hex(16)}{suffix}"
    digest, size = hashlib.sha256(), 0
    with (folder() / name).open("wb") as out:
        while chunk := stream.read(CHUNK):
            size += len(chunk)
            if size > most:
                break
            digest.update(chunk)
            out.write(chunk)
    return name, digest.hexdigest(), size


def path_of(stored_name: str) -> Path:
    path = (folder() / stored_name).resolve()
    if path.parent != folder().resolve():
        raise ValueError("stored import name outside the import folder")
    return path


def remove(stored_name: str | None) -> None:
    if stored_name:
        path_of(stored_name).unlink(missing_ok=True)
