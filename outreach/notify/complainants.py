"""The only messages that leave for members of the public: to a person who gave an e-mail
address on the public page and agreed to be written to, the acknowledgement of their message
and the closure of their complaint, each with their tracking code, in the language they wrote
in; to a person who gave a mobile number and agreed to text messages, a text message at each
change of their complaint's status (when a text sender is configured, ``senders.py``).
Nobody else is ever written to about a feedback item, and these messages hold no more than
the site's name, the tracking code and the status."""

from __future__ import annotations

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from outreach.core import events
from outreach.core.i18n import to_locale
from outreach.core.urls import external_url
from outreach.extensions import db
from outreach.feedback.models import STATUS_LABELS, Feedback, GrievanceStatus
from outreach.jobs import enqueue
from outreach.mail.models import WITHHELD_KEY_PREFIX
from outreach.notify.delivery import simple_html
from outreach.notify.senders import text_sender


def language_for(feedback) -> str:
    """The language the person wrote in, else the site's country's main language, else the
    default, whichever the public pages are translated into first."""
    offered = current_app.config["PUBLIC_LANGUAGES"]
    for code in (feedback.language, *feedback.site.country.language_list):
        locale = to_locale(code)
        if locale in offered:
            return locale
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def _write(feedback, key: str, which: str) -> None:
    from outreach.mail import send_mail

    with force_locale(language_for(feedback)):
        status_url = external_url("public.status")
        if which == "received":
            subject = _("We received your message about %(site)s", site=feedback.site.name)
            body = _(
                "Thank you. Your tracking code is %(code)s. Enter it at %(url)s to see what "
                "happens to your message.",
                code=feedback.tracking_code,
                url=status_url,
            )
        else:
            subject = _("Your complaint about %(site)s is closed", site=feedback.site.name)
            body = _(
                "Your complaint with the tracking code %(code)s has been closed. You can read "
                "the outcome at %(url)s.",
                code=feedback.tracking_code,
                url=status_url,
            )
        footer = _("You receive this e-mail because you asked for it on our feedback page.")
    text = f"{body}\n\n-- \n{footer}"
    html = simple_html([body], [], footer)
    send_mail(feedback.reply_email, subject, text, html=html, key=key)


@events.feedback_recorded.connect
def _received(feedback, **_):
    if feedback.reply_email:
        _write(feedback, f"{WITHHELD_KEY_PREFIX}received:{feedback.id}", "received")


@events.grievance_stepped.connect
def _closed(feedback, action: str, **_):
    if action == "close" and feedback.reply_email:
        key = f"{WITHHELD_KEY_PREFIX}closed:{feedback.id}:{feedback.closed_on}"
        _write(feedback, key, "closed")


@events.grievance_stepped.connect
def _status_changed(feedback, action: str, **_):
    """A text message at each change of status, sent by a job (one per step, by its key)."""
    if action == "assign" or not feedback.reply_phone or not feedback.status:
        return
    if not current_app.config.get("TEXT_SENDER_URL"):  # text messages are off
        return
    step = feedback.events[-1].id if feedback.events else 0
    key = f"{WITHHELD_KEY_PREFIX}sms:{feedback.id}:{step}"
    enqueue(
        "outreach.notify.complainants:send_text",
        feedback.id,
        str(feedback.status),
        key,
        key=key,
    )


def send_text(feedback_id: int, status: str, key: str) -> None:
    """The job: text the complainant the status their complaint reached (the gateway drops a
    repeated key, so a retried job sends nothing twice)."""
    feedback = db.session.get(Feedback, feedback_id)
    sender = text_sender()
    if feedback is None or not feedback.reply_phone or sender is None:
        return
    with force_locale(language_for(feedback)):
        text = _(
            "%(site)s: your complaint %(code)s is now: %(status)s. See %(url)s",
            site=feedback.site.name,
            code=feedback.tracking_code,
            status=STATUS_LABELS[GrievanceStatus(status)],
            url=external_url("public.status"),
        )
    sender.send("sms", feedback.reply_phone, text, key)
