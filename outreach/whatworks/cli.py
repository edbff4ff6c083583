"""``flask --app app what-works compute [--country MY]``: estimate and store *What works*."""

from __future__ import annotations

import click

from outreach.extensions import db


@click.group("what-works")
def what_works() -> None:
    """What works: which outreach comes before a change in sentiment."""


@what_works.command("compute")
@click.option("--country", help="only this country (and its peer groups); default: every scope")
def compute_command(country: str | None) -> None:
    """Estimate every scope (the portfolio, each country, each peer group) and store it."""
    from outreach.whatworks.compute import compute_what_works

    rows = compute_what_works(country.upper() if country else None)
    if not rows:
        raise click.BadParameter(f"no site in {country}", param_hint="--country")
    for row in rows:
        click.echo(
            f"{row.scope_key:<24} {row.outcome:<10} {row.status:<5} "
            f"{row.site_count} sites, {row.month_count} months, {row.seconds:.2f} s"
        )
    db.session.commit()
