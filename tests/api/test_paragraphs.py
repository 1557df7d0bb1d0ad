"""GET /documents/{doc_id}/paragraphs: the reading text, one addressable paragraph at a time."""

from __future__ import annotations

from flask.testing import FlaskClient

from .helpers import DOC, follow, get_json, problem


def test_heading_is_a_paragraph_of_its_own(client: FlaskClient) -> None:
    heading = get_json(client, f"{DOC}/paragraphs/p1")
    assert heading["kind"] == "heading"
    assert heading["text"] == "GİRİŞ"


def test_first_prose_paragraph(client: FlaskClient) -> None:
    paragraph = get_json(client, f"{DOC}/paragraphs/p2")
    assert paragraph["type"] == "paragraph"
    assert paragraph["kind"] == "prose"
    assert paragraph["text"].startswith("Rusya, I. Dünya Savaşı'nda İngiltere'nin yanında")
    # Hyphenation is joined in the reading text, kept in the printed one.
    assert "İmparatorluğu'nun" in paragraph["text"]
    assert "İmpa-" in paragraph["printed"]
    assert paragraph["page"] == 1
    assert paragraph["section"] == "giris"
    assert follow(client, paragraph["section_url"])["title"] == "GİRİŞ"


def test_paragraph_lists_its_footnotes(client: FlaskClient) -> None:
    note = get_json(client, f"{DOC}/footnotes/2")
    paragraph = follow(client, note["anchor"]["paragraph_url"])
    assert "girdiler" in paragraph["text"]
    assert "2" in [n["label"] for n in paragraph["footnotes"]]
    labels = {n["label"]: n["url"] for n in paragraph["footnotes"]}
    assert follow(client, labels["2"])["id"] == "note-2"


def test_letter_paragraphs_link_to_their_letter(client: FlaskClient) -> None:
    body = get_json(client, f"{DOC}/paragraphs?per_page=100&page=1")
    total = body["total"]
    items = get_json(client, f"{DOC}/paragraphs?per_page=100&page=2")["items"] + body["items"]
    in_letters = [p for p in items if p["letter_id"]]
    assert total >= len(items) and in_letters
    letter = follow(client, in_letters[0]["letter_url"])
    assert letter["id"] == in_letters[0]["letter_id"]


def test_unknown_paragraph_is_404(client: FlaskClient) -> None:
    problem(client, f"{DOC}/paragraphs/p100000", 404)
