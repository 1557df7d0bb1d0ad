"""The app over the session's index of the seed, and a real gunicorn serving a copy of it.

The server binds 127.0.0.1 on a free port, uses private directories, and is stopped by
its PID when the session ends.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.support.apps import BACKENDS, backend_app, client_of
from tests.support.servers import index_with_cli, serve

from .helpers import REPO, Server


@pytest.fixture(scope="session", params=BACKENDS)
def app(request: pytest.FixtureRequest, built_index: Any) -> Flask:
    return backend_app(request, built_index)


@pytest.fixture
def client(app: Flask) -> Iterator[FlaskClient]:
    yield from client_of(app)


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """gunicorn over a fresh index of the seed, built by the command line."""
    root = tmp_path_factory.mktemp("web-server")
    documents, index = root / "documents", root / "index"
    shutil.copytree(REPO / "documents", documents)
    env = {
        **os.environ,
        "ARCHIVE_DOCUMENTS_DIR": str(documents),
        "ARCHIVE_INDEX_DIR": str(index),
    }
    index_with_cli(env)
    with serve(env, root / "gunicorn.log") as running:  # two workers
        yield Server(running.base, root, running.log)
