"""The factory: settings from the environment, overrides, and an index opened only on use."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from archive_api import create_app
from archive_api.api.reader import EXTENSION_KEY

from .helpers import DOC


def test_settings_come_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("ARCHIVE_DOCUMENTS_DIR", str(tmp_path / "docs"))
    monkeypatch.setenv("ARCHIVE_INDEX_DIR", str(tmp_path / "idx"))
    app = create_app()
    assert app.config["ARCHIVE_DOCUMENTS_DIR"] == str(tmp_path / "docs")
    assert app.config["ARCHIVE_INDEX_DIR"] == str(tmp_path / "idx")
    override = create_app({"ARCHIVE_INDEX_DIR": str(tmp_path / "other")})
    assert override.config["ARCHIVE_INDEX_DIR"] == str(tmp_path / "other")


def test_index_is_opened_on_first_request_only(built_index: Any) -> None:
    app = create_app({"TESTING": True, "ARCHIVE_INDEX_DIR": str(built_index.index_dir)})
    holder = app.extensions[EXTENSION_KEY]
    assert holder._archive is None  # creating the app (the gunicorn master) opens nothing
    with app.test_client() as client:
        assert client.get("/openapi.yaml").status_code == 200
        assert holder._archive is None  # the contract needs no index either
        assert client.get(DOC).status_code == 200
    assert holder._archive is not None


def test_turkish_is_sent_as_utf8_text(built_index: Any) -> None:
    app = create_app({"TESTING": True, "ARCHIVE_INDEX_DIR": str(built_index.index_dir)})
    with app.test_client() as client:
        raw = client.get(f"{DOC}/letters/letter-4").get_data()
    assert "Şifre".encode() in raw
    assert b"\\u" not in raw


def test_the_worker_settles_its_memory_once_a_response_is_sent(built_index: Any) -> None:
    app = create_app(
        {
            "TESTING": True,
            "ARCHIVE_INDEX_DIR": str(built_index.index_dir),
            "ARCHIVE_WORKER_MEMORY_MB": 1,  # below any process: every response settles
        }
    )
    holder = app.extensions[EXTENSION_KEY]
    with app.test_client() as client:
        assert client.get("/openapi.yaml").status_code == 200  # no archive yet: nothing to do
        assert holder._archive is None
        response = client.get("/api/v1/search", query_string={"q": "Çiçerin"}, buffered=True)
        assert response.status_code == 200 and response.get_json()["total"] > 0
        assert holder._archive.settles >= 1
        again = client.get("/api/v1/search", query_string={"q": "Çiçerin"}, buffered=True)
        assert again.get_json()["items"] == response.get_json()["items"]
