"""``/documents/{doc_id}/sections``: the headings, in document order, with their paragraphs."""

from __future__ import annotations

from typing import Any

from marshmallow import fields

from archive_api.api import exports
from archive_api.api.common import (
    DOC_ID_PARAM,
    ApiBlueprint,
    Record,
    RecordSchema,
    integer,
    link,
    listing,
    path_param,
    record_base,
    record_type,
    section_url,
    string,
)
from archive_api.api.pagination import PageArgsSchema, collection_schema, envelope, paginate
from archive_api.api.paragraphs import ParagraphSummarySchema, find_paragraph, paragraph_summary
from archive_api.api.reader import archive
from archive_api.errors import NotFound
from archive_api.models import Document, Section

blp = ApiBlueprint(
    "sections", __name__, description="Sections (numbered and unnumbered headings) of a document."
)

SECTION_ID_PARAM = path_param(
    "section_id", "Section id: its number (`I.B.a`) or a slug of its title (`giris`).", "I.B.a"
)


class SectionSchema(RecordSchema):
    type = record_type("section")
    number = string("Printed number such as `I.B.a`; null for unnumbered headings.", nullable=True)
    title = string("The heading, wrapped lines joined.")
    level = integer("Depth: 1 for GİRİŞ, I., SONUÇ; 2 for I.A.; 3 for I.B.a.")
    parent = string("Id of the enclosing section.", nullable=True)
    parent_url = link("URL of the enclosing section.", nullable=True)
    page_start = integer("Page where the section starts.")
    page_end = integer("Page where it ends.")
    paragraph_count = integer("Number of paragraphs in the section.")


class SectionDetailSchema(SectionSchema):
    paragraphs = listing(fields.Nested(ParagraphSummarySchema), "Its paragraphs, in order.")


SectionCollectionSchema = collection_schema(SectionSchema, "SectionCollectionSchema")


def section_record(doc: Document, section: Section) -> Record:
    return {
        **record_base(doc, section.id, "sections.get_section", section_id=section.id),
        "type": "section",
        "number": section.number,
        "title": section.title,
        "level": section.level,
        "parent": section.parent,
        "parent_url": section_url(doc.id, section.parent),
        "page_start": section.page_start,
        "page_end": section.page_end,
        "paragraph_count": len(section.paragraph_ids),
    }


@blp.route("/documents/<doc_id>/sections", parameters=[DOC_ID_PARAM])
@blp.arguments(PageArgsSchema, location="query")
@blp.response(200, SectionCollectionSchema)
@blp.alt_response(404, response="NOT_FOUND")
@exports.negotiate(blp, "csv", "jsonl", item_schema=SectionSchema, collection=True)
def list_sections(args: dict[str, Any], doc_id: str) -> dict[str, Any]:
    """List the sections of a document

    In document order; `parent` gives the nesting (the document's `toc` shows it as a tree).
    """
    doc = archive().document(doc_id)
    page, per_page = args["page"], args["per_page"]
    items, total = paginate(doc.sections, page, per_page)
    return envelope([section_record(doc, s) for s in items], total, page, per_page)


@blp.route("/documents/<doc_id>/sections/<section_id>", parameters=[DOC_ID_PARAM, SECTION_ID_PARAM])
@blp.response(200, SectionDetailSchema)
@blp.alt_response(404, response="NOT_FOUND")
def get_section(doc_id: str, section_id: str) -> Record:
    """Get a section with its paragraphs"""
    doc = archive().document(doc_id)
    for section in doc.sections:
        if section.id == section_id:
            paragraphs = [find_paragraph(doc, pid) for pid in section.paragraph_ids]
            return {
                **section_record(doc, section),
                "paragraphs": [paragraph_summary(doc, p) for p in paragraphs],
            }
    raise NotFound(f"document {doc_id!r} has no section {section_id!r}")
