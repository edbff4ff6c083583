"""What the load benchmark submits: one class per kind of record, so activities and feedback
can be added beside stakeholders. Each knows its form, how to fill it, how to read the new
record's id from the redirect, and how to check the acknowledged records are in the database.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from typing import ClassVar

import sqlalchemy as sa

from outreach.core.audit import AuditEvent
from outreach.extensions import db


@dataclass
class Context:
    """Rows the benchmark created before the load: who signs in, and where they work."""

    email: str
    password: str
    site_id: int
    extra: dict = field(default_factory=dict)


class Submission:
    """One kind of record the clients submit through its web form."""

    #: the name used in bench/results.json
    name: ClassVar[str]
    #: the page with the form (GET for the CSRF token, POST to submit)
    form_path: ClassVar[str]
    #: matches the redirect target after a successful submission; group 1 is the new id
    created: ClassVar[re.Pattern]
    #: the audit log's object_type for the record
    object_type: ClassVar[str]

    def prepare(self, ctx: Context) -> None:
        """Create anything the submissions need (inside an app context); optional."""

    def fields(self, ctx: Context, marker: str, rng: random.Random) -> list[tuple[str, str]]:
        """The form fields of one submission; ``marker`` must be findable in the record."""
        raise NotImplementedError

    def stored_markers(self, ids: list[int]) -> dict[int, str]:
        """{id: marker} of the records with these ids that are in the database."""
        raise NotImplementedError

    def missing(self, acknowledged: dict[int, str]) -> list[str]:
        """Acknowledged submissions that are not in the database, or not as submitted, or
        without their audit entry. Empty when nothing was lost."""
        problems = []
        ids = sorted(acknowledged)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            stored = self.stored_markers(chunk)
            audited = set(
                db.session.scalars(
                    sa.select(AuditEvent.object_id).where(
                        AuditEvent.action == "create",
                        AuditEvent.object_type == self.object_type,
                        AuditEvent.object_id.in_([str(i) for i in chunk]),
                    )
                )
            )
            for record_id in chunk:
                if stored.get(record_id) != acknowledged[record_id]:
                    problems.append(f"{self.name} {record_id} missing or changed")
                elif str(record_id) not in audited:
                    problems.append(f"{self.name} {record_id} has no audit entry")
        return problems

    def count_marked(self, prefix: str) -> int:
        """How many records carry a marker starting with ``prefix`` (this run's records)."""
        raise NotImplementedError


class Stakeholders(Submission):
    name = "stakeholders"
    form_path = "/stakeholders/new"
    created = re.compile(r"/stakeholders/(\d+)$")
    object_type = "stakeholder"
    categories = ("community", "village", "school", "religious", "ngo", "business")

    def fields(self, ctx, marker, rng):
        return [
            ("name", marker),
            ("category", rng.choice(self.categories)),
            ("site_ids", str(ctx.site_id)),
            ("location", f"Kampung {rng.choice(['Baru', 'Sungai', 'Batu', 'Tanjung'])}"),
            ("notes", "Met at the weekly market; asked about the level crossing."),
            ("version", ""),
        ]

    def stored_markers(self, ids):
        from outreach.stakeholders.models import Stakeholder

        rows = db.session.execute(
            sa.select(Stakeholder.id, Stakeholder.name).where(Stakeholder.id.in_(ids))
        )
        return {record_id: name for record_id, name in rows}

    def count_marked(self, prefix):
        from outreach.stakeholders.models import Stakeholder

        return db.session.scalar(
            sa.select(sa.func.count()).where(Stakeholder.name.startswith(prefix))
        )


ENTITIES: dict[str, type[Submission]] = {cls.name: cls for cls in (Stakeholders,)}
