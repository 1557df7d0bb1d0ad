"""The Flask app over an index built once per session, and a test client of it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

from flask import Flask
from flask.testing import FlaskClient

from archive_api import create_app


class IndexDirs(Protocol):
    """What an app needs of a built index (``BuiltIndex`` of tests/conftest.py)."""

    @property
    def documents_dir(self) -> Path: ...

    @property
    def index_dir(self) -> Path: ...


def app_over(built: IndexDirs) -> Flask:
    """A testing app over the documents and index of ``built`` (which it must not change)."""
    return create_app(
        {
            "TESTING": True,
            "ARCHIVE_DOCUMENTS_DIR": str(built.documents_dir),
            "ARCHIVE_INDEX_DIR": str(built.index_dir),
        }
    )


def client_of(app: Flask) -> Iterator[FlaskClient]:
    """A test client of ``app`` for the length of a fixture: ``yield from client_of(app)``."""
    with app.test_client() as client:
        yield client
