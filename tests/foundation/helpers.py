"""Small helpers the foundation tests share: reading a page's field errors, counting rows."""

from __future__ import annotations

import html
import re

import sqlalchemy as sa

from outreach.extensions import db


def field_error(page: str, field_id: str) -> str | None:
    """The error message shown next to the field with this id, or None."""
    match = re.search(
        rf'<p class="error" id="{re.escape(field_id)}-error"[^>]*>(.*?)</p>', page, re.S
    )
    return html.unescape(match.group(1)).strip() if match else None


def preselected(page: str, field: str) -> list[str]:
    """The values of the options a select of that name shows as chosen."""
    select = re.search(rf'<select[^>]*name="{field}".*?</select>', page, re.S).group(0)
    return re.findall(r'<option selected value="([^"]*)"', select) + re.findall(
        r'<option value="([^"]*)" selected', select
    )


def row_counts() -> dict[str, int]:
    """The number of rows in every table, to show that nothing was written."""
    db.session.expire_all()
    return {
        table.name: db.session.scalar(sa.select(sa.func.count()).select_from(table))
        for table in db.metadata.sorted_tables
    }


def csrf_token(page: str) -> str:
    """The CSRF token of the first form on a page."""
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
