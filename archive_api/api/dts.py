"""``/api/dts``: Distributed Text Services 1.0 (read-only), over the same archive.

Four endpoints: the entry point, Collection (the archive → its documents), Navigation (the
citation trees of a document) and Document (TEI, whole or a passage). The JSON-LD answers
are ``application/ld+json``; errors are problem documents like the rest of the API (the
specification leaves their format open). The logic lives in ``archive_api.dts``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import quote, urlencode

from flask import Response, current_app, request, url_for
from marshmallow import Schema, fields, pre_load, validate

from archive_api.api.common import (
    ApiBlueprint,
    View,
    footnote_url,
    letter_url,
    paragraph_url,
    section_url,
)
from archive_api.api.errors import PROBLEMS, problem_response
from archive_api.api.exports import FlaskLinks, site_name
from archive_api.api.pagination import MAX_PAGE
from archive_api.api.reader import archive
from archive_api.dts import JSON_LD, TEI_MEDIA_TYPE, jsonld
from archive_api.dts.errors import InvalidParameter, UnknownIdentifier
from archive_api.dts.navigation import (
    RangeQuery,
    Selection,
    check_navigation,
    check_range,
    resolve_range,
    select,
)
from archive_api.dts.passage import passage
from archive_api.dts.schemas import (
    DtsCollectionSchema,
    DtsEntryPointSchema,
    DtsNavigationSchema,
)
from archive_api.dts.trees import Unit, citation_trees, find_tree
from archive_api.errors import NotFound
from archive_api.export.tei import tei_document
from archive_api.export.teixml import serialize
from archive_api.models import Document

DTS_PREFIX = "/api/dts"


class DtsBlueprint(ApiBlueprint):
    """An API blueprint mounted at ``/api/dts`` instead of ``/api/v1``."""

    def __init__(self, name: str, import_name: str, *, description: str) -> None:
        super().__init__(name, import_name, description=description)
        self.url_prefix = DTS_PREFIX

    def text_response(
        self, content_type: str, *, description: str, headers: dict[str, Any]
    ) -> Callable[[View], View]:
        """Document a 200 whose body is text of ``content_type`` (no schema to dump)."""
        decorator: Callable[[View], View] = super(ApiBlueprint, self).response(
            200,
            {"type": "string"},
            content_type=content_type,
            description=description,
            headers=headers,
        )
        return decorator


blp = DtsBlueprint(
    "dts",
    __name__,
    description=(
        "Distributed Text Services 1.0 (https://dtsapi.org): the archive as a DTS collection, "
        "the citation trees of each document (sections and paragraphs; footnotes; letters) and "
        "its TEI, whole or by passage."
    ),
)


def _text(description: str, **kwargs: Any) -> fields.String:
    return fields.String(metadata={"description": description}, **kwargs)


def _page() -> fields.Integer:
    return fields.Integer(
        validate=validate.Range(min=1, max=MAX_PAGE),
        metadata={"description": "Page of a paginated member list, from 1."},
    )


_NON_EMPTY = validate.Length(min=1)
_RESOURCE = "Identifier of the document (`@id` of a Resource), e.g. `turk-sovyet-iliskileri-1920`."
_REF = "Identifier of one citable unit, e.g. `I.B.a`, `I.B.a.p57`, `12` (tree `footnotes`)."
_TREE = "A named citation tree: `footnotes` or `letters`; omit for the default tree."


class _DtsArgsSchema(Schema):
    """Query parameters where an empty identifier counts as absent.

    RFC 6570 expands a variable bound to an empty string as ``name=``: a client filling a
    URI template with blanks gets what it gets by leaving those variables out. Numbers and
    ``nav`` stay strict (an empty one is a 400), as the contract says.
    """

    BLANK_IS_ABSENT = frozenset({"id", "ref", "start", "end", "tree", "mediaType"})

    @pre_load
    def _blank_is_absent(self, data: Mapping[str, Any], **_: Any) -> dict[str, Any]:
        return {k: data[k] for k in data if data[k] != "" or k not in self.BLANK_IS_ABSENT}


class CollectionArgsSchema(_DtsArgsSchema):
    id = _text("Identifier of a collection or resource; the archive when absent or empty.")
    page = _page()
    nav = _text(
        "`children` (default) or `parents`: which relatives `member` lists.",
        load_default="children",
        validate=validate.OneOf(["children", "parents"]),
    )


class NavigationArgsSchema(_DtsArgsSchema):
    resource = _text(_RESOURCE, required=True, validate=_NON_EMPTY)
    ref = _text(_REF)
    start = _text("First unit of a range (with `end`, not with `ref`).")
    end = _text("Last unit of a range, inclusive (with `start`).")
    down = fields.Integer(
        validate=validate.Range(min=-1),
        metadata={"description": "Depth of the subtree to list in `member`; -1 for all of it."},
    )
    tree = _text(_TREE)
    page = _page()


class DocumentArgsSchema(_DtsArgsSchema):
    resource = _text(_RESOURCE, required=True, validate=_NON_EMPTY)
    ref = _text(_REF)
    start = _text("First unit of a range (with `end`, not with `ref`).")
    end = _text("Last unit of a range, inclusive (with `start`).")
    tree = _text(_TREE)
    media_type = _text(
        f"Media type of the answer; only `{TEI_MEDIA_TYPE}` (the default).",
        data_key="mediaType",
    )


def _range(args: dict[str, Any]) -> RangeQuery:
    return RangeQuery(args.get("ref"), args.get("start"), args.get("end"))


def _endpoints() -> jsonld.Endpoints:
    return jsonld.Endpoints(
        entry=url_for("dts.entry_point", _external=True),
        collection=url_for("dts.collection", _external=True),
        navigation=url_for("dts.navigation", _external=True),
        document=url_for("dts.document", _external=True),
    )


def _ld(body: dict[str, Any]) -> Response:
    return _tagged(json.dumps(body, ensure_ascii=False), JSON_LD)


def _tagged(body: str, mimetype: str) -> Response:
    """An answer with a strong ``ETag`` (a hash of the body); 304 when the client has it."""
    response = current_app.response_class(body, mimetype=mimetype)
    response.set_etag(hashlib.sha256(response.get_data()).hexdigest()[:32])
    response.make_conditional(request)  # in place: 304 without a body when If-None-Match matches
    return response


def _page_url(number: int) -> str:
    """This request's URL on another page (its other arguments kept, in their order)."""
    args = [(k, v) for k, v in request.args.items(multi=True) if k != "page"]
    return f"{request.base_url}?{urlencode([*args, ('page', str(number))])}"


def _unit_uri(doc: Document) -> Callable[[Unit], str | None]:
    """The JSON API URL of the record a unit stands for."""

    def uri(unit: Unit) -> str | None:
        if unit.kind == "section":
            return section_url(doc.id, unit.record_id)
        if unit.kind == "paragraph":
            return paragraph_url(doc.id, unit.record_id)
        if unit.kind == "note":
            return footnote_url(doc.id, unit.record_id)
        return letter_url(doc.id, unit.record_id)

    return uri


def _document(identifier: str, parameter: str) -> Document:
    try:
        return archive().document(identifier)
    except NotFound:
        raise UnknownIdentifier(f"{parameter}: no resource {identifier!r}") from None


def _invalid_parameter(error: InvalidParameter) -> Response:
    detail = f"Invalid parameter: {error.parameter}: {error.message}"
    errors = [{"name": error.parameter, "in": "query", "detail": error.message}]
    return problem_response(PROBLEMS[400], detail, errors=errors)


# Raised by the request-free logic for combinations the specification rejects.
blp.register_error_handler(InvalidParameter, _invalid_parameter)


@blp.route("")
@blp.response(200, DtsEntryPointSchema, content_type=JSON_LD)
def entry_point() -> Response:
    """DTS entry point

    The URI templates (RFC 6570) of the Collection, Navigation and Document endpoints.
    """
    return _ld(jsonld.entry_point(_endpoints()))


@blp.route("/collection")
@blp.arguments(CollectionArgsSchema, location="query")
@blp.response(200, DtsCollectionSchema, content_type=JSON_LD)
@blp.alt_response(400, response="BAD_REQUEST")
@blp.alt_response(404, response="NOT_FOUND")
def collection(args: dict[str, Any]) -> Response:
    """DTS collection

    The archive (the root, when `id` is absent) with its documents as `member`, or one
    document as a `Resource` with its citation trees. `nav=parents` lists the parents
    instead; long member lists are paginated (`page`, `view`).
    """
    endpoints = _endpoints()
    identifier = args.get("id") or jsonld.ROOT_ID
    docs = archive().documents()
    parents = args["nav"] == "parents"
    if identifier == jsonld.ROOT_ID:
        body = jsonld.root_collection(len(docs), endpoints)
        chosen, view = jsonld.page_of(
            [] if parents else docs, args.get("page"), jsonld.COLLECTION_PAGE_SIZE, _page_url
        )
        body["member"] = [jsonld.resource(d, citation_trees(d), endpoints) for d in chosen]
    else:
        doc = _document(identifier, "id")
        body = jsonld.resource(doc, citation_trees(doc), endpoints)
        roots = [jsonld.root_collection(len(docs), endpoints)] if parents else []
        members, view = jsonld.page_of(
            roots, args.get("page"), jsonld.COLLECTION_PAGE_SIZE, _page_url
        )
        if parents:
            body["member"] = members
    if view is not None:
        body["view"] = view
    return _ld(jsonld.top_level(body))


@blp.route("/navigation")
@blp.arguments(NavigationArgsSchema, location="query")
@blp.response(200, DtsNavigationSchema, content_type=JSON_LD)
@blp.alt_response(400, response="BAD_REQUEST")
@blp.alt_response(404, response="NOT_FOUND")
def navigation(args: dict[str, Any]) -> Response:
    """DTS navigation

    Citable units of a document's citation tree, as the specification's table of `down`,
    `ref` and `start`/`end` says: `down=1` lists the top-level sections, `ref=I.B&down=1`
    the section I.B with its paragraphs and subsections, `down=-1` everything;
    `tree=footnotes` the notes, `tree=letters` the letters and their paragraphs.
    """
    query = _range(args)
    down: int | None = args.get("down")
    check_navigation(query, down)
    doc = _document(args["resource"], "resource")
    trees = citation_trees(doc)
    resource = jsonld.resource(doc, trees, _endpoints())
    tree = find_tree(trees, args.get("tree")) if trees else None
    selection = select(tree, query, down) if tree is not None else _nothing()
    members, view = None, None
    if selection.members is not None:
        members, view = jsonld.page_of(
            selection.members, args.get("page"), jsonld.NAVIGATION_PAGE_SIZE, _page_url
        )
    body = jsonld.navigation(request.url, resource, doc, selection, _unit_uri(doc), members, view)
    return _ld(body)


def _nothing() -> Selection:
    """A document without a citation tree answers every navigation with no member."""
    return Selection(None, None, None, [])


@blp.route("/document")
@blp.arguments(DocumentArgsSchema, location="query")
@blp.text_response(
    TEI_MEDIA_TYPE,
    description=(
        "The document as TEI P5; a passage (`ref`, or `start` and `end`) is inside "
        "`<dts:wrapper>` in `<TEI><text><body>`, after the document's `<teiHeader>`."
    ),
    headers={
        "Link": {
            "description": 'The document in the Collection endpoint, `rel="collection"`.',
            "schema": {"type": "string"},
        }
    },
)
@blp.alt_response(400, response="BAD_REQUEST")
@blp.alt_response(404, response="NOT_FOUND")
def document(args: dict[str, Any]) -> Response:
    """DTS document

    The TEI of a document, whole, or the passage of one citable unit (`ref`) or of a range
    (`start`, `end`) of its default tree or of the tree named by `tree`. A passage of the
    default tree is a span of the text with its section frames; one of `footnotes` or
    `letters` is the `<note>` or `<floatingText>` elements themselves.
    """
    query = _range(args)
    check_range(query)
    media_type = args.get("media_type")
    if media_type is not None and media_type.lower() != TEI_MEDIA_TYPE:
        raise UnknownIdentifier(
            f"mediaType: only {TEI_MEDIA_TYPE} is available, not {media_type!r}"
        )
    doc = _document(args["resource"], "resource")
    root = tei_document(doc, FlaskLinks(), site_name())
    if not query.empty:
        # ``tree`` matters only with a passage (the specification says so).
        tree = find_tree(citation_trees(doc), args.get("tree"))
        if tree is None:
            raise UnknownIdentifier(f"resource: {doc.id!r} has no citation tree")
        bounds = resolve_range(tree, query)
        assert bounds is not None
        root = passage(doc, root, tree, *bounds)
    response = _tagged(serialize(root), TEI_MEDIA_TYPE)
    collection = f"{url_for('dts.collection', _external=True)}?id={quote(doc.id, safe='')}"
    response.headers["Link"] = f'<{collection}>; rel="collection"'
    return response
