"""``/search``: one query over every kind of record, Turkish-aware, with filters and facets.

The query text is plain words (no query syntax to learn or to trip over: ``a.g.e.`` is
just text). Without ``q`` the filters alone list records, by date and document order.
"""

from __future__ import annotations

from typing import Any

from flask import url_for
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from archive_api.api.common import ApiBlueprint, document_url, integer, link, string
from archive_api.api.filters import PartialDate, check_date_order
from archive_api.api.footnotes import find_footnote
from archive_api.api.pagination import PageArgsSchema, envelope
from archive_api.api.reader import archive
from archive_api.search.schema import RECORD_TYPES
from archive_api.search.searcher import Hit

blp = ApiBlueprint("search", __name__, description="Full-text search over every record.")

# Every word costs a pass over four analysed fields; a page of text is not a query.
MAX_QUERY_LENGTH = 500

FILTERS = ("type", "document", "date_from", "date_to", "kind", "sender", "recipient", "place")

# URL of a hit: the endpoint of its resource and the name of the key in that URL.
RECORD_ENDPOINTS: dict[str, tuple[str, str | None]] = {
    "document": ("documents.get_document", None),
    "section": ("sections.get_section", "section_id"),
    "paragraph": ("paragraphs.get_paragraph", "paragraph_id"),
    "letter": ("letters.get_letter", "letter_id"),
    "footnote": ("footnotes.get_footnote", "label"),
    "work": ("works.get_work", "work_id"),
    "annex": ("annexes.get_annex", "number"),
}


class CommaList(fields.List[str]):
    """A list given as repeated parameters, comma-separated values, or both."""

    is_multiple = True

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        raw = value if isinstance(value, list | tuple) else [value]
        parts = [part.strip() for item in raw for part in str(item).split(",") if part.strip()]
        return super()._deserialize(parts, attr, data, **kwargs)


class SearchArgsSchema(PageArgsSchema):
    q = fields.String(
        validate=validate.Length(max=MAX_QUERY_LENGTH),
        metadata={
            "description": "Words to find. Case, dotted/dotless i, circumflexes and common "
            "OCR damage are forgiven (`Cicerin` finds `Çiçerin`, `barış` finds `banş`). "
            f"Required unless a filter is given; at most {MAX_QUERY_LENGTH} characters."
        },
    )
    type = CommaList(
        fields.String(validate=validate.OneOf(RECORD_TYPES)),
        metadata={"description": "Record types to return: comma-separated or repeated."},
    )
    document = CommaList(
        fields.String(), metadata={"description": "Only records of these documents."}
    )
    date_from = PartialDate(
        metadata={"description": "Records dated on or after this day, month or year."}
    )
    date_to = PartialDate(
        metadata={"description": "Records dated on or before this day, month or year."}
    )
    kind = fields.String(
        metadata={"description": "Kind of letter or document: `Şifre`, `article`."}
    )
    sender = fields.String(metadata={"description": "Letters by this sender (part of the name)."})
    recipient = fields.String(metadata={"description": "Letters to this recipient."})
    place = fields.String(metadata={"description": "Records from this place (`Ankara`)."})

    @validates_schema
    def _query_or_filter(self, data: dict[str, Any], **kwargs: Any) -> None:
        check_date_order(data)
        if not (data.get("q") or "").strip() and not any(data.get(name) for name in FILTERS):
            raise ValidationError("give words to search for, or at least one filter", "q")


class HitSchema(Schema):
    id = string("The record's id, as its own resource gives it.")
    type = fields.String(
        required=True, metadata={"description": "Kind of record.", "enum": list(RECORD_TYPES)}
    )
    url = link("Absolute URL of the record.")
    document_id = string("Document the record belongs to.")
    document_url = link("URL of that document.")
    title = string("A short title for the hit.")
    snippet = string(
        "Text around the match, HTML-escaped, the matched words in `<mark>...</mark>`."
    )
    score = fields.Float(
        required=True,
        metadata={"description": "Relevance, higher is better; 0 when listing by filters only."},
    )
    page = integer("Printed page of the record.", nullable=True)


class FacetsSchema(Schema):
    type = fields.Dict(
        keys=fields.String(),
        values=fields.Integer(),
        required=True,
        metadata={"description": "Hits per record type, before the `type` filter."},
    )


class SearchResultSchema(Schema):
    items = fields.List(fields.Nested(HitSchema), required=True, metadata={"description": "Hits."})
    total = integer("Number of hits.")
    page = integer("This page's number.")
    per_page = integer("Page size.")
    links = fields.Nested("LinksSchema", required=True, metadata={"description": "Links to pages."})
    facets = fields.Nested(FacetsSchema, required=True, metadata={"description": "Counts."})


def hit_identity(hit: Hit) -> tuple[str, str]:
    """The record's own id and URL for a hit (footnotes and annexes are keyed by label and
    number in URLs, but their ids are ``note-12`` and ``ek-1``)."""
    endpoint, key = RECORD_ENDPOINTS[hit.type]
    if key is None:
        return hit.document_id, document_url(hit.document_id)
    record_id = hit.record_id
    value: Any = record_id
    if hit.type == "footnote":
        record_id = find_footnote(archive().document(hit.document_id), hit.record_id).id
    elif hit.type == "annex":
        value = int(hit.record_id)
        doc = archive().document(hit.document_id)
        record_id = next((a.id for a in doc.annexes if a.number == value), hit.record_id)
    return record_id, url_for(endpoint, doc_id=hit.document_id, _external=True, **{key: value})


def hit_record(hit: Hit) -> dict[str, Any]:
    record_id, url = hit_identity(hit)
    return {
        "id": record_id,
        "type": hit.type,
        "url": url,
        "document_id": hit.document_id,
        "document_url": document_url(hit.document_id),
        "title": hit.title,
        "snippet": hit.snippet,
        "score": hit.score,
        "page": hit.page,
    }


@blp.route("/search")
@blp.arguments(SearchArgsSchema, location="query")
@blp.response(200, SearchResultSchema)
def search(args: dict[str, Any]) -> dict[str, Any]:
    """Search the archive

    Best hits first. `facets.type` counts the hits of every type, so a client can offer
    "letters (4), footnotes (12)" whatever `type` is selected.
    """
    page, per_page = args["page"], args["per_page"]
    date_from, date_to = args.get("date_from"), args.get("date_to")
    result = archive().search(
        (args.get("q") or "").strip() or None,
        types=args.get("type") or None,
        document_ids=args.get("document") or None,
        date_from=date_from.text if date_from else None,
        date_to=date_to.text if date_to else None,
        kind=args.get("kind"),
        sender=args.get("sender"),
        recipient=args.get("recipient"),
        place=args.get("place"),
        page=page,
        per_page=per_page,
    )
    body = envelope([hit_record(h) for h in result.hits], result.total, page, per_page)
    body["facets"] = {"type": dict(result.facets_by_type)}
    return body
