"""Cited works as RIS, the tagged format every reference manager imports.

One ``TAG  - value`` line per field, records opened by ``TY`` and closed by ``ER``, lines
ending in CR LF as the format was specified.
"""

from __future__ import annotations

from collections.abc import Iterable

from archive_api.export.works import BibItem

MEDIA_TYPE = "application/x-research-info-systems"

_TYPES = {"book": "BOOK", "article": "JOUR"}


def _line(tag: str, value: str) -> str:
    return f"{tag}  - {' '.join(value.split())}\r\n"


def ris_record(item: BibItem) -> str:
    lines = [_line("TY", _TYPES[item.kind])]
    lines += [_line("AU", name.inverted) for name in item.authors]
    lines.append(_line("TI", item.title))
    tagged: list[tuple[str, str | None]] = [
        ("JO" if item.kind == "article" else "T2", item.journal),
        ("PY", item.year),
        ("CY", item.place),
        ("PB", item.publisher),
        ("VL", item.volume),
        ("IS", item.issue),
        ("ET", item.edition),
        ("UR", item.url),
        ("ID", item.id),
        ("N1", f"Cited as: {item.printed}" if item.printed else None),
    ]
    lines += [_line(tag, value) for tag, value in tagged if value]
    lines.append("ER  - \r\n")
    return "".join(lines)


def ris(items: Iterable[BibItem]) -> str:
    return "".join(ris_record(i) for i in items)
