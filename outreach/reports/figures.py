"""The few report figures the dashboards do not show, read from approved records only.

Everything the dashboard also shows comes from ``outreach.dashboards`` (see ``gather.py``); these
queries add the detail a partner report asks for: vulnerable groups among participants,
completed trainings, organisations supported, commitments made and kept, satisfaction at
closure, feedback categories and photos. ``site_ids`` is a SELECT of site ids.
"""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal

import sqlalchemy as sa

from outreach.activities import counting
from outreach.activities.kinds import ActivityKind, CommitmentStatus
from outreach.activities.models import Activity, ActivityAttachment, Commitment, activity_partners
from outreach.core.i18n import Names
from outreach.core.periods import Period
from outreach.core.uploads import IMAGE_FORMATS, read_stored
from outreach.extensions import db
from outreach.feedback.models import Feedback, FeedbackCategory, feedback_category_links
from outreach.sites.models import Country, Site
from outreach.stats.models import activity_rollups

log = logging.getLogger(__name__)
TENTH = Decimal("0.1")


def _approved(period: Period, site_ids) -> list:
    return [
        counting.counted(),
        Activity.activity_date.between(period.start, period.end),
        Activity.site_id.in_(site_ids),
    ]


def staff_hours(site_ids, period: Period) -> Decimal:
    """Staff hours of the period's approved activities (valued or not)."""
    r = activity_rollups.c
    tenths = db.session.scalar(
        sa.select(sa.func.coalesce(sa.func.sum(r.staff_hours), 0)).where(
            r.month.in_(period.months), r.site_id.in_(site_ids)
        )
    )
    return Decimal(tenths or 0) * TENTH


def currencies_used(site_ids, period: Period) -> set[str]:
    """Currencies of the period's amounts and of the sites' staff time."""
    r = activity_rollups.c
    money = db.session.scalars(
        sa.select(r.currency).distinct().where(r.month.in_(period.months), r.site_id.in_(site_ids))
    )
    local = db.session.scalars(
        sa.select(Country.currency).distinct().join(Site).where(Site.id.in_(site_ids))
    )
    return set(money) | set(local)


def activity_details(site_ids, period: Period) -> dict[str, int]:
    """Trainees who completed, and consultation participants by vulnerable group."""
    a = Activity
    columns = {
        "trainees_completed": a.completed,
        "youth": a.participants_youth,
        "indigenous": a.participants_indigenous,
        "vulnerable": a.participants_vulnerable,
    }
    row = db.session.execute(
        sa.select(
            *[sa.func.coalesce(sa.func.sum(c), 0).label(k) for k, c in columns.items()]
        ).where(*_approved(period, site_ids))
    ).one()
    return {k: int(row._mapping[k]) for k in columns}


def organisations_supported(site_ids, period: Period) -> int:
    """Distinct stakeholders that received an approved donation or partnered an activity."""
    beneficiaries = sa.select(Activity.beneficiary_id.label("stakeholder_id")).where(
        *_approved(period, site_ids),
        Activity.kind == ActivityKind.DONATION,
        Activity.beneficiary_id.is_not(None),
    )
    partners = (
        sa.select(activity_partners.c.stakeholder_id)
        .join(Activity, Activity.id == activity_partners.c.activity_id)
        .where(*_approved(period, site_ids))
    )
    union = sa.union(beneficiaries, partners).subquery()
    return int(db.session.scalar(sa.select(sa.func.count()).select_from(union)) or 0)


def commitments(site_ids, period: Period, today: dt.date) -> dict[str, int]:
    """Of the commitments made in the period (at a consultation held in it, or recorded in it
    when made elsewhere): how many were made, kept, are still open, are overdue (not kept and
    due before the end of the period, or before today for the current period) and dropped."""
    start = dt.datetime.combine(period.start, dt.time.min, tzinfo=dt.UTC)
    end = dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time.min, tzinfo=dt.UTC)
    made_in_period = sa.or_(
        Activity.activity_date.between(period.start, period.end),
        sa.and_(
            Commitment.consultation_id.is_(None),
            Commitment.created_at >= start,
            Commitment.created_at < end,
        ),
    )
    rows = db.session.execute(
        sa.select(Commitment.status, Commitment.due_date)
        .select_from(Commitment)
        .outerjoin(Activity, Activity.id == Commitment.consultation_id)
        .where(
            Commitment.is_deleted.is_(False),
            Commitment.site_id.in_(site_ids),
            made_in_period,
        )
    ).all()
    cutoff = min(period.end, today)
    counts = dict.fromkeys(("made", "kept", "open", "overdue", "dropped"), 0)
    for status, due in rows:
        counts["made"] += 1
        if status == CommitmentStatus.DONE:
            counts["kept"] += 1
        elif status == CommitmentStatus.DROPPED:
            counts["dropped"] += 1
        elif due is not None and due < cutoff:
            counts["overdue"] += 1
        else:
            counts["open"] += 1
    return counts


def _feedback_in(site_ids, period: Period) -> list:
    return [
        Feedback.is_deleted.is_(False),
        Feedback.site_id.in_(site_ids),
        Feedback.received_on.between(period.start, period.end),
    ]


def satisfaction(site_ids, period: Period) -> dict[str, int]:
    """Grievances received in the period and closed, by the complainant's satisfaction."""
    rows = db.session.execute(
        sa.select(Feedback.satisfaction, sa.func.count())
        .where(
            *_feedback_in(site_ids, period),
            Feedback.is_grievance.is_(True),
            Feedback.closed_on.is_not(None),
        )
        .group_by(Feedback.satisfaction)
    ).all()
    counts: dict[str, int] = {}
    for value, n in rows:
        key = value.value if value is not None else "unknown"
        counts[key] = counts.get(key, 0) + int(n)
    return counts


def top_categories(site_ids, period: Period, limit: int = 6) -> list[tuple[str, Names, int]]:
    """(key, name in every language, feedback items) of the categories raised most in the
    period."""
    links = feedback_category_links.c
    rows = db.session.execute(
        sa.select(FeedbackCategory, sa.func.count())
        .join(feedback_category_links, links.category_id == FeedbackCategory.id)
        .join(Feedback, Feedback.id == links.feedback_id)
        .where(*_feedback_in(site_ids, period))
        .group_by(FeedbackCategory.id)
        .order_by(sa.func.count().desc(), FeedbackCategory.key)
        .limit(limit)
    ).all()
    return [(category.key, category.names, int(n)) for category, n in rows]


def photo_candidates(
    site_ids, period: Period, limit: int = 12, attachment_ids: list[int] | None = None
) -> list[tuple[ActivityAttachment, str, str]]:
    """(attachment, activity title, site code) of up to ``limit`` photos a report may print:
    of the period's approved activities of the sites, newest first, one per activity; with
    ``attachment_ids``, only those."""
    stmt = (
        sa.select(ActivityAttachment, Activity.title, Site.code)
        .join(Activity, Activity.id == ActivityAttachment.activity_id)
        .join(Site, Site.id == Activity.site_id)
        .where(
            *_approved(period, site_ids),
            ActivityAttachment.content_type.in_(list(IMAGE_FORMATS)),
            ActivityAttachment.is_receipt.is_(False),
            ActivityAttachment.is_deleted.is_(False),
            ActivityAttachment.thumbnail_name.is_not(None),
        )
        .order_by(Activity.activity_date.desc(), Activity.id.desc(), ActivityAttachment.id)
    )
    if attachment_ids is not None:
        stmt = stmt.where(ActivityAttachment.id.in_(attachment_ids))
    result, seen = [], set()
    for attachment, title, code in db.session.execute(stmt.limit(limit * 4)):
        if attachment_ids is None and attachment.activity_id in seen:
            continue
        seen.add(attachment.activity_id)
        result.append((attachment, title, code))
        if len(result) == limit:
            break
    return result


def default_caption(attachment: ActivityAttachment, title: str) -> str:
    """A photo's caption until the manager writes one: the one given with the photo, else
    its activity's title."""
    return attachment.caption or title


def photos(
    site_ids, period: Period, chosen: list[tuple[int, str]] | None = None, limit: int = 6
) -> list[tuple[bytes, str, str, str, int]]:
    """(JPEG preview bytes, "image/jpeg", caption, site code, attachment id) of the photos to
    print: the manager's ``chosen`` (attachment id, caption) in their order, of those the
    report may print (``photo_candidates``), a blank caption being the ``default_caption``;
    without a choice, the newest, with their ``default_caption``. Unreadable files are
    skipped."""
    if chosen is None:
        picks = [
            (a, default_caption(a, title), code)
            for a, title, code in photo_candidates(site_ids, period, limit)
        ]
    else:
        ids = [attachment_id for attachment_id, _caption in chosen][:limit]
        allowed = {
            a.id: (a, title, code)
            for a, title, code in photo_candidates(site_ids, period, limit, attachment_ids=ids)
        }
        picks = [
            (allowed[i][0], caption.strip() or default_caption(*allowed[i][:2]), allowed[i][2])
            for i, caption in chosen[:limit]
            if i in allowed
        ]
    result = []
    for attachment, caption, code in picks:
        try:
            content = read_stored(attachment, thumbnail=True)
        except OSError:
            log.warning("photo %s is missing; left out of the report", attachment.id)
            continue
        result.append((content, "image/jpeg", caption, code, attachment.id))
    return result
