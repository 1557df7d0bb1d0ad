"""Per-record values that a search groups, filters and orders by, read once per generation.

Whoosh can count facets itself, but it reads a column per hit per facet through several
layers of Python; one search with four facets then costs more than the search. The
columns are read once when a generation opens and kept twice: as plain lists indexed by
Whoosh's record number (for one record at a time) and as numpy arrays of small integer
codes (for all the matches of a search at once: a facet is one ``bincount``, a type
filter one mask, the date order one ``lexsort``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from archive_api.search.schema import UNDATED

FACETS = ("type", "year", "document", "kind")

Codes = npt.NDArray[np.int32]


@dataclass
class Coded:
    """One column as codes into its sorted distinct values (code 0 is "no value")."""

    codes: Codes
    values: list[Any]  # values[0] is None

    @classmethod
    def of(cls, column: Sequence[Any]) -> Coded:
        values = [None, *sorted({value for value in column if value is not None})]
        code_of = {value: code for code, value in enumerate(values)}
        return cls(np.array([code_of[value] for value in column], dtype=np.int32), values)

    def counts(
        self, numbers: npt.NDArray[np.integer[Any]], limit: int | None = None
    ) -> tuple[dict[str, int], int]:
        """Records by value, in value order, records without a value left out; with
        ``limit``, only that many values, the most frequent (ties: the first in value
        order). Also the number of values there were before the cut."""
        tally = np.bincount(self.codes[numbers], minlength=len(self.values))
        tally[0] = 0  # no value
        present = np.flatnonzero(tally)
        distinct = len(present)
        if limit is not None and distinct > limit:
            most = np.lexsort((present, -tally[present]))[:limit]
            present = np.sort(present[most])
        return {str(self.values[c]): int(tally[c]) for c in present}, distinct


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
    coded: dict[str, Coded] = field(default_factory=dict)  # FACETS, as codes
    date_order: npt.NDArray[np.int64] = field(
        default_factory=lambda: np.zeros(0, dtype=np.int64)
    )  # each record's rank in date order

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
        table = cls(types, documents, years, kinds, sort_dates, orders, rows)
        table.coded = {
            "type": Coded.of(types),
            "year": Coded.of(years),
            "document": Coded.of(documents),
            "kind": Coded.of(kinds),
        }
        ranked = sorted(range(count), key=lambda number: (*table.date_key(number), number))
        table.date_order = np.empty(count, dtype=np.int64)
        table.date_order[ranked] = np.arange(count, dtype=np.int64)
        return table

    def date_key(self, number: int) -> tuple[int, str, int]:
        """Order by date: the record's date (undated last), then document, then position."""
        return self.sort_dates[number], self.documents[number], self.orders[number]

    def type_codes(self, names: Iterable[str]) -> list[int]:
        """The codes of the record types named (types no record has are left out)."""
        values = self.coded["type"].values
        return [values.index(name) for name in names if name in values]

    def facets(
        self, numbers: Iterable[int] | npt.NDArray[np.integer[Any]], limit: int | None = None
    ) -> dict[str, tuple[dict[str, int], int]]:
        """Year, document and kind facets of the records ``numbers``, each with its number
        of values; ``limit``: values kept per facet, the most frequent."""
        picked = np.asarray(list(numbers) if not isinstance(numbers, np.ndarray) else numbers)
        picked = picked.astype(np.int64)
        return {name: self.coded[name].counts(picked, limit) for name in FACETS[1:]}


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
