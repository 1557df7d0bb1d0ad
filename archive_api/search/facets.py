"""Per-record values that a search groups, filters and orders by, read once per generation.

Whoosh can count facets itself, but it reads a column per hit per facet through several
layers of Python; one search with four facets then costs more than the search. The
columns are read once when a generation opens, as plain lists indexed by Whoosh's record
number, and a search's hits are counted, filtered by type and ordered by date with them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from archive_api.search.schema import UNDATED

FACETS = ("type", "year", "document", "kind")


@dataclass
class Columns:
    """Values of every record, by record number."""

    types: list[str]
    documents: list[str]
    years: list[int | None]
    kinds: list[str | None]
    sort_dates: list[int]
    orders: list[int]
    document_rows: dict[str, int] = field(default_factory=dict)  # document id -> its row

    @classmethod
    def load(cls, reader: Any) -> Columns:
        count = reader.doc_count_all()
        types = _column(reader, "type", count, str, "")
        documents = _column(reader, "document_id", count, str, "")
        years = _column(reader, "year", count, _year, None)
        kinds = _column(reader, "kind", count, _text, None)
        sort_dates = _column(reader, "sort_date", count, int, UNDATED)
        orders = _column(reader, "order", count, int, 0)
        pairs = enumerate(zip(types, documents, strict=True))
        rows = {doc: number for number, (kind, doc) in pairs if kind == "document"}
        return cls(types, documents, years, kinds, sort_dates, orders, rows)

    def date_key(self, number: int) -> tuple[int, str, int]:
        """Order by date: the record's date (undated last), then document, then position."""
        return self.sort_dates[number], self.documents[number], self.orders[number]

    def counts(self, numbers: Iterable[int]) -> dict[str, dict[str, int]]:
        """Year, document and kind facets of the records ``numbers``."""
        numbers = list(numbers)
        return {
            "year": _sorted(Counter(self.years[n] for n in numbers)),
            "document": _sorted(Counter(self.documents[n] for n in numbers)),
            "kind": _sorted(Counter(self.kinds[n] for n in numbers)),
        }


def _year(value: Any) -> int | None:
    year = int(value) if value is not None else 0
    return year if 0 < year < 10_000 else None  # the column's filler for "no year" is huge


def _text(value: Any) -> str | None:
    text = value.decode("utf-8") if isinstance(value, bytes) else str(value or "")
    return text or None


def _column(reader: Any, name: str, count: int, convert: Any, default: Any) -> list[Any]:
    if not reader.has_column(name):
        return [default] * count
    values = [convert(value) for value in reader.column_reader(name)]
    return values if len(values) == count else [default] * count


def _sorted(counter: Counter[Any]) -> dict[str, int]:
    """Counts by key in key order, records without a value left out."""
    return {str(key): counter[key] for key in sorted(k for k in counter if k is not None)}
