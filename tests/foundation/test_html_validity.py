"""Every page is valid where the W3C validator found errors: ids are unique (several forms on a
page each had ``id="csrf_token"``), month and date inputs carry no ``placeholder``, a required
select starts with an empty choice, and every page has a meta description."""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser

from outreach.demo import load_demo
from tests import factories
from tests.page_tour import ROLES, page_urls, records, user_for

NO_PLACEHOLDER = {"month", "date", "datetime-local", "time", "week", "hidden"}


class _Checks(HTMLParser):
    """Collects what the checks need while reading a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: Counter[str] = Counter()
        self.errors: list[str] = []
        self.description = None
        self._select = None  # (name, first option seen) of an open required select

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids[a["id"]] += 1
        if tag == "input" and a.get("type") in NO_PLACEHOLDER and "placeholder" in a:
            self.errors.append(f"placeholder on a {a['type']} input {a.get('name')!r}")
        if tag == "meta" and a.get("name") == "description":
            self.description = a.get("content") or ""
        if (
            tag == "select"
            and "required" in a
            and "multiple" not in a
            and a.get("size", "1") == "1"
        ):
            self._select = a.get("name")
        if tag == "option" and self._select is not None:
            if a.get("value") != "":
                self.errors.append(f"required select {self._select!r} starts with a real choice")
            self._select = None

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def page_errors(html: str) -> list[str]:
    checks = _Checks()
    checks.feed(html)
    errors = list(checks.errors)
    errors += [f"id {i!r} used {n} times" for i, n in checks.ids.items() if n > 1]
    if not checks.description:
        errors.append("no meta description")
    return errors


def test_the_checks_find_what_the_validator_found():
    page = (
        '<meta name="description" content="x"><input type="month" placeholder="YYYY-MM">'
        '<input type="hidden" id="csrf_token"><input type="hidden" id="csrf_token">'
        '<select name="kind" required><option value="a">A</option></select>'
    )
    assert len(page_errors(page)) == 3
    assert page_errors(page.replace('content="x"', 'content=""'))[-1] == "no meta description"


def test_every_page_in_every_role_is_free_of_the_validators_errors(app, client, db, csrf_on):
    load_demo()
    urls = page_urls(app, records())
    found = {}
    for role in ROLES:  # anonymous first: each later sign-in replaces the session
        user = user_for(role)
        if user is not None:
            factories.sign_in(client, user)
        for url in urls:
            response = client.get(url, follow_redirects=True)
            if response.status_code >= 500:
                found[role, url] = [f"status {response.status_code}"]
            elif response.mimetype == "text/html":
                errors = page_errors(response.get_data(as_text=True))
                if errors:
                    found[role, response.request.path] = errors
    assert not found, found
