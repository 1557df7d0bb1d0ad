"""The app over the session's index of the seed, and a real gunicorn serving a copy of it.

The server binds 127.0.0.1 on a free port, uses private directories, and is stopped by
its PID when the session ends.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from archive_api import create_app

from .helpers import CLI, REPO, Server, free_port, stop, wait_healthy


@pytest.fixture(scope="session")
def app(built_index: Any) -> Flask:
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


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """gunicorn over a fresh index of the seed, built by the command line."""
    root = tmp_path_factory.mktemp("web-server")
    documents, index = root / "documents", root / "index"
    shutil.copytree(REPO / "documents", documents)
    port = free_port()
    env = {
        **os.environ,
        "ARCHIVE_DOCUMENTS_DIR": str(documents),
        "ARCHIVE_INDEX_DIR": str(index),
        "PORT": str(port),
        "WEB_CONCURRENCY": "2",
    }
    subprocess.run(
        [sys.executable, "-c", CLI, "index"], env=env, cwd=REPO, check=True, capture_output=True
    )
    log = root / "gunicorn.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-c",
                "gunicorn.conf.py",
                "archive_api:create_app()",
            ],
            cwd=REPO,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base, process, log)
        yield Server(base, root, log)
    finally:
        stop(process)
