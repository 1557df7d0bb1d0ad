"""Letters: per document, and across the archive with date, sender, recipient and place filters.

Each letter links to the annex holding its original and to the note giving its source.
"""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validates_schema

from archive_api.api import exports
from archive_api.api.common import (
    DOC_ID_PARAM,
    ApiBlueprint,
    Record,
    RecordSchema,
    annex_url,
    footnote_url,
    integer,
    link,
    listing,
    nested,
    path_param,
    record_base,
    record_type,
    section_url,
    string,
)
from archive_api.api.filters import (
    DateSpan,
    PartialDate,
    check_date_order,
    date_value_span,
    name_matches,
    span_between,
)
from archive_api.api.pagination import PageArgsSchema, collection_schema, envelope, paginate
from archive_api.api.reader import archive
from archive_api.errors import NotFound
from archive_api.models import Document, Letter

blp = ApiBlueprint(
    "letters", __name__, description="Transcribed letters, per document and across the archive."
)

LETTER_ID_PARAM = path_param("letter_id", "Letter id: `letter-1`, `letter-2`...", "letter-1")


class LetterFilterArgsSchema(PageArgsSchema):
    date_from = PartialDate(
        metadata={
            "description": "Letters dated on or after this day, month (`1920-06`) or year "
            "(`1920`); a letter dated to a month or year matches when its span overlaps."
        }
    )
    date_to = PartialDate(
        metadata={"description": "Letters dated on or before this day, month or year."}
    )
    sender = fields.String(
        metadata={
            "description": "Part of the sender's name or role; case, dotted/dotless i and "
            "diacritics are ignored (`tchitcherine`, `mustafa kemal`)."
        }
    )
    recipient = fields.String(
        metadata={"description": "Part of the recipient's name, role or address lines."}
    )
    place = fields.String(metadata={"description": "Part of the place of writing (`ankara`)."})

    @validates_schema
    def _dates_in_order(self, data: dict[str, Any], **kwargs: Any) -> None:
        check_date_order(data)


class PersonSchema(Schema):
    name = string("Name, e.g. `Mustafa Kemal`, `Tchitcherine`.", nullable=True)
    role = string("Role, e.g. `Büyük Millet Meclisi Reisi`.", nullable=True)
    addressed = string("The address lines as written (`...Efendiye`).", nullable=True)


class LetterSchema(RecordSchema):
    type = record_type("letter")
    date = string("Gregorian date, ISO 8601 to the precision known.", nullable=True)
    date_original = string("The date as written, e.g. `9.5.1336 (1920)`.", nullable=True)
    calendar = fields.String(
        required=True,
        allow_none=True,
        metadata={
            "description": "Calendar the date was written in.",
            "enum": ["gregorian", "rumi", "hijri", None],
        },
    )
    place = string("Place of writing.", nullable=True)
    kind = string("Kind as written: `Tahrirat`, `Şifre`...", nullable=True)
    reference = string("Reference number, e.g. `U/851`.", nullable=True)
    sender = nested(PersonSchema, "Who wrote it.")
    recipient = nested(PersonSchema, "To whom.")
    text = string("The body of the letter.")
    closing = string("Closing lines: role and signature.", nullable=True)
    heading = string("The heading block as printed (place, date, kind, address).")
    page_start = integer("Page where the letter starts.")
    page_end = integer("Page where it ends.")
    section = string("Id of the section transcribing it.", nullable=True)
    section_url = link("URL of that section.", nullable=True)
    footnote = string("Label of the note giving the letter's source.", nullable=True)
    footnote_url = link("URL of that note.", nullable=True)
    annex = integer("Number of the annex holding the original.", nullable=True)
    annex_url = link("URL of that annex.", nullable=True)
    inferred = listing(
        fields.String(),
        "Fields taken from around the letter rather than from the letter itself "
        "(e.g. `date` when only the announcing prose dates it).",
    )
    citation = exports.citation_field()


LetterCollectionSchema = collection_schema(LetterSchema, "LetterCollectionSchema")


def letter_record(doc: Document, letter: Letter) -> Record:
    when = letter.date
    base = record_base(doc, letter.id, "letters.get_letter", letter_id=letter.id)
    return {
        **base,
        "type": "letter",
        "date": when.iso if when else None,
        "date_original": when.original if when else None,
        "calendar": when.calendar if when else None,
        "place": letter.place,
        "kind": letter.kind,
        "reference": letter.reference,
        "sender": vars_of(letter.sender),
        "recipient": vars_of(letter.recipient),
        "text": letter.text,
        "closing": letter.closing,
        "heading": letter.heading,
        "page_start": letter.page_start,
        "page_end": letter.page_end,
        "section": letter.section_id,
        "section_url": section_url(doc.id, letter.section_id),
        "footnote": letter.footnote,
        "footnote_url": footnote_url(doc.id, letter.footnote),
        "annex": letter.annex,
        "annex_url": annex_url(doc.id, letter.annex),
        "inferred": list(letter.inferred),
        "citation": exports.letter_citation(doc, letter, base["url"]),
    }


def vars_of(person: Any) -> dict[str, str | None]:
    return {"name": person.name, "role": person.role, "addressed": person.addressed}


def letter_matches(letter: Letter, args: dict[str, Any]) -> bool:
    """Whether ``letter`` passes every filter given in ``args``."""
    wanted: DateSpan | None = span_between(args.get("date_from"), args.get("date_to"))
    if wanted is not None:
        span = date_value_span(letter.date)
        if span is None or not span.overlaps(wanted):
            return False
    if "sender" in args and not name_matches(
        args["sender"], letter.sender.name, letter.sender.role
    ):
        return False
    if "recipient" in args and not name_matches(
        args["recipient"], letter.recipient.name, letter.recipient.role, letter.recipient.addressed
    ):
        return False
    return "place" not in args or name_matches(args["place"], letter.place)


_FILTERS = ("date_from", "date_to", "sender", "recipient", "place")


def _page_of(pairs: list[tuple[Document, Letter]], args: dict[str, Any]) -> dict[str, Any]:
    page, per_page = args["page"], args["per_page"]
    items, total = paginate(pairs, page, per_page)
    return envelope([letter_record(d, letter) for d, letter in items], total, page, per_page)


@blp.route("/letters")
@blp.arguments(LetterFilterArgsSchema, location="query")
@blp.response(200, LetterCollectionSchema)
@exports.negotiate(blp, "csv", "jsonl", "cmif", item_schema=LetterSchema, collection=True)
def list_all_letters(args: dict[str, Any]) -> dict[str, Any]:
    """List letters across all documents

    By document, then in document order. Filters combine (all must match).
    """
    page, per_page = args["page"], args["per_page"]
    start = (page - 1) * per_page
    if any(name in args for name in _FILTERS):
        chosen = [
            (doc_id, number)
            for doc_id, number, letter in archive().walk_letters()
            if letter_matches(letter, args)
        ]
        total, refs = len(chosen), chosen[start : start + per_page]
    else:  # the plain listing pages in the store
        total, refs = archive().letter_count(), archive().letter_refs(start, per_page)
    docs = {doc_id: archive().document(doc_id) for doc_id in dict.fromkeys(d for d, _ in refs)}
    items = [letter_record(docs[doc_id], docs[doc_id].letters[n]) for doc_id, n in refs]
    return envelope(items, total, page, per_page)


@blp.route("/documents/<doc_id>/letters", parameters=[DOC_ID_PARAM])
@blp.arguments(LetterFilterArgsSchema, location="query")
@blp.response(200, LetterCollectionSchema)
@blp.alt_response(404, response="NOT_FOUND")
@exports.negotiate(blp, "csv", "jsonl", "cmif", item_schema=LetterSchema, collection=True)
def list_letters(args: dict[str, Any], doc_id: str) -> dict[str, Any]:
    """List the letters of a document

    In document order; the same filters as `GET /api/v1/letters`.
    """
    doc = archive().document(doc_id)
    return _page_of([(doc, letter) for letter in doc.letters if letter_matches(letter, args)], args)


@blp.route("/documents/<doc_id>/letters/<letter_id>", parameters=[DOC_ID_PARAM, LETTER_ID_PARAM])
@blp.response(200, LetterSchema)
@blp.alt_response(404, response="NOT_FOUND")
def get_letter(doc_id: str, letter_id: str) -> Record:
    """Get a letter"""
    doc = archive().document(doc_id)
    for letter in doc.letters:
        if letter.id == letter_id:
            return letter_record(doc, letter)
    raise NotFound(f"document {doc_id!r} has no letter {letter_id!r}")
