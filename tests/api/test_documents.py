"""GET /documents and /documents/{doc_id} on the seed."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

from .helpers import DOC, HOST, SEED, follow, get_json, problem


def _toc_ids(entries: list[dict[str, Any]]) -> list[str]:
    ids = []
    for entry in entries:
        ids.append(entry["id"])
        ids += _toc_ids(entry["children"])
    return ids


def test_list_has_the_seed(client: FlaskClient) -> None:
    body = get_json(client, "/api/v1/documents")
    assert body["total"] == 1
    assert body["page"] == 1 and body["per_page"] == 20
    [doc] = body["items"]
    assert doc["id"] == SEED
    assert doc["type"] == "document"
    assert doc["url"] == f"{HOST}{DOC}"


def test_document_metadata(client: FlaskClient) -> None:
    doc = get_json(client, DOC)
    assert doc["title"] == "İlk Türk–Sovyet Temasları ve Yazışmaları (1920)"
    assert doc["kind"] == "article"
    assert doc["language"] == "tr"
    assert doc["date"] is None
    assert "Çiçerin" in doc["metadata"]["tags"]
    assert doc["metadata"]["authors"] == []
    assert "title" in doc["metadata"]["inferred"]


def test_document_counts(client: FlaskClient) -> None:
    counts = get_json(client, DOC)["counts"]
    assert counts["pages"] == 17
    assert counts["letters"] == 4
    assert counts["annexes"] == 4
    assert counts["footnotes"] == 41  # 1..40 and the unnumbered "*"
    assert counts["sections"] == 11
    assert counts["paragraphs"] > 100
    assert counts["works"] > 20


def test_counts_match_the_collections(client: FlaskClient) -> None:
    doc = get_json(client, DOC)
    for name, url in doc["links"].items():
        assert follow(client, url)["total"] == doc["counts"][name], name


def test_table_of_contents_nests_sections(client: FlaskClient) -> None:
    toc = get_json(client, DOC)["toc"]
    assert [entry["id"] for entry in toc] == ["giris", "I", "II", "sonuc"]
    part_one = toc[1]
    assert [c["id"] for c in part_one["children"]] == ["I.A", "I.B"]
    assert [c["id"] for c in part_one["children"][1]["children"]] == ["I.B.a", "I.B.b"]
    assert toc[0]["number"] is None and toc[0]["title"] == "GİRİŞ"
    assert toc[3]["page_end"] == 17


def test_toc_lists_every_section_in_document_order(client: FlaskClient) -> None:
    toc = get_json(client, DOC)["toc"]
    sections = get_json(client, f"{DOC}/sections?per_page=100")["items"]
    assert _toc_ids(toc) == [s["id"] for s in sections]
    section = follow(client, toc[2]["children"][0]["url"])
    assert section["id"] == "II.A"


def test_unknown_document_is_404(client: FlaskClient) -> None:
    body = problem(client, "/api/v1/documents/no-such-document", 404)
    assert "no-such-document" in body["detail"]
