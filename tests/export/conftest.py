"""Fixtures of the export tests: the seed and a telegram parsed once, fixed URLs, an app."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from archive_api.export.links import TemplateLinks
from archive_api.models import Document
from archive_api.store import DocumentStore
from tests.support.apps import BACKENDS, backend_app, client_of

from .helpers import ATATURK_ID, BASE, REPO, SEED_ID


@pytest.fixture(scope="session")
def seed() -> Document:
    return DocumentStore(REPO / "documents").load(SEED_ID)


@pytest.fixture(scope="session")
def telegram() -> Document:
    return DocumentStore(REPO / "corpora" / "ataturk").load(ATATURK_ID)


@pytest.fixture(scope="session")
def links() -> TemplateLinks:
    return TemplateLinks(BASE)


@pytest.fixture(scope="session", params=BACKENDS)
def app(request: pytest.FixtureRequest, built_index: Any) -> Flask:
    """The app over the session's index of the seed (built by the real indexer)."""
    return backend_app(request, built_index)


@pytest.fixture
def client(app: Flask) -> Iterator[FlaskClient]:
    yield from client_of(app)
