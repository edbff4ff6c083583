"""What the load benchmark submits: one class per kind of record (staff feedback, a festival, a
donation, a stakeholder). Each knows its form, how to fill it, how to read the new record's id
from the redirect, and how to check the acknowledged records are in the database.

The clients of ``bench/load.py`` take turns through a mix of them (by default feedback,
festival and donation: what field officers submit most).
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
    #: the date the forms are filled in with (ISO), so none is in the future
    today: str = ""
    extra: dict = field(default_factory=dict)


class Submission:
    """One kind of record the clients submit through its web form."""

    #: the name used in bench/results.json
    name: ClassVar[str]
    #: matches the redirect target after a successful submission; group 1 is the new id
    created: ClassVar[re.Pattern]
    #: the audit log's object_type for the record
    object_type: ClassVar[str]
    #: the WSGI application gunicorn serves for it
    app: ClassVar[str] = "app:app"

    def form_path(self, ctx: Context) -> str:
        """The page with the form (GET for the CSRF token, POST to submit)."""
        raise NotImplementedError

    def prepare(self, ctx: Context, actor) -> None:
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
    created = re.compile(r"/stakeholders/(\d+)$")
    object_type = "stakeholder"
    categories = ("community", "village", "school", "religious", "ngo", "business")

    def form_path(self, ctx):
        return "/stakeholders/new"

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


BENEFICIARIES = 20  # stakeholders registered at the bench site before the load


def register_beneficiaries(ctx: Context, actor) -> None:
    """A site's register as the forms' pickers show it: a few communities and schools."""
    from outreach.stakeholders.operations import create_stakeholder

    if "beneficiary_ids" in ctx.extra:
        return
    ids = []
    for n in range(BENEFICIARIES):
        category = ("village", "school", "religious", "community")[n % 4]
        data = {"name": f"Bench {category} {n:02d}", "category": category}
        ids.append(create_stakeholder({**data, "site_ids": [ctx.site_id]}, actor).id)
    ctx.extra["beneficiary_ids"] = ids


class Feedback(Submission):
    """What a community member said, written down by a field officer (staff channel)."""

    name = "feedback"
    created = re.compile(r"/feedback/(\d+)$")
    object_type = "feedback"
    channels = ("meeting", "hotline", "messaging", "walk_in", "letter")

    def form_path(self, ctx):
        return f"/feedback/sites/{ctx.site_id}/new"

    def prepare(self, ctx, actor):
        register_beneficiaries(ctx, actor)

    def fields(self, ctx, marker, rng):
        return [
            ("received_on", ctx.today),
            ("channel", rng.choice(self.channels)),
            ("language", "ms"),
            ("sentiment", str(rng.choice([-2, -1, 0, 1, 2]))),
            ("stakeholder_id", str(rng.choice(ctx.extra["beneficiary_ids"]))),
            ("text", f"{marker}: dust from the lorries on the school road in the afternoon."),
        ]

    def stored_markers(self, ids):
        from outreach.feedback.models import Feedback as Model

        rows = db.session.execute(sa.select(Model.id, Model.text).where(Model.id.in_(ids)))
        return {record_id: text.partition(":")[0] for record_id, text in rows}

    def count_marked(self, prefix):
        from outreach.feedback.models import Feedback as Model

        return db.session.scalar(sa.select(sa.func.count()).where(Model.text.startswith(prefix)))


class _Activity(Submission):
    """An activity of one kind, saved as a draft (what a field officer does on the spot)."""

    created = re.compile(r"/activities/(\d+)$")
    object_type = "activity"
    kind: ClassVar[str]

    def form_path(self, ctx):
        return f"/sites/{ctx.site_id}/activities/new/{self.kind}"

    def prepare(self, ctx, actor):
        register_beneficiaries(ctx, actor)

    def common(self, ctx, marker, rng):
        return [
            ("activity_date", ctx.today),
            ("title", marker),
            ("description", "Handed over at the village hall with the headman present."),
            ("place", f"Kampung {rng.choice(['Baru', 'Sungai', 'Batu', 'Tanjung'])}"),
            ("currency", "MYR"),
            ("cost_amount", f"{rng.randint(100, 5000)}.00"),
            ("staff_hours", str(rng.randint(1, 12))),
            ("motivation", "community_investment"),
            ("cause", rng.choice(["education", "health", "culture", "livelihoods"])),
            ("version", ""),
        ]

    def stored_markers(self, ids):
        from outreach.activities.models import Activity

        rows = db.session.execute(
            sa.select(Activity.id, Activity.title).where(
                Activity.id.in_(ids), Activity.kind == self.kind
            )
        )
        return {record_id: title for record_id, title in rows}

    def count_marked(self, prefix):
        from outreach.activities.models import Activity

        return db.session.scalar(
            sa.select(sa.func.count()).where(
                Activity.title.startswith(prefix), Activity.kind == self.kind
            )
        )


class Festival(_Activity):
    name = "festival"
    kind = "festival"

    def fields(self, ctx, marker, rng):
        return [
            *self.common(ctx, marker, rng),
            ("occasion", rng.choice(["hari_raya", "deepavali", "open_house", "sports_day"])),
            ("attendance", str(rng.randint(20, 800))),
            ("audience", "Families of the kampung"),
        ]


class Donation(_Activity):
    name = "donation"
    kind = "donation"

    def fields(self, ctx, marker, rng):
        return [
            *self.common(ctx, marker, rng),
            ("donation_form", "cash"),
            ("beneficiary_id", str(rng.choice(ctx.extra["beneficiary_ids"]))),
            ("cash_amount", f"{rng.randint(500, 20000)}.00"),
            ("valuation", ""),  # a browser sends the empty "Choose…" option
            ("beneficiaries", str(rng.randint(10, 300))),
        ]


class Floor(Submission):
    """The least a submission can do in this stack (bench/floor_app.py): one audit row."""

    name = "floor"
    created = re.compile(r"/bench/floor/(\d+)$")
    object_type = "bench_floor"
    app = "bench.floor_app:app"

    def form_path(self, ctx):
        return "/bench/floor"

    def fields(self, ctx, marker, rng):
        return [
            ("title", marker),
            ("people", str(rng.randint(10, 300))),
            ("notes", "Handed over at the village hall with the headman present."),
            ("held_on", ctx.today),
        ]

    def stored_markers(self, ids):
        rows = db.session.execute(
            sa.select(AuditEvent.id, AuditEvent.summary).where(
                AuditEvent.id.in_(ids), AuditEvent.action == self.object_type
            )
        )
        return {record_id: summary for record_id, summary in rows}

    def missing(self, acknowledged):
        stored = {}
        ids = sorted(acknowledged)
        for start in range(0, len(ids), 500):
            stored.update(self.stored_markers(ids[start : start + 500]))
        return [f"floor {i} missing or changed" for i in ids if stored.get(i) != acknowledged[i]]

    def count_marked(self, prefix):
        return db.session.scalar(
            sa.select(sa.func.count()).where(
                AuditEvent.action == self.object_type, AuditEvent.summary.startswith(prefix)
            )
        )


ENTITIES: dict[str, type[Submission]] = {
    cls.name: cls for cls in (Feedback, Festival, Donation, Stakeholders, Floor)
}
#: what the clients submit unless told otherwise: feedback and activities (issue 7)
DEFAULT_MIX = ("feedback", "festival", "donation")
