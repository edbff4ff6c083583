"""Factories for every model: valid records with sensible defaults, committed."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import time
from decimal import Decimal
from functools import cache

from outreach.auth.models import Role, User
from outreach.auth.passwords import hash_password
from outreach.auth.twofactor import hash_recovery_code
from outreach.core.audit import AuditEvent
from outreach.extensions import db
from outreach.reports.models import IssuedReport
from outreach.reports.scope import ScopeKind
from outreach.sites.models import Country, Site, SiteKind, SiteStatus
from outreach.stakeholders.models import Stakeholder, StakeholderCategory

PASSWORD = "correct-horse-battery-staple-42"
#: the authenticator secret and recovery codes of ``user(..., two_factor=True)``
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
RECOVERY_CODES = ["abcd-efgh", "jkmn-pqrs", "tuvw-xyz2"]
_seq = itertools.count(1)


@cache
def _password_hash() -> str:
    # argon2 is slow by design; one hash serves every factory user.
    return hash_password(PASSWORD)


def _save(obj):
    db.session.add(obj)
    db.session.commit()
    return obj


def totp_code(user: User) -> str:
    """A code the user's authenticator app would show now, newer than the last one used."""
    import pyotp

    totp = pyotp.TOTP(user.totp_secret)
    step = int(time.time() // totp.interval)
    if user.totp_last_step is not None:
        step = max(step, user.totp_last_step + 1)
    return totp.at(step * totp.interval)


def country(code: str = "MY", **changes) -> Country:
    """One of the reference countries (always present), optionally changed."""
    obj = db.session.get(Country, code)
    for key, value in changes.items():
        setattr(obj, key, value)
    db.session.commit()
    return obj


def site(country: str = "MY", **kwargs) -> Site:
    n = next(_seq)
    defaults = dict(
        code=f"{country}-T{n:03d}",
        name=f"Test site {n}",
        country_code=country,
        province="Pahang",
        district="Kuantan",
        kind=SiteKind.RAIL,
        operator="Test Rail Co.",
        bri_designated=False,
        bri_reference="",
        status=SiteStatus.CONSTRUCTION,
        latitude=Decimal("3.800000"),
        longitude=Decimal("103.300000"),
        start_date=dt.date(2024, 1, 1),
        archived=False,
    )
    return _save(Site(**{**defaults, **kwargs}))


def user(role: str | Role = Role.FIELD, sites=(), countries=(), two_factor=False, **kwargs) -> User:
    """A user; ``two_factor=True`` enrols TOTP_SECRET and RECOVERY_CODES (see totp_code)."""
    n = next(_seq)
    if two_factor:
        kwargs.setdefault("totp_secret", TOTP_SECRET)
        kwargs.setdefault("totp_enabled_at", dt.datetime.now(dt.UTC))
        kwargs.setdefault("recovery_codes", [hash_recovery_code(c) for c in RECOVERY_CODES])
    defaults = dict(
        email=f"user{n}@example.test",
        name=f"Test User {n}",
        password_hash=_password_hash(),
        role=Role(role),
        active=True,
        session_version=1,
    )
    obj = User(**{**defaults, **kwargs})
    obj.sites = list(sites)
    obj.countries = [db.session.get(Country, c) if isinstance(c, str) else c for c in countries]
    return _save(obj)


def stakeholder(sites=(), **kwargs) -> Stakeholder:
    n = next(_seq)
    defaults = dict(
        name=f"Kampung Test {n}",
        category=StakeholderCategory.VILLAGE,
        location="Kuantan",
        vulnerable_groups="",
        consent_personal_data=False,
        notes="",
        is_deleted=False,
    )
    obj = Stakeholder(**{**defaults, **kwargs})
    obj.sites = list(sites)
    return _save(obj)


def issued_report(country: str | None = "MY", pdf: bytes = b"%PDF-1.7 test report", **kwargs):
    """An archived report with the given bytes (no rendering: fast, for access tests)."""
    n = next(_seq)
    defaults = dict(
        scope_kind=ScopeKind.COUNTRY if country else ScopeKind.PORTFOLIO,
        scope_key=country or "",
        scope_name=f"Country {country}" if country else "Portfolio",
        country_code=country,
        period_start=dt.date(2026, 7, 1),
        period_end=dt.date(2026, 9, 30),
        period_label="2026-Q3",
        languages="en",
        version=n,
        verification_code=f"TEST{n:06d}",
        sha256=hashlib.sha256(pdf).hexdigest(),
        pdf=pdf,
        xlsx=b"PK test workbook",
        page_count=1,
        size_bytes=len(pdf),
        issuer_name="Test Issuer",
    )
    return _save(IssuedReport(**{**defaults, **kwargs}))


def audit_event(**kwargs) -> AuditEvent:
    defaults = dict(action="update", object_type="site", object_id="1", summary="test")
    return _save(AuditEvent(**{**defaults, **kwargs}))


def activity(site, author, kind: str = "donation", **kwargs):
    """An activity of the given kind with the fields its kind needs (a draft by default)."""
    from outreach.activities.kinds import ActivityKind, ActivityState, Cause, Motivation
    from outreach.activities.models import Activity

    n = next(_seq)
    by_kind = {
        "festival": dict(occasion="hari_raya", attendance=250, audience="villagers"),
        "donation": dict(donation_form="cash", cash_amount=Decimal("5000.00"), beneficiaries=320),
        "consultation": dict(
            consultation_format="town_hall", topic="Blasting schedule", participants=40
        ),
        "training": dict(programme="Welding", trainees=20, completed=18),
    }
    defaults = dict(
        site_id=site.id,
        kind=ActivityKind(kind),
        activity_date=dt.date.today() - dt.timedelta(days=3),
        state=ActivityState.DRAFT,
        title=f"Test activity {n}",
        description="",
        place="Kampung Test",
        currency="MYR",
        motivation=Motivation.COMMUNITY_INVESTMENT,
        cause=Cause.EDUCATION,
        author_id=author.id,
        times_submitted=0,
        review_comment="",
        is_deleted=False,
        **by_kind[kind],
    )
    return _save(Activity(**{**defaults, **kwargs}))


def commitment(site, **kwargs):
    from outreach.activities.kinds import CommitmentStatus
    from outreach.activities.models import Commitment

    n = next(_seq)
    defaults = dict(
        site_id=site.id,
        description=f"Repair the footbridge {n}",
        owner="Site civil engineer",
        due_date=dt.date.today() + dt.timedelta(days=30),
        status=CommitmentStatus.OPEN,
        evidence="",
        drop_reason="",
        is_deleted=False,
    )
    return _save(Commitment(**{**defaults, **kwargs}))


def feedback(site, **kwargs):
    """Reviewed staff-recorded feedback; ``is_grievance=True`` opens a received grievance."""
    from outreach.feedback import lifecycle
    from outreach.feedback.models import Channel, Feedback, GrievanceStatus
    from outreach.feedback.operations import new_tracking_code

    received = kwargs.pop("received_on", dt.date(2025, 3, 3))
    defaults = dict(
        site_id=site.id,
        received_on=received,
        channel=Channel.MEETING,
        language="en",
        text="The trucks raise dust on the school road.",
        sentiment=-1,
        reviewed=True,
        anonymous=False,
        fears_retaliation=False,
        person_name="",
        person_contact="",
        consent_personal_data=False,
        tracking_code=new_tracking_code(),
        is_grievance=False,
        is_deleted=False,
        resolution="",
    )
    if kwargs.get("is_grievance"):
        defaults.update(
            status=GrievanceStatus.RECEIVED,
            ack_due=lifecycle.ack_deadline(received, 2),
            resolve_due=lifecycle.resolve_deadline(received, 30),
        )
    return _save(Feedback(**{**defaults, **kwargs}))


def survey_round(site, counts=None, **kwargs):
    """A survey round; ``counts`` is {item: [n1..n5]} (default: everyone answers 3)."""
    from outreach.feedback.models import (
        SURVEY_ITEMS,
        SurveyAnswerCounts,
        SurveyMethod,
        SurveyRound,
    )

    counts = counts or {item: [0, 0, 10, 0, 0] for item in SURVEY_ITEMS}
    defaults = dict(
        site_id=site.id,
        conducted_on=dt.date(2025, 1, 15),
        sample_size=sum(next(iter(counts.values()))),
        method=SurveyMethod.PAPER,
        notes="",
    )
    obj = SurveyRound(**{**defaults, **kwargs})
    obj.answers = [
        SurveyAnswerCounts(item=item, **{f"n{i + 1}": n for i, n in enumerate(c)})
        for item, c in counts.items()
    ]
    return _save(obj)


def exchange_rate(currency: str = "MYR", **kwargs):
    from outreach.core.money import ExchangeRate

    defaults = dict(
        currency=currency,
        reporting_currency="USD",
        rate=Decimal("0.21"),
        valid_from=dt.date(2020, 1, 1),
    )
    return _save(ExchangeRate(**{**defaults, **kwargs}))


def send_session_to(client, host: str) -> None:
    """The test client's session cookie sent to ``host`` too, as a browser would to a site it
    reached under a forged Host header."""
    client.set_cookie("session", client.get_cookie("session").value, domain=host)


def sign_in(client, user: User) -> None:
    """Sign a test client in as ``user``, as a password and a second factor would."""
    from outreach.auth import sessions
    from outreach.extensions import db

    with client.session_transaction() as session:
        sessions.start(user, store=session)  # a sign-in row, as the password gives
        session[sessions.MFA_DONE] = True  # as if the second factor had been given
    db.session.commit()
