"""``/documents/{doc_id}/footnotes``: notes by label, linked to their anchor and cited works.

The unnumbered note is labelled ``*``; since ``*`` is awkward in shells, ``star``, ``%2A``
and the note's id (``note-star``, ``note-12``) are accepted in URLs as well.
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
    boolean,
    integer,
    link,
    listing,
    nested,
    paragraph_url,
    path_param,
    record_base,
    record_type,
    string,
    work_url,
)
from archive_api.api.pagination import PageArgsSchema, collection_schema, envelope, paginate
from archive_api.api.reader import archive
from archive_api.errors import NotFound
from archive_api.models import Citation, Document, Footnote

blp = ApiBlueprint(
    "footnotes", __name__, description="Footnotes with their anchors in the text and citations."
)

LABEL_PARAM = path_param(
    "label", "Note label: `1`...`40`, or `*` (also written `%2A`, `star` or `note-star`).", "12"
)

CITATION_KINDS = ["full", "op_cit", "ibid", "ibid_page", "author_short", "title_short"]


class AnchorSchema(Schema):
    paragraph_id = string("Paragraph in which the note marker sits.")
    paragraph_url = link("URL of that paragraph.")
    offset = integer("Offset in the reading text just after the word carrying the marker.")
    word = string("The word the marker is glued to, e.g. `girdiler`.")


class CitationSchema(Schema):
    text = string("The citation as printed in the note.")
    kind = fields.String(
        required=True,
        metadata={
            "description": "full reference, op. cit. (`a.g.e.`), ibid. (`Aynı eser`), "
            "same page (`Aynı s.`), short form by author or by title.",
            "enum": CITATION_KINDS,
        },
    )
    author = string("Author as printed.", nullable=True)
    title = string("Title, when the citation gives one.", nullable=True)
    place = string("Place of publication.", nullable=True)
    year = string("Year of publication.", nullable=True)
    volume = string("Volume, e.g. `C.I`.", nullable=True)
    pages = string("Pages cited, e.g. `46` or `155-156`.", nullable=True)
    edition = string("Edition, e.g. `11. Baskı`.", nullable=True)
    publisher = string("Publisher.", nullable=True)
    journal = string("For an article: the journal, e.g. `Belleten`.", nullable=True)
    issue = string("The journal issue.", nullable=True)
    work_id = string("The cited work this citation resolves to.", nullable=True)
    work_url = link("URL of that work.", nullable=True)


class FootnoteSchema(RecordSchema):
    type = record_type("footnote")
    label = string("Label: `1`...`40` or `*`.")
    text = string("Reading text of the note.")
    printed = string("The note as printed.")
    page = integer("Page at whose foot the note is printed.")
    recovered = boolean("True when the label was lost in OCR and inferred from the order.")
    anchor = nested(AnchorSchema, "Where the note marker sits in the text.", nullable=True)
    citations = listing(fields.Nested(CitationSchema), "Works cited in the note, in order.")
    citation = exports.citation_field()


FootnoteCollectionSchema = collection_schema(FootnoteSchema, "FootnoteCollectionSchema")


def _citation(doc: Document, citation: Citation) -> Record:
    return {
        "text": citation.text,
        "kind": citation.kind,
        "author": citation.author,
        "title": citation.title,
        "place": citation.place,
        "year": citation.year,
        "volume": citation.volume,
        "pages": citation.pages,
        "edition": citation.edition,
        "publisher": citation.publisher,
        "journal": citation.journal,
        "issue": citation.issue,
        "work_id": citation.work_id,
        "work_url": work_url(doc.id, citation.work_id),
    }


def footnote_record(doc: Document, note: Footnote) -> Record:
    anchor = note.anchor
    base = record_base(doc, note.id, "footnotes.get_footnote", label=note.label)
    return {
        **base,
        "type": "footnote",
        "label": note.label,
        "text": note.text,
        "printed": note.printed,
        "page": note.page,
        "recovered": note.recovered,
        "anchor": None
        if anchor is None
        else {
            "paragraph_id": anchor.paragraph_id,
            "paragraph_url": paragraph_url(doc.id, anchor.paragraph_id),
            "offset": anchor.offset,
            "word": anchor.word,
        },
        "citations": [_citation(doc, c) for c in note.citations],
        "citation": exports.footnote_citation(doc, note, base["url"]),
    }


def normalise_label(raw: str) -> str:
    """The label a URL segment names: ``star``/``note-star`` → ``*``, ``note-12`` → ``12``."""
    label = raw.strip().removeprefix("note-")
    return "*" if label == "star" else label


def find_footnote(doc: Document, raw_label: str) -> Footnote:
    """The note a URL names by label, or by key where labels repeat (``3-1``, ``note-3-1``)."""
    label = normalise_label(raw_label)
    for note in doc.footnotes:
        if note.key == label or note.id == raw_label.strip():
            return note
    for note in doc.footnotes:
        if note.label == label:
            return note
    raise NotFound(f"document {doc.id!r} has no footnote {raw_label!r}")


@blp.route("/documents/<doc_id>/footnotes", parameters=[DOC_ID_PARAM])
@blp.arguments(PageArgsSchema, location="query")
@blp.response(200, FootnoteCollectionSchema)
@blp.alt_response(404, response="NOT_FOUND")
@exports.negotiate(blp, "csv", "jsonl", item_schema=FootnoteSchema, collection=True)
def list_footnotes(args: dict[str, Any], doc_id: str) -> dict[str, Any]:
    """List the footnotes of a document

    In printed order (the `*` note where it is printed).
    """
    doc = archive().document(doc_id)
    page, per_page = args["page"], args["per_page"]
    items, total = paginate(doc.footnotes, page, per_page)
    return envelope([footnote_record(doc, n) for n in items], total, page, per_page)


@blp.route("/documents/<doc_id>/footnotes/<label>", parameters=[DOC_ID_PARAM, LABEL_PARAM])
@blp.response(200, FootnoteSchema)
@blp.alt_response(404, response="NOT_FOUND")
def get_footnote(doc_id: str, label: str) -> Record:
    """Get a footnote by its label"""
    doc = archive().document(doc_id)
    return footnote_record(doc, find_footnote(doc, label))
