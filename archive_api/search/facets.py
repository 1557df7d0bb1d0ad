"""Per-record values that a search groups, filters and orders by, read once per generation.

Whoosh can count facets itself, but it reads a column per hit per facet through several
layers of Python; one search with four facets then costs more than the search. The
columns are read once when a generation opens and kept as numpy arrays of small integer
codes (a facet is one ``bincount``, a type filter one mask, the date order one ``lexsort``);
a record's value is its code looked up in the column's few distinct values, so memory
grows by about 30 bytes a record, not by a Python object per record and column.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from archive_api.search.schema import UNDATED

FACETS = ("type", "year", "document", "kind")

Codes = npt.NDArray[np.int32]


@dataclass
class Coded:
    """One column as codes into its sorted distinct values (code 0 is "no value"); indexed
    by record number it gives the record's value."""

    codes: Codes
    values: list[Any]  # values[0] is None

    @classmethod
    def of(cls, column: Iterable[Any], count: int | None = None) -> Coded:
        """The column's values coded, read once without keeping a value per record."""
        seen: dict[Any, int] = {None: 0}
        provisional = np.fromiter(
            (seen.setdefault(value, len(seen)) for value in column), dtype=np.int32, count=-1
        )
        if count is not None and len(provisional) != count:
            provisional = np.zeros(count, dtype=np.int32)
        values = [None, *sorted(value for value in seen if value is not None)]
        final = {value: code for code, value in enumerate(values)}
        remap = np.array([final[value] for value in seen], dtype=np.int32)
        return cls(remap[provisional], values)

    def __getitem__(self, number: int) -> Any:
        return self.values[int(self.codes[number])]

    def __len__(self) -> int:
        return len(self.codes)

    def __iter__(self) -> Iterator[Any]:
        return (self.values[code] for code in self.codes.tolist())

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
    """Values of every record, by record number: codes and numbers in numpy arrays, about
    30 bytes a record, never a Python object per record."""

    coded: dict[str, Coded]  # FACETS, as codes
    sort_dates: npt.NDArray[np.int64]
    orders: npt.NDArray[np.int64]
    document_rows: dict[str, int] = field(default_factory=dict)  # document id -> its row
    date_order: npt.NDArray[np.int64] = field(
        default_factory=lambda: np.zeros(0, dtype=np.int64)
    )  # each record's rank in date order

    @property
    def types(self) -> Coded:
        return self.coded["type"]

    @property
    def documents(self) -> Coded:
        return self.coded["document"]

    @property
    def years(self) -> Coded:
        return self.coded["year"]

    @property
    def kinds(self) -> Coded:
        return self.coded["kind"]

    @classmethod
    def load(cls, reader: Any) -> Columns:
        count = reader.doc_count_all()
        coded = {
            "type": Coded.of(_values(reader, "type", str), count),
            "year": Coded.of(_values(reader, "year", _year), count),
            "document": Coded.of(_values(reader, "document_id", str), count),
            "kind": Coded.of(_values(reader, "kind", _text), count),
        }
        sort_dates = _numbers(reader, "sort_date", count, UNDATED)
        orders = _numbers(reader, "order", count, 0)
        types = coded["type"]
        rows: dict[str, int] = {}
        if "document" in types.values:
            wanted = types.values.index("document")
            for number in np.flatnonzero(types.codes == wanted).tolist():
                rows[coded["document"][number]] = number
        table = cls(coded, sort_dates, orders, rows)
        # By date (undated last), then document id (codes follow the ids' order), then
        # position in the document, then record number.
        ranked = np.lexsort((np.arange(count), orders, coded["document"].codes, sort_dates))
        table.date_order = np.empty(count, dtype=np.int64)
        table.date_order[ranked] = np.arange(count, dtype=np.int64)
        return table

    def date_key(self, number: int) -> tuple[int, str, int]:
        """Order by date: the record's date (undated last), then document, then position."""
        return (
            int(self.sort_dates[number]),
            str(self.documents[number]),
            int(self.orders[number]),
        )

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


def _values(reader: Any, name: str, convert: Any) -> Iterator[Any]:
    if reader.has_column(name):
        for value in reader.column_reader(name):
            yield convert(value)


def _numbers(reader: Any, name: str, count: int, default: int) -> npt.NDArray[np.int64]:
    if reader.has_column(name):
        found = np.fromiter(map(int, reader.column_reader(name)), dtype=np.int64, count=-1)
        if len(found) == count:
            return found
    return np.full(count, default, dtype=np.int64)
