"""Collections: ``page``/``per_page`` arguments and the ``{items, total, page, per_page, links}``
envelope with absolute links a client can follow without building URLs itself.

The maximum page size is part of the contract (not a hidden cap): asking for more is a 400
that names ``per_page``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from flask import request, url_for
from marshmallow import Schema, fields, validate

from archive_api.api.common import link

DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100
MAX_PAGE = 10_000

T = TypeVar("T")


class PageArgsSchema(Schema):
    page = fields.Integer(
        load_default=1,
        validate=validate.Range(min=1, max=MAX_PAGE),
        metadata={"description": f"Page number, from 1 (at most {MAX_PAGE})."},
    )
    per_page = fields.Integer(
        load_default=DEFAULT_PER_PAGE,
        validate=validate.Range(min=1, max=MAX_PER_PAGE),
        metadata={
            "description": f"Items per page: {DEFAULT_PER_PAGE} by default, at most {MAX_PER_PAGE}."
        },
    )


class LinksSchema(Schema):
    # Exposed as ``self``; an attribute of that name would read like the method argument.
    self_ = fields.String(
        required=True,
        data_key="self",
        attribute="self",
        metadata={"description": "This page.", "format": "uri"},
    )
    first = link("The first page.")
    prev = link("The previous page; null on the first page.", nullable=True)
    next = link("The next page; null on the last page.", nullable=True)
    last = link("The last page (the first one when the collection is empty).")


def collection_schema(item_schema: type[Schema], name: str) -> type[Schema]:
    """The envelope schema of a collection of ``item_schema`` records."""
    attrs: dict[str, Any] = {
        "items": fields.List(
            fields.Nested(item_schema), required=True, metadata={"description": "This page."}
        ),
        "total": fields.Integer(
            required=True, metadata={"description": "Number of items in the whole collection."}
        ),
        "page": fields.Integer(required=True, metadata={"description": "This page's number."}),
        "per_page": fields.Integer(required=True, metadata={"description": "Page size."}),
        "links": fields.Nested(
            LinksSchema, required=True, metadata={"description": "Links to pages."}
        ),
    }
    return type(name, (Schema,), attrs)


def page_links(page: int, per_page: int, total: int) -> dict[str, str | None]:
    """Absolute links to the pages around ``page``, keeping the request's other arguments."""
    last = max(1, -(-total // per_page))
    args: dict[str, Any] = {
        k: v for k, v in request.args.to_dict(flat=False).items() if k not in ("page", "per_page")
    }
    endpoint = request.endpoint or ""
    view_args = request.view_args or {}

    def to(number: int) -> str:
        return url_for(
            endpoint, _external=True, **view_args, **args, page=number, per_page=per_page
        )

    return {
        "self": to(page),
        "first": to(1),
        "prev": to(min(page - 1, last)) if page > 1 else None,
        "next": to(page + 1) if page < last else None,
        "last": to(last),
    }


def envelope(items: list[Any], total: int, page: int, per_page: int) -> dict[str, Any]:
    """A collection page whose items are already selected."""
    return {
        "items": items,
        "total": total,
        "page": page,
        "per_page": per_page,
        "links": page_links(page, per_page, total),
    }


def paginate(records: Sequence[T], page: int, per_page: int) -> tuple[list[T], int]:
    """The slice of ``records`` shown on ``page`` and the collection's size."""
    start = (page - 1) * per_page
    return list(records[start : start + per_page]), len(records)
