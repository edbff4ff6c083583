"""The floor of the load benchmark: what any submission costs in this stack, and no more.

``python -m bench.load --mix floor`` serves this module instead of ``app.py``: the same app
with one more route, ``/bench/floor``, that does only what every form post of a signed-in user
must do here: the session and its user, the CSRF check, a WTForms form of four fields, one row
added with the ORM and committed, a redirect. It checks no site and keeps no rollup, and its
one row is an audit entry, where a real submission writes a record and its audit entry.

Its throughput over the bare page's is the highest ratio a real form can reach on the same
server; ``bench/results.json`` keeps it as ``load-floor``.
"""

from __future__ import annotations

from flask import abort, redirect, request
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from flask_wtf.csrf import generate_csrf
from markupsafe import escape
from wtforms import DateField, IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange

from app import app
from outreach.core import audit
from outreach.extensions import db

ACTION = "bench_floor"


class FloorForm(FlaskForm):
    # labelled, as the app's forms are (WTForms would translate a made-up label per request)
    title = StringField("Title", validators=[DataRequired(), Length(max=200)])
    people = IntegerField("People", validators=[NumberRange(min=0)])
    notes = TextAreaField("Notes", validators=[Length(max=2000)])
    held_on = DateField("Held on")


@app.route("/bench/floor", methods=["GET", "POST"])
@login_required
def floor():
    if request.method == "GET":
        return f'<form method="post"><input name="csrf_token" value="{escape(generate_csrf())}">'
    form = FloorForm()
    if not form.validate():
        abort(400)
    entry = audit.record(ACTION, ACTION, summary=form.title.data, user=current_user)
    db.session.flush()
    response = redirect(f"/bench/floor/{entry.id}")
    db.session.commit()
    return response
