"""GET /search: hits with URLs of their records, filters, facets and argument errors."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest
from flask import Flask
from flask.testing import FlaskClient

from .helpers import DOC, HOST, SEED, bad_parameters, follow, get_json, problem


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


# --- the seed's hard cases, through HTTP ------------------------------------------------


def _items(client: FlaskClient, query: str) -> list[dict[str, Any]]:
    body = get_json(client, f"/api/v1/search?{query}&per_page=100")
    items: list[dict[str, Any]] = body["items"]
    return items


def _reading_text(client: FlaskClient) -> str:
    """The document's reading text as a client rebuilds it: its paragraphs, blank lines."""
    texts: list[str] = []
    url: str | None = f"{DOC}/paragraphs?per_page=100"
    while url:
        body = get_json(client, url.removeprefix(HOST))
        texts += [item["text"] for item in body["items"]]
        url = body["links"]["next"]
    return "\n\n".join(texts)


@pytest.fixture(scope="module")
def reading_text(app: Flask) -> str:
    with app.test_client() as client:
        return _reading_text(client)


def _marked(hit: dict[str, Any], text: str) -> list[str]:
    return [text[m["start"] : m["end"]] for m in hit["matches"]]


def test_baris_marks_banisi(client: FlaskClient, reading_text: str) -> None:
    hit = next(h for h in _items(client, "q=barış") if h["id"] == "p121")
    assert "<mark>Banşı</mark>" in hit["snippet"]
    assert "Banşı" in _marked(hit, reading_text)


@pytest.mark.parametrize("q", ["Cicerin", "Chicherin"])
def test_spellings_find_the_letter_signed_tchitcherine(client: FlaskClient, q: str) -> None:
    assert "letter-2" in [h["id"] for h in _items(client, f"q={q}")]
    [letter] = _items(client, f"q={q}&type=letter")
    assert letter["id"] == "letter-2" and "<mark>Tchitcherine</mark>" in letter["snippet"]


def test_tchitcherine_ranks_his_letter_in_the_top_three(client: FlaskClient) -> None:
    top = get_json(client, "/api/v1/search?q=Tchitcherine&per_page=3")["items"]
    assert "letter-2" in [h["id"] for h in top]


def test_istanbul_in_capitals(client: FlaskClient, reading_text: str) -> None:
    items = _items(client, "q=ISTANBUL")
    assert sum("<mark>İstanbul</mark>" in h["snippet"] for h in items) >= 10
    assert "İstanbul" in {w for h in items for w in _marked(h, reading_text)}


def test_kazim_karabekir(client: FlaskClient, reading_text: str) -> None:
    items = _items(client, "q=Kazım Karabekir")
    hit = next(h for h in items if h["id"] == "p109")
    assert _marked(hit, reading_text) == ["Kâzım", "Karabekir"]
    assert _marked(items[0], reading_text)[0] == "Kazım"  # the spelling typed first


def test_antlasma_finds_andlasmasi(client: FlaskClient, reading_text: str) -> None:
    items = {h["id"]: h for h in _items(client, "q=antlaşma")}
    for paragraph in ("p118", "p120", "p130"):
        assert "Andlaşması" in _marked(items[paragraph], reading_text)


def test_word_split_over_two_lines(client: FlaskClient, reading_text: str) -> None:
    first = get_json(client, "/api/v1/search?q=savaşmışlardır")["items"][0]
    assert first["id"] == "p2"
    assert "savaşmışlardır" in _marked(first, reading_text)
    record = follow(client, first["url"])
    assert "savaş-\nmışlardır" in record["printed"]


def test_exactly_the_three_june_letters(client: FlaskClient) -> None:
    body = get_json(client, "/api/v1/search?type=letter&date_from=1920-06-01&date_to=1920-06-30")
    assert [h["id"] for h in body["items"]] == ["letter-2", "letter-3", "letter-4"]
    assert body["total"] == 3
    assert body["facets"]["year"] == {"1920": 3}


def test_dates_in_the_documents_own_forms(client: FlaskClient) -> None:
    rumi = get_json(client, "/api/v1/search?type=letter&date_from=9.5.1336&date_to=20 Haziran 336")
    assert rumi["total"] == 4
    turkish = get_json(client, "/api/v1/search?type=letter&date_from=3 Haziran 1920&date_to=1920")
    assert [h["id"] for h in turkish["items"]] == ["letter-2", "letter-3", "letter-4"]
    for parameter in ("date_from", "date_to"):
        body = problem(client, f"/api/v1/search?q=Ankara&{parameter}=yarın", 400)
        assert bad_parameters(body) == [parameter]
        assert "9.5.1336" in body["errors"][0]["detail"]
    body = problem(client, "/api/v1/search?q=x&date_from=20 Haziran 336&date_to=9.5.1336", 400)
    assert bad_parameters(body) == ["date_to"]


@pytest.mark.parametrize("q", ["a.g.e.", '"Büyük Millet', "*", "-", "OR", "-*", "AND OR NOT"])
def test_syntax_alone_is_text(client: FlaskClient, q: str) -> None:
    body = get_json(client, f"/api/v1/search?q={quote(q)}")
    assert body["total"] == len(body["items"]) or body["total"] > 10
    assert set(body["facets"]) == {"type", "year", "document", "kind"}


def test_type_document_gives_one_hit_per_document(client: FlaskClient) -> None:
    body = get_json(client, "/api/v1/search?q=Karabekir&type=document")
    [hit] = body["items"]
    assert (hit["type"], hit["id"], hit["url"]) == ("document", SEED, hit["document_url"])
    assert body["total"] == body["facets"]["type"]["document"] == 1
    assert "<mark>Karabekir</mark>" in hit["snippet"]


def test_document_hit_shows_the_passages_of_its_words(client: FlaskClient) -> None:
    # No paragraph of the article names both Çiçerin and Erzurum; the article does.
    body = get_json(client, "/api/v1/search?q=%C3%87i%C3%A7erin+Erzurum&type=document")
    assert not body["relaxed"] and body["total"] == 1
    [hit] = body["items"]
    assert hit["id"] == SEED and len(hit["passages"]) == 2
    for passage in hit["passages"]:
        assert passage["type"] == "paragraph" and "<mark>" in passage["snippet"]
        assert follow(client, passage["url"])["id"] == passage["id"]
    marked = " ".join(passage["snippet"] for passage in hit["passages"])
    assert "<mark>Çiçerin</mark>" in marked and "<mark>Erzurum'a</mark>" in marked
    paragraphs = []
    for number in (1, 2):
        listing = get_json(client, f"{DOC}/paragraphs?per_page=100&page={number}")
        paragraphs += [paragraph["text"] for paragraph in listing["items"]]
    text = "\n\n".join(paragraphs)
    assert {"Çiçerin", "Erzurum'a"} <= {text[m["start"] : m["end"]] for m in hit["matches"]}
    assert body["tolerant"] is False
    records = get_json(client, "/api/v1/search?q=%C3%87i%C3%A7erin+Erzurum&type=paragraph")
    assert records["relaxed"] and all(not h["passages"] for h in records["items"])


def test_a_misread_word_is_found_tolerantly(client: FlaskClient) -> None:
    body = get_json(client, "/api/v1/search?q=Karabekjr&type=letter")
    assert body["tolerant"] is True and body["total"] >= 1
    assert "<mark>Karabekir</mark>" in body["items"][0]["snippet"]


def test_sort_by_date(client: FlaskClient) -> None:
    body = get_json(client, "/api/v1/search?q=Ankara&type=letter&sort=date")
    assert body["sort"] == "date"
    assert [h["id"] for h in body["items"]] == ["letter-1", "letter-2", "letter-4"]
    assert "sort=date" in body["links"]["self"]
    relevance = get_json(client, "/api/v1/search?q=Ankara&type=letter")
    assert relevance["sort"] == "relevance"
    assert bad_parameters(problem(client, "/api/v1/search?q=Ankara&sort=eski", 400)) == ["sort"]


def test_facets_for_the_letters(client: FlaskClient) -> None:
    body = get_json(client, "/api/v1/search?type=letter")
    assert body["facets"]["year"] == {"1920": 4}
    assert body["facets"]["kind"] == {"mektup": 2, "sifre": 1, "tahrirat": 1}
    assert body["facets"]["document"] == {SEED: 4}
    assert body["facets"]["type"]["letter"] == 4


def test_relaxed_and_suggestion(client: FlaskClient) -> None:
    strict = get_json(client, "/api/v1/search?q=Karabekir Erzurum")
    assert strict["relaxed"] is False and strict["suggestion"] is None
    relaxed = get_json(client, "/api/v1/search?q=Karabekir Erzurum zümrütanka")
    assert relaxed["relaxed"] is True and relaxed["total"] == strict["total"]
    misspelt = get_json(client, "/api/v1/search?q=Erzrum")
    # One letter away: found tolerantly, and the spelling is offered.
    assert (misspelt["tolerant"], misspelt["suggestion"]) == (True, "erzurum")
    assert misspelt["total"] >= 1 and "<mark>Erzurum" in misspelt["items"][0]["snippet"]
    assert get_json(client, "/api/v1/search?q=Karabekri")["suggestion"] == "karabekir"


def test_sender_filter_honours_variants(client: FlaskClient) -> None:
    for sender in ("Çiçerin", "Chicherin", "CICERIN"):
        body = get_json(client, f"/api/v1/search?type=letter&sender={sender}")
        assert [h["id"] for h in body["items"]] == ["letter-2"], sender


def test_footnote_hits_have_no_reading_text_offsets(client: FlaskClient) -> None:
    items = _items(client, "q=Karabekir&type=footnote")
    assert items and all(h["matches"] == [] and "<mark>" in h["snippet"] for h in items)
