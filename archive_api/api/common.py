"""Building blocks shared by the resource modules: field shorthands, path parameters, links.

Response schemas mark every field ``required`` so the generated contract says which keys a
client can rely on (``null`` is allowed only where a field says ``nullable``); the schemas
only document and order the output, the views build plain dicts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import url_for
from flask_smorest import Blueprint
from marshmallow import Schema, fields
from webargs.flaskparser import FlaskParser

from archive_api.models import Document

API_PREFIX = "/api/v1"

Record = dict[str, Any]
View = TypeVar("View", bound=Callable[..., Any])


class QueryParser(FlaskParser):
    """Bad parameters are a client error like any other: 400, not webargs' default 422."""

    DEFAULT_VALIDATION_STATUS = 400


class ApiBlueprint(Blueprint):  # type: ignore[misc]
    """A resource blueprint under ``/api/v1`` whose argument errors are 400s.

    The decorators are re-declared with types because flask-smorest ships none.
    """

    ARGUMENTS_PARSER = QueryParser()

    def __init__(self, name: str, import_name: str, *, description: str) -> None:
        super().__init__(name, import_name, url_prefix=API_PREFIX, description=description)

    def route(
        self, rule: str, *, parameters: list[dict[str, Any]] | None = None, **options: Any
    ) -> Callable[[View], View]:
        decorator: Callable[[View], View] = super().route(rule, parameters=parameters, **options)
        return decorator

    def arguments(self, schema: type[Schema], *, location: str) -> Callable[[View], View]:
        decorator: Callable[[View], View] = super().arguments(schema, location=location)
        return decorator

    def response(
        self, status_code: int, schema: type[Schema], **kwargs: Any
    ) -> Callable[[View], View]:
        decorator: Callable[[View], View] = super().response(status_code, schema, **kwargs)
        return decorator

    def alt_response(self, status_code: int, *, response: str) -> Callable[[View], View]:
        decorator: Callable[[View], View] = super().alt_response(status_code, response=response)
        return decorator


def string(description: str, *, nullable: bool = False, **kwargs: Any) -> fields.String:
    """A required string field of a response schema."""
    return fields.String(
        required=True, allow_none=nullable, metadata={"description": description}, **kwargs
    )


def integer(description: str, *, nullable: bool = False) -> fields.Integer:
    """A required integer field of a response schema."""
    return fields.Integer(required=True, allow_none=nullable, metadata={"description": description})


def boolean(description: str) -> fields.Boolean:
    return fields.Boolean(required=True, metadata={"description": description})


def link(description: str, *, nullable: bool = False) -> fields.String:
    """An absolute URL of another record of this API."""
    return fields.String(
        required=True,
        allow_none=nullable,
        metadata={"description": description, "format": "uri"},
    )


def nested(schema: type[Schema], description: str, *, nullable: bool = False) -> fields.Nested:
    return fields.Nested(
        schema, required=True, allow_none=nullable, metadata={"description": description}
    )


def listing(inner: fields.Field[Any], description: str) -> fields.List[Any]:
    return fields.List(inner, required=True, metadata={"description": description})


def record_type(name: str) -> fields.String:
    """The ``type`` discriminator every record carries."""
    return fields.String(required=True, metadata={"description": "Kind of record.", "enum": [name]})


class RecordSchema(Schema):
    """Fields every record of a document has: its identity and where it belongs."""

    id = string("Stable identifier of the record within its document.")
    url = link("Absolute URL of this record.")
    document_id = string("Identifier of the document the record belongs to.")
    document_url = link("Absolute URL of that document.")


def path_param(name: str, description: str, example: str | int) -> dict[str, Any]:
    """Documentation of a path parameter (its schema comes from the URL converter)."""
    return {"in": "path", "name": name, "description": description, "example": example}


DOC_ID_PARAM = path_param(
    "doc_id",
    "Identifier of a document (see `GET /api/v1/documents`).",
    "turk-sovyet-iliskileri-1920",
)


def document_url(doc_id: str) -> str:
    return url_for("documents.get_document", doc_id=doc_id, _external=True)


def record_base(doc: Document, record_id: str, endpoint: str, **values: Any) -> Record:
    """``id``, ``url``, ``document_id`` and ``document_url`` of one record."""
    return {
        "id": record_id,
        "url": url_for(endpoint, doc_id=doc.id, _external=True, **values),
        "document_id": doc.id,
        "document_url": document_url(doc.id),
    }


def section_url(doc_id: str, section_id: str | None) -> str | None:
    if section_id is None:
        return None
    return url_for("sections.get_section", doc_id=doc_id, section_id=section_id, _external=True)


def paragraph_url(doc_id: str, paragraph_id: str | None) -> str | None:
    if paragraph_id is None:
        return None
    return url_for(
        "paragraphs.get_paragraph", doc_id=doc_id, paragraph_id=paragraph_id, _external=True
    )


def footnote_url(doc_id: str, label: str | None) -> str | None:
    if label is None:
        return None
    return url_for("footnotes.get_footnote", doc_id=doc_id, label=label, _external=True)


def work_url(doc_id: str, work_id: str | None) -> str | None:
    if work_id is None:
        return None
    return url_for("works.get_work", doc_id=doc_id, work_id=work_id, _external=True)


def letter_url(doc_id: str, letter_id: str | None) -> str | None:
    if letter_id is None:
        return None
    return url_for("letters.get_letter", doc_id=doc_id, letter_id=letter_id, _external=True)


def annex_url(doc_id: str, number: int | None) -> str | None:
    if number is None:
        return None
    return url_for("annexes.get_annex", doc_id=doc_id, number=number, _external=True)


def page_url(doc_id: str, number: int | None) -> str | None:
    if number is None:
        return None
    return url_for("pages.get_page", doc_id=doc_id, number=number, _external=True)
