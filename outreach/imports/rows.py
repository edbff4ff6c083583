"""One pass over an import's rows: each row is parsed, mapped to its feature's command, found
again by its external id, and checked by the feature's rules; when writing, it is then created
or updated through the feature's operations. The same pass serves the check (nothing written)
and the writing (all in the caller's transaction)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from outreach.activities.rules import WorkflowError
from outreach.core.db import insert_rows
from outreach.core.permissions import Refused, can
from outreach.core.rules import RuleError
from outreach.extensions import db
from outreach.imports.columns import PARSERS, CellError, Column
from outreach.imports.kinds import UNKNOWN_SITE, Context, RowKind, same
from outreach.imports.models import ImportKey

#: the rows with errors that are kept and shown (the count of the others is given)
MAX_ERROR_ROWS = 5000
DUPLICATE = _l("This external id is already on row %(row)s.")
NOT_YOURS = _l("This record is outside your sites.")
COUNTERS = {"create": "created", "update": "updated", "unchanged": "unchanged"}
#: the new records written together by a kind's ``create_many``
CHUNK = 2000


@dataclass
class Outcome:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rows: int = 0
    #: [sheet row, column heading, message]
    errors: list[list] = field(default_factory=list)
    error_rows: int = 0

    def add_errors(self, number: int, found: list[tuple[str, str]]) -> None:
        self.error_rows += 1
        if self.error_rows <= MAX_ERROR_ROWS:
            self.errors.extend([number, heading, message] for heading, message in found)


@dataclass
class Row:
    number: int
    values: dict[str, Any]
    #: (heading, message)
    errors: list[tuple[str, str]]
    headings: dict[str, str]


def external_keys(kind: RowKind) -> dict[str, int]:
    """Every external id already imported for the kind, read once per pass."""
    stmt = sa.select(ImportKey.external_id, ImportKey.object_id).where(ImportKey.kind == kind.name)
    return {external: object_id for external, object_id in db.session.execute(stmt)}


class Pass:
    """The rows of one table of an import, checked (and written when ``write``)."""

    def __init__(
        self,
        kind: RowKind,
        ctx: Context,
        matched: dict[int, Column],
        header: list[str],
        import_id: int | None = None,
        write: bool = False,
        constants: dict[str, Any] | None = None,
        children: Callable[[list[Any]], list] | None = None,
    ):
        self.kind, self.ctx, self.matched, self.write = kind, ctx, matched, write
        #: the rows of a KoboToolbox/ODK repeat group that belong to a submission's row
        self.children = children
        self.import_id = import_id
        self.headings = {c.key: header[i] for i, c in matched.items()}
        self.outcome = Outcome()
        #: {column key: value} the same for every row (chosen when mapping a form's columns)
        by_key = {c.key: c for c in kind.columns}
        self.constants = {
            k: by_key[k].parse(v) for k, v in (constants or {}).items() if k in by_key and v
        }
        for key in self.constants:
            self.headings.setdefault(key, str(by_key[key].label))
        #: (cell index, column key, how its cells are read, the column, an empty cell's value)
        self.readers = [(i, c.key, PARSERS[c.kind], c, c.parse(None)) for i, c in matched.items()]
        self.seen: dict[str, int] = {}
        self.keys = external_keys(kind)
        #: records this pass created: a list export's id never means one of them
        self.created_ids: set[int] = set()
        #: new records waiting to be written together: (site, command, row)
        self.pending: list[tuple[Any, dict, Row]] = []

    def heading(self, field_name: str) -> str:
        column = self.kind.field_column(field_name)
        if column is None:
            return field_name
        return self.headings.get(column.key) or str(column.label)

    def parse(self, number: int, cells: list[Any]) -> Row:
        values, errors = {}, []
        width = len(cells)
        for index, key, read, column, empty in self.readers:
            raw = cells[index] if index < width else None
            if raw is None:
                values[key] = empty
                continue
            try:
                values[key] = read(raw, column)
            except CellError as error:
                errors.append((self.headings[key], str(error.message)))
        for key, value in self.constants.items():
            if values.get(key) in (None, ""):
                values[key] = value
        return Row(number, values, errors, self.headings)

    def run(
        self, rows: Iterator[tuple[int, list[Any]]], progress: Callable[[int], None]
    ) -> Outcome:
        for number, cells in rows:
            self.outcome.rows += 1
            row = self.parse(number, cells)
            if self.children is not None and (found := self.children(cells)):
                row.values["promises"] = found
            self.one(row)
            if self.outcome.rows % 250 == 0:
                progress(self.outcome.rows)
        self._write_pending()
        progress(self.outcome.rows)
        return self.outcome

    def _site(self, row: Row):
        if not self.kind.per_site:
            return None
        site = self.ctx.site(str(row.values.get("site") or ""))
        if site is None or not self.ctx.may_view(site):
            row.errors.append((self.heading("site"), str(UNKNOWN_SITE)))
            return None
        return site

    def _existing(self, row: Row):
        external = row.values.get("external_id")
        if external:
            first = self.seen.setdefault(external, row.number)
            if first != row.number:
                row.errors.append((self.heading("external_id"), str(DUPLICATE % {"row": first})))
                return None
        elif row.values.get("id"):
            external = f"id:{row.values['id']}"  # a list export's row brought in before
        if external:
            object_id = self.keys.get(str(external))
            if object_id is not None:
                return self.kind.load(object_id)
        record = self.kind.find(row.values, self.ctx)
        return None if record is not None and record.id in self.created_ids else record

    def _visible(self, record) -> bool:
        if self.kind.capability != "record.write":
            return True
        return can(self.ctx.user, "record.view", record)

    def one(self, row: Row) -> None:
        site = self._site(row)
        record = self._existing(row)
        if record is not None and not self._visible(record):
            row.errors.append((self.heading("id"), str(NOT_YOURS)))
            record = None
        if row.errors and (self.kind.per_site and site is None or record is not None):
            self.outcome.add_errors(row.number, row.errors)
            return
        command = self.kind.command(row.values, site, self.ctx)
        action = "create"
        if record is not None:
            current = self.kind.current(record, command)
            if all(same(value, command.get(name)) for name, value in current.items()) or not (
                self.ctx.update_existing and self.kind.updatable
            ):
                action = "unchanged"
            else:
                action = "update"
        batch = self.write and action == "create" and self.kind.batchable(command, self.ctx)
        if action != "unchanged":
            parsed = {heading for heading, _message in row.errors}
            # a row written with others: the feature's rules are run by ``create_many``
            found = self.kind.check(site, command, self.ctx, record, with_rules=not batch)
            for name, messages in found.items():
                heading = self.heading(name)
                if heading not in parsed:
                    row.errors.extend((heading, str(m)) for m in messages)
        if row.errors:
            self.outcome.add_errors(row.number, row.errors)
            return
        if batch:
            self.pending.append((site, command, row))
            if len(self.pending) >= CHUNK:
                self._write_pending()
        elif self.write:
            try:
                self._write(action, site, command, record, row)
            except (RuleError, WorkflowError, Refused, ValueError) as refused:
                found = getattr(refused, "errors", None) or {"id": [str(refused)]}
                self.outcome.add_errors(
                    row.number,
                    [(self.heading(f), str(m)) for f, ms in found.items() for m in ms],
                )
                return
        counter = COUNTERS[action]
        setattr(self.outcome, counter, getattr(self.outcome, counter) + 1)

    def _write_pending(self) -> None:
        """Write the new records gathered, with their external ids, in a few statements."""
        pending, self.pending = self.pending, []
        if not pending:
            return
        try:
            ids = self.kind.create_many(
                [(site, command) for site, command, _row in pending], self.ctx
            )
        except (RuleError, WorkflowError, Refused, ValueError) as refused:
            self.outcome.created -= len(pending)
            by_row = getattr(refused, "rows", None) or {
                0: getattr(refused, "errors", None) or {"id": [str(refused)]}
            }
            for index, found in sorted(by_row.items()):
                self.outcome.add_errors(
                    pending[index][2].number,
                    [(self.heading(f), str(m)) for f, ms in found.items() for m in ms],
                )
            return
        self.created_ids.update(ids)
        keys = []
        for record_id, (_site, _command, row) in zip(ids, pending, strict=True):
            external = self._external(row)
            if external:
                self.keys[external] = record_id
                keys.append(
                    {
                        "kind": self.kind.name,
                        "external_id": external,
                        "object_id": record_id,
                        "import_id": self.import_id,
                    }
                )
        if keys:
            insert_rows(db.session, ImportKey.__table__, keys)

    def _external(self, row: Row) -> str | None:
        """The key a row's record is found again by: its external id, or a list export's id."""
        external = row.values.get("external_id")
        if not external and row.values.get("id"):
            external = f"id:{row.values['id']}"
        return str(external) if external else None

    def _write(self, action: str, site, command: dict, record, row: Row) -> None:
        if action == "update":
            self.kind.update(record, command, self.ctx)
        elif action == "create":
            record = self.kind.create(site, command, self.ctx)
            self.created_ids.add(record.id)
            external = self._external(row)
            if external:
                self.keys[external] = record.id
                db.session.add(
                    ImportKey(
                        kind=self.kind.name,
                        external_id=external,
                        object_id=record.id,
                        import_id=self.import_id,
                    )
                )
