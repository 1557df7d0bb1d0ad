"""An app over a real index of the seed document, built once for the whole API suite."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.support.apps import BACKENDS, backend_app, client_of


@pytest.fixture(scope="session", params=BACKENDS)
def app(request: pytest.FixtureRequest, built_index: Any) -> Flask:
    """The app over the session's index of the seed (built by the real indexer)."""
    return backend_app(request, built_index)


@pytest.fixture
def client(app: Flask) -> Iterator[FlaskClient]:
    yield from client_of(app)
