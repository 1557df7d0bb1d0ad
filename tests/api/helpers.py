"""Request helpers and seed constants shared by the API tests."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

SEED = "turk-sovyet-iliskileri-1920"
DOC = f"/api/v1/documents/{SEED}"
PROBLEM_JSON = "application/problem+json"
HOST = "http://localhost"


def get_json(client: FlaskClient, url: str, status: int = 200) -> Any:
    """GET ``url``, check the status and the JSON content type, return the body."""
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code, response.get_data(True))
    expected = "application/json" if status < 400 else PROBLEM_JSON
    assert response.mimetype == expected, (url, response.mimetype)
    return response.get_json()


def follow(client: FlaskClient, url: str) -> Any:
    """GET an absolute URL the API handed out, which must answer 200."""
    assert url.startswith(f"{HOST}/api/v1/"), url
    return get_json(client, url.removeprefix(HOST))


def problem(client: FlaskClient, url: str, status: int, method: str = "GET") -> Any:
    """Request ``url`` expecting a problem document with ``status``; return it."""
    response = client.open(url, method=method)
    assert response.status_code == status, (url, response.status_code, response.get_data(True))
    assert response.mimetype == PROBLEM_JSON, (url, response.mimetype)
    body = response.get_json()
    assert body["status"] == status
    assert body["type"].startswith("/docs#problem-")
    assert body["title"] and body["detail"]
    assert "Traceback" not in response.get_data(True)
    return body


def bad_parameters(body: Any) -> list[str]:
    """Names of the parameters a 400 problem blames."""
    return [e["name"] for e in body.get("errors", [])]
