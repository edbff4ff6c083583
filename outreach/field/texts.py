"""The words field.js shows, in the user's language: given to the page as JSON data (not a
script, so the CSP stays strict) by the template global ``field_texts``."""

from __future__ import annotations

from flask_babel import gettext as _

from outreach.field.blueprint import bp


@bp.app_template_global()
def field_texts() -> dict[str, str]:
    """Message key -> text; ``%n`` stands for a number or a name."""
    return {
        "sign_in": _("Sign in again"),
        "remove": _("Remove"),
        "restored": _("What you typed earlier was kept on this phone and is back in the form."),
        "fix_fields": _(
            "The entry was refused: correct the fields marked below and send it again."
        ),
        "session_ended_typing": _(
            "Your session has ended. What you type is kept on this phone; sign in again to send it."
        ),
        "locating": _("Finding your location…"),
        "accuracy": _("Location found, accurate to about %n m."),
        "location_refused": _(
            "The phone did not allow the location. Type the coordinates instead."
        ),
        "location_failed": _("The location could not be found. Try again outside, or type it."),
        "too_large": _("The file is too large."),
        "preparing": _("Making %n smaller…"),
        "gps_from_photo": _("The coordinates were taken from the photo."),
        "not_a_photo": _("This file could not be read: choose a JPEG, PNG or WebP photo or a PDF."),
        "kept_not_sent": _(
            "No connection or your session has ended: the changes are kept on this phone. "
            "Save again once you are online and signed in."
        ),
        "sent_for_review": _("Sent for review."),
        "saved_draft": _("Saved as a draft. Submit it when it is complete."),
        "queued_offline": _(
            "No connection: the entry is kept on this phone in the outbox and will be sent "
            "by itself when the connection is back."
        ),
        "queued_signed_out": _(
            "Your session has ended: the entry is kept on this phone in the outbox and will be "
            "sent once you have signed in again."
        ),
        "outbox": _("Open the outbox"),
        "outbox_n": _("Outbox: %n"),
        "sending": _("Sending %n…"),
        "refused": _("The entry was refused."),
        "refused_403": _(
            "You may no longer log entries at this site (you are not assigned to it any more)."
        ),
        "refused_409": _("The site no longer takes entries (it was archived)."),
        "state_waiting": _("Waiting"),
        "state_sending": _("Sending"),
        "state_sent": _("Sent"),
        "state_refused": _("Refused"),
        "open": _("Open the entry"),
        "fix": _("Correct it"),
        "discard": _("Discard"),
        "discard_confirm": _("Discard this entry? It has not been sent."),
    }
