"""Command-line tools: ``flask --app app users create``, ``seed``, ``seed-demo``, ``backup``,
``uploads purge``."""

from __future__ import annotations

import datetime as dt
import sys

import click
import sqlalchemy as sa
from flask import Flask, current_app

from outreach.auth import operations as user_ops
from outreach.auth.models import Role, User
from outreach.auth.passwords import password_problem
from outreach.extensions import db
from outreach.sites.models import Country, Site
from outreach.sites.reference import ensure_countries


def register(app: Flask) -> None:
    from outreach.ops.backup import backup

    app.cli.add_command(users)
    app.cli.add_command(backup)
    app.cli.add_command(seed)
    app.cli.add_command(seed_demo)
    app.cli.add_command(demo_codes)
    from outreach.reports.cli import report

    app.cli.add_command(report)
    app.cli.add_command(dashboards)
    app.cli.add_command(uploads_group)
    from flask_migrate.cli import db as db_group

    from outreach.ops.copy import register as register_copy

    register_copy(db_group)


@click.group()
def dashboards() -> None:
    """Dashboard rollups."""


@dashboards.command("rebuild")
def rebuild_command() -> None:
    """Recompute every monthly rollup from the raw activities and feedback."""
    from outreach.stats import rollups

    counts = rollups.rebuild()
    db.session.commit()
    for table, n in counts.items():
        click.echo(f"{table}: {n} rows")


@click.group("uploads")
def uploads_group() -> None:
    """Uploaded files."""


@uploads_group.command("purge")
def purge_command() -> None:
    """Delete the files removed from entries more than ATTACHMENT_RETENTION_DAYS ago."""
    from outreach.activities.operations import purge_removed_attachments
    from outreach.core.db import utcnow

    days = int(current_app.config["ATTACHMENT_RETENTION_DAYS"])
    expired = purge_removed_attachments(utcnow() - dt.timedelta(days=days))
    db.session.commit()
    click.echo(f"{len(expired)} files removed more than {days} days ago deleted")


@click.group()
def users() -> None:
    """Manage user accounts."""


@users.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]))
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@click.option("--site", "sites", multiple=True, help="Site code (field officers); repeatable.")
@click.option("--country", "countries", multiple=True, help="ISO code (managers, partners).")
def create_user_command(email, name, role, password_stdin, sites, countries) -> None:
    """Create an account."""
    if not password_stdin:
        raise click.UsageError("give the password on standard input with --password-stdin")
    password = sys.stdin.readline().rstrip("\n")
    problem = password_problem(password, current_app.config["PASSWORD_MIN_LENGTH"], (email, name))
    if problem:
        raise click.ClickException(problem)
    if user_ops.find_user_by_email(email):
        raise click.ClickException(f"an account for {email} already exists")
    site_rows = list(db.session.scalars(sa.select(Site).where(Site.code.in_(sites))))
    missing = set(sites) - {s.code for s in site_rows}
    codes = [c.upper() for c in countries]
    missing |= set(codes) - set(
        db.session.scalars(sa.select(Country.code).where(Country.code.in_(codes)))
    )
    if missing:
        raise click.ClickException(f"unknown site or country: {', '.join(sorted(missing))}")
    data = user_ops.UserData(
        email=email,
        name=name,
        role=Role(role),
        site_ids=[s.id for s in site_rows],
        country_codes=codes,
    )
    user = user_ops.create_user(data, password)
    db.session.commit()
    click.echo(f"created {user.email} ({user.role.value})")


@click.command("seed")
def seed() -> None:
    """Load the reference countries and the default feedback categories."""
    from outreach.feedback.operations import ensure_default_categories

    added = ensure_countries()
    categories = ensure_default_categories()
    db.session.commit()
    click.echo(f"{added} countries added, {categories} feedback categories added")


@click.command("demo-codes")
def demo_codes() -> None:
    """Print the current two-step sign-in code of each demo account that has one."""
    import pyotp

    from outreach.demo import DEMO_AUTHENTICATOR_KEYS

    if current_app.config["ENV_NAME"] == "production":
        raise click.ClickException("there are no demo accounts in production")
    for email, key in DEMO_AUTHENTICATOR_KEYS.items():
        user = user_ops.find_user_by_email(email)
        if user is not None and user.totp_secret == key:
            click.echo(f"  {email:<32} {pyotp.TOTP(key).now()}")


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already has users.")
def seed_demo(if_empty: bool) -> None:
    """Load fictional demo data and print the demo sign-ins."""
    from outreach.core.urls import is_loopback_url
    from outreach.demo import DEMO_ACCOUNTS, DEMO_AUTHENTICATOR_KEYS, load_demo

    if current_app.config["ENV_NAME"] == "production":
        raise click.ClickException("demo data is not loaded in production")
    has_users = db.session.scalar(sa.select(sa.func.count()).select_from(User))
    if if_empty and has_users:
        click.echo("database not empty: demo data not loaded")
    else:
        load_demo()
        db.session.commit()
        click.echo("demo data loaded")
    click.echo("Demo sign-ins (fictional data; do not use in production):")
    click.echo(f"  {'role':<8} {'e-mail':<32} {'password':<22} authenticator key")
    for email, password, role in DEMO_ACCOUNTS:
        key = DEMO_AUTHENTICATOR_KEYS.get(email, "")
        click.echo(f"  {role:<8} {email:<32} {password:<22} {key}".rstrip())
    click.echo(
        "The admin and manager sign in in two steps: add their key to an authenticator app "
        "(time-based, 6 digits), or print the current codes without a phone with "
        "`flask --app app demo-codes`."
    )
    address = current_app.config["EXTERNAL_URL"]
    if is_loopback_url(address):
        click.echo(
            f"Impact reports: drafts preview as usual; issuing is refused while "
            f"OUTREACH_EXTERNAL_URL is {address}, which no partner could open from the report's "
            "QR code. To try issuing, start with OUTREACH_EXTERNAL_URL set to another address, "
            "e.g. https://outreach.example.org."
        )
