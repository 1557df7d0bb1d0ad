"""URLs built without a request follow the API's layout."""

from __future__ import annotations

from archive_api.export.links import TemplateLinks


def test_document_and_record_urls() -> None:
    links = TemplateLinks("http://localhost:8000/")
    assert links.document("d-1") == "http://localhost:8000/api/v1/documents/d-1"
    assert links.record("d-1", "footnote", "*") == (
        "http://localhost:8000/api/v1/documents/d-1/footnotes/*"
    )
    assert links.record("d-1", "annex", "2").endswith("/annexes/2")
    assert links.record("d-1", "section", "I.B a").endswith("/sections/I.B%20a")
