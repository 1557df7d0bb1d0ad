"""A generation's postings as numpy arrays: what a search reads instead of Whoosh matchers.

Whoosh walks postings one at a time through several layers of Python: a word found in
20,000 records costs 20,000 method calls to match and as many again to score, and a search
that needs every match (totals and facets) pays that for each word, field and spelling.
Here a term's postings are read a block at a time from Whoosh's own files (each block is
128 postings pickled and compressed; ids are delta-coded), turned into arrays, and scored
in one vector operation with the formula and statistics Whoosh uses (BM25F, the searcher's
``B`` and ``K1``, Whoosh's idf, its one-byte field lengths), so scores equal Whoosh's.

Word positions (for phrases) are read the same way, a whole term at a time. Arrays are kept
in a cache bounded by the number of items held, least recently used first out: frequent
words, the costly ones, are the ones asked for again. A reader belongs to one opened
generation and is never refreshed.

This reads Whoosh 2.7.4's block layout and positions encoding directly (Whoosh is pinned);
a test compares every result with Whoosh's own matching and scoring.
"""

from __future__ import annotations

import threading
import zlib
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import chain
from math import log
from pickle import UnpicklingError, loads
from typing import Any

import numpy as np
import numpy.typing as npt
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.formats import Positions
from whoosh.matching import FilterMatcher
from whoosh.scoring import BM25F
from whoosh.system import _INT_SIZE

from archive_api.search.column_arrays import field_lengths

Docs = npt.NDArray[np.int32]
Floats = npt.NDArray[np.float64]
Keys = npt.NDArray[np.int64]

EMPTY_DOCS: Docs = np.zeros(0, dtype=np.int32)
EMPTY_SCORES: Floats = np.zeros(0, dtype=np.float64)
EMPTY_KEYS: Keys = np.zeros(0, dtype=np.int64)
# Postings and positions held per generation (8 to 12 bytes each: at most ~100 MB).
CACHE_ITEMS = 8_000_000
_PROTO = b"\x80\x02"  # pickle protocol 2, as Whoosh writes positions
_STOP = b"."


@dataclass(frozen=True)
class TermPostings:
    """One term's records (sorted Whoosh record numbers) and its BM25F score in each.

    ``scores`` is None for a field that is not scored (filters only ask *whether*).
    """

    docs: Docs
    scores: Floats | None

    @property
    def size(self) -> int:
        return len(self.docs)


_Cached = TermPostings | Keys


class PostingsReader:
    """Term postings, field lengths and scores of one opened Whoosh searcher, scored with
    the searcher's own BM25F parameters."""

    def __init__(self, searcher: Any) -> None:
        weighting = searcher.weighting
        if not isinstance(weighting, BM25F):
            raise TypeError(f"scores are BM25F's, not {type(weighting).__name__}'s")
        reader = searcher.reader()
        self.reader = reader
        self.schema = searcher.schema
        self.b = float(weighting.B)
        self.k1 = float(weighting.K1)
        self.doc_count = reader.doc_count_all()
        self.leaves = list(reader.leaf_readers())
        self.live = _live_mask(self.leaves, self.doc_count)
        self._lengths: dict[str, Floats] = {}
        self._cache: OrderedDict[tuple[str, str, bytes], _Cached] = OrderedDict()
        self._held = 0
        self._lock = threading.Lock()
        for fieldname in self.schema.scorable_names():  # read now, not on some search's time
            self._field_lengths(fieldname)

    def term(self, fieldname: str, text: str | bytes) -> TermPostings:
        """The postings of a term; empty when the field or the term is unknown."""
        btext = self._bytes(fieldname, text)
        if btext is None:
            return TermPostings(EMPTY_DOCS, EMPTY_SCORES)
        key = ("postings", fieldname, btext)
        found = self._cached(key)
        if found is None:
            found = self._remember(key, self._read(fieldname, btext))
        assert isinstance(found, TermPostings)
        return found

    def _cached(self, key: tuple[str, str, bytes]) -> TermPostings | Keys | None:
        with self._lock:
            found = self._cache.get(key)
            if found is not None:
                self._cache.move_to_end(key)
            return found

    def _remember(self, key: tuple[str, str, bytes], value: _Cached) -> _Cached:
        size = len(value.docs) if isinstance(value, TermPostings) else len(value)
        with self._lock:
            if key not in self._cache and size <= CACHE_ITEMS // 4:
                self._cache[key] = value
                self._held += size
                while self._held > CACHE_ITEMS:
                    _, dropped = self._cache.popitem(last=False)
                    self._held -= len(
                        dropped.docs if isinstance(dropped, TermPostings) else dropped
                    )
        return value

    def position_keys(self, fieldname: str, text: str | bytes) -> Keys:
        """Every occurrence of a term as ``record << 32 | position``, sorted.

        A phrase is then an intersection of shifted arrays. Decoding every position of a
        frequent word takes tens of milliseconds, so the arrays are cached like postings.
        """
        btext = self._bytes(fieldname, text)
        if btext is None:
            return EMPTY_KEYS
        key = ("positions", fieldname, btext)
        found = self._cached(key)
        if found is None:
            found = self._remember(key, self._read_positions(fieldname, btext))
        assert isinstance(found, np.ndarray)
        return found

    def _read_positions(self, fieldname: str, btext: bytes) -> Keys:
        field_format = self.schema[fieldname].format
        doc_parts: list[npt.NDArray[np.int64]] = []
        counts: list[Floats] = []
        values: list[bytes] = []
        for leaf, offset in self.leaves:
            if (fieldname, btext) not in leaf:
                continue
            for ids, weights, block in _blocks(leaf.postings(fieldname, btext), values=True):
                doc_parts.append(ids + offset)
                counts.append(weights)
                values.extend(block)
        if not values:
            return EMPTY_KEYS
        docs = np.concatenate(doc_parts)
        lengths, positions = _decode_positions(values, np.concatenate(counts), field_format)
        found = (np.repeat(docs, lengths) << 32) + positions
        if self.live is not None:
            found = found[self.live[found >> 32]]
        return found

    def _bytes(self, fieldname: str, text: str | bytes) -> bytes | None:
        if fieldname not in self.schema:
            return None
        if isinstance(text, str):
            try:
                text = self.schema[fieldname].to_bytes(text)
            except ValueError:
                return None
        assert isinstance(text, bytes)
        return text if (fieldname, text) in self.reader else None

    def _read(self, fieldname: str, btext: bytes) -> TermPostings:
        doc_parts: list[npt.NDArray[np.int64]] = []
        weight_parts: list[Floats] = []
        for leaf, offset in self.leaves:
            if (fieldname, btext) not in leaf:
                continue
            for ids, weights, _values in _blocks(leaf.postings(fieldname, btext)):
                doc_parts.append(ids + offset)
                weight_parts.append(weights)
        if not doc_parts:
            return TermPostings(EMPTY_DOCS, EMPTY_SCORES)
        docs = np.concatenate(doc_parts)
        weights = np.concatenate(weight_parts)
        if self.live is not None:
            keep = self.live[docs]
            docs, weights = docs[keep], weights[keep]
        field = self.schema[fieldname]
        if not field.scorable:
            return TermPostings(docs.astype(np.int32), None)
        return TermPostings(docs.astype(np.int32), self._bm25f(fieldname, btext, docs, weights))

    def _bm25f(
        self, fieldname: str, btext: bytes, docs: npt.NDArray[np.int64], weights: Floats
    ) -> Floats:
        """Whoosh's ``BM25F`` scorer, vectorised: same idf, same average, same lengths."""
        frequency = self.reader.doc_frequency(fieldname, btext)
        idf = log(self.doc_count / (frequency + 1)) + 1
        average = (self.reader.field_length(fieldname) / (self.doc_count or 1)) or 1
        lengths = self._field_lengths(fieldname)[docs]
        k1, b = self.k1, self.b
        scores: Floats = idf * (
            (weights * (k1 + 1)) / (weights + k1 * ((1 - b) + b * lengths / average))
        )
        return scores

    def _field_lengths(self, fieldname: str) -> Floats:
        """Each record's length in a field, as Whoosh stores it: rounded to one byte."""
        with self._lock:
            found = self._lengths.get(fieldname)
        if found is not None:
            return found
        lengths = field_lengths(self.reader, fieldname)
        with self._lock:
            self._lengths[fieldname] = lengths
        return lengths


def _decode_positions(
    values: list[bytes], counts: Floats, field_format: Any
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """The positions held in postings values: how many in each, and all of them in order.

    Whoosh encodes a value as the count (4 bytes) and a pickled list of gaps between
    positions, and decodes one value per Python call. Here the pickles are joined into one
    pickled list of lists, read in one call, and the gaps summed with numpy. The counts
    (a posting's weight is its number of positions) check the result; should a value be
    encoded any other way, Whoosh's own decoder reads them one by one.
    """
    try:
        if not isinstance(field_format, Positions) or not all(
            value[_INT_SIZE : _INT_SIZE + 2] == _PROTO and value[-1:] == _STOP for value in values
        ):
            raise ValueError("not the encoding read here")
        joined = b"".join([value[_INT_SIZE + 2 : -1] for value in values])
        lists = loads(_PROTO + b"(" + joined + b"l" + _STOP)
        lengths = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
        if len(lists) != len(values) or not np.array_equal(lengths, counts):
            raise ValueError("counts differ")
        gaps = np.fromiter(chain.from_iterable(lists), dtype=np.int64, count=int(lengths.sum()))
    except (ValueError, UnpicklingError, TypeError):
        decoded = [field_format.decode_positions(value) for value in values]
        lengths = np.fromiter(map(len, decoded), dtype=np.int64, count=len(decoded))
        return lengths, np.fromiter(chain.from_iterable(decoded), dtype=np.int64)
    # Positions restart at each posting: a running sum less the sum before its first gap.
    running = np.cumsum(gaps)
    firsts = np.cumsum(lengths) - lengths
    before = running[firsts] - gaps[firsts]
    return lengths, running - np.repeat(before, lengths)


def _live_mask(leaves: list[tuple[Any, int]], count: int) -> npt.NDArray[np.bool_] | None:
    """True for records not deleted; None when nothing is deleted (the usual case)."""
    if not any(leaf.has_deletions() for leaf, _ in leaves):
        return None
    live = np.ones(count, dtype=bool)
    for leaf, offset in leaves:
        for number in range(leaf.doc_count_all()):
            if leaf.is_deleted(number):
                live[offset + number] = False
    return live


def _blocks(
    matcher: Any, *, values: bool = False
) -> Iterable[tuple[npt.NDArray[np.int64], Floats, tuple[Any, ...]]]:
    """A term's postings in one segment, block by block: ids, weights, raw values.

    Reads Whoosh 2.7's on-disk block layout (``W3LeafMatcher``) directly: the codec the
    index is written with never holds postings inline in a term's entry.
    """
    if isinstance(matcher, FilterMatcher):
        matcher = matcher.child  # deleted records: left out by the reader's live mask
    if not isinstance(matcher, W3LeafMatcher):
        raise TypeError(f"postings not in Whoosh's block layout: {type(matcher).__name__}")
    while matcher.is_active():
        data = matcher._data
        if data is None:
            raw = matcher._postfile.get(
                matcher._dataoffset, matcher._nextoffset - matcher._dataoffset
            )
            data = loads(zlib.decompress(raw) if matcher._compression else raw)
        deltas, weights_data, values_data = data
        ids = np.cumsum(np.asarray(deltas, dtype=np.int64))
        count = len(ids)
        if weights_data is None:
            weights = np.ones(count, dtype=np.float64)
        elif isinstance(weights_data, float):
            weights = np.full(count, weights_data, dtype=np.float64)
        else:
            weights = np.asarray(weights_data, dtype=np.float64)
        yield ids, weights, (values_data if values else ())
        matcher._next_block()


__all__ = ["EMPTY_DOCS", "EMPTY_SCORES", "PostingsReader", "TermPostings"]
