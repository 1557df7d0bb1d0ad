"""ETag and 304, CORS for reads only, security headers, and all of it in the contract."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from archive_api import create_app
from archive_api.api.spec import spec_dict

from .helpers import DOC

ORIGIN = "https://tarih.example"


def test_a_record_carries_an_etag_and_answers_304_when_unchanged(client: FlaskClient) -> None:
    first = client.get(f"{DOC}/letters/letter-2")
    tag = first.headers["ETag"]
    assert tag.startswith('"') and len(tag) == 34
    assert client.get(f"{DOC}/letters/letter-2").headers["ETag"] == tag  # stable
    assert client.get(f"{DOC}/letters/letter-3").headers["ETag"] != tag
    again = client.get(f"{DOC}/letters/letter-2", headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.get_data() == b""
    assert again.headers["ETag"] == tag
    assert again.headers["X-Content-Type-Options"] == "nosniff"
    weak = client.get(f"{DOC}/letters/letter-2", headers={"If-None-Match": f'W/{tag}, "x"'})
    assert weak.status_code == 304
    other = client.get(f"{DOC}/letters/letter-2", headers={"If-None-Match": '"eski"'})
    assert other.status_code == 200 and other.get_json()["id"] == "letter-2"
    head = client.head(f"{DOC}/letters/letter-2")
    assert head.status_code == 200 and head.headers["ETag"] == tag


def test_collections_and_searches_are_tagged_health_and_errors_are_not(
    client: FlaskClient,
) -> None:
    assert "ETag" in client.get(f"{DOC}/footnotes?per_page=5").headers
    assert "ETag" in client.get("/api/v1/search?q=Karabekir").headers
    assert "ETag" not in client.get("/api/v1/health").headers
    assert "ETag" not in client.get(f"{DOC}/footnotes/99").headers


def test_reads_are_open_to_any_origin_by_default(client: FlaskClient) -> None:
    response = client.get(f"{DOC}/pages/9", headers={"Origin": ORIGIN})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    exposed = response.headers["Access-Control-Expose-Headers"]
    assert "ETag" in exposed and "RateLimit-Remaining" in exposed and "Retry-After" in exposed
    missing = client.get(f"{DOC}/pages/99", headers={"Origin": ORIGIN})
    assert missing.status_code == 404  # a browser may read the problem document too
    assert missing.headers["Access-Control-Allow-Origin"] == "*"


def test_a_preflight_is_answered_for_reads_only(client: FlaskClient) -> None:
    read = client.options(
        "/api/v1/search",
        headers={
            "Origin": ORIGIN,
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "if-none-match",
        },
    )
    assert read.status_code == 200
    assert read.headers["Access-Control-Allow-Origin"] == "*"
    assert read.headers["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "If-None-Match" in read.headers["Access-Control-Allow-Headers"]
    assert read.headers["Access-Control-Max-Age"] == "600"
    for method in ("POST", "PUT", "DELETE"):
        write = client.options(
            "/api/v1/documents/x",
            headers={"Origin": ORIGIN, "Access-Control-Request-Method": method},
        )
        assert "Access-Control-Allow-Origin" not in write.headers
        assert "Access-Control-Allow-Methods" not in write.headers


def _app(built_index: Any, origins: str) -> Flask:
    return create_app(
        {
            "TESTING": True,
            "ARCHIVE_INDEX_DIR": str(built_index.index_dir),
            "ARCHIVE_CORS_ORIGINS": origins,
        }
    )


def test_configured_origins_are_echoed_and_others_refused(built_index: Any) -> None:
    app = _app(built_index, f"{ORIGIN}, http://localhost:3000")
    with app.test_client() as client:
        allowed = client.get(DOC, headers={"Origin": "http://localhost:3000"})
        assert allowed.headers["Access-Control-Allow-Origin"] == "http://localhost:3000"
        assert "Origin" in allowed.headers["Vary"]
        refused = client.get(DOC, headers={"Origin": "https://kotu.example"})
        assert refused.status_code == 200
        assert "Access-Control-Allow-Origin" not in refused.headers
        assert "Origin" in refused.headers["Vary"]  # a cache must not mix the two


def test_an_empty_setting_turns_cors_off(built_index: Any) -> None:
    with _app(built_index, "").test_client() as client:
        response = client.get(DOC, headers={"Origin": ORIGIN})
    assert not [name for name, _ in response.headers.items() if name.startswith("Access-Control")]


@pytest.mark.parametrize("url", ["/docs", "/api/v1/documents", "/api/v1/nothing", "/openapi.yaml"])
def test_security_headers_everywhere(client: FlaskClient, url: str) -> None:
    response = client.get(url)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    policy = response.headers["Content-Security-Policy"]
    assert policy.startswith("default-src 'none'") and "frame-ancestors 'none'" in policy
    if url == "/docs":
        assert "style-src 'self'" in policy and "unsafe-inline" not in policy
    assert "Werkzeug" not in response.headers.get("Server", "")


def test_the_contract_documents_headers_statuses_and_the_bearer_scheme(app: Flask) -> None:
    spec = spec_dict(app)
    paths = spec["paths"]
    letter = paths["/api/v1/documents/{doc_id}/letters/{letter_id}"]["get"]
    assert letter["responses"]["200"]["headers"]["ETag"] == {"$ref": "#/components/headers/ETag"}
    assert letter["responses"]["304"] == {"$ref": "#/components/responses/NOT_MODIFIED"}
    assert "If-None-Match" in {p.get("name") for p in letter["parameters"]}
    search = paths["/api/v1/search"]["get"]["responses"]
    assert set(search["200"]["headers"]) >= {"ETag", "RateLimit-Limit", "RateLimit-Remaining"}
    assert search["429"] == {"$ref": "#/components/responses/RATE_LIMITED"}
    assert "Retry-After" in spec["components"]["responses"]["RATE_LIMITED"]["headers"]
    assert spec["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    post = paths["/api/v1/documents"]["post"]
    put, delete = (paths["/api/v1/documents/{doc_id}"][m] for m in ("put", "delete"))
    assert set(post["requestBody"]["content"]) == {"application/json", "multipart/form-data"}
    assert put["requestBody"]["content"] == post["requestBody"]["content"]
    assert {"201", "401", "403", "409", "413", "415", "422"} <= set(post["responses"])
    assert {"200", "201", "401", "403", "413", "415", "422"} <= set(put["responses"])
    assert {"204", "401", "403", "404"} <= set(delete["responses"])
    for operation in (post, put, delete):
        assert operation["security"] == [{"bearerAuth": []}]
    assert "security" not in letter  # reads need nothing
    assert "304" not in paths["/api/v1/health"]["get"]["responses"]
