"""Fixtures for the DTS tests: the seed parsed once, and an app over a real index of it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from archive_api import create_app
from archive_api.models import Document
from archive_api.store import DocumentStore

DOCUMENTS = Path(__file__).resolve().parents[2] / "documents"
SEED_ID = "turk-sovyet-iliskileri-1920"


@pytest.fixture(scope="session")
def seed() -> Document:
    return DocumentStore(DOCUMENTS).load(SEED_ID)


@pytest.fixture(scope="session")
def dts_app(built_index: Any) -> Flask:
    return create_app(
        {
            "TESTING": True,
            "ARCHIVE_DOCUMENTS_DIR": str(built_index.documents_dir),
            "ARCHIVE_INDEX_DIR": str(built_index.index_dir),
        }
    )


@pytest.fixture
def client(dts_app: Flask) -> Iterator[FlaskClient]:
    with dts_app.test_client() as client:
        yield client
