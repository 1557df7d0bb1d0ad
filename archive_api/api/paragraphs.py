"""``/documents/{doc_id}/paragraphs``: the reading text, addressable paragraph by paragraph.

Footnote anchors and annex references point at paragraphs, so each has its own URL.
"""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields

from archive_api.api import exports
from archive_api.api.common import (
    DOC_ID_PARAM,
    ApiBlueprint,
    Record,
    RecordSchema,
    footnote_url,
    integer,
    letter_url,
    link,
    listing,
    path_param,
    record_base,
    record_type,
    section_url,
    string,
)
from archive_api.api.pagination import PageArgsSchema, collection_schema, envelope, paginate
from archive_api.api.reader import archive
from archive_api.errors import NotFound
from archive_api.models import Document, Paragraph

blp = ApiBlueprint(
    "paragraphs", __name__, description="Paragraphs of the reading text, in document order."
)

PARAGRAPH_ID_PARAM = path_param("paragraph_id", "Paragraph id: `p1`, `p2`... in order.", "p1")

KIND_DESCRIPTION = "prose, quote, list_item, letter or heading."


class NoteRefSchema(Schema):
    label = string("Footnote label: `1`...`40` or `*`.")
    url = link("The footnote's URL.")


class EditorialSchema(Schema):
    start = integer("Offset in the paragraph's text where the editor's brackets open.")
    end = integer("Offset just after they close.")
    text = string("The insertion as printed, brackets included: `[Mehmed]`, `[13]`, `[imza]`.")


class ParagraphSummarySchema(Schema):
    id = string("Paragraph id.")
    url = link("The paragraph's URL.")
    page = integer("Page on which the paragraph begins.")
    kind = string(KIND_DESCRIPTION)
    text = string("Reading text: hyphenation joined, note markers and OCR debris removed.")


class ParagraphSchema(RecordSchema):
    type = record_type("paragraph")
    section = string("Id of the section it belongs to.", nullable=True)
    section_url = link("URL of that section.", nullable=True)
    page = integer("Page on which the paragraph begins.")
    page_end = integer("Page on which it ends.")
    kind = string(KIND_DESCRIPTION)
    text = string("Reading text: hyphenation joined, note markers and OCR debris removed.")
    printed = string("The lines as printed.")
    letter_id = string("The letter this paragraph is part of, if any.", nullable=True)
    letter_url = link("URL of that letter.", nullable=True)
    footnotes = listing(
        fields.Nested(NoteRefSchema), "Footnotes whose markers sit in this paragraph."
    )
    editorial = listing(
        fields.Nested(EditorialSchema),
        "The editor's insertions in square brackets (restored letters or digits, `[imza]`, "
        "folio references), kept in the text and listed here so they can be told apart.",
    )


ParagraphCollectionSchema = collection_schema(ParagraphSchema, "ParagraphCollectionSchema")


def paragraph_summary(doc: Document, paragraph: Paragraph) -> Record:
    base = record_base(doc, paragraph.id, "paragraphs.get_paragraph", paragraph_id=paragraph.id)
    return {
        "id": paragraph.id,
        "url": base["url"],
        "page": paragraph.page,
        "kind": paragraph.kind,
        "text": paragraph.text,
    }


def paragraph_record(doc: Document, paragraph: Paragraph) -> Record:
    notes = [
        fn
        for fn in doc.footnotes
        if fn.anchor is not None and fn.anchor.paragraph_id == paragraph.id
    ]
    return {
        **record_base(doc, paragraph.id, "paragraphs.get_paragraph", paragraph_id=paragraph.id),
        "type": "paragraph",
        "section": paragraph.section_id,
        "section_url": section_url(doc.id, paragraph.section_id),
        "page": paragraph.page,
        "page_end": paragraph.page_end,
        "kind": paragraph.kind,
        "text": paragraph.text,
        "printed": paragraph.printed,
        "letter_id": paragraph.letter_id,
        "letter_url": letter_url(doc.id, paragraph.letter_id),
        "footnotes": [{"label": fn.label, "url": footnote_url(doc.id, fn.key)} for fn in notes],
        "editorial": [
            {"start": start, "end": end, "text": paragraph.text[start:end]}
            for start, end in paragraph.editorial
        ],
    }


def find_paragraph(doc: Document, paragraph_id: str) -> Paragraph:
    for paragraph in doc.paragraphs:
        if paragraph.id == paragraph_id:
            return paragraph
    raise NotFound(f"document {doc.id!r} has no paragraph {paragraph_id!r}")


@blp.route("/documents/<doc_id>/paragraphs", parameters=[DOC_ID_PARAM])
@blp.arguments(PageArgsSchema, location="query")
@blp.response(200, ParagraphCollectionSchema)
@blp.alt_response(404, response="NOT_FOUND")
@exports.negotiate(blp, "csv", "jsonl", item_schema=ParagraphSchema, collection=True)
def list_paragraphs(args: dict[str, Any], doc_id: str) -> dict[str, Any]:
    """List the paragraphs of a document

    In document order, letters' paragraphs included.
    """
    doc = archive().document(doc_id)
    page, per_page = args["page"], args["per_page"]
    items, total = paginate(doc.paragraphs, page, per_page)
    return envelope([paragraph_record(doc, p) for p in items], total, page, per_page)


@blp.route(
    "/documents/<doc_id>/paragraphs/<paragraph_id>",
    parameters=[DOC_ID_PARAM, PARAGRAPH_ID_PARAM],
)
@blp.response(200, ParagraphSchema)
@blp.alt_response(404, response="NOT_FOUND")
def get_paragraph(doc_id: str, paragraph_id: str) -> Record:
    """Get a paragraph"""
    doc = archive().document(doc_id)
    return paragraph_record(doc, find_paragraph(doc, paragraph_id))
