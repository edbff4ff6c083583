"""What feedback must hold when it is recorded or reviewed, and what a grievance's lifecycle step
needs; checked on plain commands, errors keyed by field, asked by forms and enforced by
operations. Which step a status allows is ``lifecycle``'s to say."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from outreach.core.rules import IN_FUTURE, NOT_IN_LIST, Errors, check_past_date
from outreach.extensions import db
from outreach.feedback.languages import language_choices
from outreach.feedback.models import SENTIMENT_LABELS, Channel, FeedbackCategory, Satisfaction
from outreach.feedback.public import PHONE_CONSENT, PHONE_FORMAT
from outreach.sites.models import Site
from outreach.stakeholders.queries import ids_at_site

CHOOSE_CHANNEL = _l("Choose the channel, or Not recorded.")
CHOOSE_SENTIMENT = _l("Choose how positive or negative it is.")
CHOOSE_LANGUAGE = _l("Choose a language from the list.")


def _category_ids_known(ids, *, active_only: bool) -> bool:
    try:
        wanted = {int(i) for i in ids}
    except (TypeError, ValueError):
        return False
    if any(not 0 < i < 2**31 for i in wanted):
        return False
    stmt = sa.select(sa.func.count()).where(FeedbackCategory.id.in_(wanted))
    if active_only:  # new feedback takes only the categories offered; a review may keep old ones
        stmt = stmt.where(FeedbackCategory.active.is_(True))
    return db.session.scalar(stmt) == len(wanted)


def _check_classification(
    errors: Errors, site: Site, data: dict[str, Any], *, new: bool = False
) -> None:
    """Channel, sentiment, categories and source, as recording and reviewing set them."""
    if data.get("channel") not in {c.value for c in Channel}:
        errors.add("channel", CHOOSE_CHANNEL)
    if data.get("sentiment") not in (None, *SENTIMENT_LABELS):  # None: nobody could tell
        errors.add("sentiment", CHOOSE_SENTIMENT)
    if data.get("category_ids") and not _category_ids_known(data["category_ids"], active_only=new):
        errors.add("category_ids", NOT_IN_LIST)
    source = data.get("stakeholder_id")
    if source not in (None, "") and not ids_at_site(site.id, [source]):
        errors.add("stakeholder_id", NOT_IN_LIST)


def check_review(site: Site, data: dict[str, Any]) -> dict[str, list[str]]:
    """What is wrong with a review of feedback at ``site``, field by field."""
    errors = Errors()
    _check_classification(errors, site, data)
    return dict(errors)


def check_feedback(
    site: Site, data: dict[str, Any], today: dt.date | None = None
) -> dict[str, list[str]]:
    """What is wrong with feedback heard at ``site`` by staff, field by field: the day it was
    heard has come, what was said is written down (in a language of the site's country, or
    English), the source is in the site's register, and a name or contact is kept only with
    consent and never for an anonymous person."""
    errors = Errors()
    received = data.get("received_on")
    if received is None:
        errors.add("received_on", _l("Enter a date."))
    check_past_date(errors, "received_on", received, today or dt.date.today(), IN_FUTURE)
    if not (data.get("text") or "").strip():
        errors.add("text", _l("Write down what was said."))
    language = data.get("language")  # none given: English
    if language not in (None, "") and language not in dict(language_choices(site)):
        errors.add("language", CHOOSE_LANGUAGE)
    _check_classification(errors, site, data, new=True)
    has_identity = bool(data.get("person_name") or data.get("person_contact"))
    if has_identity and data.get("anonymous"):
        errors.add("anonymous", _l("An anonymous person's name and contact are not kept."))
    elif has_identity and not data.get("consent_personal_data"):
        errors.add(
            "consent_personal_data",
            _l("A name or contact may only be kept with the person's consent."),
        )
    return dict(errors)


def check_step(action: str, resolution: str = "", satisfaction=None) -> dict[str, list[str]]:
    """What a grievance's lifecycle step needs: resolving says what was done, closing how
    satisfied the complainant is."""
    errors = Errors()
    if action == "resolve" and not (resolution or "").strip():
        errors.add("resolution", _l("Describe what was done to resolve it."))
    if action == "close" and satisfaction not in {s.value for s in Satisfaction}:
        errors.add("satisfaction", _l("Record how satisfied the complainant is."))
    return dict(errors)


#: a mobile number for text messages: digits, spaces, and a + before the country code
_PHONE_CHARS = frozenset("0123456789 +")


def phone_number(raw: str) -> str | None:
    """The number without spaces ("+60123456789"), or None when it is not one: digits and
    spaces, a + only in front, 6 to 15 digits (E.164)."""
    text = (raw or "").strip()
    if not text or not set(text) <= _PHONE_CHARS or "+" in text[1:]:
        return None
    compact = text.replace(" ", "")
    digits = compact.removeprefix("+")
    return compact if 6 <= len(digits) <= 15 else None


def check_public_reply(data: dict[str, Any]) -> dict[str, list[str]]:
    """What is wrong with the number a person gave on the public page for news by text
    message: its form, and the consent that must come with it."""
    errors = Errors()
    raw = (data.get("reply_phone") or "").strip()
    if raw and phone_number(raw) is None:
        errors.add("reply_phone", PHONE_FORMAT)
    elif raw and not data.get("reply_sms"):
        errors.add("reply_sms", PHONE_CONSENT)
    return dict(errors)
