"""Wiring of the Flask app: settings, the OpenAPI-aware ``Api``, blueprints, headers."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flask import Flask, Response
from flask_smorest import Api
from flask_smorest.utils import prepare_response
from werkzeug.exceptions import HTTPException

from archive_api.api import (
    annexes,
    documents,
    footnotes,
    health,
    letters,
    pages,
    paragraphs,
    reference,
    search,
    sections,
    works,
)
from archive_api.api.errors import (
    PROBLEM_JSON,
    ProblemSchema,
    http_problem,
    register_error_handlers,
)
from archive_api.api.reader import EXTENSION_KEY, ArchiveHolder
from archive_api.config import Settings

if TYPE_CHECKING:
    from archive_api.search.searcher import Archive

API_TITLE = "Archive API"
API_VERSION = "1.0.0"
OPENAPI_VERSION = "3.1.0"
API_DESCRIPTION = (
    "Read-only JSON API over an archive of OCR'd Turkish scholarly texts: documents, printed "
    "pages, sections, paragraphs, footnotes, cited works, transcribed letters and annex "
    "references, each at a stable URL and linked to the records it refers to; and a "
    "Turkish-aware search over all of them. Errors are `application/problem+json`."
)

RESOURCE_BLUEPRINTS = (
    documents.blp,
    pages.blp,
    sections.blp,
    paragraphs.blp,
    footnotes.blp,
    works.blp,
    letters.blp,
    annexes.blp,
    search.blp,
    health.blp,
)


class ArchiveApi(Api):  # type: ignore[misc]
    """flask-smorest's ``Api`` speaking ``application/problem+json`` for every error."""

    ERROR_SCHEMA = ProblemSchema

    def _register_responses(self) -> None:
        # The stock method documents errors as application/json with its own schema.
        from http import HTTPStatus

        for status in HTTPStatus:
            response: dict[str, Any] = {"description": status.phrase}
            if status >= 400:
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, PROBLEM_JSON)
            self.spec.components.response(status.name, response, lazy=True)
        default = {"description": "An error (problem document).", "schema": self.ERROR_SCHEMA}
        prepare_response(default, self.spec, PROBLEM_JSON)
        self.spec.components.response(self.DEFAULT_ERROR_RESPONSE_NAME, default, lazy=True)

    def handle_http_exception(self, error: HTTPException) -> Response:
        return http_problem(error)


def _open_archive(settings: Settings) -> Archive:
    from archive_api.search.searcher import Archive

    return Archive.from_settings(settings)


def _settings(config: Mapping[str, Any]) -> Settings:
    return Settings(
        documents_dir=Path(config["ARCHIVE_DOCUMENTS_DIR"]),
        index_dir=Path(config["ARCHIVE_INDEX_DIR"]),
        reload_interval=float(config["ARCHIVE_RELOAD_INTERVAL"]),
    )


def _security_headers(response: Response) -> Response:
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    if response.mimetype == "text/html":
        response.headers["Content-Security-Policy"] = (
            "default-src 'none'; style-src 'self'; img-src 'self'; frame-ancestors 'none'"
        )
    else:
        response.headers["Content-Security-Policy"] = "default-src 'none'; frame-ancestors 'none'"
    return response


def build_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    app = Flask("archive_api")
    env = Settings.from_env()
    app.config.from_mapping(
        ARCHIVE_DOCUMENTS_DIR=str(env.documents_dir),
        ARCHIVE_INDEX_DIR=str(env.index_dir),
        ARCHIVE_RELOAD_INTERVAL=env.reload_interval,
        API_TITLE=API_TITLE,
        API_VERSION=API_VERSION,
        OPENAPI_VERSION=OPENAPI_VERSION,
        API_SPEC_OPTIONS={
            "servers": [{"url": "/", "description": "This server."}],
            "info": {"description": API_DESCRIPTION},
        },
        # Requests carry no body; anything larger than this is refused with 413.
        MAX_CONTENT_LENGTH=64 * 1024,
    )
    if test_config is not None:
        app.config.from_mapping(test_config)
    # Readable Turkish in responses, fields in the documented order.
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.json.sort_keys = False  # type: ignore[attr-defined]

    settings = _settings(app.config)
    app.extensions[EXTENSION_KEY] = ArchiveHolder(lambda: _open_archive(settings))

    api = ArchiveApi(app)
    for blp in RESOURCE_BLUEPRINTS:
        api.register_blueprint(blp)
    app.register_blueprint(reference.make_blueprint())
    register_error_handlers(app)
    app.after_request(_security_headers)
    return app
