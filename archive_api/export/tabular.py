"""Any collection of records as CSV (for spreadsheets) or JSON Lines (for scripts).

Both are generators, so a response can stream them. JSON Lines writes each record as the
API returns it, one per line. CSV needs flat rows: a nested object becomes dotted columns
(``sender.name``), and a list (of footnote labels, of citations) stays one cell holding
its JSON. The CSV starts with a byte-order mark so spreadsheet programs read the Turkish
letters as UTF-8, and uses CR LF line ends (RFC 4180).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

CSV_MEDIA_TYPE = "text/csv"
JSONL_MEDIA_TYPE = "application/jsonl"
BOM = "\ufeff"


def columns_of(record: Mapping[str, Any], prefix: str = "") -> list[str]:
    """The dotted column names of a record: nested objects opened, lists kept whole."""
    names: list[str] = []
    for key, value in record.items():
        if isinstance(value, Mapping) and value:
            names += columns_of(value, f"{prefix}{key}.")
        else:
            names.append(f"{prefix}{key}")
    return names


def cell(value: Any) -> str:
    """A value as spreadsheet text: empty for null, ``true``/``false``, JSON for structures."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple | Mapping):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _lookup(record: Mapping[str, Any], column: str) -> Any:
    value: Any = record
    for part in column.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value


def csv_rows(
    records: Iterable[Mapping[str, Any]], columns: Sequence[str] | None = None
) -> Iterator[str]:
    """The CSV text in pieces: the header line, then one piece per record.

    ``columns`` fixes the header (so an empty collection still has one); by default it is
    taken from the first record.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    iterator = iter(records)
    first = next(iterator, None)
    header = list(columns) if columns is not None else (columns_of(first) if first else [])
    writer.writerow(header)
    yield BOM + buffer.getvalue()
    if first is None:
        return
    for record in _chain(first, iterator):
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([cell(_lookup(record, column)) for column in header])
        yield buffer.getvalue()


def _chain(
    first: Mapping[str, Any], rest: Iterator[Mapping[str, Any]]
) -> Iterator[Mapping[str, Any]]:
    yield first
    yield from rest


def jsonl_lines(records: Iterable[Mapping[str, Any]]) -> Iterator[str]:
    """One compact JSON object per line, Turkish letters kept as they are."""
    for record in records:
        yield json.dumps(record, ensure_ascii=False) + "\n"
