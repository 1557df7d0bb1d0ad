"""``/documents/{doc_id}/pages``: the printed pages, exactly as the OCR gave them."""

from __future__ import annotations

from typing import Any

from archive_api.api import exports
from archive_api.api.common import (
    DOC_ID_PARAM,
    ApiBlueprint,
    Record,
    RecordSchema,
    integer,
    path_param,
    record_base,
    record_type,
    string,
)
from archive_api.api.pagination import PageArgsSchema, collection_schema, envelope, paginate
from archive_api.api.reader import archive
from archive_api.errors import NotFound
from archive_api.models import Document, Page

blp = ApiBlueprint("pages", __name__, description="Printed pages of a document, as printed.")

NUMBER_PARAM = path_param("number", "Page number in sequence, from 1.", 3)


class PageSchema(RecordSchema):
    type = record_type("page")
    number = integer("Page number in sequence, from 1 (`printed` is the number on the page).")
    printed = string(
        "The number printed on the page (`12`, a roman `xiv`, a folio `3b`), when the pages "
        "carry one; `null` otherwise.",
        nullable=True,
    )
    text = string("The page as printed: body, footnotes and OCR debris, line breaks kept.")


PageCollectionSchema = collection_schema(PageSchema, "PageCollectionSchema")


def page_record(doc: Document, page: Page) -> Record:
    return {
        **record_base(doc, f"page-{page.number}", "pages.get_page", number=page.number),
        "type": "page",
        "number": page.number,
        "printed": page.printed,
        "text": page.text,
    }


@blp.route("/documents/<doc_id>/pages", parameters=[DOC_ID_PARAM])
@blp.arguments(PageArgsSchema, location="query")
@blp.response(200, PageCollectionSchema)
@blp.alt_response(404, response="NOT_FOUND")
@exports.negotiate(blp, "csv", "jsonl", item_schema=PageSchema, collection=True)
def list_pages(args: dict[str, Any], doc_id: str) -> dict[str, Any]:
    """List the pages of a document

    In printed order.
    """
    doc = archive().document(doc_id)
    page, per_page = args["page"], args["per_page"]
    items, total = paginate(doc.pages, page, per_page)
    return envelope([page_record(doc, p) for p in items], total, page, per_page)


@blp.route("/documents/<doc_id>/pages/<int:number>", parameters=[DOC_ID_PARAM, NUMBER_PARAM])
@blp.response(200, PageSchema)
@blp.alt_response(404, response="NOT_FOUND")
def get_page(doc_id: str, number: int) -> Record:
    """Get a printed page"""
    doc = archive().document(doc_id)
    for page in doc.pages:
        if page.number == number:
            return page_record(doc, page)
    raise NotFound(f"document {doc_id!r} has no page {number}")
