"""Browser journeys: the app served on 127.0.0.1 in a thread, driven by Playwright through the
Debian ``chromium`` package (never a downloaded browser). Screenshots of failures go to
``tests/artifacts/``."""

from __future__ import annotations

import os
import shutil
import threading

import pytest
from werkzeug.serving import make_server

from tests import factories
from tests.conftest import ARTIFACTS

CHROMIUM = os.environ.get("OUTREACH_CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
PHONE = {"width": 390, "height": 844}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture
def live_server(app, db, monkeypatch):
    """The app on a free port, with CSRF protection on as in production."""
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"chromium not found at {CHROMIUM}; run scripts/system-deps.sh test")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def phone(browser, request):
    """A page in a fresh phone-sized browser context (390×844, touch)."""
    context = browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2
    )
    context.set_default_timeout(10000)
    page = context.new_page()
    yield page
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.fixture
def sign_in(live_server, db):
    """Sign a browser page in through the real form; managers and admins (whose role requires
    a second factor) get the factories' authenticator secret and type its current code."""

    def _sign_in(page, user):
        db.session.commit()  # end the test's read, so the server may write (SQLite)
        if user.two_factor_required and not user.totp_secret:
            user.totp_secret = factories.TOTP_SECRET
            db.session.commit()
        page.goto(f"{live_server}/login")
        page.fill("input[name=email]", user.email)
        page.fill("input[name=password]", factories.PASSWORD)
        page.click("button[type=submit]")
        if user.totp_secret:
            page.wait_for_url(f"{live_server}/login/two-factor")
            db.session.refresh(user)
            code = factories.totp_code(user)
            db.session.commit()
            page.fill("input[name=code]", code)
            page.click("main button[type=submit]")
        page.wait_for_url(
            lambda url: "/dashboard" in url or url.rstrip("/").endswith(("/sites", live_server))
        )

    return _sign_in
