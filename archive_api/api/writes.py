"""``POST /documents``, ``PUT`` and ``DELETE /documents/{doc_id}``: changing the archive.

A write request is judged in this order, and the first rule it breaks answers:

1. **Authorization.** With no ``ARCHIVE_API_TOKEN`` configured, writing is off: 403
   ``writes-disabled``, whatever the request. Otherwise ``Authorization: Bearer <token>``
   must equal it (compared in constant time): a missing or wrong token is 401 with
   ``WWW-Authenticate: Bearer``.
2. **Body.** ``application/json``: ``{"id"?, "text", "metadata"?}``; or
   ``multipart/form-data``: a ``file`` part holding the text (a ``.txt`` file: its content is
   checked, not its name), an optional ``metadata`` part or field holding the JSON object of
   ``<id>.json``, an optional ``id`` field. Another content type is 415; a body over
   ``ARCHIVE_MAX_REQUEST_BYTES`` is 413; a JSON body that is not UTF-8 JSON is 400.
3. **Document.** ``ingest.prepare``: a text over ``ARCHIVE_MAX_DOCUMENT_BYTES`` is 413; an
   invalid id, text or metadata, or a text that does not parse, is 422 naming the field.
4. **State.** ``POST`` of an existing id is 409; ``DELETE`` of an absent one is 404.

Nothing is written before all of that passed. With the embedded backend the answer comes
once the change is in the index generation named by ``index/CURRENT``, and, unless that
interval is over ``MAX_VISIBILITY_WAIT``, ``ARCHIVE_RELOAD_INTERVAL`` seconds later, by when
every worker serves it; with PostgreSQL, once the transaction has committed (and the read
replica, if any, has replayed it). Either way ``"searchable": true`` holds for the next
request whichever worker, or node, gets it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Callable
from typing import Any, NoReturn, cast

from flask import abort, current_app, request, url_for
from flask_smorest import Blueprint
from flask_smorest.fields import Upload
from marshmallow import Schema, fields

from archive_api.api.common import DOC_ID_PARAM, View, boolean, string
from archive_api.api.documents import DocumentSchema, MetadataSchema, blp, document_record
from archive_api.api.errors import PROBLEMS, problem_response
from archive_api.backend import readers_follow_by_themselves, remove, save
from archive_api.config import Settings
from archive_api.ingest import ID_RULE, InvalidDocument, Saved, Submission, prepare

JSON = "application/json"
MULTIPART = "multipart/form-data"
SETTINGS_KEY = "archive_api.settings"
# Longest wait for workers to see a change; longer reload intervals are not waited out.
MAX_VISIBILITY_WAIT = 10.0
_BODY_KEYS = ("id", "text", "metadata")


def _metadata_input() -> type[Schema]:
    """The fields of ``<id>.json``, all optional, described as the read side describes them."""
    attrs: dict[str, fields.Field[Any]] = {}
    for name, field in MetadataSchema().declared_fields.items():
        description = field.metadata.get("description", "")
        if name == "inferred":
            names = list(MetadataSchema().declared_fields)
            attrs[name] = fields.List(
                fields.String(metadata={"enum": names}), metadata={"description": description}
            )
        elif isinstance(field, fields.List):
            attrs[name] = fields.List(fields.String(), metadata={"description": description})
        elif name == "date":
            attrs[name] = fields.String(
                allow_none=True,
                metadata={"description": description, "pattern": r"^(\d{4}(-\d{2}(-\d{2})?)?)?$"},
            )
        else:
            attrs[name] = fields.String(allow_none=True, metadata={"description": description})
    return Schema.from_dict(attrs, name="MetadataInput")


MetadataInputSchema = _metadata_input()
# The store's id rule without look-ahead: a dot is never followed by another.
ID_PATTERN = r"^[a-z0-9](?:\.?[a-z0-9_-])*\.?$"
ID_MAX_LENGTH = 128
# No NUL anywhere, and one character that is neither white space nor a control: a text the
# parser finds something in.
TEXT_PATTERN = r"^[^\x00]*[^\s\x00-\x1f\x7f-\x9f\ufeff][^\x00]*$"


class DocumentInputSchema(Schema):
    id = fields.String(
        allow_none=True,
        metadata={
            "description": f"Id of the new document ({ID_RULE}). Without it (or null), one is "
            "made from the title (`ilk-turk-sovyet-temaslari`, then `-2`... when taken).",
            "pattern": ID_PATTERN,
            "maxLength": ID_MAX_LENGTH,
        },
    )
    text = fields.String(
        required=True,
        metadata={
            "description": "The OCR'd text, as it would be in `<id>.txt`: no NUL character, "
            "at least one visible one, at most `ARCHIVE_MAX_DOCUMENT_BYTES` in UTF-8.",
            "pattern": TEXT_PATTERN,
        },
    )
    metadata = fields.Nested(
        MetadataInputSchema,
        allow_none=True,
        metadata={"description": "What `<id>.json` would hold; every field is optional."},
    )


class DocumentUploadSchema(Schema):
    file = Upload(
        required=True,
        metadata={
            "description": "The text, as in the JSON body's `text`: a UTF-8 `.txt` file. Its "
            "content is checked, not its name (a PDF is refused as not UTF-8)."
        },
    )
    metadata = fields.Nested(
        MetadataInputSchema,
        metadata={"description": "What `<id>.json` would hold, as JSON (a part or a field)."},
    )
    id = fields.String(
        metadata={
            "description": "Id of the new document, as in the JSON body.",
            "pattern": ID_PATTERN,
            "maxLength": ID_MAX_LENGTH,
        }
    )


class SavedDocumentSchema(DocumentSchema):
    searchable = boolean(
        "Always true: every worker serves the document (and finds it) from the next request."
    )
    generation = string("The index generation that first holds this version of the document.")


REQUEST_BODY = {
    "required": True,
    "content": {
        JSON: {"schema": DocumentInputSchema},
        MULTIPART: {
            "schema": DocumentUploadSchema,
            "encoding": {
                "file": {"contentType": "text/plain"},
                "metadata": {"contentType": "application/json"},
            },
        },
    },
}
BEARER: list[dict[str, list[str]]] = [{"bearerAuth": []}]
_WRITE_ERRORS = {
    "401": "UNAUTHORIZED",
    "403": "FORBIDDEN",
    "413": "DOCUMENT_TOO_LARGE",
    "415": "UNSUPPORTED_MEDIA_TYPE",
    "422": "INVALID_DOCUMENT",
}


def _doc(**kwargs: Any) -> Callable[[View], View]:
    return cast(Callable[[View], View], blp.doc(**kwargs))


# flask-smorest's own decorator: the typed one of ApiBlueprint wants a schema.
_no_content = cast(
    Callable[[View], View], Blueprint.response(blp, 204, description="Done; no content.")
)


def settings() -> Settings:
    found: Settings = current_app.extensions[SETTINGS_KEY]
    return found


@blp.route("/documents", methods=["POST"])
@blp.response(201, SavedDocumentSchema, headers={"Location": {"schema": {"type": "string"}}})
@_doc(
    requestBody=REQUEST_BODY,
    security=BEARER,
    responses={"400": "BAD_REQUEST", "409": "CONFLICT", **_WRITE_ERRORS},
)
def create_document() -> tuple[dict[str, Any], int, dict[str, str]]:
    """Add a document

    Validates and parses the text first: nothing is stored unless it can be served. An id
    that exists is a 409 (use `PUT` to replace). Answers once the document is searchable.
    """
    saved = _save(None, replace=False)
    return _saved_answer(saved, 201)


@blp.route("/documents/<doc_id>", methods=["PUT"], parameters=[DOC_ID_PARAM])
@blp.response(200, SavedDocumentSchema)
@_doc(
    parameters=[
        {
            "in": "path",
            "name": "doc_id",
            "required": True,
            "description": f"Id of the document to store ({ID_RULE}).",
            "schema": {"type": "string", "pattern": ID_PATTERN, "maxLength": ID_MAX_LENGTH},
        }
    ],
    requestBody=REQUEST_BODY,
    security=BEARER,
    responses={
        "201": {
            "description": "Created",
            "content": {JSON: {"schema": SavedDocumentSchema}},
            "headers": {"Location": {"schema": {"type": "string"}}},
        },
        "400": "BAD_REQUEST",
        **_WRITE_ERRORS,
    },
)
def put_document(doc_id: str) -> tuple[dict[str, Any], int, dict[str, str]]:
    """Add or replace a document

    Stores the document under `doc_id`: 201 when it is new, 200 when it replaced one. An
    `id` in the body must be `doc_id`. Answers once this version is searchable.
    """
    saved = _save(doc_id, replace=True)
    return _saved_answer(saved, 201 if saved.created else 200)


@blp.route("/documents/<doc_id>", methods=["DELETE"], parameters=[DOC_ID_PARAM])
@_no_content
@_doc(
    security=BEARER,
    responses={"401": "UNAUTHORIZED", "403": "FORBIDDEN", "404": "NOT_FOUND"},
)
def delete_document(doc_id: str) -> tuple[str, int, dict[str, str]]:
    """Remove a document

    Deletes its files and its records. Answers once no search finds it any more.
    """
    _authorize()
    conf = settings()
    remove(conf, [doc_id])
    _wait_for_workers(conf)
    return "", 204, {"Cache-Control": "no-store"}


def _save(path_id: str | None, *, replace: bool) -> Saved:
    _authorize()
    conf = settings()
    submission = _submission(conf, path_id)
    [saved] = save(conf, [submission], replace=replace)
    _wait_for_workers(conf)
    return saved


def _saved_answer(saved: Saved, status: int) -> tuple[dict[str, Any], int, dict[str, str]]:
    body = document_record(saved.document)
    body["searchable"] = True
    body["generation"] = saved.generation
    headers = {"Cache-Control": "no-store"}
    if status == 201:
        headers["Location"] = url_for("documents.get_document", doc_id=saved.doc_id, _external=True)
    return body, status, headers


def _wait_for_workers(conf: Settings) -> None:
    """Each worker looks at ``CURRENT`` at most this long after the switch; then answer."""
    if readers_follow_by_themselves(conf):
        return
    time.sleep(min(conf.reload_interval, MAX_VISIBILITY_WAIT))


def _authorize() -> None:
    token = settings().api_token
    if token is None:
        _refuse(
            403,
            "Writing is disabled on this server. To enable it, start the service with "
            "ARCHIVE_API_TOKEN set to a secret, and send `Authorization: Bearer <secret>` "
            "with each write.",
        )
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        _refuse(
            401,
            "This request changes the archive: send `Authorization: Bearer <token>`.",
            {"WWW-Authenticate": 'Bearer realm="archive"'},
        )
    if not hmac.compare_digest(_digest(given.strip()), _digest(token)):
        _refuse(
            401,
            "The bearer token is not valid for this server.",
            {"WWW-Authenticate": 'Bearer realm="archive", error="invalid_token"'},
        )


def _digest(secret: str) -> bytes:
    # Equal-length inputs, so the comparison time says nothing about the token's length.
    return hashlib.sha256(secret.encode("utf-8", "surrogateescape")).digest()


def _submission(conf: Settings, path_id: str | None) -> Submission:
    request.max_content_length = conf.write_request_limit
    if request.mimetype == JSON:
        given_id, text, metadata = _json_body()
    elif request.mimetype == MULTIPART:
        given_id, text, metadata = _multipart_body()
    else:
        _refuse(
            415,
            f"Send the document as {JSON} or {MULTIPART}, not "
            f"{request.mimetype or 'a body without a content type'}.",
            {"Accept-Post": f"{JSON}, {MULTIPART}"},
        )
    if path_id is not None:
        if given_id is not None and given_id != path_id:
            raise InvalidDocument(f"the body names {given_id!r}, the URL {path_id!r}", "id")
        given_id = path_id
    return prepare(text, metadata, given_id, max_bytes=conf.max_document_bytes)


def _json_body() -> tuple[str | None, Any, Any]:
    try:
        body = json.loads(request.get_data(cache=False).decode("utf-8"))
    except UnicodeDecodeError as exc:
        _refuse(400, f"The body is not UTF-8 (byte offset {exc.start}).")
    except RecursionError:
        _refuse(400, "The body is not valid JSON: it is nested too deeply.")
    except ValueError as exc:
        _refuse(400, f"The body is not valid JSON: {exc}.")
    if not isinstance(body, dict):
        raise InvalidDocument("must be a JSON object with `text` and optional `metadata`", "body")
    unknown = sorted(str(key) for key in body if key not in _BODY_KEYS)
    if unknown:
        raise InvalidDocument(
            f"unknown field(s) {', '.join(unknown)}; allowed: {', '.join(_BODY_KEYS)}", "body"
        )
    text, doc_id = body.get("text"), body.get("id")
    if not isinstance(text, str):
        raise InvalidDocument("required, a string holding the document's text", "text")
    if doc_id is not None and not isinstance(doc_id, str):
        raise InvalidDocument("must be a string", "id")
    return doc_id, text, body.get("metadata")


def _multipart_body() -> tuple[str | None, bytes, Any]:
    uploads = request.files.getlist("file")
    if len(uploads) != 1:
        raise InvalidDocument("a multipart body needs exactly one `file` part: the text", "file")
    [upload] = uploads
    text = upload.read()
    raw_meta: str | bytes | None = request.form.get("metadata")
    if raw_meta is None and "metadata" in request.files:
        raw_meta = request.files["metadata"].read()
    metadata: Any = None
    if raw_meta is not None:
        try:
            metadata = json.loads(raw_meta)
        except (ValueError, RecursionError):
            raise InvalidDocument("not valid JSON", "metadata") from None
    doc_id = request.form.get("id")  # absent: made from the title; empty: not an id
    return doc_id, text, metadata


def _refuse(status: int, detail: str, headers: dict[str, str] | None = None) -> NoReturn:
    """Stop the request with a problem document (refusals that are no domain error)."""
    abort(problem_response(PROBLEMS[status], detail, headers=headers))
