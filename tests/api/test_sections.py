"""GET /documents/{doc_id}/sections: headings in order, with their paragraphs."""

from __future__ import annotations

from flask.testing import FlaskClient

from .helpers import DOC, follow, get_json, problem

ORDER = ["giris", "I", "I.A", "I.B", "I.B.a", "I.B.b", "II", "II.A", "II.A.a", "II.B", "sonuc"]


def test_sections_in_document_order(client: FlaskClient) -> None:
    body = get_json(client, f"{DOC}/sections?per_page=100")
    assert [s["id"] for s in body["items"]] == ORDER
    pages = [s["page_start"] for s in body["items"]]
    assert pages == sorted(pages)
    assert pages[0] == 1 and pages[-1] == 15


def test_numbered_section(client: FlaskClient) -> None:
    section = get_json(client, f"{DOC}/sections/I.B.a")
    assert section["type"] == "section"
    assert section["number"] == "I.B.a"
    assert section["level"] == 3
    assert section["parent"] == "I.B"
    assert "Maliye" in section["title"] and "Moskova" in section["title"]
    assert section["page_start"] == 7
    assert follow(client, section["parent_url"])["id"] == "I.B"


def test_unnumbered_sections(client: FlaskClient) -> None:
    giris = get_json(client, f"{DOC}/sections/giris")
    assert giris["number"] is None
    assert giris["title"] == "GİRİŞ"
    assert giris["level"] == 1 and giris["parent"] is None and giris["parent_url"] is None
    sonuc = get_json(client, f"{DOC}/sections/sonuc")
    assert sonuc["title"] == "SONUÇ" and sonuc["page_end"] == 17


def test_single_section_has_its_paragraphs(client: FlaskClient) -> None:
    section = get_json(client, f"{DOC}/sections/I.B.b")
    texts = [p["text"] for p in section["paragraphs"]]
    assert len(texts) == section["paragraph_count"] > 0
    assert any("Heyet Moskova'ya ancak 69 günde ulaşabilmiştir" in t for t in texts)
    paragraph = follow(client, section["paragraphs"][0]["url"])
    assert paragraph["section"] == "I.B.b"


def test_unknown_section_is_404(client: FlaskClient) -> None:
    problem(client, f"{DOC}/sections/III", 404)
    problem(client, f"{DOC}/sections/I.C", 404)
