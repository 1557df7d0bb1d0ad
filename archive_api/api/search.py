"""``/search``: one query over every kind of record, Turkish-aware, with filters and facets.

The query language is small and nothing typed is a syntax error (``a.g.e.``, ``*`` or a
lone ``OR`` are just text): words, ``"phrases"``, ``-excluded``, ``a OR b``, ``prefix*``.
Without ``q`` the filters alone list records, by date and document order.
"""

from __future__ import annotations

from typing import Any

from flask import url_for
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from archive_api.api import exports
from archive_api.api.common import (
    ApiBlueprint,
    boolean,
    document_url,
    integer,
    link,
    nested,
    string,
)
from archive_api.api.footnotes import find_footnote
from archive_api.api.pagination import PageArgsSchema, envelope
from archive_api.api.reader import archive
from archive_api.search.filters import DATE_FORMS, date_bounds
from archive_api.search.schema import RECORD_TYPES
from archive_api.search.searcher import SORTS, Hit

blp = ApiBlueprint("search", __name__, description="Full-text search over every record.")

# Every word costs a pass over four analysed fields; a page of text is not a query.
MAX_QUERY_LENGTH = 500
# Facet values per facet: a document facet of a large archive would list every document.
DEFAULT_FACET_SIZE = 100
MAX_FACET_SIZE = 10_000

FILTERS = ("type", "document", "date_from", "date_to", "kind", "sender", "recipient", "place")

QUERY_HELP = (
    "Words to find, all of them (when no record holds them all, the records holding most of "
    "them are returned and `relaxed` is true). Case, dotted/dotless i, circumflexes, "
    "suffixes, common OCR damage and the name variants of the archive are forgiven "
    "(`Cicerin` finds `Çiçerin` and `Tchitcherine`, `barış` finds `Banşı`). "
    '`"Büyük Millet"` asks for a phrase, `-word` excludes, `a OR b` takes either, '
    "`istanb*` a prefix; anything else is read as text, never as a syntax error. "
    f"Required unless a filter is given; at most {MAX_QUERY_LENGTH} characters."
)

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


class SearchDate(fields.String):
    """A date written as ISO (of any precision) or as the documents write it.

    The value is kept as given; the search normalises it (a Rumi ``9.5.1336`` is
    1920-05-09) and a value that is no date is refused here, naming the parameter.
    """

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = str(super()._deserialize(value, attr, data, **kwargs)).strip()
        if date_bounds(text) is None:
            raise ValidationError(f"{text!r} is not a date (for example {DATE_FORMS})")
        return text


class SearchArgsSchema(PageArgsSchema):
    q = fields.String(
        validate=validate.Length(max=MAX_QUERY_LENGTH), metadata={"description": QUERY_HELP}
    )
    type = CommaList(
        fields.String(validate=validate.OneOf(RECORD_TYPES)),
        metadata={
            "description": "Record types to return: comma-separated or repeated. `document` "
            "gives one hit per document that holds every word somewhere, the words may stand "
            "in different records; its `passages` show where."
        },
    )
    document = CommaList(
        fields.String(), metadata={"description": "Only records of these documents."}
    )
    date_from = SearchDate(
        metadata={
            "description": "Records dated on or after this day, month or year (dates are "
            f"spans and match by overlap). Any calendar and form: {DATE_FORMS}.",
            "example": "1920-06-01",
        }
    )
    date_to = SearchDate(
        metadata={
            "description": "Records dated on or before this day, month or year.",
            "example": "20 Haziran 336",
        }
    )
    kind = fields.String(
        metadata={"description": "Kind of letter or document: `Şifre`, `article`."}
    )
    sender = fields.String(
        metadata={
            "description": "Letters by this sender (every word given, in any of its listed "
            "spellings: `Çiçerin` finds `Tchitcherine`)."
        }
    )
    recipient = fields.String(metadata={"description": "Letters to this recipient."})
    place = fields.String(metadata={"description": "Records from this place (`Ankara`)."})
    facet_size = fields.Integer(
        load_default=DEFAULT_FACET_SIZE,
        validate=validate.Range(min=1, max=MAX_FACET_SIZE),
        metadata={
            "description": f"Values kept in each facet, the most frequent ones (ties: the "
            f"first in key order): {DEFAULT_FACET_SIZE} by default, at most "
            f"{MAX_FACET_SIZE}. `facet_values` tells how many there were."
        },
    )
    sort = fields.String(
        load_default="relevance",
        validate=validate.OneOf(SORTS),
        metadata={
            "description": "`relevance` (best first) or `date` (by the record's date, undated "
            "last, then document order). Without `q` the order is always by date."
        },
    )

    @validates_schema
    def _query_or_filter(self, data: dict[str, Any], **kwargs: Any) -> None:
        date_from, date_to = data.get("date_from"), data.get("date_to")
        if date_from and date_to:
            start, end = date_bounds(date_from), date_bounds(date_to)
            if start is not None and end is not None and start[0] > end[1]:
                raise ValidationError("must not be before date_from", "date_to")
        if not (data.get("q") or "").strip() and not any(data.get(name) for name in FILTERS):
            raise ValidationError("give words to search for, or at least one filter", "q")


class _Counts(fields.Dict):
    """Counts by key, written as they are: a document facet can hold thousands of keys,
    and the generic ``Dict`` field would pass each key and count through a field object."""

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        return None if value is None else {str(key): int(count) for key, count in value.items()}


class _Offsets(fields.List[Any]):
    """Match offsets written as they are (a long letter has hundreds of them); the
    contract is the one ``List(Nested(MatchSchema))`` states."""

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        if value is None:
            return None
        return [{"start": int(span["start"]), "end": int(span["end"])} for span in value]


class MatchSchema(Schema):
    start = integer("Offset of the first character in the document's reading text.")
    end = integer("Offset just after the last character.")


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
        "Text around the best match, HTML-escaped, the matched words in `<mark>...</mark>` "
        "(also words found folded, stemmed, OCR-damaged or in another spelling)."
    )
    matches = _Offsets(
        fields.Nested(MatchSchema),
        required=True,
        metadata={
            "description": "The matched words, in order, as character offsets in the "
            "document's reading text: the `text` of its paragraphs (`GET .../paragraphs`, "
            "headings included) in order, joined by one blank line (`\\n\\n`). Empty for "
            "footnotes, works and a document's metadata, which are not part of the reading "
            "text, and when listing without `q`."
        },
    )
    score = fields.Float(
        required=True,
        metadata={"description": "Relevance, higher is better; 0 when listing by filters only."},
    )
    page = integer("Printed page of the record.", nullable=True)
    passages = fields.List(
        fields.Nested("PassageSchema"),
        required=True,
        metadata={
            "description": "For a document hit: the records where the words were found, "
            "each with its own snippet (the one record that holds every word, else the "
            "best record for each word, at most three). Empty for other hits."
        },
    )


class PassageSchema(Schema):
    id = string("The record's id, as its own resource gives it.")
    type = fields.String(
        required=True, metadata={"description": "Kind of record.", "enum": list(RECORD_TYPES)}
    )
    url = link("Absolute URL of the record.")
    snippet = string("Text around the words found in this record, marked as in the hit.")
    page = integer("Printed page of the record.", nullable=True)


def _counts(description: str) -> fields.Dict:
    return _Counts(
        keys=fields.String(),
        values=fields.Integer(),
        required=True,
        metadata={"description": description},
    )


class FacetsSchema(Schema):
    type = _counts(
        "Hits that `type=<key>` would give, for the query and every filter but `type` "
        "(`document`: the documents that hold every word somewhere, not necessarily in one "
        "record)."
    )
    year = _counts(
        "Matching records by year, for the query and every filter (with `type=document`, "
        "the records of every type behind the documents); undated records are not counted."
    )
    document = _counts("Matching records by document, counted like `year`.")
    kind = _counts(
        "Matching records by kind (letters: `sifre`, `tahrirat`...; paragraphs: `prose`, "
        "`quote`...; documents: `speech`, `article`...), folded as the `kind` filter takes "
        "them; counted like `year`."
    )


class FacetValuesSchema(Schema):
    type = integer("Values the `type` facet had before it was cut to `facet_size`.")
    year = integer("Values the `year` facet had.")
    document = integer("Values the `document` facet had.")
    kind = integer("Values the `kind` facet had.")


class SearchResultSchema(Schema):
    items = fields.List(fields.Nested(HitSchema), required=True, metadata={"description": "Hits."})
    total = integer("Number of hits.")
    page = integer("This page's number.")
    per_page = integer("Page size.")
    links = fields.Nested("LinksSchema", required=True, metadata={"description": "Links to pages."})
    facets = nested(
        FacetsSchema,
        "Counts of the matches by type, year, document and kind, each cut to its "
        "`facet_size` most frequent values and listed in key order.",
    )
    facet_values = nested(
        FacetValuesSchema,
        "How many values each facet had before the cut: more than `facet_size` means some "
        "were left out.",
    )
    sort = string("The order of the hits: `relevance` or `date`.", validate=validate.OneOf(SORTS))
    tolerant = boolean(
        "True when nothing holds the words as typed and words one letter away from them "
        "were accepted instead (OCR damage such as `muhabcrat` for `muhaberat`, or a typo)."
    )
    relaxed = boolean(
        "True when no record holds every word asked for, and the hits are the records that "
        "hold the most of them."
    )
    suggestion = string(
        "A corrected query when some word is not in the archive in any form (it was found "
        "only as OCR damage, or not at all): `Karabekri` suggests `karabekir`. Null otherwise.",
        nullable=True,
    )


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
    passages = []
    for passage in hit.passages:
        passage_id, passage_url = hit_identity(passage)
        passages.append(
            {
                "id": passage_id,
                "type": passage.type,
                "url": passage_url,
                "snippet": passage.snippet,
                "page": passage.page,
            }
        )
    return {
        "id": record_id,
        "type": hit.type,
        "url": url,
        "document_id": hit.document_id,
        "document_url": document_url(hit.document_id),
        "title": hit.title,
        "snippet": hit.snippet,
        "matches": [{"start": m.start, "end": m.end} for m in hit.matches],
        "score": hit.score,
        "page": hit.page,
        "passages": passages,
    }


@blp.route("/search")
@blp.arguments(SearchArgsSchema, location="query")
@blp.response(200, SearchResultSchema)
@exports.negotiate(blp, "csv", "jsonl", item_schema=HitSchema, collection=True)
def search(args: dict[str, Any]) -> dict[str, Any]:
    """Search the archive

    Best hits first, or by date with `sort=date`. `facets.type` counts the hits of every
    type whatever `type` is selected, so a client can offer "letters (4), footnotes (12)";
    `facets.year`, `facets.document` and `facets.kind` count the records matched under
    every filter. Each hit's `matches` locate the matched words in the document's reading
    text, for highlighting. When no record holds every word, the records holding most of
    them are returned with `relaxed: true`; a word unknown to the archive gets a
    `suggestion`.
    """
    page, per_page = args["page"], args["per_page"]
    result = archive().search(
        (args.get("q") or "").strip() or None,
        types=args.get("type") or None,
        document_ids=args.get("document") or None,
        date_from=args.get("date_from"),
        date_to=args.get("date_to"),
        kind=args.get("kind"),
        sender=args.get("sender"),
        recipient=args.get("recipient"),
        place=args.get("place"),
        page=page,
        per_page=per_page,
        sort=args["sort"],
        facet_size=args["facet_size"],
    )
    body = envelope([hit_record(h) for h in result.hits], result.total, page, per_page)
    facets = result.facets
    body["facets"] = {
        name: dict(facets.get(name, {})) for name in ("type", "year", "document", "kind")
    }
    body["facet_values"] = {
        name: result.facet_values.get(name, 0) for name in ("type", "year", "document", "kind")
    }
    body["sort"] = args["sort"]
    body["relaxed"] = result.relaxed
    body["tolerant"] = result.tolerant
    body["suggestion"] = result.suggestion
    return body
