"""Every error leaves the service as ``application/problem+json`` (RFC 9457).

One table says what each status means to a client (``PROBLEMS``), and one maps the errors
the read side raises onto those statuses (``DOMAIN_STATUS``); HTTP errors from routing,
methods and parameter parsing keep their own status. A last-resort handler turns a genuine
bug into a logged 500 whose body says nothing about the code, so no input can make the
service leak a traceback or a file path.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from flask import Flask, Response, current_app, request
from marshmallow import Schema, fields
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from archive_api.errors import ArchiveError, IndexUnavailable, NotFound, ParseError
from archive_api.ingest import DocumentExists, DocumentTooLarge, InvalidDocument
from archive_api.search.filters import SearchArgumentError

PROBLEM_JSON = "application/problem+json"

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ProblemKind:
    status: int
    slug: str  # anchor of the explanation on /docs, used in the problem ``type``
    title: str


# What each status means to a client; a status not listed gets a generic kind.
PROBLEMS: dict[int, ProblemKind] = {
    400: ProblemKind(400, "invalid-parameter", "Invalid Parameter"),
    401: ProblemKind(401, "unauthorized", "Unauthorized"),
    403: ProblemKind(403, "writes-disabled", "Writing Disabled"),
    404: ProblemKind(404, "not-found", "Not Found"),
    405: ProblemKind(405, "method-not-allowed", "Method Not Allowed"),
    406: ProblemKind(406, "not-acceptable", "Not Acceptable"),
    409: ProblemKind(409, "conflict", "Conflict"),
    413: ProblemKind(413, "payload-too-large", "Payload Too Large"),
    415: ProblemKind(415, "unsupported-media-type", "Unsupported Media Type"),
    422: ProblemKind(422, "invalid-document", "Invalid Document"),
    429: ProblemKind(429, "rate-limited", "Too Many Requests"),
    500: ProblemKind(500, "internal-error", "Internal Server Error"),
    503: ProblemKind(503, "index-unavailable", "Index Unavailable"),
}

# Errors raised below the HTTP layer, and the status each one is answered with.
DOMAIN_STATUS: dict[type[Exception], int] = {
    NotFound: 404,
    SearchArgumentError: 400,
    InvalidDocument: 422,
    DocumentTooLarge: 413,
    DocumentExists: 409,
    IndexUnavailable: 503,
    ParseError: 500,
}

# Said instead of the message of a server-side error, which may name files of the server.
SERVER_DETAIL = {
    500: "The server could not answer this request.",
    503: "The search index is not available yet; try again shortly.",
}


def problem_kinds() -> list[ProblemKind]:
    """The problem types the service can answer with, for the reference page."""
    seen: dict[str, ProblemKind] = {}
    for kind in PROBLEMS.values():
        seen.setdefault(kind.slug, kind)
    return sorted(seen.values(), key=lambda k: (k.status, k.slug))


class ParameterErrorSchema(Schema):
    name = fields.String(required=True, metadata={"description": "The parameter's name."})
    # ``in`` is a Python keyword, hence the data key.
    location = fields.String(
        required=True,
        data_key="in",
        metadata={"description": "Where the parameter is: query, path or body."},
    )
    detail = fields.String(required=True, metadata={"description": "What is wrong with it."})


class ProblemSchema(Schema):
    """An RFC 9457 problem document."""

    type = fields.String(
        required=True, metadata={"description": "URI reference naming the kind of problem."}
    )
    title = fields.String(required=True, metadata={"description": "Short summary of the kind."})
    status = fields.Integer(required=True, metadata={"description": "The HTTP status code."})
    detail = fields.String(
        required=True, metadata={"description": "Explanation of this occurrence."}
    )
    instance = fields.String(metadata={"description": "The path of the request."})
    errors = fields.List(
        fields.Nested(ParameterErrorSchema),
        metadata={"description": "The invalid parameters, when the request had any."},
    )


def problem_response(
    kind: ProblemKind,
    detail: str,
    *,
    status: int | None = None,
    errors: list[dict[str, str]] | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    code = status if status is not None else kind.status
    body: dict[str, Any] = {
        "type": f"/docs#problem-{kind.slug}",
        "title": kind.title,
        "status": code,
        "detail": detail,
        "instance": request.path,
    }
    if errors:
        body["errors"] = errors
    response = current_app.response_class(
        json.dumps(body, ensure_ascii=False), status=code, mimetype=PROBLEM_JSON
    )
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def _flatten(messages: Any) -> Iterator[str]:
    """Strings inside marshmallow's nested error messages (lists, dicts keyed by index)."""
    if isinstance(messages, str):
        yield messages
    elif isinstance(messages, Mapping):
        for value in messages.values():
            yield from _flatten(value)
    elif isinstance(messages, list | tuple):
        for value in messages:
            yield from _flatten(value)


def parameter_errors(messages: Mapping[str, Any]) -> list[dict[str, str]]:
    """webargs' ``{location: {name: [message]}}`` as a list naming each bad parameter."""
    errors = []
    for location, by_name in sorted(messages.items()):
        if not isinstance(by_name, Mapping):
            errors.append(
                {"name": str(location), "in": "query", "detail": " ".join(_flatten(by_name))}
            )
            continue
        for name, detail in sorted(by_name.items(), key=lambda item: str(item[0])):
            errors.append(
                {"name": str(name), "in": str(location), "detail": " ".join(_flatten(detail))}
            )
    return errors


def http_problem(error: HTTPException) -> Response:
    """The problem document for an HTTP error raised by routing, webargs or a view."""
    code = error.code or 500
    kind = PROBLEMS.get(code) or ProblemKind(code, "http-error", _phrase(code))
    data = getattr(error, "data", None) or {}
    errors = parameter_errors(data["messages"]) if "messages" in data else []
    if errors:
        detail = "; ".join(f"{e['name']}: {e['detail']}" for e in errors)
        detail = f"Invalid {'parameter' if len(errors) == 1 else 'parameters'}: {detail}"
    elif "message" in data:
        detail = str(data["message"])
    else:
        detail = error.description or kind.title
    headers = dict(data.get("headers") or {})
    if isinstance(error, MethodNotAllowed) and error.valid_methods:
        headers["Allow"] = ", ".join(sorted(error.valid_methods))
    if code >= 500:
        log.error("HTTP %s on %s %s: %s", code, request.method, request.path, detail)
    return problem_response(kind, detail, status=code, errors=errors, headers=headers)


def _phrase(code: int) -> str:
    try:
        return HTTPStatus(code).phrase
    except ValueError:
        return "HTTP Error"


def domain_problem(error: Exception) -> Response:
    """The answer to an error of the read side, by ``DOMAIN_STATUS``."""
    status = next((DOMAIN_STATUS[c] for c in type(error).__mro__ if c in DOMAIN_STATUS), 500)
    kind = PROBLEMS[status]
    if status >= 500:
        log.error("%s on %s %s: %s", type(error).__name__, request.method, request.path, error)
        detail = SERVER_DETAIL[status]
    else:
        detail = str(error) or kind.title
    errors = None
    if isinstance(error, SearchArgumentError):
        errors = [{"name": error.parameter, "in": "query", "detail": error.message}]
        detail = f"Invalid parameter: {error.parameter}: {error.message}"
    elif isinstance(error, InvalidDocument):
        errors = [{"name": error.field, "in": "body", "detail": error.message}]
        detail = f"Invalid document: {error.field}: {error.message}"
    headers = {"Retry-After": "5"} if status == 503 else None
    return problem_response(kind, detail, errors=errors, headers=headers)


def _unexpected(error: Exception) -> Response:
    """A bug: log it with its traceback, answer without one."""
    log.exception("Unhandled error on %s %s", request.method, request.path)
    return problem_response(PROBLEMS[500], SERVER_DETAIL[500])


def register_error_handlers(app: Flask) -> None:
    """Install the domain table and the last-resort handler (HTTP errors go through the Api)."""
    error_classes: list[type[Exception]] = [ArchiveError, *DOMAIN_STATUS]
    for error_class in error_classes:
        app.register_error_handler(error_class, domain_problem)
    app.register_error_handler(Exception, _unexpected)
