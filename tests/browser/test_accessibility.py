"""axe-core on every page, in every role, on a phone (360 px) and a desktop (1366 px).

Every GET route of the URL map is opened once per role with a real record of the demo data
(the way ``tests/foundation/test_access_matrix.py`` fills a route's arguments); each page that
answers with HTML is checked by axe-core, read from its npm package (``node_modules``, installed
by ``make test``; never fetched while the tests run). A serious or critical violation fails the
test, listed with the page, the width and the rule. One browser page per role; the width is
changed in place, so each page is loaded once per role.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from outreach.demo import load_demo
from tests.page_tour import ROLES, page_urls, records, user_for

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = (360, 1366)
FAILING_IMPACTS = ("serious", "critical")
#: the WCAG 2.2 AA rules (axe's best-practice rules are left out: not the standard, and slow)
RULES = {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}
pytestmark = pytest.mark.browser
#: violations in the dashboards' map and charts, which issue 19 items 18 and 19 fix (on their
#: own branch): (path prefix, rule id). A line that no longer matches anything fails the test,
#: so it is removed as soon as its fix lands.
KNOWN: set[tuple[str, str]] = set()


def _axe_source() -> str:
    if not AXE.exists():
        pytest.fail(f"axe-core is not installed at {AXE}; run `npm ci` (make test does)")
    return AXE.read_text(encoding="utf-8")


def _violations(page, url: str, width: int, seen_known: set) -> list[str]:
    result = page.evaluate(
        "async (runOnly) => JSON.stringify(await axe.run(document, "
        "{runOnly, resultTypes: ['violations']}))",
        RULES,
    )
    found = []
    for violation in json.loads(result)["violations"]:
        if violation["impact"] not in FAILING_IMPACTS:
            continue
        known = {k for k in KNOWN if url.startswith(k[0]) and violation["id"] == k[1]}
        if known:
            seen_known |= known
        else:
            targets = [" ".join(node["target"]) for node in violation["nodes"][:3]]
            found.append(f"{url} @{width}px: {violation['id']} ({violation['impact']}) {targets}")
    return found


def _check_role(browser, live_server, sign_in, user, urls, axe) -> tuple[list, set, set]:
    """(problems, pages checked, known violations seen) for one role, in one browser page."""
    context = browser.new_context(viewport={"width": WIDTHS[0], "height": 800}, bypass_csp=True)
    context.set_default_timeout(60000)  # a busy CI machine renders dashboards slowly
    page = context.new_page()
    problems, checked, seen_known = [], set(), set()
    try:
        if user is not None:
            sign_in(page, user)
        for url in urls:
            page.set_viewport_size({"width": WIDTHS[0], "height": 800})
            response = page.goto(live_server + url)
            if response is None or "text/html" not in response.headers.get("content-type", ""):
                continue
            shown = urlsplit(page.url).path  # where a redirect led
            if shown in checked:
                continue
            checked.add(shown)
            page.add_script_tag(content=axe)
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 800})
                problems += _violations(page, shown, width, seen_known)
    finally:
        context.close()
    return problems, checked, seen_known


def test_no_serious_accessibility_violation_on_any_page_in_any_role(
    app, db, browser, live_server, sign_in
):
    load_demo()
    users = {role: user_for(role) for role in ROLES}
    urls = page_urls(app, records())
    db.session.commit()
    axe = _axe_source()
    problems, seen_known = [], set()
    for role, user in users.items():
        found, checked, known = _check_role(browser, live_server, sign_in, user, urls, axe)
        assert len(checked) >= 5, (role, checked)
        problems += [f"{role}: {problem}" for problem in found]
        seen_known |= known
    assert not problems, "\n".join(problems)
    assert seen_known == KNOWN, f"fixed, remove from KNOWN: {KNOWN - seen_known}"
