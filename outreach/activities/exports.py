"""CSV and Excel exports of an activity list: the same rows the filtered list shows."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from flask import Response
from flask_babel import gettext as _
from openpyxl import Workbook

from outreach.activities.models import Activity
from outreach.core.spreadsheets import csv_bytes, safe

COLUMNS = [
    ("id", lambda a: a.id),
    ("site", lambda a: a.site.code),
    ("kind", lambda a: a.kind.value),
    ("date", lambda a: a.activity_date),
    ("title", lambda a: a.title),
    ("state", lambda a: a.state.value),
    ("cause", lambda a: a.cause.value),
    ("b4si_motivation", lambda a: a.motivation.value),
    ("place", lambda a: a.place),
    ("currency", lambda a: a.currency),
    ("cost", lambda a: a.cost_amount),
    ("staff_hours", lambda a: a.staff_hours),
    ("cash", lambda a: a.cash_amount),
    ("in_kind_value", lambda a: a.in_kind_value),
    ("beneficiary", lambda a: a.beneficiary.name if a.beneficiary else ""),
    ("beneficiaries", lambda a: a.beneficiaries),
    ("attendance", lambda a: a.attendance),
    ("participants", lambda a: a.participants),
    ("participants_women", lambda a: a.participants_women),
    ("trainees", lambda a: a.trainees),
    ("completed", lambda a: a.completed),
    ("author", lambda a: a.author.name),
    # what each kind holds beyond the figures above, so that an export can be imported as is
    ("description", lambda a: a.description),
    ("latitude", lambda a: a.latitude),
    ("longitude", lambda a: a.longitude),
    ("occasion", lambda a: a.occasion.value if a.occasion else ""),
    ("audience", lambda a: a.audience),
    ("donation_form", lambda a: a.donation_form.value if a.donation_form else ""),
    ("in_kind_description", lambda a: a.in_kind_description),
    ("quantity", lambda a: a.quantity),
    ("valuation", lambda a: a.valuation.value if a.valuation else ""),
    ("consultation_format", lambda a: a.consultation_format.value if a.consultation_format else ""),
    ("topic", lambda a: a.topic),
    ("languages", lambda a: a.languages),
    ("participants_men", lambda a: a.participants_men),
    ("participants_youth", lambda a: a.participants_youth),
    ("participants_indigenous", lambda a: a.participants_indigenous),
    ("participants_vulnerable", lambda a: a.participants_vulnerable),
    ("information_disclosed", lambda a: a.information_disclosed),
    ("issues_raised", lambda a: a.issues_raised),
    ("commitments_made", lambda a: a.commitments_made),
    ("programme", lambda a: a.programme),
    ("trainees_women", lambda a: a.trainees_women),
    ("training_hours", lambda a: a.training_hours),
    ("certificates", lambda a: a.certificates),
    ("partners", lambda a: "; ".join(p.name for p in a.partners)),
]


def rows(activities: list[Activity]) -> list[list]:
    return [[safe(get(a)) for _name, get in COLUMNS] for a in activities]


def to_csv(activities: list[Activity]) -> bytes:
    return csv_bytes([name for name, _get in COLUMNS], rows(activities))


def to_xlsx(activities: list[Activity]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Activities"))
    sheet.append([name for name, _get in COLUMNS])
    for row in rows(activities):
        sheet.append([float(v) if isinstance(v, Decimal) else v for v in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def response(activities: list[Activity], fmt: str) -> Response:
    stamp = dt.date.today().isoformat()
    if fmt == "xlsx":
        body = to_xlsx(activities)
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body, mimetype = to_csv(activities), "text/csv; charset=utf-8"
    return Response(
        body,
        mimetype=mimetype,
        headers={
            "Content-Disposition": f'attachment; filename="activities-{stamp}.{fmt}"',
            "Cache-Control": "private, no-store",
        },
    )
