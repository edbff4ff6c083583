"""Repeat groups of a KoboToolbox/ODK export: the extra sheets whose rows belong to a submission
of the first sheet. A consultation form's repeat of promises becomes the consultation's
commitments: each parent's child rows are folded into its input before the check, so the same
rules (``activities.data_rules.check_commitment``) check them and they are written with their
consultation, every one or none.

A child row points to its submission by KoboToolbox's ``_submission__uuid`` (the parent's
``_uuid``) or ``_parent_index`` (the parent's ``_index``), or by ODK Central's ``PARENT_KEY``
(the parent's ``KEY``)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from flask_babel import lazy_gettext as _l

from outreach.imports.columns import CellError, Column, match_header
from outreach.imports.reading import Sheet
from outreach.imports.register_rows import COMMITMENTS

#: (the child's column, the parent's column it holds), in the order they are looked for
LINKS = [("_submission__uuid", "_uuid"), ("PARENT_KEY", "KEY"), ("_parent_index", "_index")]
#: the columns of a promise (a commitment of the consultation its submission becomes)
PROMISE_COLUMNS = [
    c
    for c in COMMITMENTS.columns
    if c.key in ("description", "owner", "due_date", "status", "evidence", "drop_reason")
]
#: where a child sheet's column is kept in a form's mapping: ``<sheet>::<heading>``
SEPARATOR = "::"
WHERE = _l("Sheet %(sheet)s, row %(row)s, %(column)s")
ORPHAN = _l("No submission of the first sheet has this id.")
ONLY_CONSULTATIONS = _l("Only a consultation records commitments.")


def _last(heading: str) -> str:
    return heading.replace("-", "/").split("/")[-1]


def link(header: list[str]) -> tuple[str, str] | None:
    """(child column, parent column) when a sheet's rows point to their submission."""
    for child, parent in LINKS:
        if child in header:
            return child, parent
    return None


def child_sheets(sheets: list[Sheet]) -> list[Sheet]:
    """The extra sheets that are repeat groups of the first."""
    return [s for s in sheets[1:] if link(s.header) and link(s.header)[1] in sheets[0].header]


def proposed(sheet: Sheet, saved: dict | None) -> dict[str, str]:
    """{heading: promise column key} of a child sheet: as saved for the form, or else by the
    questions' names and labels, as for the first sheet."""
    prefix = f"{sheet.name}{SEPARATOR}"
    if saved and any(k.startswith(prefix) for k in saved):
        return {h: saved.get(prefix + h, "") for h in sheet.header}
    matched = match_header([_last(h) for h in sheet.header], PROMISE_COLUMNS)
    return {h: (matched[i].key if i in matched else "") for i, h in enumerate(sheet.header)}


def chosen_mapping(sheet_name: str, chosen: dict[str, str]) -> dict[str, str]:
    """The mapping's entries of a child sheet, ``<sheet>::<heading>`` → promise column key."""
    known = {c.key for c in PROMISE_COLUMNS}
    # the sheet's own entry keeps a choice of no column at all for the next export
    kept = {f"{sheet_name}{SEPARATOR}": ""}
    kept.update({f"{sheet_name}{SEPARATOR}{h}": v for h, v in chosen.items() if v in known})
    return kept


@dataclass
class Promise:
    """One child row: where it is, the commitment it gives, what could not be read."""

    sheet: str
    number: int
    command: dict[str, Any]
    headings: dict[str, str]
    #: the heading of the column that names the submission
    link: str = ""
    errors: list[tuple[str, str]] = field(default_factory=list)

    def where(self, column_key: str) -> str:
        heading = self.headings.get(column_key) or column_key
        return str(WHERE % {"sheet": self.sheet, "row": self.number, "column": heading})


class Repeats:
    """The child rows of an export, read once and handed to their parent's row."""

    def __init__(self, parent_header: list[str], sheets: list[Sheet], mapping: dict):
        by_key = {c.key: c for c in PROMISE_COLUMNS}
        #: {(parent column, link value): [Promise]}
        self.children: dict[tuple[str, str], list[Promise]] = {}
        self.parent_columns: dict[str, int] = {}
        self.used: set[tuple[str, str]] = set()
        for sheet in sheets:
            child_column, parent_column = link(sheet.header)
            chosen = proposed(sheet, mapping)
            columns = {
                i: by_key[chosen[h]] for i, h in enumerate(sheet.header) if chosen[h] in by_key
            }
            if not columns:  # a repeat group of something else: read past
                continue
            self.parent_columns[parent_column] = parent_header.index(parent_column)
            at = sheet.header.index(child_column)
            headings = {c.key: sheet.header[i] for i, c in columns.items()}
            for number, cells in sheet.rows:
                parent = cells[at] if at < len(cells) else None
                promise = Promise(sheet.name, number, {}, headings, child_column)
                _read(promise, columns, cells)
                if not promise.errors and not any(promise.command.values()):
                    continue  # an empty row, as on the form
                self.children.setdefault((parent_column, _text(parent)), []).append(promise)

    def of(self, cells: list[Any]) -> list[Promise]:
        """The promises of the submission in ``cells`` (a row of the first sheet)."""
        found = []
        for parent_column, index in self.parent_columns.items():
            value = _text(cells[index]) if index < len(cells) else ""
            key = (parent_column, value)
            if value and key in self.children:
                self.used.add(key)
                found.extend(self.children[key])
        return found

    def orphans(self) -> Iterator[Promise]:
        """Child rows whose submission is not in the first sheet."""
        for key, promises in self.children.items():
            if key not in self.used:
                yield from promises


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value).strip()


def _read(promise: Promise, columns: dict[int, Column], cells: list[Any]) -> None:
    for index, column in columns.items():
        raw = cells[index] if index < len(cells) else None
        try:
            promise.command[column.target] = column.parse(raw)
        except CellError as error:
            promise.errors.append((column.key, str(error.message)))


def check(promises: list[Promise], is_consultation: bool, check_commitment) -> dict[str, list]:
    """What is wrong with a submission's promises, each error keyed by where it is (sheet, row,
    column): what could not be read, then what the commitment rules refuse."""
    found: dict[str, list] = {}
    for promise in promises:
        if not is_consultation:
            found.setdefault(promise.where("description"), []).append(str(ONLY_CONSULTATIONS))
            continue
        unread = {key for key, _message in promise.errors}
        for key, message in promise.errors:
            found.setdefault(promise.where(key), []).append(message)
        for name, messages in check_commitment(promise.command).items():
            if name not in unread:
                found.setdefault(promise.where(name), []).extend(str(m) for m in messages)
    return found
