"""GET /documents/{doc_id}/annexes: the four "Ek" references and their letters."""

from __future__ import annotations

from flask.testing import FlaskClient

from .helpers import DOC, follow, get_json, problem


def test_four_annexes(client: FlaskClient) -> None:
    body = get_json(client, f"{DOC}/annexes")
    assert [a["number"] for a in body["items"]] == [1, 2, 3, 4]
    assert [a["letter_id"] for a in body["items"]] == [f"letter-{n}" for n in (1, 2, 3, 4)]


def test_ottoman_original(client: FlaskClient) -> None:
    annex = get_json(client, f"{DOC}/annexes/1")
    assert annex["type"] == "annex"
    assert annex["label"] == "(Ek: 1 Osmanlıca Belge)"
    assert annex["description"] == "Osmanlıca Belge"
    assert annex["language"] == "ota"
    assert annex["page"] == 8


def test_french_original_links_to_its_letter_and_paragraph(client: FlaskClient) -> None:
    annex = get_json(client, f"{DOC}/annexes/2")
    assert annex["language"] == "fr"
    assert "Fransızca" in annex["description"]
    letter = follow(client, annex["letter_url"])
    assert letter["annex"] == 2 and letter["sender"]["name"] == "Tchitcherine"
    paragraph = follow(client, annex["paragraph_url"])
    assert "Mektup metni aynen şöyledir" in paragraph["text"]


def test_unknown_annex_is_404(client: FlaskClient) -> None:
    problem(client, f"{DOC}/annexes/5", 404)
    problem(client, f"{DOC}/annexes/0", 404)
