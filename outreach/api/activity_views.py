"""Activities: read one, list them page by page (filters, ``updated_since`` for a mirror)."""

from __future__ import annotations

from outreach.api.blueprint import bp
from outreach.api.loading import activity_or_404, requires
from outreach.api.responses import json_response
from outreach.api.serialize import activity_json, attachment_json, etag


@bp.get("/activities/<int:activity_id>")
@requires("record.view")
def get_activity(activity_id: int):
    """One activity with its attachments and commitments; ``ETag`` is its version."""
    activity = activity_or_404(activity_id)
    data = activity_json(activity)
    data["attachments"] = [attachment_json(a) for a in activity.attachments]
    data["commitment_ids"] = [c.id for c in activity.commitments if not c.is_deleted]
    return json_response(data, headers={"ETag": etag(activity)})
