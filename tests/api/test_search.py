"""GET /search: hits with URLs of their records, filters, facets and argument errors."""

from __future__ import annotations

from flask.testing import FlaskClient

from .helpers import SEED, bad_parameters, follow, get_json, problem


def test_hit_links_to_its_record(client: FlaskClient) -> None:
    body = get_json(client, "/api/v1/search?q=Tchitcherine&type=letter")
    assert body["total"] >= 1
    hit = body["items"][0]
    assert hit["type"] == "letter" and hit["document_id"] == SEED
    record = follow(client, hit["url"])
    assert record["id"] == hit["id"] == "letter-2"
    assert "<mark>" in hit["snippet"]
    assert hit["score"] > 0


def test_folded_query_finds_turkish_spelling(client: FlaskClient) -> None:
    folded = get_json(client, "/api/v1/search?q=cicerin")
    exact = get_json(client, "/api/v1/search?q=Çiçerin")
    assert folded["total"] >= 1
    assert {h["id"] for h in folded["items"]} == {h["id"] for h in exact["items"]}


def test_every_hit_url_resolves_to_the_hit(client: FlaskClient) -> None:
    body = get_json(client, "/api/v1/search?q=Karabekir&per_page=100")
    assert body["total"] >= 3
    types = set()
    for hit in body["items"]:
        record = follow(client, hit["url"])
        assert record["id"] == hit["id"]
        assert record["type"] == hit["type"]
        types.add(hit["type"])
    assert {"paragraph", "footnote"} <= types


def test_type_filter_comma_or_repeated(client: FlaskClient) -> None:
    comma = get_json(client, "/api/v1/search?q=Bilge&type=footnote,work&per_page=100")
    repeated = get_json(client, "/api/v1/search?q=Bilge&type=footnote&type=work&per_page=100")
    assert comma["items"] == repeated["items"]
    assert {h["type"] for h in comma["items"]} <= {"footnote", "work"}
    # Facets count every type, whatever the type filter keeps.
    assert comma["facets"]["type"]["footnote"] >= 8
    assert comma["facets"] == get_json(client, "/api/v1/search?q=Bilge")["facets"]


def test_filters_without_query(client: FlaskClient) -> None:
    letters = get_json(client, "/api/v1/search?type=letter")
    assert letters["total"] == 4
    assert all(h["score"] == 0 for h in letters["items"])
    moscow = get_json(client, "/api/v1/search?type=letter&sender=tchitcherine")
    assert [h["id"] for h in moscow["items"]] == ["letter-2"]


def test_search_pages_have_links(client: FlaskClient) -> None:
    body = get_json(client, "/api/v1/search?q=Moskova&per_page=2")
    assert body["total"] > 2
    second = follow(client, body["links"]["next"])
    assert second["page"] == 2
    assert not {h["id"] for h in second["items"]} & {h["id"] for h in body["items"]}


def test_query_or_filter_is_required(client: FlaskClient) -> None:
    for url in ("/api/v1/search", "/api/v1/search?q=", "/api/v1/search?q=%20%20&page=2"):
        assert bad_parameters(problem(client, url, 400)) == ["q"]


def test_bad_search_arguments(client: FlaskClient) -> None:
    assert bad_parameters(problem(client, "/api/v1/search?q=x&type=person", 400)) == ["type"]
    assert bad_parameters(problem(client, "/api/v1/search?q=x&per_page=101", 400)) == ["per_page"]
    body = problem(client, "/api/v1/search?q=x&date_from=1920-00", 400)
    assert bad_parameters(body) == ["date_from"]
    body = problem(client, "/api/v1/search?q=" + "Ankara " * 100, 400)
    assert bad_parameters(body) == ["q"]
    body = problem(client, "/api/v1/search?q=Ankara&kind=", 400)
    assert bad_parameters(body) == ["kind"]


def test_query_syntax_is_plain_text(client: FlaskClient) -> None:
    for q in ("a.g.e.", "Bilge AND", '"unclosed', "(", "*", "title:x", "ü~2"):
        get_json(client, f"/api/v1/search?q={q}")
