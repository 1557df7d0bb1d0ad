"""An app over a real index of the seed document, built once for the whole API suite."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from archive_api import create_app


@pytest.fixture(scope="session")
def app(built_index: Any) -> Flask:
    """The app over the session's index of the seed (built by the real indexer)."""
    return create_app(
        {
            "TESTING": True,
            "ARCHIVE_DOCUMENTS_DIR": str(built_index.documents_dir),
            "ARCHIVE_INDEX_DIR": str(built_index.index_dir),
        }
    )


@pytest.fixture
def client(app: Flask) -> Iterator[FlaskClient]:
    with app.test_client() as client:
        yield client
