"""Add index rows to a Whoosh ``SegmentWriter`` with one analysis pass per record.

``SegmentWriter.add_document`` analyses each text field on its own: a record's body is
tokenised four times (``exact``, ``fold``, ``stem``, ``ocr``), and every token goes through
two generators and a ``Token`` object per field. :func:`add_row` does what that method
does (whoosh 2.7.4, pinned), except that the four fields whose analyzer is a
:class:`~archive_api.text.analysis.TurkishAnalyzer` over positions are filled from one
tokenisation (:func:`~archive_api.text.analysis.positions_by_form`), the postings
encoded as the field's format encodes them. The index holds the same terms, postings,
positions, lengths and stored fields as one written by Whoosh's own path (a test compares
them); only its posting blocks are a little smaller, because equal position lists are one
shared object when a block is pickled. Any other field, or a text field with another
format or analyzer, goes through Whoosh's code unchanged.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import pairwise
from pathlib import Path
from pickle import dumps
from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN
from whoosh.formats import Positions
from whoosh.system import pack_uint
from whoosh.util.numeric import byte_to_length
from whoosh.writing import SegmentWriter

from archive_api.search.segment_arrays import ArraysWriter, arrays_path
from archive_api.search.whoosh_blocks import decode_positions
from archive_api.text.analysis import TurkishAnalyzer, positions_by_form

# A segment written as one compound file is read through ``BufferFile``, which copies each
# of its parts (postings, term index, stored fields) from the memory map into a private
# buffer: every worker would hold the whole index in its own memory. As separate files
# they are read where they are, a block at a time, and only the OS page cache holds them.
SEPARATE_FILES = False


class RowWriter(SegmentWriter):  # type: ignore[misc]
    """A ``SegmentWriter`` that keeps postings grouped by term and writes them directly.

    Whoosh's writer puts every posting in a pool of ``(field, term, doc, weight, value)``
    tuples, sorts them all at commit (spilling sorted runs to disk beyond ``limitmb`` and
    merging them back), then walks them through a generic loop that asks, for each one,
    the length of its field in its document from a column on disk. Here the postings of
    a term are appended to that term's arrays as they come (records arrive in document
    order, so they are already sorted), only the terms are sorted, and the lengths are
    read once per field. Limits on the pool's memory (``limitmb``) do not apply: the
    postings stay in memory until the commit. The same loop writes the segment's arrays
    (``segment_arrays``), keyed by where each term's Whoosh postings start.
    """

    def __init__(self, index: Any, **kwargs: Any) -> None:
        kwargs.setdefault("compound", SEPARATE_FILES)
        super().__init__(index, **kwargs)
        self.pool.cleanup()
        self.pool: _TermPool = _TermPool()

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        reader = self.per_document_reader() if self.codec.length_stats else None
        lengths = _Lengths(reader) if reader is not None else None
        writer = self.fieldwriter
        arrays = ArraysWriter(arrays_path(Path(self.storage.folder), self.newsegment.segment_id()))
        try:
            for fieldname, terms in sorted(self.pool.fields.items()):
                field = self.schema[fieldname]
                writer.start_field(fieldname, field)
                column = lengths.column(fieldname) if lengths is not None else None
                keeps = isinstance(field.format, Positions)
                for term in sorted(terms):
                    writer.start_term(term)
                    start = writer._postwriter._startoffset  # the key of the term's arrays
                    postings = terms[term]
                    docs, weights, values = postings.postings()
                    if column is None:
                        for doc, weight, value in zip(docs, weights, values, strict=True):
                            writer.add(doc, weight, value, 0)
                    else:
                        for doc, weight, value in zip(docs, weights, values, strict=True):
                            lengthbyte = column[doc]
                            writer.add(
                                doc,
                                weight,
                                value,
                                byte_to_length(lengthbyte) if lengthbyte else None,
                            )
                    writer.finish_term()
                    places = postings.positions(field.format, weights, values) if keeps else None
                    arrays.add(start, docs, weights, places)
                writer.finish_field()
        except BaseException:
            arrays.abort()
            raise
        arrays.close()
        writer.close()
        if reader is not None:
            reader.close()


class _Postings:
    """One term's postings in one field: parallel arrays, in document order."""

    __slots__ = ("docs", "places", "sorted", "values", "weights")

    def __init__(self) -> None:
        self.docs = array("I")
        self.weights = array("d")
        self.values: list[bytes] = []
        self.places = array("I")  # every posting's positions, when :func:`add_row` added it
        self.sorted = True

    def add(self, doc: int, weight: float, value: bytes) -> None:
        if self.docs and doc < self.docs[-1]:
            self.sorted = False
        self.docs.append(doc)
        self.weights.append(weight)
        self.values.append(value)

    def postings(self) -> tuple[Sequence[int], Sequence[float], Sequence[bytes]]:
        if self.sorted:
            return self.docs, self.weights, self.values
        order = sorted(range(len(self.docs)), key=self.docs.__getitem__)
        return (
            [self.docs[i] for i in order],
            [self.weights[i] for i in order],
            [self.values[i] for i in order],
        )

    def positions(
        self, field_format: Any, weights: Sequence[float], values: Sequence[bytes]
    ) -> Sequence[int]:
        """Every posting's positions in order: kept as they came, or decoded from the
        values when some postings came another way (or out of order)."""
        if self.sorted and len(self.places) == sum(weights):
            return self.places
        _, decoded = decode_positions(list(values), np.asarray(weights), field_format)
        return decoded  # type: ignore[return-value]


class _TermPool:
    """Stands in for Whoosh's posting pool: ``add`` a posting, read them back by term."""

    def __init__(self) -> None:
        self.fields: dict[str, dict[bytes, _Postings]] = {}

    @property
    def fieldnames(self) -> set[str]:
        return set(self.fields)

    def add(self, item: tuple[str, bytes, int, float, bytes | None]) -> None:
        fieldname, term, doc, weight, value = item
        terms = self.fields.get(fieldname)
        if terms is None:
            terms = self.fields[fieldname] = {}
        postings = terms.get(term)
        if postings is None:
            postings = terms[term] = _Postings()
        postings.add(doc, weight, value or b"")

    def iter_postings(self) -> Iterator[tuple[str, bytes, int, float, bytes]]:
        for fieldname, terms in sorted(self.fields.items()):
            for term in sorted(terms):
                docs, weights, values = terms[term].postings()
                for doc, weight, value in zip(docs, weights, values, strict=True):
                    yield fieldname, term, doc, weight, value

    def cleanup(self) -> None:
        self.fields = {}


class _Lengths:
    """The field lengths of a per-document reader, each field's column read once."""

    def __init__(self, reader: Any) -> None:
        self._reader = reader
        self._columns: dict[str, list[int] | None] = {}

    def column(self, fieldname: str) -> list[int] | None:
        """The length bytes of a field by document, None when the field keeps none."""
        try:
            return self._columns[fieldname]
        except KeyError:
            column = self._columns[fieldname] = self._column(fieldname)
            return column

    def _column(self, fieldname: str) -> list[int] | None:
        name = f"_{fieldname}_len"  # where the whoosh3 codec keeps a field's lengths
        if not self._reader.has_column(name):
            return None
        column = self._reader.column_reader(name, LENGTHS_COLUMN)
        return [column[number] for number in range(self._reader.doc_count_all())]


def fast_forms(schema: Any) -> dict[str, str]:
    """The fields :func:`add_row` fills itself, with the form each holds.

    Empty when any field of the schema needs what only ``add_document`` does (spelling
    words, term vectors): the rows then go through Whoosh's own path.
    """
    found: dict[str, str] = {}
    for name, field in schema.items():
        if field.separate_spelling() or field.vector:
            return {}
        analyzer = getattr(field, "analyzer", None)
        fmt: Any = getattr(field, "format", None)
        if (
            isinstance(analyzer, TurkishAnalyzer)
            and type(fmt) is Positions
            and fmt.field_boost == 1.0
            and field.column_type is None
        ):
            found[name] = analyzer.form
    return found


def add_rows(writer: Any, rows: Iterable[Mapping[str, Any]]) -> int:
    """Add every row (``None`` values left out); returns how many were added."""
    forms = fast_forms(writer.schema) if isinstance(writer, RowWriter) else {}
    count = 0
    for row in rows:
        if forms and not any(name.startswith("_") for name in row):
            add_row(writer, row, forms)
        else:  # boosts and custom stored values are Whoosh's business
            writer.add_document(**{key: value for key, value in row.items() if value is not None})
        count += 1
    return count


def _encode_positions(places: list[int]) -> bytes:
    """``Positions.encode``: the count, then the pickled gaps (one position: cached)."""
    if len(places) == 1:
        found = _SINGLE.get(places[0])
        if found is None:
            found = _SINGLE[places[0]] = bytes(pack_uint(1) + dumps(places, 2))
        return found
    gaps = [places[0]]
    gaps += [b - a for a, b in pairwise(places)]
    encoded: bytes = pack_uint(len(places)) + dumps(gaps, 2)
    return encoded


_SINGLE: dict[int, bytes] = {}


def _add_positions(
    pool: _TermPool, fieldname: str, docnum: int, positions: Mapping[str, list[int]]
) -> int:
    """Put one record's postings of one field in the pool; returns the field's length."""
    terms = pool.fields.get(fieldname)
    if terms is None:
        terms = pool.fields[fieldname] = {}
    length = 0
    for term, places in positions.items():
        key = term.encode("utf-8")
        postings = terms.get(key)
        if postings is None:
            postings = terms[key] = _Postings()
        count = len(places)
        postings.docs.append(docnum)  # records come in order: no sort check needed
        postings.weights.append(float(count))
        postings.values.append(_encode_positions(places))
        postings.places.extend(places)
        length += count
    return length


def add_row(writer: RowWriter, row: Mapping[str, Any], forms: Mapping[str, str]) -> None:
    """``writer.add_document(**row)``, ``None`` values left out, with the fields of
    ``forms`` (see :func:`fast_forms`) analysed together; ``row`` has no ``_`` keys."""
    writer._check_state()
    schema = writer.schema
    perdoc = writer.perdocwriter
    pool = writer.pool
    docnum = writer.docnum
    names = sorted(name for name, value in row.items() if value is not None)
    writer._check_fields(schema, names)
    analysed: dict[str, dict[str, dict[str, list[int]]]] = {}

    perdoc.start_doc(docnum)
    for name in names:
        value = row[name]
        field = schema[name]
        length = 0
        form = forms.get(name)
        if form is not None and isinstance(value, str):
            by_form = analysed.get(value)
            if by_form is None:
                by_form = analysed[value] = positions_by_form(value)
            length = _add_positions(pool, name, docnum, by_form[form])
            if not field.scorable:
                length = 0
        elif field.indexed:
            for tbytes, freq, weight, vbytes in field.index(value):
                if field.scorable:
                    length += freq
                pool.add((name, tbytes, docnum, weight, vbytes))
        perdoc.add_field(name, field, value if field.stored else None, length)
        column = field.column_type
        if column and value is not None:
            perdoc.add_column_value(name, column, field.to_column_value(value))
    perdoc.finish_doc()
    writer._added = True
    writer.docnum += 1
