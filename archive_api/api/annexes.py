"""``/documents/{doc_id}/annexes``: the annexed documents ("Ek 1"...) the text refers to."""

from __future__ import annotations

from typing import Any

from archive_api.api import exports
from archive_api.api.common import (
    DOC_ID_PARAM,
    ApiBlueprint,
    Record,
    RecordSchema,
    integer,
    letter_url,
    link,
    paragraph_url,
    path_param,
    record_base,
    record_type,
    string,
)
from archive_api.api.pagination import PageArgsSchema, collection_schema, envelope, paginate
from archive_api.api.reader import archive
from archive_api.errors import NotFound
from archive_api.models import Annex, Document

blp = ApiBlueprint(
    "annexes", __name__, description="Annexes (`Ek 1`...) referred to, linked to their letters."
)

NUMBER_PARAM = path_param("number", "Annex number, as printed in `(Ek: 1 ...)`.", 1)


class AnnexSchema(RecordSchema):
    type = record_type("annex")
    number = integer("Annex number.")
    label = string("The reference as printed, e.g. `(Ek: 1 Osmanlıca Belge)`.")
    description = string("What the annex is, e.g. `Osmanlıca Belge`.")
    language = string("Language of the annexed document, BCP 47 (`ota`, `fr`).", nullable=True)
    form = string("original, draft, copy...", nullable=True)
    letter_id = string("The letter whose original or draft it is.", nullable=True)
    letter_url = link("URL of that letter.", nullable=True)
    paragraph_id = string("Paragraph where the annex is cited.", nullable=True)
    paragraph_url = link("URL of that paragraph.", nullable=True)
    page = integer("Page where it is cited.")
    offset = integer("Offset of the reference in the reading text.")


AnnexCollectionSchema = collection_schema(AnnexSchema, "AnnexCollectionSchema")


def annex_record(doc: Document, annex: Annex) -> Record:
    return {
        **record_base(doc, annex.id, "annexes.get_annex", number=annex.number),
        "type": "annex",
        "number": annex.number,
        "label": annex.label,
        "description": annex.description,
        "language": annex.language,
        "form": annex.form,
        "letter_id": annex.letter_id,
        "letter_url": letter_url(doc.id, annex.letter_id),
        "paragraph_id": annex.paragraph_id,
        "paragraph_url": paragraph_url(doc.id, annex.paragraph_id),
        "page": annex.page,
        "offset": annex.offset,
    }


@blp.route("/documents/<doc_id>/annexes", parameters=[DOC_ID_PARAM])
@blp.arguments(PageArgsSchema, location="query")
@blp.response(200, AnnexCollectionSchema)
@blp.alt_response(404, response="NOT_FOUND")
@exports.negotiate(blp, "csv", "jsonl", item_schema=AnnexSchema, collection=True)
def list_annexes(args: dict[str, Any], doc_id: str) -> dict[str, Any]:
    """List the annexes of a document

    By number.
    """
    doc = archive().document(doc_id)
    page, per_page = args["page"], args["per_page"]
    items, total = paginate(doc.annexes, page, per_page)
    return envelope([annex_record(doc, a) for a in items], total, page, per_page)


@blp.route("/documents/<doc_id>/annexes/<int:number>", parameters=[DOC_ID_PARAM, NUMBER_PARAM])
@blp.response(200, AnnexSchema)
@blp.alt_response(404, response="NOT_FOUND")
def get_annex(doc_id: str, number: int) -> Record:
    """Get an annex by its number"""
    doc = archive().document(doc_id)
    for annex in doc.annexes:
        if annex.number == number:
            return annex_record(doc, annex)
    raise NotFound(f"document {doc_id!r} has no annex {number}")
