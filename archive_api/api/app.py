"""Wiring of the Flask app: settings, the OpenAPI-aware ``Api``, blueprints, headers."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask, Response
from flask_smorest import Api
from flask_smorest.utils import prepare_response
from werkzeug.exceptions import HTTPException

from archive_api import web
from archive_api.api import (
    annexes,
    documents,
    dts,
    exports,
    footnotes,
    health,
    letters,
    pages,
    paragraphs,
    reference,
    search,
    sections,
    works,
    writes,
)
from archive_api.api.errors import (
    PROBLEM_JSON,
    ProblemSchema,
    http_problem,
    register_error_handlers,
)
from archive_api.api.headers import ContractPlugin, install_cors, install_etags
from archive_api.api.limits import install_rate_limit
from archive_api.api.query_string import install_query_string_check
from archive_api.api.reader import EXTENSION_KEY, ArchiveHolder, install_settling
from archive_api.backend import ArchiveReader, open_archive
from archive_api.config import Settings, parse_origins

API_TITLE = "Archive API"
API_VERSION = "1.0.0"
OPENAPI_VERSION = "3.1.0"
API_DESCRIPTION = (
    "JSON API over an archive of OCR'd Turkish scholarly texts: documents, printed "
    "pages, sections, paragraphs, footnotes, cited works, transcribed letters and annex "
    "references, each at a stable URL and linked to the records it refers to; and a "
    "Turkish-aware search over all of them. Errors are `application/problem+json`. Reading "
    "is open to all; adding, replacing and removing documents needs the bearer token."
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
    exports.blp,
    health.blp,
    dts.blp,
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


def _open_archive(settings: Settings) -> ArchiveReader:
    return open_archive(settings)


def _settings(config: Mapping[str, Any]) -> Settings:
    return Settings(
        documents_dir=Path(config["ARCHIVE_DOCUMENTS_DIR"]),
        index_dir=Path(config["ARCHIVE_INDEX_DIR"]),
        reload_interval=float(config["ARCHIVE_RELOAD_INTERVAL"]),
        api_token=config.get("ARCHIVE_API_TOKEN") or None,
        max_document_bytes=int(config["ARCHIVE_MAX_DOCUMENT_BYTES"]),
        max_request_bytes=config.get("ARCHIVE_MAX_REQUEST_BYTES"),
        search_rate_limit=int(config["ARCHIVE_SEARCH_RATE_LIMIT"]),
        cors_origins=_origins(config["ARCHIVE_CORS_ORIGINS"]),
        worker_memory_mb=int(config["ARCHIVE_WORKER_MEMORY_MB"]),
        database_url=config.get("ARCHIVE_DATABASE_URL") or None,
        database_read_url=config.get("ARCHIVE_DATABASE_READ_URL") or None,
        backend=str(config["ARCHIVE_BACKEND"]),
    )


def _origins(value: str | tuple[str, ...] | list[str]) -> tuple[str, ...]:
    return parse_origins(value) if isinstance(value, str) else tuple(value)


def _security_headers(response: Response) -> Response:
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Frame-Options"] = "DENY"
    if response.mimetype == "text/html":
        response.headers["Content-Security-Policy"] = (
            "default-src 'none'; style-src 'self'; img-src 'self'; script-src 'self'; "
            "form-action 'self'; frame-ancestors 'none'"
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
        # Reads carry no body; anything larger than this is refused with 413. Writes allow
        # ARCHIVE_MAX_REQUEST_BYTES for their own request.
        MAX_CONTENT_LENGTH=64 * 1024,
        ARCHIVE_API_TOKEN=env.api_token,
        ARCHIVE_MAX_DOCUMENT_BYTES=env.max_document_bytes,
        ARCHIVE_MAX_REQUEST_BYTES=env.max_request_bytes,
        ARCHIVE_SEARCH_RATE_LIMIT=env.search_rate_limit,
        ARCHIVE_CORS_ORIGINS=env.cors_origins,
        ARCHIVE_WORKER_MEMORY_MB=env.worker_memory_mb,
        ARCHIVE_BACKEND=env.backend,
        ARCHIVE_DATABASE_URL=env.database_url,
        ARCHIVE_DATABASE_READ_URL=env.database_read_url,
    )
    if test_config is not None:
        app.config.from_mapping(test_config)
        if app.testing and "ARCHIVE_SEARCH_RATE_LIMIT" not in test_config:
            app.config["ARCHIVE_SEARCH_RATE_LIMIT"] = 0  # tests ask for a limit when they test it
    # Readable Turkish in responses, fields in the documented order.
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.json.sort_keys = False  # type: ignore[attr-defined]

    settings = _settings(app.config)
    app.extensions[EXTENSION_KEY] = ArchiveHolder(lambda: _open_archive(settings))
    app.extensions[writes.SETTINGS_KEY] = settings

    api = ArchiveApi(app, spec_kwargs={"extra_plugins": [ContractPlugin()]})
    for blp in RESOURCE_BLUEPRINTS:
        api.register_blueprint(blp)
    app.register_blueprint(reference.make_blueprint())
    app.register_blueprint(web.make_blueprint())
    register_error_handlers(app)
    install_query_string_check(app)
    app.after_request(_security_headers)
    install_cors(app, settings.cors_origins)
    install_rate_limit(app, settings.search_rate_limit)
    install_settling(app)  # on the response that is sent, the 304 included
    install_etags(app)  # last registered, first run: later hooks also head a 304
    return app
