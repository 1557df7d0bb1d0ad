"""``/documents/{doc_id}/works``: the distinct works a document cites and the notes citing them."""

from __future__ import annotations

from typing import Any

from marshmallow import fields

from archive_api.api import exports
from archive_api.api.common import (
    DOC_ID_PARAM,
    ApiBlueprint,
    Record,
    RecordSchema,
    footnote_url,
    listing,
    path_param,
    record_base,
    record_type,
    string,
)
from archive_api.api.pagination import PageArgsSchema, collection_schema, envelope, paginate
from archive_api.api.reader import archive
from archive_api.errors import NotFound
from archive_api.models import Document, Work

blp = ApiBlueprint("works", __name__, description="Works cited in a document's footnotes.")

WORK_ID_PARAM = path_param("work_id", "Work id: a slug of author and title.", "bilge-turkiye")


class WorkSchema(RecordSchema):
    type = record_type("work")
    author = string("Author, OCR errors corrected where the notes allow.", nullable=True)
    title = string("Title.")
    place = string("Place of publication.", nullable=True)
    year = string("Year of publication.", nullable=True)
    publisher = string("Publisher.", nullable=True)
    volume = string("Volume.", nullable=True)
    edition = string("Edition.", nullable=True)
    journal = string("For an article: the journal it appeared in.", nullable=True)
    issue = string("The journal issue.", nullable=True)
    text = string("The fullest citation of the work, as printed.")
    cited_in = listing(fields.String(), "Labels of the footnotes citing it, in order.")
    cited_in_urls = listing(fields.String(), "URLs of those footnotes, in the same order.")
    citation = exports.citation_field()


WorkCollectionSchema = collection_schema(WorkSchema, "WorkCollectionSchema")


def work_record(doc: Document, work: Work) -> Record:
    return {
        **record_base(doc, work.id, "works.get_work", work_id=work.id),
        "type": "work",
        "author": work.author,
        "title": work.title,
        "place": work.place,
        "year": work.year,
        "publisher": work.publisher,
        "volume": work.volume,
        "edition": work.edition,
        "journal": work.journal,
        "issue": work.issue,
        "text": work.text,
        "cited_in": list(work.cited_in),
        "cited_in_urls": [footnote_url(doc.id, label) for label in work.cited_in],
        "citation": exports.work_citation(work),
    }


@blp.route("/documents/<doc_id>/works", parameters=[DOC_ID_PARAM])
@blp.arguments(PageArgsSchema, location="query")
@blp.response(200, WorkCollectionSchema)
@blp.alt_response(404, response="NOT_FOUND")
@exports.negotiate(
    blp, "csv", "jsonl", "csl", "bibtex", "ris", item_schema=WorkSchema, collection=True
)
def list_works(args: dict[str, Any], doc_id: str) -> dict[str, Any]:
    """List the works cited in a document

    In order of first citation.
    """
    doc = archive().document(doc_id)
    page, per_page = args["page"], args["per_page"]
    items, total = paginate(doc.works, page, per_page)
    return envelope([work_record(doc, w) for w in items], total, page, per_page)


@blp.route("/documents/<doc_id>/works/<work_id>", parameters=[DOC_ID_PARAM, WORK_ID_PARAM])
@blp.response(200, WorkSchema)
@blp.alt_response(404, response="NOT_FOUND")
@exports.negotiate(blp, "csl", "bibtex", "ris")
def get_work(doc_id: str, work_id: str) -> Record:
    """Get a cited work"""
    doc = archive().document(doc_id)
    for work in doc.works:
        if work.id == work_id:
            return work_record(doc, work)
    raise NotFound(f"document {doc_id!r} has no work {work_id!r}")
