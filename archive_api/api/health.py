"""``/health``: 200 only when this worker has an index generation open and readable."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields

from archive_api.api.common import ApiBlueprint, integer, string
from archive_api.api.reader import archive

blp = ApiBlueprint("health", __name__, description="Whether this worker can serve the archive.")


class HealthSchema(Schema):
    status = fields.String(
        required=True, metadata={"description": "Always `ok` (otherwise 503).", "enum": ["ok"]}
    )
    generation = string("Name of the index generation this worker serves.")
    created_at = string("When that generation was built (ISO 8601, UTC).")
    schema_version = integer("Version of the index schema.")
    documents = integer("Number of documents served.")
    records = integer("Number of searchable records.")
    counts = fields.Dict(
        keys=fields.String(),
        values=fields.Integer(),
        required=True,
        metadata={"description": "Searchable records per type."},
    )


@blp.route("/health")
@blp.response(200, HealthSchema, headers={"Cache-Control": {"schema": {"type": "string"}}})
@blp.alt_response(503, response="SERVICE_UNAVAILABLE")
def health() -> tuple[dict[str, Any], int, dict[str, str]]:
    """Check the service

    Reads from the index; a 503 problem document says why it cannot.
    """
    return archive().health(), 200, {"Cache-Control": "no-store"}
