"""The Flask app over an index built once per session (or over a database holding the same
documents), and a test client of it.

``BACKENDS`` parametrises the suites that read through the app: each of their tests runs
against the embedded index and against PostgreSQL (``backend_app``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol

import pytest
from flask import Flask
from flask.testing import FlaskClient

from archive_api import create_app


class IndexDirs(Protocol):
    """What an app needs of a built index (``BuiltIndex`` of tests/conftest.py)."""

    @property
    def documents_dir(self) -> Path: ...

    @property
    def index_dir(self) -> Path: ...


BACKENDS = ("whoosh", "postgres")


def app_over(built: IndexDirs, database_url: str | None = None, **config: Any) -> Flask:
    """A testing app over the documents and index of ``built`` (which it must not change);
    with ``database_url``, over that database instead (``ARCHIVE_BACKEND=postgres``)."""
    settings: dict[str, Any] = {
        "TESTING": True,
        "ARCHIVE_DOCUMENTS_DIR": str(built.documents_dir),
        "ARCHIVE_INDEX_DIR": str(built.index_dir),
    }
    if database_url is not None:
        settings.update(ARCHIVE_BACKEND="postgres", ARCHIVE_DATABASE_URL=database_url)
    settings.update(config)
    return create_app(settings)


def backend_app(request: pytest.FixtureRequest, built: IndexDirs) -> Flask:
    """The app of the backend a parametrised fixture is at (``request.param``)."""
    if request.param == "postgres":
        return app_over(built, request.getfixturevalue("built_database"))
    return app_over(built)


def client_of(app: Flask) -> Iterator[FlaskClient]:
    """A test client of ``app`` for the length of a fixture: ``yield from client_of(app)``."""
    with app.test_client() as client:
        yield client
