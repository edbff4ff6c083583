"""Property-based fuzz: generated values posted to every form (the public intake included) never
cause a server error, and never a partial write: either a whole record with its audit event, or
nothing at all."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.foundation.helpers import row_counts
from tests.security.forms import discover_forms
from tests.security.routes import make_world, sign_in

EXAMPLES = 30
TEXT = st.one_of(
    st.text(max_size=300),
    st.sampled_from(["", " ", "\x00", "0", "-1", "1e309", "NaN", "2026-02-30", "９９", "<b>"]),
)
NUMBER = st.one_of(TEXT, st.integers(-(10**20), 10**20).map(str), st.decimals().map(str))


def _strategy(form):
    fields = {name: TEXT for name in form.text}
    for name, kind in form.types.items():
        if name not in ("csrf_token", "version"):
            fields[name] = st.one_of(
                st.just(form.values[name]), NUMBER if kind == "number" else TEXT
            )
    return st.fixed_dictionaries(fields)


def _check(client, form, values):
    before = row_counts()
    response = client.post(form.action, data=form.filled(values))
    assert response.status_code < 500, f"{form.action} {values!r}"
    after = row_counts()
    changed = sorted(k for k in after if k != "audit_events" and after[k] != before[k])
    if response.status_code != 302:
        assert not changed, f"{form.action} refused the form but wrote {changed}"
    elif changed:
        assert after["audit_events"] > before["audit_events"], f"{form.action}: no audit event"


@pytest.mark.parametrize("role", ["admin", "anonymous"])
def test_generated_values_never_break_a_form(app, db, client, login_as, monkeypatch, role):
    monkeypatch.setitem(app.config, "PUBLIC_FEEDBACK_LIMIT", "100000 per minute")
    monkeypatch.setitem(app.config, "PUBLIC_STATUS_LIMIT", "100000 per minute")
    world = make_world(app, db)
    sign_in(login_as, role, world)
    forms = discover_forms(app, client, world["own"]["values"])
    assert forms
    for form in forms:
        if form.text or form.types:
            _fuzz(client, form)


def _fuzz(client, form):
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(values=_strategy(form))
    def fuzz(values):
        _check(client, form, values)

    fuzz()
