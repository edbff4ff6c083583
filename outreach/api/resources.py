"""The read-only lists and records of the API, declared once each: the table, the fields shown,
the capability a caller needs and the scope filter from the permission table. Each gets
``GET /<name>`` (keyset pages; ``updated_since`` where records change and are removed) and
``GET /<name>/<id>`` with its version as ``ETag`` where it has one.

Personal data that only some staff may see (a complainant's name and contact, a confidential
source) is not served by the API at all; partners get no records, only figures."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import sqlalchemy as sa
from flask import abort, url_for
from flask_login import current_user
from pydantic import BaseModel

from outreach.activities.models import Commitment
from outreach.api.blueprint import bp
from outreach.api.loading import requires
from outreach.api.pagination import keyset_page, page_response
from outreach.api.query import ListQuery, MirrorQuery, parse_query
from outreach.api.responses import json_response
from outreach.api.schemas import model_for, page_of
from outreach.api.serialize import plain
from outreach.api.spec import operation
from outreach.core.money import ExchangeRate
from outreach.core.permissions import in_country_scope, in_scope, scope_site_ids
from outreach.extensions import db
from outreach.feedback.models import Feedback, SurveyRound
from outreach.reports.models import IssuedReport
from outreach.sites.models import Country, Site
from outreach.stakeholders.models import Stakeholder, stakeholder_sites


@dataclass
class Resource:
    name: str
    model: type
    fields: list[str]
    #: the capability a caller needs
    action: str
    #: a WHERE clause keeping what the caller may see (None: everything)
    scope: Callable[[Any], sa.ColumnElement[bool]] | None
    title: str
    #: extra values of a record (links), computed
    links: Callable[[Any], dict] | None = None
    extra_fields: dict[str, Any] = field(default_factory=dict)

    @property
    def arg(self) -> str:
        """The name of a record's id in its address (``site_id``)."""
        return {"feedback": "feedback", "exchange-rates": "rate"}.get(
            self.name, self.name.removesuffix("s")
        ) + "_id"

    @property
    def mirrored(self) -> bool:
        return hasattr(self.model, "is_deleted") and hasattr(self.model, "updated_at")

    @property
    def key(self) -> sa.Column:
        return sa.inspect(self.model).primary_key[0]

    @cached_property
    def schema(self) -> type[BaseModel]:
        """The body of one record."""
        extra = dict(self.extra_fields)
        if self.mirrored:
            extra.update(deleted=(bool, ...), updated_at=(str, ...))
        return model_for(self.model.__name__, self.model.__table__, self.fields, **extra)

    def record(self, obj) -> dict[str, Any]:
        data = {name: plain(getattr(obj, name)) for name in self.fields}
        if self.mirrored:
            data["deleted"] = obj.is_deleted
            data["updated_at"] = plain(obj.updated_at)
        if self.links:
            data.update(self.links(obj))
        return data


def _stakeholders_in_scope(user) -> sa.ColumnElement[bool]:
    ids = scope_site_ids(user)
    linked = sa.select(stakeholder_sites.c.stakeholder_id)
    if ids is not None:
        linked = linked.where(stakeholder_sites.c.site_id.in_(ids))
    return Stakeholder.id.in_(linked)


def _countries_in_scope(user) -> sa.ColumnElement[bool]:
    return Country.code.in_(sa.select(Site.country_code).where(in_scope(user, Site.id)))


def _report_links(report) -> dict:
    return {
        "pdf_url": url_for("reports.download_pdf", report_id=report.id),
        "xlsx_url": url_for("reports.download_xlsx", report_id=report.id),
    }


RESOURCES = [
    Resource(
        "countries",
        Country,
        ["code", "name", "currency", "languages"],
        "site.view",
        _countries_in_scope,
        "Countries where the caller sees sites",
    ),
    Resource(
        "sites",
        Site,
        ["id", "code", "name", "country_code", "province", "district", "kind", "operator"]
        + ["status", "latitude", "longitude", "start_date", "archived", "version"],
        "site.view",
        lambda user: in_scope(user, Site.id),
        "Sites in the caller's scope",
    ),
    Resource(
        "stakeholders",
        Stakeholder,
        ["id", "name", "category", "contact_name", "contact_phone", "contact_email"]
        + ["location", "vulnerable_groups", "consent_personal_data", "notes", "version"],
        "personal_data.view",
        _stakeholders_in_scope,
        "Stakeholders registered at the caller's sites",
        links=lambda s: {"site_ids": [site.id for site in s.sites]},
        extra_fields={"site_ids": (list[int], ...)},
    ),
    Resource(
        "commitments",
        Commitment,
        ["id", "site_id", "consultation_id", "description", "owner", "due_date", "status"]
        + ["evidence", "drop_reason", "closed_on", "version"],
        "record.view",
        lambda user: in_scope(user, Commitment.site_id, "record.view"),
        "Promises made to the communities of the caller's sites",
    ),
    Resource(
        "feedback",
        Feedback,
        ["id", "site_id", "received_on", "channel", "language", "text", "sentiment"]
        + ["reviewed", "is_grievance", "status", "ack_due", "resolve_due", "acknowledged_on"]
        + ["resolved_on", "closed_on", "resolution", "satisfaction", "version"],
        "record.view",
        lambda user: in_scope(user, Feedback.site_id, "record.view"),
        "Feedback and grievances at the caller's sites (never who gave them)",
    ),
    Resource(
        "surveys",
        SurveyRound,
        ["id", "site_id", "conducted_on", "sample_size", "method", "notes"],
        "record.view",
        lambda user: in_scope(user, SurveyRound.site_id, "record.view"),
        "Perception survey rounds at the caller's sites",
        links=lambda r: {"answers": r.counts()},
        extra_fields={"answers": (dict[str, list[int]], ...)},
    ),
    Resource(
        "reports",
        IssuedReport,
        ["id", "scope_kind", "scope_name", "country_code", "period_start", "period_end"]
        + ["period_label", "languages", "version", "verification_code", "page_count"]
        + ["size_bytes", "issuer_name", "issued_at"],
        "report.view",
        lambda user: in_country_scope(user, IssuedReport.country_code, "report.view"),
        "Issued impact reports of the caller's countries, with their download links",
        links=_report_links,
        extra_fields={"pdf_url": (str, ...), "xlsx_url": (str, ...)},
    ),
    Resource(
        "exchange-rates",
        ExchangeRate,
        ["id", "currency", "reporting_currency", "rate", "valid_from"],
        "rates.manage",
        None,
        "Exchange rates into the reporting currency (administrators)",
    ),
]


def _select(resource: Resource) -> sa.Select:
    stmt = sa.select(resource.model)
    if resource.scope is not None:
        stmt = stmt.where(resource.scope(current_user))
    return stmt


def _lister(resource: Resource) -> Callable:
    query_model = MirrorQuery if resource.mirrored else ListQuery
    paged = isinstance(resource.key.type, sa.Integer)

    def view():
        query = parse_query(query_model)
        stmt = _select(resource)
        since = query.since() if resource.mirrored else None
        if since is not None:
            stmt = stmt.where(resource.model.updated_at >= since)
            order = (resource.model.updated_at, resource.key)
        else:
            if resource.mirrored:
                stmt = stmt.where(resource.model.is_deleted.is_(False))
            order = (resource.key,)
        if not paged:
            rows = list(db.session.scalars(stmt.order_by(*order)))
            return page_response([resource.record(r) for r in rows], None)
        rows, cursor = keyset_page(stmt, order, query.cursor, query.limit, db.session)
        return page_response([resource.record(r) for r in rows], cursor)

    view.__name__ = "list_" + resource.name.replace("-", "_")
    view.__doc__ = resource.title + (
        "; ``updated_since`` lists changes and removals, oldest first."
        if resource.mirrored
        else "."
    )
    return view


def _getter(resource: Resource) -> Callable:
    def view(**ids: int):
        obj = db.session.scalar(_select(resource).where(resource.key == ids[resource.arg]))
        if obj is None or getattr(obj, "is_deleted", False):
            abort(404)
        headers = {"ETag": f'"{obj.version}"'} if hasattr(obj, "version") else {}
        return json_response(resource.record(obj), headers=headers)

    view.__name__ = "get_" + resource.name.replace("-", "_").removesuffix("s")
    view.__doc__ = f"One of: {resource.title[0].lower()}{resource.title[1:]}."
    return view


def register_resources() -> None:
    for resource in RESOURCES:
        item = resource.schema
        tags = (resource.name,)
        lister = operation(
            tags=tags,
            query=ListQuery if not resource.mirrored else MirrorQuery,
            ok={"HTTP_200": page_of(item.__name__ + "Page", item)},
        )(requires(resource.action)(_lister(resource)))
        bp.add_url_rule(f"/{resource.name}", view_func=lister, methods=["GET"])
        if isinstance(resource.key.type, sa.Integer):
            getter = operation(tags=tags, ok={"HTTP_200": item})(
                requires(resource.action)(_getter(resource))
            )
            bp.add_url_rule(
                f"/{resource.name}/<int:{resource.arg}>", view_func=getter, methods=["GET"]
            )


register_resources()


def resource(name: str) -> Resource:
    """The resource listed as ``/<name>``."""
    return next(r for r in RESOURCES if r.name == name)
