"""Every form the app shows, found by reading its pages, with a way to fill it.

``discover_forms`` GETs every GET route (as the signed-in client) and parses each
``<form method="post">``: its action, and its fields with the values the page proposes. Text
fields (text, search, textarea, and similar) are the ones the attack tests fill.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from html.parser import HTMLParser

from tests.security.routes import rules, url_for_rule

TEXT_TYPES = {"text", "search", "tel", "url", None}
SKIP_TYPES = {"submit", "button", "reset", "image", "file", "password"}


@dataclass
class Form:
    page: str
    action: str
    #: name → proposed value (first option of a select, checked boxes, typed defaults)
    values: dict = field(default_factory=dict)
    #: names of free-text fields (inputs of a text type and textareas)
    text: list = field(default_factory=list)
    #: name → input type, for the non-text inputs
    types: dict = field(default_factory=dict)

    def filled(self, text_values: dict) -> dict:
        data = dict(self.values)
        data.update(text_values)
        return data


class _Parser(HTMLParser):
    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.page, self.forms, self.form = page, [], None
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self.form = Form(page=self.page, action=a.get("action") or self.page)
        if self.form is None:
            return
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in SKIP_TYPES:
            kind = a.get("type")
            if kind in ("checkbox", "radio"):
                if "checked" in a or (kind == "radio" and name not in self.form.values):
                    self.form.values[name] = a.get("value", "y")
                return
            if kind in TEXT_TYPES and name not in ("csrf_token", "website"):  # website: honeypot
                self.form.text.append(name)
            else:
                self.form.types[name] = kind
            self.form.values[name] = a.get("value") or _default(kind)
        elif tag == "button" and name and a.get("value") and name not in self.form.values:
            self.form.values[name] = a["value"]
        elif tag == "textarea" and name:
            self._textarea = name
            self.form.text.append(name)
            self.form.values[name] = ""
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select:
            value = a.get("value", "")
            current = self.form.values.get(self._select)
            if "selected" in a or (value and not current):
                self.form.values[self._select] = value

    def handle_data(self, data):
        if self._textarea and self.form is not None:
            self.form.values[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form" and self.form is not None:
            self.forms.append(self.form)
            self.form = None


def _default(kind: str | None) -> str:
    if kind == "date":
        return (dt.date.today() - dt.timedelta(days=1)).isoformat()
    if kind == "number":
        return "1"
    if kind == "email":
        return "someone@example.test"
    return ""


def parse_forms(page_url: str, html: str) -> list[Form]:
    parser = _Parser(page_url)
    parser.feed(html)
    return parser.forms


#: forms that end the session or belong to the sign-in steps: not filled by the sweeps
SKIP_ACTIONS = ("/logout", "/login", "/account/password", "/sign-out", "/two-factor")


def _pages(app, values: dict):
    from outreach.activities.kinds import ActivityKind

    for rule in rules(app, "GET"):
        kinds = [k.value for k in ActivityKind] if "kind" in rule.arguments else [None]
        for kind in kinds:
            yield url_for_rule(app, rule, {**values, "kind": kind} if kind else values)


def discover_forms(app, client, values: dict) -> list[Form]:
    """One post form per route (and activity kind) from every page the client can open, with
    the activity forms of every kind."""
    adapter = app.url_map.bind("localhost")
    found, seen = [], set()
    for url in _pages(app, values):
        response = client.get(url)
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        for form in parse_forms(url, response.get_data(as_text=True)):
            endpoint, args = adapter.match(form.action.split("?")[0], method="POST")
            key = (endpoint, args.get("kind"))
            if key in seen or form.action.endswith(SKIP_ACTIONS):
                continue
            seen.add(key)
            found.append(form)
    return found
