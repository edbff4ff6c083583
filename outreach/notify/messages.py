"""The words of each notification, written from its stored values in the reader's language.

A message names the record (a grievance's number and site, an entry's title, a report's scope)
and never a complainant: no name, contact or words of feedback go into a notification, which
travels by e-mail and may be read by whoever sees the recipient's mailbox. The page it links to
applies the disclosure rule to whoever opens it.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import ngettext

from outreach.core.i18n import N_
from outreach.core.urls import external_url


def _deadline_name(which: str) -> str:
    return _("acknowledgement") if which == "ack" else _("resolution")


#: the subject of each kind told in one sentence, filled with the stored values of its names
SUBJECTS = {
    "grievance_assigned": N_("Grievance %(id)s at %(site)s was assigned to you"),
    "entry_returned": N_("Your entry “%(title)s” at %(site)s was returned"),
    "commitment_due": N_("Commitment at %(site)s is due on %(due)s: %(text)s"),
    "commitment_overdue": N_("Commitment at %(site)s is overdue since %(due)s: %(text)s"),
    "report_issued": N_("Report issued: %(scope)s, %(period)s"),
    "public_feedback": N_("New feedback from the public page of %(site)s"),
}


def subject(kind: str, p: dict) -> str:
    """One line: the notification in the list, and the e-mail's subject."""
    if kind in SUBJECTS:
        return _(SUBJECTS[kind], **p)
    if kind == "deadline_near":
        return ngettext(
            "Grievance %(id)s at %(site)s: %(deadline)s due in %(num)d working day (%(due)s)",
            "Grievance %(id)s at %(site)s: %(deadline)s due in %(num)d working days (%(due)s)",
            p["days"],
            id=p["id"],
            site=p["site"],
            deadline=_deadline_name(p["which"]),
            due=p["due"],
        )
    if kind == "deadline_missed":
        return _(
            "Grievance %(id)s at %(site)s missed its %(deadline)s deadline (%(due)s)",
            id=p["id"],
            site=p["site"],
            deadline=_deadline_name(p["which"]),
            due=p["due"],
        )
    if kind == "review_waiting":
        return ngettext(
            "%(num)d entry is waiting for your review",
            "%(num)d entries are waiting for your review",
            p["count"],
        )
    return kind


def detail(kind: str, p: dict) -> str:
    """A second line where there is more to say (a reviewer's comment)."""
    if kind == "entry_returned" and p.get("comment"):
        return _("Reviewer's comment: %(comment)s", comment=p["comment"])
    return ""


def link(notification) -> str:
    """The absolute address of the page the notification is about."""
    return external_url(notification.endpoint, **(notification.endpoint_values or {}))
