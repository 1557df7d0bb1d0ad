"""GET /documents/{doc_id}/pages: the 17 printed pages, text as printed."""

from __future__ import annotations

from flask.testing import FlaskClient

from .helpers import DOC, HOST, get_json, problem


def test_seventeen_pages_in_order(client: FlaskClient) -> None:
    body = get_json(client, f"{DOC}/pages?per_page=100")
    assert body["total"] == 17
    assert [p["number"] for p in body["items"]] == list(range(1, 18))
    assert body["items"][0]["id"] == "page-1"


def test_page_text_is_as_printed(client: FlaskClient) -> None:
    first = get_json(client, f"{DOC}/pages/1")
    assert "GİRİŞ" in first["text"]
    # Hyphenation and footnote markers stay as printed on a page.
    assert "İmpa-\nratorluğu'nun" in first["text"]
    assert "öldürülmesi-\ndir1." in first["text"]
    second = get_json(client, f"{DOC}/pages/2")
    assert "Nitekim Avusturya-Macaristan" in second["text"]
    assert second["url"] == f"{HOST}{DOC}/pages/2"
    assert second["document_url"] == f"{HOST}{DOC}"


def test_letter_page(client: FlaskClient) -> None:
    page = get_json(client, f"{DOC}/pages/9")
    assert "No: U/851" in page["text"]


def test_unknown_page_is_404(client: FlaskClient) -> None:
    problem(client, f"{DOC}/pages/18", 404)
    problem(client, f"{DOC}/pages/0", 404)
    problem(client, f"{DOC}/pages/ikinci", 404)
