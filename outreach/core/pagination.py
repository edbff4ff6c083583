"""Page-by-page lists with a total, for every list view."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask import current_app

from outreach.core.urls import int_arg
from outreach.extensions import db


@dataclass
class Page:
    items: list[Any]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def page_number(raw: str | None) -> int:
    """The page asked for in the query string; anything odd means the first page."""
    return int_arg(raw, 99999) or 1


def paginate(stmt: sa.Select, page: int, per_page: int | None = None) -> Page:
    per_page = per_page or current_app.config["ITEMS_PER_PAGE"]
    total = db.session.scalar(
        sa.select(sa.func.count()).select_from(stmt.order_by(None).subquery())
    )
    items = list(db.session.scalars(stmt.limit(per_page).offset((page - 1) * per_page)))
    return Page(items=items, page=page, per_page=per_page, total=total or 0)
