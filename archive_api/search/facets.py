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

from archive_api.search.column_arrays import numbers, references
from archive_api.search.schema import UNDATED

FACETS = ("type", "year", "document", "kind")

Codes = npt.NDArray[np.int32]


@dataclass
class Coded:
    """One column as codes into its sorted distinct values (code 0 is "no value"); indexed
    by record number it gives the record's value."""

    codes: Codes
    values: list[Any]  # values[0] is None
    names: list[str] | None = field(default=None, repr=False, compare=False)

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

    @classmethod
    def of_references(cls, indexes: list[npt.NDArray[np.int64]], values: list[list[Any]]) -> Coded:
        """A column read segment by segment (``column_arrays.references``): each segment's
        indexes into its own values, recoded into the sorted values of all segments."""
        distinct = sorted({v for local in values for v in local if v is not None})
        code_of = {value: code for code, value in enumerate([None, *distinct])}
        parts = [
            np.array([code_of[v] for v in local], dtype=np.int32)[found]
            for found, local in zip(indexes, values, strict=True)
        ]
        codes = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int32)
        return cls(codes.astype(np.int32), [None, *distinct])

    @classmethod
    def of_numbers(cls, numbers: npt.NDArray[np.int64], valid: npt.NDArray[np.bool_]) -> Coded:
        """Numbers coded, those not ``valid`` as "no value"."""
        distinct, inverse = np.unique(numbers[valid], return_inverse=True)
        codes = np.zeros(len(numbers), dtype=np.int32)
        codes[valid] = inverse.reshape(-1) + 1
        return cls(codes, [None, *distinct.tolist()])

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
            present = present[_most_frequent(tally[present], limit)]
        names = self._names()
        return dict(
            zip(map(names.__getitem__, present.tolist()), tally[present].tolist(), strict=True)
        ), distinct

    def _names(self) -> list[str]:
        """The values as facet keys (a document facet may have 100,000 of them: built once)."""
        if self.names is None:
            self.names = [str(value) for value in self.values]
        return self.names


@dataclass
class Columns:
    """Values of every record, by record number: codes and numbers in numpy arrays of four
    bytes (dates are ``YYYYMMDD``, positions and ranks count records), 28 bytes a record,
    never a Python object per record."""

    coded: dict[str, Coded]  # FACETS, as codes
    sort_dates: npt.NDArray[np.int32]
    orders: npt.NDArray[np.int32]
    # By document code: the row of the document's own record, -1 where there is none.
    document_row: npt.NDArray[np.int64] = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    date_order: npt.NDArray[np.int32] = field(
        default_factory=lambda: np.zeros(0, dtype=np.int32)
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
        years = _numbers(reader, "year", count, 0)
        coded = {
            "type": Coded.of_references(*references(reader, "type", str)),
            "year": Coded.of_numbers(years, (years > 0) & (years < 10_000)),
            "document": Coded.of_references(*references(reader, "document_id", str)),
            "kind": Coded.of_references(*references(reader, "kind", _text)),
        }
        sort_dates = _numbers(reader, "sort_date", count, UNDATED).astype(np.int32)
        orders = _numbers(reader, "order", count, 0).astype(np.int32)
        types, documents = coded["type"], coded["document"]
        rows = np.full(len(documents.values), -1, dtype=np.int64)
        if "document" in types.values:
            own = np.flatnonzero(types.codes == types.values.index("document"))
            rows[documents.codes[own]] = own
        table = cls(coded, sort_dates, orders, rows)
        # By date (undated last), then document id (codes follow the ids' order), then
        # position in the document, then record number.
        ranked = np.lexsort((np.arange(count), orders, coded["document"].codes, sort_dates))
        table.date_order = np.empty(count, dtype=np.int32)
        table.date_order[ranked] = np.arange(count, dtype=np.int32)
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


def _most_frequent(counts: npt.NDArray[np.int64], limit: int) -> npt.NDArray[np.bool_]:
    """A mask of the ``limit`` largest ``counts``, ties to the first: a partition, not a
    sort (a document facet counts up to one value per document)."""
    keep = np.zeros(len(counts), dtype=bool)
    if limit <= 0:
        return keep
    cut = np.partition(counts, len(counts) - limit)[len(counts) - limit]  # limit-th largest
    keep[counts > cut] = True
    tied = np.flatnonzero(counts == cut)[: limit - int(keep.sum())]
    keep[tied] = True
    return keep


def _text(value: Any) -> str | None:
    text = value.decode("utf-8") if isinstance(value, bytes) else str(value or "")
    return text or None


def _numbers(reader: Any, name: str, count: int, default: int) -> npt.NDArray[np.int64]:
    """A numeric column (a year outside 1–9999 is Whoosh's filler for "no value")."""
    if reader.has_column(name):
        return numbers(reader, name)
    return np.full(count, default, dtype=np.int64)
