"""POST, PUT and DELETE on documents: the token, every refusal before a write, and the answer
once the change is searchable; each against the embedded index and against PostgreSQL."""

from __future__ import annotations

import io
import json
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from jsonschema import Draft202012Validator

from archive_api import create_app
from archive_api.api.spec import spec_dict
from archive_api.search.generations import current_name
from tests.support.apps import BACKENDS

from .helpers import PROBLEM_JSON, SEED

REPO = Path(__file__).resolve().parents[2]
ATATURK = REPO / "corpora" / "ataturk"
LETTER = "atam-c1-1918-002"
TOKEN = "gizli-anahtar-1920"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
DOCS = "/api/v1/documents"


def _letter() -> tuple[str, dict[str, Any]]:
    text = (ATATURK / f"{LETTER}.txt").read_text(encoding="utf-8")
    return text, json.loads((ATATURK / f"{LETTER}.json").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Target:
    """Where a write goes: a private copy of the session's documents and index, or of its
    database (``ARCHIVE_BACKEND=postgres``)."""

    documents: Path
    index: Path
    database_url: str | None = None

    def config(self) -> dict[str, Any]:
        config: dict[str, Any] = {
            "ARCHIVE_DOCUMENTS_DIR": str(self.documents),
            "ARCHIVE_INDEX_DIR": str(self.index),
        }
        if self.database_url is not None:
            config.update(ARCHIVE_BACKEND="postgres", ARCHIVE_DATABASE_URL=self.database_url)
        return config

    def _rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[Any]:
        import psycopg

        assert self.database_url is not None
        with psycopg.connect(self.database_url) as connection:
            return connection.execute(sql, params).fetchall()

    def state(self) -> Any:
        """What is stored and at which generation: equal before and after a refused write."""
        if self.database_url is None:
            return sorted(p.name for p in self.documents.iterdir()), self.generation()
        return self._rows("SELECT id, source FROM documents ORDER BY id"), self.generation()

    def count(self) -> int:
        if self.database_url is None:
            return len(list(self.documents.glob("*.txt")))
        return int(self._rows("SELECT count(*) FROM documents")[0][0])

    def generation(self) -> str | None:
        if self.database_url is None:
            return current_name(self.index)
        value = self._rows("SELECT value FROM archive_facts WHERE key = 'generation'")[0][0]
        return f"db-{int(value):08d}"

    def files(self, doc_id: str) -> tuple[str, Any]:
        """The text and metadata stored for ``doc_id``, as written."""
        if self.database_url is None:
            text = (self.documents / f"{doc_id}.txt").read_text(encoding="utf-8")
            meta = self.documents / f"{doc_id}.json"
            return text, json.loads(meta.read_text(encoding="utf-8")) if meta.exists() else None
        [(text, meta)] = self._rows("SELECT text, metadata FROM documents WHERE id = %s", (doc_id,))
        return bytes(text).decode("utf-8"), json.loads(bytes(meta)) if meta else None


@pytest.fixture(params=BACKENDS)
def target(request: pytest.FixtureRequest, built_index: Any, tmp_path: Path) -> Target:
    shutil.copytree(built_index.documents_dir, tmp_path / "documents")
    shutil.copytree(built_index.index_dir, tmp_path / "index")
    database = request.getfixturevalue("database_copy") if request.param == "postgres" else None
    return Target(tmp_path / "documents", tmp_path / "index", database)


def _app(target: Target, **config: Any) -> Flask:
    return create_app(
        {
            "TESTING": True,
            "ARCHIVE_RELOAD_INTERVAL": 0,
            "ARCHIVE_API_TOKEN": TOKEN,
            **target.config(),
            **config,
        }
    )


@pytest.fixture
def client(target: Target) -> Iterator[FlaskClient]:
    with _app(target).test_client() as client:
        yield client


def _problem(response: Any, status: int, slug: str) -> dict[str, Any]:
    assert response.status_code == status, response.get_data(True)
    assert response.mimetype == PROBLEM_JSON
    body: dict[str, Any] = response.get_json()
    assert body["type"] == f"/docs#problem-{slug}" and body["status"] == status
    return body


# --- who may write -----------------------------------------------------------------------


def test_without_a_configured_token_writing_is_off(target: Target) -> None:
    app = _app(target, ARCHIVE_API_TOKEN=None)
    text, _ = _letter()
    before = target.state()
    with app.test_client() as client:
        for response in (
            client.post(DOCS, json={"text": text}, headers=AUTH),
            client.put(f"{DOCS}/yeni", json={"text": text}, headers=AUTH),
            client.delete(f"{DOCS}/{SEED}", headers=AUTH),
        ):
            body = _problem(response, 403, "writes-disabled")
            assert "ARCHIVE_API_TOKEN" in body["detail"] and "Bearer" in body["detail"]
        assert client.get(f"{DOCS}/{SEED}").status_code == 200  # reads stay open
    assert target.state() == before


@pytest.mark.parametrize(
    ("headers", "challenge"),
    [
        ({}, 'Bearer realm="archive"'),
        ({"Authorization": "Bearer"}, 'Bearer realm="archive"'),
        ({"Authorization": f"Basic {TOKEN}"}, 'Bearer realm="archive"'),
        ({"Authorization": "Bearer yanlis"}, 'Bearer realm="archive", error="invalid_token"'),
        ({"Authorization": f"Bearer {TOKEN}x"}, 'Bearer realm="archive", error="invalid_token"'),
        ({"Authorization": "Bearer ş"}, 'Bearer realm="archive", error="invalid_token"'),
    ],
)
def test_a_missing_or_wrong_token_is_401(
    client: FlaskClient, headers: dict[str, str], challenge: str
) -> None:
    for response in (
        client.post(DOCS, json={"text": "Ankara"}, headers=headers),
        client.delete(f"{DOCS}/{SEED}", headers=headers),
    ):
        _problem(response, 401, "unauthorized")
        assert response.headers["WWW-Authenticate"] == challenge
    assert client.get(f"{DOCS}/{SEED}").status_code == 200


def test_the_scheme_name_is_case_insensitive(client: FlaskClient) -> None:
    text, _ = _letter()
    response = client.post(DOCS, json={"text": text}, headers={"Authorization": f"bearer {TOKEN}"})
    assert response.status_code == 201


# --- adding, replacing, removing ---------------------------------------------------------


def test_post_answers_the_record_once_it_is_searchable(client: FlaskClient, target: Target) -> None:
    text, metadata = _letter()
    response = client.post(
        DOCS, json={"id": "telgraf", "text": text, "metadata": metadata}, headers=AUTH
    )
    assert response.status_code == 201, response.get_data(True)
    body = response.get_json()
    assert body["id"] == "telgraf" and body["url"] == "http://localhost/api/v1/documents/telgraf"
    assert response.headers["Location"] == body["url"]
    assert response.headers["Cache-Control"] == "no-store"
    assert body["title"] == metadata["title"] and body["date"] == "1918-11-10"
    assert body["searchable"] is True
    assert body["generation"] == target.generation()
    assert body["counts"]["letters"] == 1
    assert client.get(f"{DOCS}/telgraf").get_json()["title"] == metadata["title"]
    hits = client.get("/api/v1/search?q=Başkumandanlık&type=letter").get_json()["items"]
    assert "telgraf" in {hit["document_id"] for hit in hits}
    assert target.files("telgraf") == (text, metadata)
    spec = spec_dict(client.application)
    schema = {"$ref": "#/components/schemas/SavedDocument", "components": spec["components"]}
    assert not list(Draft202012Validator(schema).iter_errors(body))


def test_post_of_an_existing_id_is_409_and_derived_ids_are_numbered(client: FlaskClient) -> None:
    text, metadata = _letter()
    _problem(client.post(DOCS, json={"id": SEED, "text": text}, headers=AUTH), 409, "conflict")
    first = client.post(DOCS, json={"text": text, "metadata": metadata}, headers=AUTH)
    second = client.post(DOCS, json={"text": text, "metadata": metadata}, headers=AUTH)
    base = "baskumandanlik-erkan-i-harbiye-riyaseti-ne-cektigi-telgraf"
    assert (first.get_json()["id"], second.get_json()["id"]) == (base, f"{base}-2")


def test_multipart_with_a_text_file_and_its_metadata(client: FlaskClient) -> None:
    text, metadata = _letter()
    as_field = {
        "file": (io.BytesIO(text.encode()), f"{LETTER}.txt", "text/plain"),
        "metadata": json.dumps(metadata),
        "id": "telgraf-1",
    }
    response = client.post(DOCS, data=as_field, headers=AUTH)
    assert response.status_code == 201, response.get_data(True)
    assert response.get_json()["metadata"]["sender"] == metadata["sender"]
    as_file = {
        "file": (io.BytesIO(text.encode()), "metin.txt"),
        "metadata": (io.BytesIO(json.dumps(metadata).encode()), "metin.json", "application/json"),
    }
    response = client.put(f"{DOCS}/telgraf-2", data=as_file, headers=AUTH)
    assert response.status_code == 201 and response.get_json()["date"] == "1918-11-10"


def test_put_creates_then_replaces(client: FlaskClient, target: Target) -> None:
    text, metadata = _letter()
    created = client.put(f"{DOCS}/telgraf", json={"text": text}, headers=AUTH)
    assert created.status_code == 201 and created.headers["Location"].endswith("/telgraf")
    replaced = client.put(
        f"{DOCS}/telgraf", json={"id": "telgraf", "text": text, "metadata": metadata}, headers=AUTH
    )
    assert replaced.status_code == 200 and "Location" not in replaced.headers
    assert replaced.get_json()["title"] == metadata["title"]
    assert replaced.get_json()["generation"] != created.get_json()["generation"]
    body = _problem(
        client.put(f"{DOCS}/telgraf", json={"id": "baska", "text": text}, headers=AUTH),
        422,
        "invalid-document",
    )
    assert body["errors"] == [
        {"name": "id", "in": "body", "detail": "the body names 'baska', the URL 'telgraf'"}
    ]


def test_delete_answers_204_once_no_search_finds_it(client: FlaskClient) -> None:
    text, metadata = _letter()
    client.put(f"{DOCS}/telgraf", json={"text": text, "metadata": metadata}, headers=AUTH)
    response = client.delete(f"{DOCS}/telgraf", headers=AUTH)
    assert response.status_code == 204 and response.get_data() == b""
    _problem(client.get(f"{DOCS}/telgraf"), 404, "not-found")
    hits = client.get("/api/v1/search?q=Başkumandanlık&type=letter").get_json()["items"]
    assert "telgraf" not in {hit["document_id"] for hit in hits}
    _problem(client.delete(f"{DOCS}/telgraf", headers=AUTH), 404, "not-found")
    _problem(client.delete(f"{DOCS}/..%2f..%2fetc%2fpasswd", headers=AUTH), 404, "not-found")


def test_every_worker_serves_the_change_when_the_answer_comes(
    target: Target,
) -> None:
    """A second app stands for another worker: it opened the old generation before the write
    and looks at CURRENT every 0.3 s; the writer answers only after that interval."""
    writer, other = (_app(target, ARCHIVE_RELOAD_INTERVAL=0.3) for _ in range(2))
    text, _ = _letter()
    w, o = writer.test_client(), other.test_client()
    assert o.get(f"{DOCS}/telgraf").status_code == 404
    assert w.put(f"{DOCS}/telgraf", json={"text": text}, headers=AUTH).status_code == 201
    assert o.get(f"{DOCS}/telgraf").status_code == 200
    assert w.delete(f"{DOCS}/telgraf", headers=AUTH).status_code == 204
    assert o.get(f"{DOCS}/telgraf").status_code == 404


def test_concurrent_writes_are_serialised(client: FlaskClient) -> None:
    text, _ = _letter()
    app = client.application
    statuses: list[int] = []

    def write(doc_id: str) -> None:
        with app.test_client() as own:
            statuses.append(
                own.put(f"{DOCS}/{doc_id}", json={"text": text}, headers=AUTH).status_code
            )

    threads = [threading.Thread(target=write, args=(f"kopya-{n}",)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert statuses == [201] * 4
    listed = {d["id"] for d in client.get(f"{DOCS}?per_page=100").get_json()["items"]}
    assert listed == {SEED, "kopya-0", "kopya-1", "kopya-2", "kopya-3"}


# --- refused before anything is written --------------------------------------------------

BAD_BODIES: list[tuple[str, dict[str, Any], int, str, str]] = [
    # name, request keywords, status, problem slug, what the detail says
    (
        "text/plain",
        {"data": "Ankara", "content_type": "text/plain"},
        415,
        "unsupported-media-type",
        "text/plain",
    ),
    ("no type", {"data": b"Ankara"}, 415, "unsupported-media-type", "without a content type"),
    (
        "xml",
        {"data": "<x/>", "content_type": "application/xml"},
        415,
        "unsupported-media-type",
        "application/xml",
    ),
    (
        "broken json",
        {"data": '{"text": ', "content_type": "application/json"},
        400,
        "invalid-parameter",
        "not valid JSON",
    ),
    (
        "latin-5 json",
        {"data": '{"text": "Kâzım"}'.encode("cp1254"), "content_type": "application/json"},
        400,
        "invalid-parameter",
        "not UTF-8",
    ),
    (
        "json bomb",
        {"data": "[" * 100_000, "content_type": "application/json"},
        400,
        "invalid-parameter",
        "nested too deeply",
    ),
    (
        "huge number",
        {"data": '{"text": ' + "9" * 5000 + "}", "content_type": "application/json"},
        400,
        "invalid-parameter",
        "not valid JSON",
    ),
    ("array", {"json": ["Ankara"]}, 422, "invalid-document", "body: must be a JSON object"),
    (
        "unknown key",
        {"json": {"text": "Ankara", "baslik": "x"}},
        422,
        "invalid-document",
        "unknown field(s) baslik",
    ),
    ("no text", {"json": {"metadata": {}}}, 422, "invalid-document", "text: required"),
    (
        "text not a string",
        {"json": {"text": ["Ankara"]}},
        422,
        "invalid-document",
        "text: required",
    ),
    ("empty text", {"json": {"text": " \n"}}, 422, "invalid-document", "text: the text is empty"),
    ("NUL in text", {"json": {"text": "Ankara\u0000"}}, 422, "invalid-document", "NUL"),
    (
        "lone surrogate",
        {"data": '{"text": "Ankara \\ud800"}', "content_type": "application/json"},
        422,
        "invalid-document",
        "lone surrogate",
    ),
    (
        "nothing to parse",
        {"json": {"text": "\u0001\u0002"}},
        422,
        "invalid-document",
        "text: the text is empty",
    ),
    (
        "metadata a string",
        {"json": {"text": "Ankara", "metadata": "x"}},
        422,
        "invalid-document",
        "metadata: must be a JSON object",
    ),
    (
        "metadata field type",
        {"json": {"text": "Ankara", "metadata": {"tags": "x"}}},
        422,
        "invalid-document",
        "field 'tags' must be a list of strings",
    ),
    (
        "metadata date",
        {"json": {"text": "Ankara", "metadata": {"date": "9.5.1336"}}},
        422,
        "invalid-document",
        "field 'date' must be an ISO date",
    ),
    (
        "traversal id",
        {"json": {"id": "../../etc/passwd", "text": "Ankara"}},
        422,
        "invalid-document",
        "not a valid id",
    ),
    (
        "encoded traversal id",
        {"json": {"id": "%2e%2e%2f", "text": "Ankara"}},
        422,
        "invalid-document",
        "not a valid id",
    ),
    (
        "id not a string",
        {"json": {"id": 7, "text": "Ankara"}},
        422,
        "invalid-document",
        "id: must be a string",
    ),
    (
        "multipart without file",
        {"data": {"metadata": "{}"}, "content_type": "multipart/form-data"},
        422,
        "invalid-document",
        "exactly one `file` part",
    ),
    (
        "multipart pdf",
        {"data": {"file": (b"%PDF-1.4\n\xe2\xe3\xcf\xd3", "belge.pdf")}},
        422,
        "invalid-document",
        "text: not valid UTF-8: byte 0xe2 at offset 9",
    ),
    (
        "multipart bad metadata",
        {"data": {"file": (b"Ankara", "a.txt"), "metadata": "{"}},
        422,
        "invalid-document",
        "metadata: not valid JSON",
    ),
]


def _uploads(kwargs: dict[str, Any]) -> dict[str, Any]:
    """The request keywords with each file part's bytes as a new upload (one is read once)."""
    data = kwargs.get("data")
    if not isinstance(data, dict):
        return kwargs
    parts = {
        key: (io.BytesIO(value[0]), *value[1:]) if isinstance(value, tuple) else value
        for key, value in data.items()
    }
    return {**kwargs, "data": parts}


@pytest.mark.parametrize(
    ("kwargs", "status", "slug", "detail"),
    [case[1:] for case in BAD_BODIES],
    ids=[case[0] for case in BAD_BODIES],
)
def test_bad_bodies_are_refused_before_any_write(
    client: FlaskClient,
    target: Target,
    kwargs: dict[str, Any],
    status: int,
    slug: str,
    detail: str,
) -> None:
    before = target.state()
    response = client.post(DOCS, headers=AUTH, **_uploads(kwargs))
    body = _problem(response, status, slug)
    assert detail in body["detail"], body["detail"]
    assert "Traceback" not in response.get_data(True)
    if status == 415 and "data" in kwargs and not isinstance(kwargs["data"], dict):
        assert response.headers["Accept-Post"] == "application/json, multipart/form-data"
    if status == 422:
        assert body["errors"][0]["in"] == "body"
    assert target.state() == before


@pytest.mark.parametrize("doc_id", ["BUYUK", "ş", "a..b", "-x", "x" * 129])
def test_put_to_an_id_outside_the_rule_is_422(client: FlaskClient, doc_id: str) -> None:
    body = _problem(
        client.put(f"{DOCS}/{doc_id}", json={"text": "Ankara"}, headers=AUTH),
        422,
        "invalid-document",
    )
    assert body["errors"][0]["name"] == "id"


def test_limits_on_size(target: Target) -> None:
    app = _app(target, ARCHIVE_MAX_DOCUMENT_BYTES=1000, ARCHIVE_MAX_REQUEST_BYTES=4000)
    before = target.count()
    with app.test_client() as client:
        body = _problem(
            client.post(DOCS, json={"text": "ş" * 600}, headers=AUTH), 413, "payload-too-large"
        )
        assert body["detail"] == (
            "the text is 1200 bytes of UTF-8; this archive accepts at most 1000"
        )
        _problem(
            client.post(DOCS, json={"text": "a" * 5000}, headers=AUTH), 413, "payload-too-large"
        )
        upload = {"file": (io.BytesIO(b"a" * 5000), "a.txt")}
        _problem(client.post(DOCS, data=upload, headers=AUTH), 413, "payload-too-large")
        assert client.post(DOCS, json={"text": "ş" * 500}, headers=AUTH).status_code == 201
    assert target.count() == before + 1


def test_writes_get_no_cors_headers(client: FlaskClient) -> None:
    origin = {"Origin": "https://baska.example"}
    text, _ = _letter()
    response = client.put(f"{DOCS}/telgraf", json={"text": text}, headers={**AUTH, **origin})
    assert response.status_code == 201
    assert "Access-Control-Allow-Origin" not in response.headers
    preflight = client.options(
        f"{DOCS}/telgraf",
        headers={**origin, "Access-Control-Request-Method": "PUT"},
    )
    assert "Access-Control-Allow-Origin" not in preflight.headers
    assert (
        client.get(f"{DOCS}/telgraf", headers=origin).headers["Access-Control-Allow-Origin"] == "*"
    )
