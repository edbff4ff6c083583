"""Notifications by e-mail: one message at once, or one daily digest per user, in the
recipient's language, linking to the item and to their notification settings through
``EXTERNAL_URL``. Each e-mail carries one idempotency key, so none goes out twice."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from markupsafe import escape

from outreach.auth.models import User
from outreach.core.db import utcnow
from outreach.core.urls import external_url
from outreach.extensions import db
from outreach.notify import messages
from outreach.notify.models import EmailMode, Notification, NotificationSettings


def settings_of(user_id: int) -> NotificationSettings:
    """The user's settings (the default ones, not stored, when they never chose)."""
    settings = db.session.get(NotificationSettings, user_id)
    return settings or NotificationSettings(user_id=user_id, email=EmailMode.INSTANT)


def all_modes() -> dict[int, EmailMode]:
    """Every stored e-mail choice, by user id (users without one get e-mail at once)."""
    rows = db.session.execute(sa.select(NotificationSettings.user_id, NotificationSettings.email))
    return {user_id: mode for user_id, mode in rows}


def email_mode(user_id: int) -> EmailMode:
    """How the user wants their notifications by e-mail (at once when they never chose)."""
    return settings_of(user_id).email or EmailMode.INSTANT


def language_of(user: User) -> str:
    return user.language or current_app.config.get("BABEL_DEFAULT_LOCALE", "en")


def _footer() -> str:
    return _(
        "You receive this e-mail because of your notification settings in Outreach: %(url)s",
        url=external_url("notify.settings"),
    )


def simple_html(paragraphs: list[str], links: list[tuple[str, str]], footer: str) -> str:
    """The e-mail's HTML part: paragraphs, links and a small footer, nothing else (no images,
    no tracking)."""
    parts = [f"<p>{escape(p)}</p>" for p in paragraphs if p]
    parts += [f'<p><a href="{escape(url)}">{escape(text)}</a></p>' for text, url in links]
    parts.append(f"<p><small>{escape(footer)}</small></p>")
    return "<!doctype html><html><body>" + "".join(parts) + "</body></html>"


def _send(to: str, subject: str, text: str, html: str, key: str) -> None:
    from outreach.mail import send_mail

    send_mail(to, subject, text, html=html, key=key)


def compose(notification: Notification, user: User):
    """The e-mail of one notification, in the user's language (its key is the e-mail's)."""
    from outreach.mail import Outgoing

    with force_locale(language_of(user)):
        subject = messages.subject(notification.kind, notification.params)
        more = messages.detail(notification.kind, notification.params)
        url = messages.link(notification)
        footer = _footer()
        open_label = _("Open in Outreach")
    text = "\n\n".join(p for p in (subject, more, url, "-- \n" + footer) if p)
    html = simple_html([subject, more], [(open_label, url)], footer)
    return Outgoing(user.email, subject, text, html, key=f"notification:{notification.key}")


def mail_one(notification: Notification, user: User) -> None:
    """E-mail one notification now."""
    from outreach.mail import send_mails

    send_mails([compose(notification, user)])
    notification.mailed_at = utcnow()


def mail_notifications(ids: list[int]) -> None:
    """The job that e-mails notifications made in a batch (a reminder pass): each one not
    mailed yet, to a user who still wants e-mail at once, queued together; safe to run
    again."""
    from outreach.mail import send_mails

    rows = list(
        db.session.scalars(
            sa.select(Notification)
            .where(Notification.id.in_(ids), Notification.mailed_at.is_(None))
            .order_by(Notification.id)
        )
    )
    users = {
        u.id: u
        for u in db.session.scalars(sa.select(User).where(User.id.in_({n.user_id for n in rows})))
    }
    modes = all_modes()
    outgoing = []
    now = utcnow()
    with db.session.no_autoflush:
        for notification in rows:
            user = users[notification.user_id]
            wanted = modes.get(user.id, EmailMode.INSTANT) == EmailMode.INSTANT
            if wanted and user.active and not notification.digest_only:
                outgoing.append(compose(notification, user))
                notification.mailed_at = now
    send_mails(outgoing)
    db.session.commit()


def _digest_rows(user_id: int, mode: EmailMode) -> list[Notification]:
    stmt = sa.select(Notification).where(
        Notification.user_id == user_id, Notification.mailed_at.is_(None)
    )
    if mode == EmailMode.INSTANT:  # the daily lists only
        stmt = stmt.where(Notification.digest_only.is_(True))
    return list(db.session.scalars(stmt.order_by(Notification.id)))


def send_digests(now: dt.datetime | None = None) -> int:
    """Send each user who has something new their digest of the day, from the hour
    ``NOTIFY_DIGEST_HOUR`` (UTC) on, once a day (the key names the user and the day); returns
    how many were sent."""
    now = now or utcnow()
    if now.hour < int(current_app.config.get("NOTIFY_DIGEST_HOUR", 6)):
        return 0
    today = now.date()
    day = today.isoformat()
    user_ids = db.session.scalars(
        sa.select(Notification.user_id).where(Notification.mailed_at.is_(None)).distinct()
    )
    sent = 0
    for user_id in list(user_ids):
        user = db.session.get(User, user_id)
        settings = settings_of(user_id)
        mode = settings.email or EmailMode.INSTANT
        if mode == EmailMode.OFF or not user.active or settings.digest_sent_on == today:
            continue
        rows = _digest_rows(user_id, mode)
        if not rows:
            continue
        with force_locale(language_of(user)):
            subject = _("Outreach: your daily summary (%(day)s)", day=day)
            lines = [f"- {messages.subject(n.kind, n.params)}\n  {messages.link(n)}" for n in rows]
            footer = _footer()
            links = [(messages.subject(n.kind, n.params), messages.link(n)) for n in rows]
        text = subject + "\n\n" + "\n".join(lines) + "\n\n-- \n" + footer
        html = simple_html([subject], links, footer)
        _send(user.email, subject, text, html, key=f"digest:{day}:u{user_id}")
        stamp = utcnow()
        for n in rows:
            n.mailed_at = stamp
        settings.digest_sent_on = today
        db.session.add(settings)
        sent += 1
    db.session.flush()
    return sent
