"""Rows of the registers: stakeholders (``stakeholders.rules``/``operations``), commitments
(``activities.data_rules.check_commitment``/``commitment_operations``) and feedback and
grievances (``feedback.rules``/``operations``). Feedback is recorded once: a row already
imported is left as it is (its classification is the reviewer's to change, in the app)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from outreach.activities import commitment_operations
from outreach.activities.data_rules import check_commitment
from outreach.activities.kinds import COMMITMENT_STATUS_LABELS, ActivityKind
from outreach.activities.models import Activity, Commitment
from outreach.core.permissions import can
from outreach.core.rules import NOT_IN_LIST, Errors
from outreach.extensions import db
from outreach.feedback import operations as feedback_ops
from outreach.feedback import rules as feedback_rules
from outreach.feedback.models import CHANNEL_LABELS, SENTIMENT_LABELS, Feedback, FeedbackCategory
from outreach.imports.columns import Column
from outreach.imports.kinds import EXTERNAL_ID, NOT_YOUR_SITE, RECORD_ID, Context, RowKind
from outreach.sites.models import Site
from outreach.stakeholders import operations as stakeholder_ops
from outreach.stakeholders.models import CATEGORY_LABELS, VULNERABLE_GROUPS, Stakeholder
from outreach.stakeholders.rules import check_stakeholder

SITE = Column("site", _l("Site code"), required=True, example="KL-ECRL")


def _merge(errors: Errors, found: dict) -> dict:
    for field, messages in found.items():
        errors[field].extend(messages)
    return dict(errors)


def _load(model, object_id: Any):
    if not isinstance(object_id, int) or not 0 < object_id < 2**31:
        return None
    record = db.session.get(model, object_id)
    return record if record is not None and not record.is_deleted else None


def _plain(values: dict, columns: list[Column], skip=("external_id", "id", "site")) -> dict:
    return {
        c.target: values[c.key]
        for c in columns
        if c.key in values and not c.ignored and c.key not in skip
    }


class StakeholderRows(RowKind):
    name = "stakeholder"
    label = _l("Stakeholders")
    per_site = False
    columns = [
        EXTERNAL_ID,
        RECORD_ID,
        Column("name", _l("Name"), max_length=200, required=True, example="SK Kampung Baru"),
        Column(
            "category",
            _l("Category"),
            kind="choice",
            choices=CATEGORY_LABELS,
            required=True,
            example="school",
        ),
        Column(
            "sites",
            _l("Site codes"),
            kind="list",
            field="site_ids",
            required=True,
            example="KL-ECRL",
            note=_l("One or more site codes, separated by ;"),
        ),
        Column("location", _l("Location"), max_length=200),
        Column(
            "vulnerable_groups",
            _l("Vulnerable groups"),
            kind="list",
            note=_l("Keys separated by ;: ") + ", ".join(VULNERABLE_GROUPS),
        ),
        Column("contact_name", _l("Contact name"), max_length=120),
        Column("contact_phone", _l("Contact phone"), max_length=40),
        Column("contact_email", _l("Contact e-mail"), max_length=254),
        Column("consent_personal_data", _l("Consent to keep contact details"), kind="bool"),
        Column("notes", _l("Notes"), max_length=10000),
    ]

    def command(self, values: dict[str, Any], site: Site | None, ctx: Context) -> dict:
        data = _plain(values, self.columns)
        if "site_ids" in data:
            data["site_codes"] = data["site_ids"]
            data["site_ids"] = [s.id for code in data["site_ids"] if (s := ctx.site(code))]
        if "vulnerable_groups" in data:
            data["vulnerable_groups"] = [
                key
                for part in data["vulnerable_groups"]
                for key, label in VULNERABLE_GROUPS.items()
                if part.casefold() in (key, str(label).casefold())
            ]
        return data

    def check(
        self, site: Site | None, command: dict, ctx: Context, record=None, with_rules: bool = True
    ) -> dict:
        errors = Errors()
        codes = command.get("site_codes", [])
        if len(command.get("site_ids", [])) < len(codes):
            errors.add("site_ids", NOT_IN_LIST)
        elif not all(ctx.may_write(ctx.site(code)) for code in codes):
            errors.add("site_ids", NOT_YOUR_SITE)
        if record is not None and not can(ctx.user, "record.write", record):
            errors.add("id", NOT_YOUR_SITE)
        return _merge(errors, check_stakeholder(self._full(record, command)))

    def _full(self, record, command: dict) -> dict:
        if record is None:
            return command
        return {**self.current(record, stakeholder_ops.FIELDS + ["site_ids"]), **command}

    def find(self, values: dict[str, Any], ctx: Context):
        return self.load(values.get("id"))

    def load(self, object_id: Any):
        return _load(Stakeholder, object_id)

    def current(self, record: Stakeholder, command) -> dict:
        values = {}
        for name in command:
            if name == "site_ids":
                values[name] = [s.id for s in record.sites]
            elif name == "vulnerable_groups":
                values[name] = record.vulnerable_list if record.vulnerable_groups else []
            elif name != "site_codes":
                values[name] = getattr(record, name, None)
        return values

    def create(self, site, command: dict, ctx: Context) -> Stakeholder:
        return stakeholder_ops.create_stakeholder(command, ctx.user)

    def update(self, record: Stakeholder, command: dict, ctx: Context) -> None:
        hidden = [s for s in record.sites if not ctx.may_write(s)]
        stakeholder_ops.update_stakeholder(record, self._full(record, command), ctx.user, hidden)


class CommitmentRows(RowKind):
    name = "commitment"
    label = _l("Commitments")
    columns = [
        EXTERNAL_ID,
        RECORD_ID,
        SITE,
        Column(
            "description",
            _l("Promise"),
            max_length=10000,
            required=True,
            example="Repair the footbridge to the school",
        ),
        Column("owner", _l("Owner"), max_length=120, required=True, example="Site civil engineer"),
        Column("due_date", _l("Due date"), kind="date", required=True, example="2025-06-30"),
        Column(
            "status", _l("Status"), kind="choice", choices=COMMITMENT_STATUS_LABELS, example="open"
        ),
        Column("evidence", _l("Evidence"), max_length=10000),
        Column("drop_reason", _l("Why it was dropped"), max_length=10000),
        Column(
            "consultation", _l("Consultation (Outreach id)"), kind="int", field="consultation_id"
        ),
    ]

    def command(self, values: dict[str, Any], site: Site | None, ctx: Context) -> dict:
        return _plain(values, self.columns)

    def _consultation(self, command: dict) -> Activity | None:
        wanted = command.get("consultation_id")
        activity = _load(Activity, wanted) if wanted else None
        return activity if activity and activity.kind == ActivityKind.CONSULTATION else None

    def check(
        self, site: Site | None, command: dict, ctx: Context, record=None, with_rules: bool = True
    ) -> dict:
        errors = Errors()
        target = record or site
        if not can(ctx.user, "record.write", target):
            errors.add("site", NOT_YOUR_SITE)
            return dict(errors)
        if command.get("consultation_id"):
            found = self._consultation(command)
            at = record.site_id if record is not None else site.id
            if found is None or found.site_id != at:
                errors.add("consultation_id", NOT_IN_LIST)
        return _merge(errors, check_commitment(self._full(record, command)))

    def _full(self, record, command: dict) -> dict:
        if record is None:
            return command
        return {**self.current(record, commitment_operations.FIELDS), **command}

    def find(self, values: dict[str, Any], ctx: Context):
        return self.load(values.get("id"))

    def load(self, object_id: Any):
        return _load(Commitment, object_id)

    def create(self, site: Site, command: dict, ctx: Context) -> Commitment:
        return commitment_operations.create_commitment(
            site, command, ctx.user, consultation=self._consultation(command), today=ctx.today
        )

    def update(self, record: Commitment, command: dict, ctx: Context) -> None:
        commitment_operations.update_commitment(
            record, self._full(record, command), ctx.user, today=ctx.today
        )


class FeedbackRows(RowKind):
    name = "feedback"
    label = _l("Feedback and grievances")
    updatable = False
    columns = [
        EXTERNAL_ID,
        RECORD_ID,
        SITE,
        Column("received_on", _l("Received on"), kind="date", required=True, example="2025-03-03"),
        Column(
            "channel",
            _l("Channel"),
            kind="choice",
            choices=CHANNEL_LABELS,
            required=True,
            example="meeting",
        ),
        Column("language", _l("Language"), max_length=10, example="ms"),
        Column(
            "text",
            _l("What was said"),
            max_length=20000,
            required=True,
            example="The trucks raise dust on the school road.",
        ),
        Column(
            "categories",
            _l("Categories"),
            kind="list",
            field="category_ids",
            example="dust",
            note=_l("Category keys separated by ;"),
        ),
        Column(
            "sentiment",
            _l("Sentiment"),
            kind="choice",
            choices=SENTIMENT_LABELS,
            example="-1",
            note=_l("From -2 (very negative) to 2 (very positive)."),
        ),
        Column("is_grievance", _l("Grievance"), kind="bool", example="yes"),
        Column("anonymous", _l("Anonymous"), kind="bool"),
        Column("fears_retaliation", _l("Fears retaliation"), kind="bool"),
        Column("person_name", _l("Name of the person"), max_length=120),
        Column("person_contact", _l("Contact of the person"), max_length=200),
        Column("consent_personal_data", _l("Consent to keep name and contact"), kind="bool"),
        *[
            Column(name, name, ignored=True)
            for name in (
                "reviewed",
                "person",
                "status",
                "sla",
                "ack_due",
                "acknowledged_on",
                "resolve_due",
                "resolved_on",
                "satisfaction",
            )
        ],
    ]

    def command(self, values: dict[str, Any], site: Site | None, ctx: Context) -> dict:
        data = _plain(values, self.columns)
        if data.get("sentiment") in ("", None):
            data["sentiment"] = None
        elif str(data["sentiment"]).lstrip("-").isdigit():
            data["sentiment"] = int(data["sentiment"])
        if "category_ids" in data:
            known = ctx.cache.get("categories")
            if known is None:
                known = {}
                for cid, key, name in db.session.execute(
                    sa.select(FeedbackCategory.id, FeedbackCategory.key, FeedbackCategory.name)
                ):
                    known[key.casefold()] = known[name.casefold()] = cid
                ctx.cache["categories"] = known
            data["category_ids"] = [known.get(v.casefold(), v) for v in data["category_ids"]]
        return data

    def check(
        self, site: Site | None, command: dict, ctx: Context, record=None, with_rules: bool = True
    ) -> dict:
        if not ctx.may_write(site):
            return {"site": [str(NOT_YOUR_SITE)]}
        return feedback_rules.check_feedback(site, command, today=ctx.today)

    def find(self, values: dict[str, Any], ctx: Context):
        return self.load(values.get("id"))

    def load(self, object_id: Any):
        return _load(Feedback, object_id)

    def create(self, site: Site, command: dict, ctx: Context) -> Feedback:
        return feedback_ops.record_feedback(site, command, ctx.user)


STAKEHOLDERS = StakeholderRows()
COMMITMENTS = CommitmentRows()
FEEDBACK = FeedbackRows()
