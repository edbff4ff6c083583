"""The bodies of activities, their attachments and commitments, and of ``/me``."""

from __future__ import annotations

from pydantic import BaseModel

from outreach.activities.kinds import ActivityKind
from outreach.activities.models import Activity, Commitment
from outreach.activities.operations import COMMON_FIELDS, KIND_FIELDS
from outreach.api.activity_input import COMMITMENT_FIELDS
from outreach.api.schemas import model_for, page_of

ALL_FIELDS = list(dict.fromkeys([*COMMON_FIELDS, *(f for k in KIND_FIELDS.values() for f in k)]))
TABLE = Activity.__table__

CommitmentIn = model_for("CommitmentIn", Commitment.__table__, COMMITMENT_FIELDS, optional=True)
ActivityIn = model_for(
    "ActivityIn",
    TABLE,
    ALL_FIELDS,
    optional=True,
    kind=(str, ...),
    site_id=(int, ...),
    partner_ids=(list[int] | None, None),
    commitments=(list[CommitmentIn] | None, None),
    submit=(bool | None, None),
)
ActivityIn.__doc__ = (
    "A new activity: `kind` (" + ", ".join(k.value for k in ActivityKind) + "), `site_id`, "
    "the fields of its kind as on the form, and for a consultation its `commitments`."
)
ActivityOut = model_for(
    "Activity",
    TABLE,
    ALL_FIELDS,
    optional=True,
    id=(int, ...),
    kind=(str, ...),
    site_id=(int, ...),
    status=(str, ...),
    version=(int, ...),
    deleted=(bool, ...),
    author_id=(int, ...),
    created_at=(str, ...),
    updated_at=(str, ...),
    partner_ids=(list[int], ...),
    review_comment=(str, ...),
    commitment_ids=(list[int] | None, None),
    attachments=(list | None, None),
)
ActivityPage = page_of("ActivityPage", ActivityOut)


class AttachmentOut(BaseModel):
    id: int
    activity_id: int
    file_name: str
    content_type: str
    size: int
    sha256: str
    caption: str
    is_receipt: bool
    created_at: str
    download_url: str


class AttachmentIn(BaseModel):
    """multipart/form-data: the file, and what it shows."""

    file: bytes
    caption: str | None = None
    is_receipt: bool | None = None


class MySite(BaseModel):
    id: int
    code: str
    name: str
    country_code: str
    currency: str
    archived: bool


class Me(BaseModel):
    """The caller, the open sites where they may record, and the kinds they may log."""

    id: int
    name: str
    email: str
    role: str
    language: str | None
    sites: list[MySite]
    kinds: list[str]
