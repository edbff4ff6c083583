"""One label registry: every fixed choice people read (a kind, a state, a cause, a status…) has
one translated label, registered by the feature that owns the enum, complete or refused.
Pages (the ``label`` filter), charts, the PDF, the workbook and lists all ask ``label(value)``.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import TypeVar

E = TypeVar("E", bound=Enum)

_LABELS: dict[type[Enum], Mapping] = {}


def register(enum_cls: type[E], labels: Mapping[E, object]) -> Mapping[E, object]:
    """Register the labels of every member of ``enum_cls`` (a missing one is a mistake)."""
    missing = [m.value for m in enum_cls if m not in labels]
    if missing:
        raise ValueError(f"{enum_cls.__name__} has members without a label: {missing}")
    _LABELS[enum_cls] = labels
    return labels


def label(value: Enum | None) -> str:
    """The label of a registered enum member, in the current language ("" for None)."""
    if value is None:
        return ""
    return str(_LABELS[type(value)][value])


def registered() -> dict[type[Enum], Mapping]:
    """Every registered enum and its labels (for tests and catalogs)."""
    return dict(_LABELS)
