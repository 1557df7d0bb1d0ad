"""GET /docs: a self-contained reference page rendered from the served contract."""

from __future__ import annotations

import html
import json
import re
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from archive_api.api.spec import spec_dict


def _page(client: FlaskClient) -> str:
    response = client.get("/docs")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    return html.unescape(response.get_data(as_text=True))


def test_lists_every_path_and_parameter(client: FlaskClient, app: Flask) -> None:
    page = _page(client)
    spec = spec_dict(app)
    for path, item in spec["paths"].items():
        assert f"GET {path}" in page, path
        for param in item["get"].get("parameters", []):
            assert f"<code>{param['name']}</code>" in page, (path, param["name"])
    for name in ("per_page", "date_from", "sender", "q", "type", "doc_id", "label"):
        assert f"<code>{name}</code>" in page


def test_shows_response_fields_and_real_examples(client: FlaskClient, app: Flask) -> None:
    page = _page(client)
    for field in ("items[].anchor.paragraph_id", "annex_url", "links.next", "toc[].children"):
        assert f"<code>{field}</code>" in page, field
    example: Any = spec_dict(app)["paths"]["/api/v1/documents/{doc_id}/letters/{letter_id}"]["get"][
        "responses"
    ]["200"]["content"]["application/json"]["example"]
    assert example["kind"] == "Şifre"
    assert json.dumps(example["date_original"], ensure_ascii=False) in page
    assert "Tchitcherine" in page  # the /letters example


def test_documents_the_problem_types(client: FlaskClient) -> None:
    page = _page(client)
    for slug in ("invalid-parameter", "not-found", "method-not-allowed", "index-unavailable"):
        assert f'id="problem-{slug}"' in page


def test_needs_nothing_from_elsewhere(client: FlaskClient) -> None:
    page = _page(client)
    assert "<script" not in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    css = client.get("/static/docs.css")
    assert css.status_code == 200 and css.mimetype == "text/css"
    assert "http" not in css.get_data(as_text=True)


def test_security_headers(client: FlaskClient) -> None:
    docs = client.get("/docs")
    assert docs.headers["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'none'" in docs.headers["Content-Security-Policy"]
    api = client.get("/api/v1/documents")
    assert api.headers["Content-Security-Policy"].startswith("default-src 'none'")
    assert "Werkzeug" not in api.headers.get("Server", "")
