"""The service worker and manifest (served from / so that their scope is the whole app), the
session probe the page's script uses as its keep-alive, the list of pages to keep offline,
and the outbox page."""

from __future__ import annotations

from pathlib import Path

from flask import current_app, jsonify, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf.csrf import generate_csrf

from outreach.activities.kinds import ActivityKind
from outreach.core.permissions import can, writable_sites
from outreach.field.blueprint import bp


@bp.route("/sw.js")
def service_worker():
    """The service worker script; at the root so that it may control every page."""
    path = Path(current_app.static_folder) / "js" / "sw.js"
    response = send_file(path, mimetype="text/javascript", max_age=0)
    response.headers["Service-Worker-Allowed"] = "/"
    return response


@bp.route("/manifest.webmanifest")
def manifest():
    """What a phone needs to add the app to its home screen."""
    response = jsonify(
        name="Outreach",
        short_name="Outreach",
        description=_("Log community activities, also without a connection."),
        start_url=url_for("home.index"),
        scope="/",
        display="standalone",
        background_color="#ffffff",
        theme_color="#0b5563",
        icons=[
            {
                "src": url_for("static", filename="favicon.svg"),
                "sizes": "any",
                "type": "image/svg+xml",
            }
        ],
    )
    # kept by no browser like every answer: its words are in the user's language
    response.mimetype = "application/manifest+json"
    return response


@bp.route("/field/session")
def session_probe():
    """Is this browser signed in? Answers the user and a fresh CSRF token, or 401. Asked while
    someone types (so typing counts as activity for the idle timeout) and before an entry is
    sent, so that an expired session queues the entry instead of losing it."""
    if not current_user.is_authenticated:
        return jsonify(signed_in=False), 401
    return jsonify(signed_in=True, user=current_user.id, csrf_token=generate_csrf())


@bp.route("/field/offline-pages")
@login_required
def offline_pages():
    """The pages the service worker keeps so that they open without a connection: the start
    page, the outbox and the form of every kind at each of the user's open sites."""
    pages = [url_for("home.index"), url_for("field.outbox")]
    if can(current_user, "record.write"):
        for kind in ActivityKind:
            pages.append(url_for("activities.choose_site", kind=kind.value))
            pages.extend(
                url_for("activities.new_activity", site_id=site.id, kind=kind.value)
                for site in writable_sites(current_user)
            )
    return jsonify(pages=pages)


@bp.route("/field/outbox")
@login_required
def outbox():
    """The entries kept on this phone until they are sent (listed by the page's script)."""
    return render_template("field/outbox.html")
