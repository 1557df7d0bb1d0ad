"""Constants and small helpers shared by the export tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lxml import etree

REPO = Path(__file__).resolve().parents[2]
SEED_ID = "turk-sovyet-iliskileri-1920"
BASE = "http://localhost"
# A telegram of the second corpus: a document that is itself one letter, with no footnotes.
ATATURK_ID = "atam-c1-1918-002"
NS = {"t": "http://www.tei-c.org/ns/1.0"}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def parse_xml(text: str | bytes) -> Any:
    """Parse with lxml (a validating-grade parser the service itself does not use)."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    return etree.fromstring(data)


def xpath(tree: Any, path: str) -> list[Any]:
    result: list[Any] = tree.xpath(path, namespaces=NS)
    return result
