"""Activity rows (every kind in one sheet, told apart by the ``kind`` column): mapped to the
command the activity form gives, checked by ``activities.data_rules``, written by
``activities.operations`` and sent to review as submitted (or approved, when a manager says so).
The headings are those of the activity list export, so its files come back as they are."""

from __future__ import annotations

import re
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from outreach.activities import commitment_operations, data_rules, operations, rules
from outreach.activities.kinds import (
    CAUSE_LABELS,
    DONATION_FORM_LABELS,
    FORMAT_LABELS,
    KIND_LABELS,
    MOTIVATION_LABELS,
    OCCASION_LABELS,
    VALUATION_LABELS,
    ActivityKind,
)
from outreach.activities.models import Activity
from outreach.core import uploads
from outreach.core.permissions import can
from outreach.core.rules import NOT_IN_LIST, Errors, RuleError
from outreach.extensions import db
from outreach.imports import repeats
from outreach.imports.columns import Column
from outreach.imports.kinds import EXTERNAL_ID, NOT_YOUR_SITE, RECORD_ID, Context, RowKind
from outreach.sites.models import Site
from outreach.stakeholders.models import Stakeholder, stakeholder_sites

CURRENCY = re.compile(r"^[A-Z]{3}$")
KIND_VALUES = {k.value for k in ActivityKind}


def _count(key, label, field=None, example=None):
    return Column(key, label, kind="int", field=field, example=example)


def _amount(key, label, field=None, example=None):
    return Column(key, label, kind="decimal", field=field, places=2, example=example)


COLUMNS = [
    EXTERNAL_ID,
    RECORD_ID,
    Column("site", _l("Site code"), required=True, example="KL-ECRL"),
    Column(
        "kind", _l("Kind"), kind="choice", choices=KIND_LABELS, required=True, example="donation"
    ),
    Column(
        "date",
        _l("Date"),
        kind="date",
        field="activity_date",
        required=True,
        aliases=("activity_date",),
        example="2025-03-14",
    ),
    Column(
        "title", _l("Title"), max_length=200, required=True, example="Textbooks for SK Kampung Baru"
    ),
    Column("description", _l("What happened"), max_length=10000),
    Column(
        "place", _l("Place (village, address or landmark)"), max_length=200, example="Kampung Baru"
    ),
    Column("latitude", _l("GPS latitude"), kind="decimal", places=6),
    Column("longitude", _l("GPS longitude"), kind="decimal", places=6),
    Column(
        "currency",
        _l("Currency"),
        max_length=3,
        example="MYR",
        note=_l("Empty: the currency of the site's country."),
    ),
    _amount("cost", _l("Cost to the company"), "cost_amount"),
    Column("staff_hours", _l("Staff hours"), kind="decimal", places=1),
    Column(
        "b4si_motivation",
        _l("B4SI motivation"),
        kind="choice",
        field="motivation",
        choices=MOTIVATION_LABELS,
        aliases=("motivation",),
        required=True,
        example="community_investment",
    ),
    Column(
        "cause",
        _l("Cause"),
        kind="choice",
        choices=CAUSE_LABELS,
        required=True,
        example="education",
    ),
    Column("occasion", _l("Occasion"), kind="choice", choices=OCCASION_LABELS),
    _count("attendance", _l("Attendance (people)")),
    Column("audience", _l("Audience (who came)"), max_length=200),
    Column(
        "donation_form",
        _l("Form of donation"),
        kind="choice",
        choices=DONATION_FORM_LABELS,
        example="cash",
    ),
    Column(
        "beneficiary",
        _l("Beneficiary"),
        field="beneficiary_id",
        aliases=("beneficiary_id",),
        example="SK Kampung Baru",
        note=_l("The name (or Outreach id) of a stakeholder in the site's register."),
    ),
    _amount("cash", _l("Cash amount"), "cash_amount", example=5000),
    Column("in_kind_description", _l("What was given in kind"), max_length=300),
    _count("quantity", _l("Quantity (items)")),
    _amount("in_kind_value", _l("Value of the goods")),
    Column(
        "valuation", _l("How the value was established"), kind="choice", choices=VALUATION_LABELS
    ),
    _count("beneficiaries", _l("Number of people who benefit"), example=320),
    Column("consultation_format", _l("Format"), kind="choice", choices=FORMAT_LABELS),
    Column("topic", _l("Topic"), max_length=200),
    Column("languages", _l("Languages used"), max_length=120),
    _count("participants", _l("Participants in total")),
    _count("participants_women", _l("Participants: women")),
    _count("participants_men", _l("Participants: men")),
    _count("participants_youth", _l("Participants: young people")),
    _count("participants_indigenous", _l("Participants: indigenous people")),
    _count("participants_vulnerable", _l("Participants: other vulnerable people")),
    Column("information_disclosed", _l("Information disclosed"), max_length=10000),
    Column("issues_raised", _l("Issues raised"), max_length=10000),
    Column("commitments_made", _l("Commitments made"), max_length=10000),
    Column("programme", _l("Programme or skill"), max_length=200),
    _count("trainees", _l("Trainees")),
    _count("completed", _l("Completed")),
    _count("trainees_women", _l("Trainees: women")),
    Column("training_hours", _l("Training hours"), kind="decimal", places=1),
    _count("certificates", _l("Certificates awarded")),
    Column(
        "partners",
        _l("Partner stakeholders"),
        kind="list",
        field="partner_ids",
        note=_l("Names (or Outreach ids) of stakeholders of the site, separated by ;"),
    ),
    Column("photo", _l("Photo"), note=_l("A photo's file name in the attachments ZIP.")),
    Column("state", _l("State"), ignored=True),
    Column("author", _l("Author"), ignored=True),
]
#: (column key, command field) of the columns a row's command is made of
COMMAND_COLUMNS = [
    (c.key, c.target)
    for c in COLUMNS
    if not c.ignored and c.key not in ("external_id", "id", "site")
]
#: the columns whose value is a stakeholder of the row's site
PEOPLE = {"beneficiary_id", "partner_ids"}


def _stakeholder_ids(site: Site, ctx: Context) -> dict[str, int]:
    """The site's register by name and by id (as text), read once per site."""
    key = ("stakeholders", site.id)
    if key not in ctx.cache:
        stmt = (
            sa.select(Stakeholder.id, Stakeholder.name)
            .join(stakeholder_sites, stakeholder_sites.c.stakeholder_id == Stakeholder.id)
            .where(stakeholder_sites.c.site_id == site.id, Stakeholder.is_deleted.is_(False))
        )
        found = {}
        for sid, name in db.session.execute(stmt):
            found.setdefault(name.casefold(), sid)
            found[str(sid)] = sid
        ctx.cache[key] = found
    return ctx.cache[key]


def _person(value: Any, site: Site | None, ctx: Context) -> Any:
    """A stakeholder given by name or id becomes its id; one not in the register stays as
    written, and the rules refuse it as they refuse it on the form."""
    if value in (None, "") or site is None:
        return value or None
    return _stakeholder_ids(site, ctx).get(str(value).casefold(), str(value))


class ActivityRows(RowKind):
    name = "activity"
    label = _l("Activities")
    columns = COLUMNS
    repeats = True

    def command(self, values: dict[str, Any], site: Site | None, ctx: Context) -> dict:
        data = {target: values[key] for key, target in COMMAND_COLUMNS if key in values}
        if data.get("photo"):
            data["submission"] = values.get("external_id")
        if "beneficiary_id" in data:
            data["beneficiary_id"] = _person(data["beneficiary_id"], site, ctx)
        if "partner_ids" in data:
            data["partner_ids"] = [_person(v, site, ctx) for v in data["partner_ids"]]
        if not data.get("currency"):
            data.pop("currency", None)
        else:
            data["currency"] = data["currency"].upper()
        if values.get("promises"):
            data["commitments"] = values["promises"]
        return data

    def _kind(self, command: dict) -> ActivityKind | None:
        value = command.get("kind")
        return ActivityKind(value) if value in KIND_VALUES else None

    def fields(self, kind: ActivityKind) -> list[str]:
        return [*operations.COMMON_FIELDS, *operations.KIND_FIELDS[kind], "partner_ids"]

    def check(
        self, site: Site | None, command: dict, ctx: Context, record=None, with_rules: bool = True
    ) -> dict:
        errors = Errors()
        kind = self._kind(command)
        if kind is None:
            errors.add("kind", NOT_IN_LIST)
            return dict(errors)
        if record is not None:
            if record.kind != kind:
                errors.add("kind", _l("An entry's kind cannot be changed."))
            elif not rules.can_edit(ctx.user, record):
                errors.add("id", _l("This entry can no longer be changed by you."))
            return dict(errors)
        if not ctx.may_write(site):
            errors.add("site", NOT_YOUR_SITE)
            return dict(errors)
        if ctx.approve and not can(ctx.user, "activity.review", site):
            errors.add("site", _l("Only a manager of this site can review entries."))
        if "currency" in command and not CURRENCY.match(command["currency"]):
            errors.add("currency", _l("Three letters, e.g. MYR."))
        if command.get("photo") and ctx.photos is not None:
            try:
                ctx.photos.upload(command["photo"], command.get("submission"))
            except RuleError as refused:
                errors["photo"].extend(refused.errors["photo"])
        if command.get("commitments"):
            found = repeats.check(
                command["commitments"],
                kind == ActivityKind.CONSULTATION,
                data_rules.check_commitment,
            )
            for where, messages in found.items():
                errors[where].extend(messages)
        if not with_rules:
            return dict(errors)
        register = ctx.cache.get(("register", site.id))
        if register is None:
            register = ctx.cache[("register", site.id)] = set(_stakeholder_ids(site, ctx).values())
        for field, messages in data_rules.check_activity(
            site, kind, command, today=ctx.today, register=register
        ).items():
            errors[field].extend(messages)
        return dict(errors)

    def find(self, values: dict[str, Any], ctx: Context):
        return self.load(values.get("id"))

    def load(self, object_id: Any):
        if not isinstance(object_id, int) or not 0 < object_id < 2**31:
            return None
        activity = db.session.get(Activity, object_id)
        return activity if activity is not None and not activity.is_deleted else None

    def current(self, record: Activity, command: dict) -> dict:
        wanted = set(self.fields(record.kind)) | {"kind"}
        values = {}
        for name in command:
            if name not in wanted:
                continue
            if name == "partner_ids":
                values[name] = [p.id for p in record.partners]
            else:
                values[name] = getattr(record, name)
        return values

    def changes(self, record: Activity, command: dict) -> dict:
        wanted = set(self.fields(record.kind))
        return {k: v for k, v in command.items() if k in wanted}

    def create(self, site: Site, command: dict, ctx: Context) -> Activity:
        kind = ActivityKind(command["kind"])
        data = {k: v for k, v in command.items() if k in self.fields(kind)}
        activity = operations.create_activity(site, kind, data, ctx.user)
        for promise in command.get("commitments") or []:
            commitment_operations.create_commitment(
                site, promise.command, ctx.user, consultation=activity, today=ctx.today
            )
        if command.get("photo") and ctx.photos is not None:
            upload = ctx.photos.upload(command["photo"], command.get("submission"))
            operations.add_attachment(activity, uploads.store_upload(upload), ctx.user)
        operations.submit_activity(activity, ctx.user)
        if ctx.approve:
            operations.approve_imported_activity(activity, ctx.user)
        return activity

    def batchable(self, command: dict, ctx: Context) -> bool:
        if command.get("commitments"):  # written with their consultation, one by one
            return False
        return not (command.get("photo") and ctx.photos is not None)

    def create_many(self, entries: list[tuple[Site, dict]], ctx: Context) -> list[int]:
        return operations.create_submitted_activities(
            [
                (site, kind, {k: v for k, v in command.items() if k in self.fields(kind)})
                for site, command in entries
                for kind in [ActivityKind(command["kind"])]
            ],
            ctx.user,
            approve=ctx.approve,
        )

    def update(self, record: Activity, command: dict, ctx: Context) -> None:
        operations.update_activity(record, self.changes(record, command), ctx.user)


ACTIVITIES = ActivityRows()
