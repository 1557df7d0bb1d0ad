"""Cited works as CSL-JSON, the item format of citeproc, Zotero and pandoc.

Fields follow the CSL 1.0.2 data schema: ``type`` is ``book`` or ``article-journal``,
names are ``{family, given}``, dates are ``{"date-parts": [[year]]}``. What the notes do not
give is left out rather than sent empty.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from archive_api.export.works import BibItem

MEDIA_TYPE = "application/vnd.citationstyles.csl+json"

_TYPES = {"book": "book", "article": "article-journal"}


def csl_item(item: BibItem) -> dict[str, Any]:
    """One CSL-JSON item."""
    data: dict[str, Any] = {"id": item.id, "type": _TYPES[item.kind], "title": item.title}
    if item.authors:
        data["author"] = [
            {"family": name.family, "given": name.given} if name.given else {"family": name.family}
            for name in item.authors
        ]
    if item.year:
        data["issued"] = {"date-parts": [[int(item.year)]]}
    optional = {
        "container-title": item.journal,
        "publisher": item.publisher,
        "publisher-place": item.place,
        "volume": item.volume,
        "issue": item.issue,
        "edition": item.edition,
        "URL": item.url,
        "note": f"Cited as: {item.printed}" if item.printed else None,
    }
    data.update({key: value for key, value in optional.items() if value})
    return data


def csl_json(items: Iterable[BibItem]) -> str:
    """A CSL-JSON array (what Zotero imports), pretty-printed, Turkish letters kept."""
    return json.dumps([csl_item(i) for i in items], ensure_ascii=False, indent=2) + "\n"
