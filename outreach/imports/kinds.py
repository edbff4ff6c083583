"""What can be imported, and the part every kind of row shares: the context of a run (who
imports, the sites they may write to, look-ups kept for the whole file) and the contract each
kind fills in: map a row to the feature's command, check it with the feature's rules, find the
record it already is, create or update it through the feature's operations."""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from outreach.auth.models import User
from outreach.core.permissions import can
from outreach.extensions import db
from outreach.imports.columns import Column
from outreach.sites.models import Site

NOT_YOUR_SITE = _l("You may not record entries at this site.")
UNKNOWN_SITE = _l("No site has this code.")
EXTERNAL_ID = Column(
    "external_id",
    _l("External id"),
    max_length=200,
    aliases=("_uuid", "uuid", "meta/instanceID", "instanceID"),
    note=_l("Your own id for the row; importing the same id again finds the record it became."),
)
RECORD_ID = Column("id", _l("Outreach id"), kind="int", note=_l("Written by the list exports."))


@dataclass
class Context:
    """What stays the same for every row of one import."""

    user: User
    update_existing: bool = False
    approve: bool = False
    today: dt.date = field(default_factory=dt.date.today)
    cache: dict = field(default_factory=dict)
    #: the photos of a KoboToolbox attachments ZIP (``imports.photos.Photos``)
    photos: Any = None

    def site(self, code: str) -> Site | None:
        sites = self.cache.get("sites")
        if sites is None:
            sites = {s.code.casefold(): s for s in db.session.scalars(sa.select(Site))}
            self.cache["sites"] = sites
        return sites.get((code or "").casefold())

    def may_view(self, site: Site) -> bool:
        seen = self.cache.setdefault("viewable", {})
        if site.id not in seen:
            seen[site.id] = can(self.user, "site.view", site)
        return seen[site.id]

    def may_write(self, site: Site) -> bool:
        allowed = self.cache.setdefault("writable", {})
        if site.id not in allowed:
            allowed[site.id] = can(self.user, "record.write", site)
        return allowed[site.id]


class RowKind(ABC):
    """One kind of record an import brings in; the subclasses say how (each fills in the
    abstract methods; ``update`` when ``updatable``, ``create_many`` when ``batchable``)."""

    name: str = ""
    label: Any = ""
    #: what the importer must be allowed to do at all (row by row, each site is checked too)
    capability: str = "record.write"
    columns: list[Column] = []
    #: the rows carry a site (its code in the column ``site``)
    per_site: bool = True
    #: a changed row updates its record (through ``update``); False: such rows are unchanged
    updatable: bool = True
    #: the repeat groups of a KoboToolbox/ODK export are folded into their submission's row
    repeats: bool = False

    @abstractmethod
    def command(self, values: dict[str, Any], site: Site | None, ctx: Context) -> dict:
        """The row's values as the command the feature's form gives."""

    @abstractmethod
    def check(
        self, site: Site | None, command: dict, ctx: Context, record=None, with_rules: bool = True
    ) -> dict:
        """What is wrong with the row, by command field; without ``with_rules``, only what the
        import itself asks (the feature's rules are then run by ``create_many``)."""

    def find(self, values: dict[str, Any], ctx: Context):
        """The record a row already is without an external id (a list export's id, a code)."""
        return None

    @abstractmethod
    def load(self, object_id: int):
        """The record of an id this import's keys found, or None when it is gone."""

    def current(self, record, command: dict) -> dict:
        """The record's values for the fields of ``command``, to see whether a row changed."""
        return {name: getattr(record, name, None) for name in command}

    @abstractmethod
    def create(self, site: Site | None, command: dict, ctx: Context):
        """Create the record through the feature's operations; it is returned."""

    def update(self, record, command: dict, ctx: Context) -> None:
        """Change the record through the feature's operations; called only when the kind
        is ``updatable``."""
        raise TypeError(f"{self.name} records are not updated by an import")

    def batchable(self, command: dict, ctx: Context) -> bool:
        """Whether a new record of this row may be written with others by ``create_many``."""
        return False

    def create_many(self, entries: list[tuple[Site | None, dict]], ctx: Context) -> list[int]:
        """Create many records at once, as ``create`` creates each (the same rules and
        effects); their ids in order. Nothing is written when one is refused: RuleError, with
        ``rows`` ({index: errors by field}) saying which. Called only when ``batchable``
        says so for a row."""
        raise TypeError(f"{self.name} records are not written in bulk")

    def field_column(self, name: str) -> Column | None:
        """The column where an error about a command field is shown."""
        for column in self.columns:
            if column.target == name or column.key == name:
                return column
        return None


def same(old: Any, new: Any) -> bool:
    """Equal as a person would read them: 5 and 5.00, "" and None, an enum and its key."""
    old, new = getattr(old, "value", old), getattr(new, "value", new)
    if old in (None, "") and new in (None, ""):
        return True
    if isinstance(old, (int, float, Decimal)) and not isinstance(old, bool):
        try:
            return Decimal(str(old)) == Decimal(str(new))
        except Exception:  # noqa: BLE001 - not a number: different
            return False
    if isinstance(old, (list, tuple, set)):
        return sorted(map(str, old)) == sorted(map(str, new or []))
    return old == new
