"""Fixtures for the DTS tests: the seed parsed once, and an app over a real index of it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from archive_api.models import Document
from archive_api.store import DocumentStore
from tests.support.apps import BACKENDS, backend_app, client_of

DOCUMENTS = Path(__file__).resolve().parents[2] / "documents"
SEED_ID = "turk-sovyet-iliskileri-1920"


@pytest.fixture(scope="session")
def seed() -> Document:
    return DocumentStore(DOCUMENTS).load(SEED_ID)


@pytest.fixture(scope="session", params=BACKENDS)
def dts_app(request: pytest.FixtureRequest, built_index: Any) -> Flask:
    return backend_app(request, built_index)


@pytest.fixture
def client(dts_app: Flask) -> Iterator[FlaskClient]:
    yield from client_of(dts_app)
