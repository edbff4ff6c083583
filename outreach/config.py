"""Configuration in layers: these defaults, then ``instance/config.py``, then the environment.

Environment variables: ``SECRET_KEY``, ``DATABASE_URL`` and any ``OUTREACH_<NAME>`` which sets
``<NAME>`` (for example ``OUTREACH_RATELIMIT_STORAGE=redis://127.0.0.1:6379/0``).
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

DEFAULT_SECRET_KEY = "change-me"  # noqa: S105 - the value production refuses to start with

#: languages of the whole interface, by locale code, with their own names
LANGUAGES = {
    "en": "English",
    "zh_Hans": "简体中文",
    "ms": "Bahasa Melayu",
    "id": "Bahasa Indonesia",
    "th": "ไทย",
    "vi": "Tiếng Việt",
}
#: further languages of the public feedback pages, the QR poster and the impact reports
EXTRA_PUBLIC_LANGUAGES = {
    "fil": "Filipino",
    "km": "ខ្មែរ",
    "lo": "ລາວ",
    "my": "မြန်မာ",
}
PUBLIC_LANGUAGES = {**LANGUAGES, **EXTRA_PUBLIC_LANGUAGES}


class Defaults:
    SECRET_KEY = DEFAULT_SECRET_KEY
    #: "development" generates a secret key into instance/ on first run; "production" refuses to
    #: start unless SECRET_KEY is set to something other than the default.
    ENV_NAME = "development"
    SQLALCHEMY_DATABASE_URI: str | None = None  # instance/outreach.db unless DATABASE_URL is set
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    SQLITE_BUSY_TIMEOUT_MS = 15000
    #: a PostgreSQL streaming replica for the dashboards', reports' and API's reads
    #: (``OUTREACH_DATABASE_REPLICA_URL``; see outreach/core/replica.py)
    DATABASE_REPLICA_URL: str | None = None
    #: a browser that wrote reads the primary for this long, so it sees its own write
    REPLICA_STICKY_SECONDS = 10
    #: after the replica failed to answer, pages read the primary for this long
    REPLICA_RETRY_SECONDS = 30
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    #: None: on in production (ENV_NAME) or with PREFERRED_URL_SCHEME = "https"; True or False
    #: set here or in the environment wins
    SESSION_COOKIE_SECURE: bool | None = None
    #: a signed-in session ends after this long without a request…
    SESSION_IDLE_TIMEOUT = timedelta(minutes=30)
    #: …and this long after sign-in in any case; "keep me signed in" keeps the cookie this long
    SESSION_ABSOLUTE_TIMEOUT = timedelta(hours=12)
    PREFERRED_URL_SCHEME = "http"
    WTF_CSRF_ENABLED = True
    WTF_CSRF_TIME_LIMIT = None  # a form opened in the morning still posts in the evening
    MAX_CONTENT_LENGTH = 25 * 1024 * 1024
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = "UTC"
    LANGUAGES = LANGUAGES
    PUBLIC_LANGUAGES = PUBLIC_LANGUAGES
    BABEL_TRANSLATION_DIRECTORIES = str(Path(__file__).with_name("translations"))
    #: rate limiting: memory by default, redis://… when OUTREACH_RATELIMIT_STORAGE is set
    RATELIMIT_STORAGE = "memory://"
    RATELIMIT_ENABLED = True
    LOGIN_LIMIT_PER_ACCOUNT = "5 per minute;20 per hour"
    LOGIN_LIMIT_PER_IP = "20 per minute;200 per hour"
    #: public feedback page: submissions and tracking-code look-ups per client IP address
    PUBLIC_FEEDBACK_LIMIT = "5 per minute;30 per hour;100 per day"
    PUBLIC_STATUS_LIMIT = "10 per minute;60 per hour"
    #: the JSON API: calls per personal access token (or per signed-in session)
    API_RATE_LIMIT = "600 per minute;20000 per hour"
    #: the public report verification page (/verify/<code>): look-ups per client IP address
    VERIFY_LIMIT = "10 per minute;60 per hour"
    PASSWORD_MIN_LENGTH = 12
    #: how long an invitation link (to choose the first password) and a password reset link
    #: work; each works once
    INVITATION_LINK_HOURS = 72
    RESET_LINK_MINUTES = 60
    #: "forgot your password?": requests per client IP address (each address is also limited
    #: like sign-in attempts, LOGIN_LIMIT_PER_ACCOUNT)
    RESET_LIMIT_PER_IP = "5 per minute;20 per hour"
    UPLOAD_MAX_BYTES = 10 * 1024 * 1024
    #: days a file removed from an entry is kept before ``flask --app app uploads purge``
    #: deletes it (``OUTREACH_ATTACHMENT_RETENTION_DAYS``)
    ATTACHMENT_RETENTION_DAYS = 30
    REPORTING_CURRENCY = "USD"
    #: the organisation that issues the impact reports, named on the public verification page
    #: (``OUTREACH_ORGANISATION_NAME``)
    ORGANISATION_NAME = "Outreach"
    #: the address the public reaches this server at (``OUTREACH_EXTERNAL_URL``): every absolute
    #: link printed or sent (QR poster, report QR codes) starts with it, never with the Host
    #: header of a request. Production refuses to start while it is a loopback address, and
    #: reports are issued only once it is another one (drafts are always possible).
    EXTERNAL_URL = "http://127.0.0.1:5000"
    #: a report on more sites than this is issued by a background job, with a status page
    REPORT_JOB_MIN_SITES = 3
    #: languages an impact report can be written in (as their catalogs arrive)
    REPORT_LANGUAGES = PUBLIC_LANGUAGES
    #: political-risk early warning: a fall of the sentiment index of more than this many
    #: points over three months, with the country's national election within this many months
    DASHBOARD_SENTIMENT_DROP = 10
    DASHBOARD_ELECTION_MONTHS = 12
    #: … or more than this many overdue grievances at a site
    DASHBOARD_OVERDUE_GRIEVANCES = 5
    #: partners and the public see no figure built from fewer feedback items, survey answers or
    #: grievances than this (outreach/core/disclosure.py); counts stay
    MIN_FEEDBACK_ITEMS = 5
    #: What works (docs/what-works.md): no estimate from fewer sites or months with an index
    #: (``OUTREACH_WHAT_WORKS_MIN_SITES``, ``OUTREACH_WHAT_WORKS_MIN_MONTHS``) …
    WHAT_WORKS_MIN_SITES = 30
    WHAT_WORKS_MIN_MONTHS = 12
    #: … and the estimate looks back this many months before the last complete one
    WHAT_WORKS_WINDOW_MONTHS = 60
    ITEMS_PER_PAGE = 25
    #: notifications (docs/notifications.md): a grievance's or commitment's reminder goes out
    #: this many working days before its deadline; the daily digest from this hour (UTC) on
    NOTIFY_DEADLINE_WARNING_DAYS = 2
    NOTIFY_DIGEST_HOUR = 6
    #: text messages (SMS, WhatsApp) through an HTTP gateway: off while the URL is empty
    TEXT_SENDER_URL = ""
    TEXT_SENDER_TOKEN = ""
    #: webhooks go only to https:// addresses; tests (and only tests) may allow plain http to
    #: 127.0.0.1 to reach a local receiver
    WEBHOOKS_ALLOW_LOOPBACK_HTTP = False
    #: how long a webhook delivery is retried (exponential backoff) before it is given up
    WEBHOOKS_RETRY_HOURS = 24
    #: the number of reverse proxies in front of the app whose X-Forwarded-* headers are
    #: trusted (OUTREACH_PROXY_FIX=1 behind one nginx); 0 when clients connect directly
    PROXY_FIX = 0
    #: background jobs (outreach/jobs): "auto" runs them on RQ when JOBS_REDIS_URL is set
    #: (``OUTREACH_JOBS_REDIS_URL=redis://127.0.0.1:6379/1`` and ``flask --app app worker``),
    #: otherwise in a thread of the app process; "sync" runs each at its commit (tests)
    JOBS_MODE = "auto"
    JOBS_REDIS_URL: str | None = None
    #: attempts before a job is shown as failed; the wait doubles from JOBS_BACKOFF_SECONDS
    JOBS_MAX_ATTEMPTS = 5
    JOBS_BACKOFF_SECONDS = 30
    #: a running job not heard of for this long is taken to be dead and runs again
    JOBS_LEASE_SECONDS = 600
    #: the scheduler's tick; a job handed out but not picked up is handed out again after
    #: JOBS_REDISPATCH_SECONDS (Redis lost it); finished jobs are forgotten after JOBS_KEEP_DAYS
    JOBS_TICK_SECONDS = 5
    JOBS_REDISPATCH_SECONDS = 300
    JOBS_KEEP_DAYS = 30
    #: job ids per RQ job (RQ's bookkeeping is paid once a batch), and the longest a batch runs
    JOBS_BATCH = 50
    JOBS_TIMEOUT_SECONDS = 3600
    #: e-mail (outreach/mail): SMTP when MAIL_HOST is set, otherwise .eml files in MAIL_OUTBOX
    #: (instance/outbox); the password comes from the environment (OUTREACH_MAIL_PASSWORD)
    MAIL_HOST: str | None = None
    MAIL_PORT = 587
    MAIL_STARTTLS = True
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_FROM = "Outreach <outreach@localhost>"
    MAIL_OUTBOX: str | None = None
    #: messages sent by one delivery job, over one SMTP connection (send_mail gathers the
    #: messages of a transaction into such jobs); each MAIL_CHUNK of them is marked "sending"
    #: before it is handed over and "sent" after, in one commit each; a connection is
    #: reopened after MAIL_PER_CONNECTION messages (servers limit a session)
    MAIL_BATCH = 200
    MAIL_CHUNK = 50
    MAIL_PER_CONNECTION = 100


def _coerce(value: str):
    lowered = value.lower()
    if lowered in {"true", "yes", "on"}:
        return True
    if lowered in {"false", "no", "off"}:
        return False
    if value.isdigit():
        return int(value)
    return value


def load_config(app, overrides: dict | None = None) -> None:
    """Fill ``app.config``: defaults, ``instance/config.py``, environment, then overrides."""
    app.config.from_object(Defaults)
    app.config.from_pyfile("config.py", silent=True)
    for key, value in os.environ.items():
        if key.startswith("OUTREACH_"):
            app.config[key.removeprefix("OUTREACH_")] = _coerce(value)
    if os.environ.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]
    if os.environ.get("DATABASE_URL"):
        app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(os.environ["DATABASE_URL"])
    if overrides:
        app.config.update(overrides)

    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{instance / 'outreach.db'}"
    app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(
        app.config["SQLALCHEMY_DATABASE_URI"]
    )
    if app.config.get("DATABASE_REPLICA_URL"):
        app.config["DATABASE_REPLICA_URL"] = normalise_database_url(
            app.config["DATABASE_REPLICA_URL"]
        )
    app.config.setdefault("UPLOAD_FOLDER", str(instance / "uploads"))
    app.config["RATELIMIT_STORAGE_URI"] = app.config["RATELIMIT_STORAGE"]
    if app.config["SESSION_COOKIE_SECURE"] is None:
        app.config["SESSION_COOKIE_SECURE"] = (
            app.config["ENV_NAME"] == "production" or app.config["PREFERRED_URL_SCHEME"] == "https"
        )
    _ensure_secret_key(app, instance)
    _ensure_external_url(app)


def normalise_database_url(url: str) -> str:
    """Accept the usual ``postgres://`` spellings and use psycopg 3 for PostgreSQL."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def _ensure_external_url(app) -> None:
    """Production refuses to start with an address the public cannot open."""
    from outreach.core.urls import is_loopback_url

    if app.config["ENV_NAME"] == "production" and is_loopback_url(app.config.get("EXTERNAL_URL")):
        raise RuntimeError(
            f"EXTERNAL_URL is {app.config.get('EXTERNAL_URL')!r}, an address only this machine "
            "can open; set OUTREACH_EXTERNAL_URL to the address the public reaches this server "
            "at (for example https://outreach.example.org): QR posters and reports print it."
        )


def _ensure_secret_key(app, instance: Path) -> None:
    """Generate a key into ``instance/secret_key`` on first run; production refuses a default."""
    if app.config.get("SECRET_KEY") and app.config["SECRET_KEY"] != DEFAULT_SECRET_KEY:
        return
    if app.config["ENV_NAME"] == "production":
        raise RuntimeError(
            "SECRET_KEY is missing or left at its default; set SECRET_KEY in the environment."
        )
    key_file = instance / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    app.config["SECRET_KEY"] = key_file.read_text().strip()
    if not app.config["SECRET_KEY"] or app.config["SECRET_KEY"] == DEFAULT_SECRET_KEY:
        raise RuntimeError("instance/secret_key is empty or default; delete it to regenerate.")
