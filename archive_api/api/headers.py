"""Response headers every read shares: ETag and 304, CORS; and their place in the contract.

- **ETag.** A successful ``GET`` of the JSON API (except ``/health``, never cached) carries
  a strong ``ETag``: a hash of the body, so it changes exactly when the answer does (a
  new index generation that leaves a record alone leaves its tag alone). A request whose
  ``If-None-Match`` names it is answered 304 without a body.
- **CORS.** Reads (``GET``, ``HEAD`` and their ``OPTIONS`` preflight) may come from the
  origins in ``ARCHIVE_CORS_ORIGINS`` (``*`` by default: the archive is public). Writes get
  no CORS headers at all, so a browser page elsewhere can never send one with a user's token.

``ContractPlugin`` writes the same facts into the OpenAPI document, with the bearer scheme
and the responses the write and rate-limit rules add.
"""

from __future__ import annotations

import hashlib
from typing import Any

from apispec import BasePlugin
from flask import Flask, Response, request
from flask_smorest.utils import prepare_response

from archive_api.api.errors import PROBLEM_JSON, ProblemSchema

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Request headers a cross-origin read may send, beyond the ones browsers always allow.
CORS_REQUEST_HEADERS = "Accept, Accept-Language, Content-Language, If-None-Match"
CORS_EXPOSED = "ETag, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, Retry-After"
CORS_MAX_AGE = "600"
_UNTAGGED_ENDPOINTS = frozenset({"health.health"})


def install_etags(app: Flask) -> None:
    def tag(response: Response) -> Response:
        if (
            request.method not in ("GET", "HEAD")
            or response.status_code != 200
            or response.mimetype != "application/json"
            or response.direct_passthrough
            or response.is_streamed  # hashing would hold the whole stream in memory
            or request.endpoint in _UNTAGGED_ENDPOINTS
        ):
            return response
        response.set_etag(hashlib.sha256(response.get_data()).hexdigest()[:32])
        response.make_conditional(request)  # 304 (body dropped) when If-None-Match names it
        return response

    app.after_request(tag)


def install_cors(app: Flask, origins: tuple[str, ...]) -> None:
    """Allow cross-origin reads from ``origins`` (``("*",)``: any); none: no CORS at all."""
    if not origins:
        return
    anyone = origins == ("*",)

    def allow(response: Response) -> Response:
        if request.method not in READ_METHODS:
            return response
        wanted = request.headers.get("Access-Control-Request-Method")
        preflight = request.method == "OPTIONS" and wanted is not None
        if preflight and (wanted or "").upper() not in ("GET", "HEAD"):
            return response  # a preflight for a write: refuse by silence
        if not anyone:
            response.vary.add("Origin")
        origin = request.headers.get("Origin")
        if anyone:
            response.headers["Access-Control-Allow-Origin"] = "*"
        elif origin in origins:
            response.headers["Access-Control-Allow-Origin"] = origin
        else:
            return response
        if preflight:
            response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            response.headers["Access-Control-Allow-Headers"] = CORS_REQUEST_HEADERS
            response.headers["Access-Control-Max-Age"] = CORS_MAX_AGE
        else:
            response.headers["Access-Control-Expose-Headers"] = CORS_EXPOSED
        return response

    app.after_request(allow)


def _header(description: str, kind: str = "string") -> dict[str, Any]:
    return {"description": description, "schema": {"type": kind}}


HEADERS = {
    "ETag": _header("Tag of this answer; send it in `If-None-Match` to get a 304 when unchanged."),
    "RateLimit-Limit": _header("Searches a client may make at once (per worker).", "integer"),
    "RateLimit-Remaining": _header("Searches left now.", "integer"),
    "RateLimit-Reset": _header("Seconds until the allowance is whole again.", "integer"),
    "Retry-After": _header("Seconds to wait before the next search.", "integer"),
}
RATE_HEADERS = ("RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset")
IF_NONE_MATCH = {
    "in": "header",
    "name": "If-None-Match",
    "required": False,
    "description": "An `ETag` from an earlier answer: 304 without a body if it is unchanged.",
    "schema": {"type": "string"},
}
# Error responses of this module's rules, with names no HTTP status name can take.
PROBLEM_RESPONSES = {
    "RATE_LIMITED": ("Too many searches from this client: wait `Retry-After` seconds.", 429),
    "DOCUMENT_TOO_LARGE": ("The body or the document's text is too large.", 413),
    "INVALID_DOCUMENT": ("The document cannot be stored: `errors` names the field.", 422),
}


class ContractPlugin(BasePlugin):
    """Adds the shared headers, 304s, 429s and the bearer scheme to the OpenAPI document."""

    def init_spec(self, spec: Any) -> None:
        super().init_spec(spec)
        self.spec = spec
        for name, header in HEADERS.items():
            spec.components.header(name, header)
        spec.components.security_scheme(
            "bearerAuth",
            {
                "type": "http",
                "scheme": "bearer",
                "description": "The secret of `ARCHIVE_API_TOKEN`; writes are off without it.",
            },
        )
        for name, (description, status) in PROBLEM_RESPONSES.items():
            response: dict[str, Any] = {"description": description, "schema": ProblemSchema}
            if status == 429:
                response["headers"] = {key: key for key in ("Retry-After", *RATE_HEADERS)}
            prepare_response(response, spec, PROBLEM_JSON)
            spec.components.response(name, response)

    def operation_helper(
        self, path: str | None = None, operations: dict[str, Any] | None = None, **kwargs: Any
    ) -> None:
        get = (operations or {}).get("get")
        if get is None or path is None or path.endswith("/health"):
            return
        responses = get.setdefault("responses", {})
        ok = responses.get(200) or responses.get("200")
        if isinstance(ok, dict):
            ok.setdefault("headers", {})["ETag"] = "ETag"
            if path.endswith("/search"):
                ok["headers"].update({key: key for key in RATE_HEADERS})
        responses["304"] = "NOT_MODIFIED"
        if path.endswith("/search"):
            responses["429"] = "RATE_LIMITED"
        get.setdefault("parameters", []).append(IF_NONE_MATCH)
