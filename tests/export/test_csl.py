"""CSL-JSON read back as JSON: types, names, titles, issued years."""

from __future__ import annotations

import json
from typing import Any

from archive_api.export.csl import csl_item, csl_json
from archive_api.export.works import BibItem, bib_item
from archive_api.models import Document


def _items(seed: Document) -> dict[str, Any]:
    data = json.loads(csl_json(bib_item(w, f"http://x/{w.id}") for w in seed.works))
    return {item["id"]: item for item in data}


def test_round_trip_authors_titles_years(seed: Document) -> None:
    items = _items(seed)
    assert len(items) == 21
    kinross = items["kinross-ataturk-bir-milletin"]
    assert kinross["type"] == "book"
    assert kinross["author"] == [{"family": "Kinross", "given": "Lord"}]
    assert kinross["title"] == "Atatürk, Bir Milletin Yeniden Doğuşu"
    assert kinross["issued"] == {"date-parts": [[1990]]}
    assert (kinross["edition"], kinross["publisher-place"]) == ("11", "İstanbul")
    assert kinross["URL"] == "http://x/kinross-ataturk-bir-milletin"


def test_article_has_container_volume_issue(seed: Document) -> None:
    article = _items(seed)["sonyel-kurtulus-savasi-gunlerinde"]
    assert article["type"] == "article-journal"
    assert (article["container-title"], article["volume"], article["issue"]) == (
        "Belleten",
        "41",
        "164",
    )
    assert article["author"] == [{"family": "Sonyel", "given": "Salâhi R."}]


def test_unknown_fields_are_absent_not_empty() -> None:
    item = csl_item(BibItem(id="x", kind="book", title="Başlıksız"))
    assert item == {"id": "x", "type": "book", "title": "Başlıksız"}
