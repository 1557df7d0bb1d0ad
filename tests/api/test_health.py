"""GET /health: 200 with the generation served, 503 when there is no readable index."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask.testing import FlaskClient

from archive_api import create_app

from .helpers import get_json, problem


def test_healthy(client: FlaskClient, built_index: Any) -> None:
    response = client.get("/api/v1/health")
    assert response.headers["Cache-Control"] == "no-store"
    body = get_json(client, "/api/v1/health")
    assert body["status"] == "ok"
    if client.application.config["ARCHIVE_BACKEND"] == "postgres":
        assert body["generation"].startswith("db-")  # the database's count of writes
        assert body["schema_version"] == 2
    else:
        assert body["generation"] == built_index.manifest.generation
    assert body["documents"] == 1
    assert body["records"] == sum(body["counts"].values())
    assert body["counts"]["letter"] == 4


def test_no_index_is_503(tmp_path: Path) -> None:
    app = create_app({"TESTING": True, "ARCHIVE_INDEX_DIR": str(tmp_path / "index")})
    with app.test_client() as client:
        body = problem(client, "/api/v1/health", 503)
        assert "index" in body["detail"]
        assert client.get("/api/v1/health").headers["Retry-After"] == "5"
        problem(client, "/api/v1/documents", 503)
        problem(client, "/api/v1/search?q=Ankara", 503)


def test_a_database_that_cannot_be_reached_is_503(tmp_path: Path) -> None:
    app = create_app(
        {
            "TESTING": True,
            "ARCHIVE_BACKEND": "postgres",
            # A socket folder where no server listens.
            "ARCHIVE_DATABASE_URL": f"postgresql:///archive?host={tmp_path}",
        }
    )
    with app.test_client() as client:
        problem(client, "/api/v1/health", 503)  # the reason is in the log, not the answer
        problem(client, "/api/v1/documents", 503)
        problem(client, "/api/v1/search?q=Ankara", 503)


def test_a_database_without_an_archive_is_503(cluster: Any) -> None:
    import psycopg

    with psycopg.connect(cluster.url(), autocommit=True) as admin:
        admin.execute('CREATE DATABASE "archive_empty"')
    app = create_app(
        {
            "TESTING": True,
            "ARCHIVE_BACKEND": "postgres",
            "ARCHIVE_DATABASE_URL": cluster.url("archive_empty"),
        }
    )
    with app.test_client() as client:
        problem(client, "/api/v1/health", 503)
        problem(client, "/api/v1/documents/x", 503)
