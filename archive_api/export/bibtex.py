"""Cited works as BibTeX (``@book`` / ``@article``), UTF-8 as biber and Zotero read it.

Keys are the works' ids (already ASCII slugs, unique within a document). Titles are
wrapped in a second pair of braces so styles do not lower-case Turkish capitals; the
characters BibTeX treats specially are escaped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from archive_api.export.works import BibItem

MEDIA_TYPE = "application/x-bibtex"

_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "#": r"\#",
    "$": r"\$",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_SPECIAL_RE = re.compile("|".join(re.escape(ch) for ch in _SPECIAL))
_KEY_UNSAFE = re.compile(r"[^A-Za-z0-9_:.-]+")


def escape(value: str) -> str:
    return _SPECIAL_RE.sub(lambda m: _SPECIAL[m.group(0)], value)


def citation_key(item_id: str) -> str:
    return _KEY_UNSAFE.sub("-", item_id).strip("-") or "work"


def bibtex_entry(item: BibItem) -> str:
    """One entry; fields the notes do not give are left out."""
    fields: list[tuple[str, str | None]] = [
        ("author", " and ".join(escape(n.inverted) for n in item.authors) or None),
        ("title", "{" + escape(item.title) + "}"),
    ]
    if item.kind == "article":
        fields += [
            ("journal", escape(item.journal or "")),
            ("volume", item.volume),
            ("number", item.issue),
        ]
    else:
        fields += [
            ("edition", item.edition),
            ("volume", item.volume),
            ("publisher", escape(item.publisher) if item.publisher else None),
            ("address", escape(item.place) if item.place else None),
        ]
    fields += [
        ("year", item.year),
        ("url", item.url),
        ("note", "Cited as: " + escape(item.printed) if item.printed else None),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    return f"@{item.kind}{{{citation_key(item.id)},\n{body}\n}}\n"


def bibtex(items: Iterable[BibItem]) -> str:
    return "\n".join(bibtex_entry(i) for i in items)
