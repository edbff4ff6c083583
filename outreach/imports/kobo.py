"""KoboToolbox and ODK data exports: their columns matched to an import's fields, by name
(XML values: ``group/question``; labels: the question's label) and kept per form, so the next
export of the same form comes pre-filled. ``_uuid`` is the row's external id. The columns of a
repeat group's sheet (a consultation's promises) are matched the same way
(``imports.repeats``)."""

from __future__ import annotations

import hashlib

import sqlalchemy as sa

from outreach.core.db import utcnow
from outreach.extensions import db
from outreach.imports import repeats
from outreach.imports.columns import match_header
from outreach.imports.kinds import RowKind
from outreach.imports.models import ImportMapping, ImportRun
from outreach.imports.reading import open_tables
from outreach.imports.storage import path_of

#: Kobo's own columns that are no field of ours
META = {
    "_id",
    "_submission_time",
    "_validation_status",
    "_notes",
    "_status",
    "_submitted_by",
    "__version__",
    "_tags",
    "_index",
    "_parent_index",
    "_parent_table_name",
    "start",
    "end",
    "today",
    "deviceid",
    "_xform_id_string",
    "meta/rootUuid",
    "meta/deprecatedID",
}


def _last(heading: str) -> str:
    """``group/question`` and ``group-question`` are the question's name."""
    return heading.replace("-", "/").split("/")[-1] if heading != "_uuid" else heading


def form_key(sheet_name: str, header: list[str]) -> str:
    """The same form's exports share the sheet name and the columns."""
    digest = hashlib.sha256("\n".join(sorted(header)).encode()).hexdigest()[:16]
    return f"{sheet_name[:150]}:{digest}"


def proposed_mapping(run: ImportRun, kind: RowKind) -> tuple[str, list[str], dict[str, str]]:
    """(form key, the export's headings, {heading: field key}): the mapping saved for this
    form, or else the columns whose names match."""
    key, header, proposed, _children = proposed_mappings(run, kind)
    return key, header, proposed


def proposed_mappings(run: ImportRun, kind: RowKind):
    """As ``proposed_mapping``, with the repeat groups' sheets the kind takes: [(sheet name,
    its headings, {heading: promise column key})]."""
    with open_tables(path_of(run.stored_name), run.filename) as sheets:
        name, header = sheets[0].name, sheets[0].header
        children = [
            (s.name, s.header, s) for s in (repeats.child_sheets(sheets) if kind.repeats else [])
        ]
    key = form_key(name, header)
    saved = db.session.scalar(
        sa.select(ImportMapping).where(
            ImportMapping.form_key == key, ImportMapping.kind == kind.name
        )
    )
    saved_mapping = saved.mapping if saved is not None else None
    found = [(n, h, repeats.proposed(s, saved_mapping)) for n, h, s in children]
    if saved is not None:
        fixed = {h: v for h, v in saved.mapping.items() if h.startswith("=")}
        return key, header, {**{h: saved.mapping.get(h, "") for h in header}, **fixed}, found
    plain = [("" if h in META else _last(h)) for h in header]
    matched = match_header(plain, [c for c in kind.columns if not c.ignored])
    proposed = {h: (matched[i].key if i in matched else "") for i, h in enumerate(header)}
    return key, header, proposed, found


def fixed_choices(kind: RowKind) -> list:
    """The fixed choices a form may not ask (an activity's kind, when the form logs only
    donations): one value is then chosen for every row."""
    return [c for c in kind.columns if c.choices and c.required]


def save_mapping(
    run: ImportRun,
    kind: RowKind,
    key: str,
    chosen: dict[str, str],
    fixed: dict[str, str],
    children: dict[str, str] | None = None,
) -> None:
    """Keep the mapping for the form (and the values chosen for every row, and the columns of
    its repeat groups, ``children``: ``<sheet>::<heading>`` → promise column) and give it to
    the run."""
    known = {c.key for c in kind.columns}
    mapping = {h: v for h, v in chosen.items() if v in known}
    mapping.update(children or {})
    for column in fixed_choices(kind):
        value = fixed.get(column.key, "")
        if value in {str(getattr(k, "value", k)) for k in column.choices}:
            mapping[f"={column.key}"] = value
    saved = db.session.scalar(
        sa.select(ImportMapping).where(
            ImportMapping.form_key == key, ImportMapping.kind == kind.name
        )
    )
    if saved is None:
        saved = ImportMapping(form_key=key, kind=kind.name, mapping=mapping)
        db.session.add(saved)
    saved.mapping = mapping
    saved.updated_at = utcnow()
    run.mapping = mapping
    db.session.flush()
