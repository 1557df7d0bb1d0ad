"""``/documents``: what the archive holds, with counts and a table of contents per document."""

from __future__ import annotations

from typing import Any

from flask import url_for
from marshmallow import Schema, fields

from archive_api.api import exports
from archive_api.api.common import (
    DOC_ID_PARAM,
    ApiBlueprint,
    Record,
    integer,
    link,
    listing,
    nested,
    record_type,
    string,
)
from archive_api.api.pagination import PageArgsSchema, collection_schema, envelope, paginate
from archive_api.api.reader import archive
from archive_api.models import Document, Section

blp = ApiBlueprint(
    "documents",
    __name__,
    description="Documents of the archive: metadata, counts of records, table of contents.",
)


class MetadataSchema(Schema):
    title = string("Title (may have been written for the archive: see `inferred`).", nullable=True)
    authors = listing(fields.String(), "Authors, as given by the source.")
    date = string("Date of the document, ISO 8601 (Gregorian).", nullable=True)
    date_original = string("The date as written on the document.", nullable=True)
    place = string("Place of writing or publication.", nullable=True)
    kind = string("Kind of document: article, letter, telegram, speech...", nullable=True)
    language = string("Language, BCP 47.", nullable=True)
    source = string("Where the text comes from.", nullable=True)
    tags = listing(fields.String(), "Subject tags.")
    sender = string("For a letter: who wrote it.", nullable=True)
    sender_role = string("The sender's role.", nullable=True)
    recipient = string("For a letter: to whom.", nullable=True)
    recipient_role = string("The recipient's role.", nullable=True)
    inferred = listing(fields.String(), "Fields the archive supplied, not the source.")
    notes = string("Remarks on the metadata.", nullable=True)


class CountsSchema(Schema):
    pages = integer("Printed pages.")
    sections = integer("Sections (headings).")
    paragraphs = integer("Paragraphs of the reading text.")
    footnotes = integer("Footnotes.")
    works = integer("Distinct cited works.")
    letters = integer("Transcribed letters.")
    annexes = integer("Annexes referred to.")


class TocEntrySchema(Schema):
    id = string("Section id, e.g. `I.B.a` or `giris`.")
    number = string("Printed number; null for unnumbered headings.", nullable=True)
    title = string("Heading as printed.")
    level = integer("Depth: 1 for top-level sections.")
    page_start = integer("Page where the section starts.")
    page_end = integer("Page where it ends.")
    url = link("The section's URL.")
    children = fields.List(
        fields.Nested(lambda: TocEntrySchema()),
        required=True,
        metadata={"description": "Subsections, in document order."},
    )


class DocumentLinksSchema(Schema):
    pages = link("Its pages.")
    sections = link("Its sections.")
    paragraphs = link("Its paragraphs.")
    footnotes = link("Its footnotes.")
    works = link("The works it cites.")
    letters = link("The letters it transcribes.")
    annexes = link("The annexes it refers to.")


class DocumentSchema(Schema):
    id = string("Document id (the file name of its text, without extension).")
    type = record_type("document")
    url = link("Absolute URL of this document.")
    title = string("Title.")
    kind = string("Kind of document.", nullable=True)
    date = string("Date, ISO 8601 (Gregorian).", nullable=True)
    language = string("Language, BCP 47.", nullable=True)
    metadata = nested(MetadataSchema, "Everything the metadata file says.")
    counts = nested(CountsSchema, "How many records of each kind the document has.")
    toc = listing(fields.Nested(TocEntrySchema), "Table of contents: top-level sections.")
    links = nested(DocumentLinksSchema, "The document's collections.")
    citation = exports.citation_field()


DocumentCollectionSchema = collection_schema(DocumentSchema, "DocumentCollectionSchema")


def _toc(doc: Document) -> list[dict[str, Any]]:
    children: dict[str | None, list[Section]] = {}
    for section in doc.sections:
        children.setdefault(section.parent, []).append(section)

    def entry(section: Section) -> dict[str, Any]:
        return {
            "id": section.id,
            "number": section.number,
            "title": section.title,
            "level": section.level,
            "page_start": section.page_start,
            "page_end": section.page_end,
            "url": url_for(
                "sections.get_section", doc_id=doc.id, section_id=section.id, _external=True
            ),
            "children": [entry(child) for child in children.get(section.id, [])],
        }

    known = {section.id for section in doc.sections}
    roots = [s for s in doc.sections if s.parent is None or s.parent not in known]
    return [entry(section) for section in roots]


def document_record(doc: Document) -> Record:
    meta = doc.metadata

    def collection(endpoint: str) -> str:
        return url_for(endpoint, doc_id=doc.id, _external=True)

    return {
        "id": doc.id,
        "type": "document",
        "url": url_for("documents.get_document", doc_id=doc.id, _external=True),
        "title": doc.title,
        "kind": meta.kind,
        "date": meta.date,
        "language": meta.language,
        "metadata": {
            "title": meta.title,
            "authors": list(meta.authors),
            "date": meta.date,
            "date_original": meta.date_original,
            "place": meta.place,
            "kind": meta.kind,
            "language": meta.language,
            "source": meta.source,
            "tags": list(meta.tags),
            "sender": meta.sender,
            "sender_role": meta.sender_role,
            "recipient": meta.recipient,
            "recipient_role": meta.recipient_role,
            "inferred": list(meta.inferred),
            "notes": meta.notes,
        },
        "counts": {
            "pages": len(doc.pages),
            "sections": len(doc.sections),
            "paragraphs": len(doc.paragraphs),
            "footnotes": len(doc.footnotes),
            "works": len(doc.works),
            "letters": len(doc.letters),
            "annexes": len(doc.annexes),
        },
        "toc": _toc(doc),
        "links": {
            "pages": collection("pages.list_pages"),
            "sections": collection("sections.list_sections"),
            "paragraphs": collection("paragraphs.list_paragraphs"),
            "footnotes": collection("footnotes.list_footnotes"),
            "works": collection("works.list_works"),
            "letters": collection("letters.list_letters"),
            "annexes": collection("annexes.list_annexes"),
        },
        "citation": exports.document_citation(
            doc, url_for("documents.get_document", doc_id=doc.id, _external=True)
        ),
    }


@blp.route("/documents")
@blp.arguments(PageArgsSchema, location="query")
@blp.response(200, DocumentCollectionSchema)
@exports.negotiate(blp, "csv", "jsonl", item_schema=DocumentSchema, collection=True)
def list_documents(args: dict[str, Any]) -> dict[str, Any]:
    """List the documents

    Documents in id order, each with its metadata, counts and table of contents.
    """
    page, per_page = args["page"], args["per_page"]
    docs, total = paginate(archive().documents(), page, per_page)
    return envelope([document_record(d) for d in docs], total, page, per_page)


@blp.route("/documents/<doc_id>", parameters=[DOC_ID_PARAM])
@blp.response(200, DocumentSchema)
@blp.alt_response(404, response="NOT_FOUND")
@exports.negotiate(blp, "tei")
def get_document(doc_id: str) -> Record:
    """Get a document

    Its metadata, how many records of each kind it has, and its table of contents.
    """
    return document_record(archive().document(doc_id))
