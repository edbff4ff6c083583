"""Gunicorn settings for Outreach: ``gunicorn -c gunicorn.conf.py app:app``.

Every value can be changed from the environment (shown beside it). In production also set
``OUTREACH_ENV_NAME=production``, ``SECRET_KEY``, ``OUTREACH_EXTERNAL_URL``, ``DATABASE_URL``,
``OUTREACH_RATELIMIT_STORAGE=redis://…`` and, behind a reverse proxy, ``OUTREACH_PROXY_FIX=1``
(see docs/deploy.md).
"""

import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.isdigit() else default


# Listen on the loopback only; the reverse proxy on this machine forwards to it. Set
# GUNICORN_BIND=0.0.0.0:8000 only when the proxy runs on another machine on a private network.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = _int("GUNICORN_WORKERS", 4)  # about 2 per core; each is a separate process
worker_class = "sync"  # the proxy buffers slow clients, so sync workers are not held up
# A request running longer than this (PDF reports are the slowest) is killed and logged.
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)  # on reload, finish what is running
keepalive = 5
# Restart each worker now and then so a slow leak cannot grow without bound. A restart loads
# the app again (about a second of CPU), so not too often: at 2000 a busy worker restarted every
# few seconds under load.
max_requests = _int("GUNICORN_MAX_REQUESTS", 10000)
max_requests_jitter = 1000
# Requests from the proxy: bounded request line and headers.
limit_request_line = 8190
limit_request_fields = 100

# Logs go to stderr (systemd's journal) unless a file is named.
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None  # "" switches it off
errorlog = os.environ.get("GUNICORN_ERRORLOG", "-")
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
# client address, time, request line, status, bytes, duration in microseconds, user agent.
# No query string values beyond the request line, no cookies, no form data.
access_log_format = '%({x-forwarded-for}i)s %(h)s %(t)s "%(r)s" %(s)s %(B)s %(D)sus "%(a)s"'
# Only the proxy on this machine may set X-Forwarded-* (the app reads them via ProxyFix).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
proc_name = "outreach"
