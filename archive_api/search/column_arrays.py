"""Whole columns of an index as numpy arrays, read from Whoosh's column files in one go.

Opening a generation needs every record's type, document, year, kind, date and position
(``facets``) and every record's length in each text field (``postings``; kept as Whoosh's
one-byte codes, a megabyte a field at a million records, decoded through a table of 256).
Whoosh hands a column out one value at a time through several Python calls, about 3 µs a
record and column: seconds per worker start at a million records. Its column files are
plain arrays, though: a numeric column is fixed-width big-endian numbers, a reference
column (``ID`` fields) a fixed-width array of indexes into the list of its distinct values.
These are read here with ``numpy.frombuffer``, segment by segment (Whoosh 2.7.4's layout,
pinned; a test compares every column with Whoosh's own reading). A column of any other kind
is read Whoosh's way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt
from whoosh.codec.whoosh3 import LENGTHS_COLUMN
from whoosh.columns import EmptyColumnReader, NumericColumn, RefBytesColumn
from whoosh.util.numeric import byte_to_length, length_to_byte

_BIG_ENDIAN = {"B": ">u1", "b": ">i1", "H": ">u2", "h": ">i2", "I": ">u4", "i": ">i4"}
_BIG_ENDIAN |= {"Q": ">u8", "q": ">i8", "L": ">u4", "l": ">i4"}
# A length code's length, as the scorer reads it (code 0: no length recorded, read as 1).
LENGTH_OF_CODE = np.array([byte_to_length(n) for n in range(256)], dtype=np.float64)
LENGTH_OF_CODE[0] = 1.0


def numbers(reader: Any, fieldname: str) -> npt.NDArray[np.int64]:
    """The integer column ``fieldname`` of every record, by record number."""
    field = reader.schema[fieldname]
    shift = field.from_column_value(0)
    if field.from_column_value(1) != shift + 1:
        raise ValueError(f"column {fieldname!r} does not hold plain integers")
    out = np.empty(reader.doc_count_all(), dtype=np.int64)
    default = field.from_column_value(field.column_type.default_value())
    for leaf, offset in reader.leaf_readers():
        count = leaf.doc_count_all()
        raw = _raw_numbers(leaf, fieldname, count)
        if not leaf.has_column(fieldname):
            out[offset : offset + count] = default
        elif raw is None:
            values = leaf.column_reader(fieldname)  # translated, one by one
            out[offset : offset + count] = np.fromiter(map(int, values), np.int64, count)
        else:
            out[offset : offset + count] = raw + int(shift)
    return out


def field_length_codes(reader: Any, fieldname: str) -> npt.NDArray[np.uint8]:
    """Each record's length in a text field as Whoosh stores it, one byte (0 where none is
    recorded); ``LENGTH_OF_CODE[codes]`` is the length its scorer uses."""
    out = np.zeros(reader.doc_count_all(), dtype=np.uint8)
    column = f"_{fieldname}_len"  # Whoosh's own column, outside the schema
    for leaf, offset in reader.leaf_readers():
        count = leaf.doc_count_all()
        perdoc = leaf._perdoc
        if not perdoc.has_column(column):
            continue
        raw = _stored_numbers(perdoc.column_reader(column, LENGTHS_COLUMN), count)
        if raw is None:
            got = [leaf.doc_field_length(n, fieldname, 0) for n in range(count)]
            out[offset : offset + count] = [length_to_byte(v or 0) for v in got]
        else:
            out[offset : offset + count] = raw
    return out


def references(
    reader: Any, fieldname: str, convert: Callable[[Any], Any]
) -> tuple[list[npt.NDArray[np.int64]], list[list[Any]]]:
    """An ``ID`` column, segment by segment: each segment's indexes into its own list of
    values (the values translated by the field, then ``convert``)."""
    field = reader.schema[fieldname]
    indexes: list[npt.NDArray[np.int64]] = []
    values: list[list[Any]] = []
    for leaf, _offset in reader.leaf_readers():
        count = leaf.doc_count_all()
        raw = leaf.column_reader(fieldname, translate=False) if leaf.has_column(fieldname) else None
        if isinstance(raw, RefBytesColumn.Reader) and raw._typecode in _BIG_ENDIAN:
            data = raw._dbfile.get(raw._basepos, count * raw._itemsize)
            found = np.frombuffer(data, dtype=_BIG_ENDIAN[raw._typecode]).astype(np.int64)
            indexes.append(found)
            values.append([convert(field.from_column_value(v)) for v in raw._uniques])
        elif raw is None or isinstance(raw, EmptyColumnReader):
            default = field.column_type.default_value()
            indexes.append(np.zeros(count, dtype=np.int64))
            values.append([convert(field.from_column_value(default))])
        else:  # another kind of column: Whoosh's reading, one value at a time
            local: dict[Any, int] = {}
            column = leaf.column_reader(fieldname)
            found = np.fromiter(
                (local.setdefault(convert(v), len(local)) for v in column), np.int64, count
            )
            indexes.append(found)
            values.append(list(local))
    return indexes, values


def _raw_numbers(leaf: Any, fieldname: str, count: int) -> npt.NDArray[np.int64] | None:
    """A segment's numeric column as stored (sortable form), or None when it is not one."""
    if not leaf.has_column(fieldname):
        return None
    return _stored_numbers(leaf.column_reader(fieldname, translate=False), count)


def _stored_numbers(raw: Any, count: int) -> npt.NDArray[np.int64] | None:
    if not isinstance(raw, NumericColumn.Reader) or raw._typecode not in _BIG_ENDIAN:
        return None
    stored = min(raw._count, count)
    data = raw._dbfile.get(raw._basepos, stored * raw._fixedlen)
    out = np.full(count, raw._default, dtype=np.int64)
    out[:stored] = np.frombuffer(data, dtype=_BIG_ENDIAN[raw._typecode])
    return out
