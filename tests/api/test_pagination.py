"""The collection envelope: totals, page links that keep the filters, and their edges."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from flask.testing import FlaskClient

from .helpers import DOC, HOST, follow, get_json


def _query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def test_envelope_and_links(client: FlaskClient) -> None:
    body = get_json(client, f"{DOC}/pages?page=2&per_page=5")
    assert [p["number"] for p in body["items"]] == [6, 7, 8, 9, 10]
    assert (body["total"], body["page"], body["per_page"]) == (17, 2, 5)
    links = body["links"]
    assert links["self"] == f"{HOST}{DOC}/pages?page=2&per_page=5"
    assert _query(links["first"])["page"] == ["1"]
    assert _query(links["prev"])["page"] == ["1"]
    assert _query(links["next"])["page"] == ["3"]
    assert _query(links["last"])["page"] == ["4"]


def test_last_page(client: FlaskClient) -> None:
    body = get_json(client, f"{DOC}/pages?page=4&per_page=5")
    assert [p["number"] for p in body["items"]] == [16, 17]
    assert body["links"]["next"] is None
    assert follow(client, body["links"]["prev"])["page"] == 3


def test_first_page_defaults(client: FlaskClient) -> None:
    body = get_json(client, f"{DOC}/footnotes")
    assert body["per_page"] == 20 and len(body["items"]) == 20
    assert body["links"]["prev"] is None
    assert _query(body["links"]["last"])["page"] == ["3"]


def test_links_keep_the_filters(client: FlaskClient) -> None:
    body = get_json(client, "/api/v1/search?q=Moskova&type=paragraph&type=letter&per_page=1")
    query = _query(body["links"]["next"])
    assert query["q"] == ["Moskova"]
    assert query["type"] == ["paragraph", "letter"]
    assert query["page"] == ["2"] and query["per_page"] == ["1"]


def test_empty_collection(client: FlaskClient) -> None:
    body = get_json(client, "/api/v1/letters?date_from=1999")
    assert body["items"] == [] and body["total"] == 0
    assert body["links"]["last"] == body["links"]["first"]
    assert body["links"]["next"] is None and body["links"]["prev"] is None
