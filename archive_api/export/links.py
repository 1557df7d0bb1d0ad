"""The URLs exports point at, handed in from outside so nothing here needs a request.

The HTTP layer answers with the URLs its routes really have; ``TemplateLinks`` builds the
same shapes from a base URL, for use without a running app (tests, scripts).
"""

from __future__ import annotations

from typing import Protocol
from urllib.parse import quote

API_PREFIX = "/api/v1"

# The collection segment of each record type's URL.
COLLECTIONS = {
    "page": "pages",
    "section": "sections",
    "paragraph": "paragraphs",
    "footnote": "footnotes",
    "work": "works",
    "letter": "letters",
    "annex": "annexes",
}


class Links(Protocol):
    def document(self, doc_id: str) -> str:
        """The URL of a document."""

    def record(self, doc_id: str, record_type: str, key: str) -> str:
        """The URL of a record, keyed as in its URL (footnote label, annex number...)."""


class TemplateLinks:
    """URLs of the ``/api/v1`` layout under ``base_url``."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url.rstrip("/")

    def document(self, doc_id: str) -> str:
        return f"{self.base_url}{API_PREFIX}/documents/{quote(doc_id, safe='')}"

    def record(self, doc_id: str, record_type: str, key: str) -> str:
        collection = COLLECTIONS[record_type]
        return f"{self.document(doc_id)}/{collection}/{quote(key, safe='*')}"
