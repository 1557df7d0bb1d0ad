"""A generation's postings as numpy arrays: what a search reads instead of Whoosh matchers.

Whoosh walks postings one at a time through several layers of Python: a word found in
20,000 records costs 20,000 method calls to match and as many again to score, and a search
that needs every match (totals and facets) pays that for each word, field and spelling.
Here a term's postings are read a block at a time from Whoosh's own files (each block is
128 postings pickled and compressed; ids are delta-coded), turned into arrays, and scored
in one vector operation with the formula and statistics Whoosh uses (BM25F, the searcher's
``B`` and ``K1``, Whoosh's idf, its one-byte field lengths), so scores equal Whoosh's.

Term arrays are kept in a cache bounded by the number of items held, least recently used
first out: frequent words, the costly ones, are the ones asked for again. Word positions
serve phrases only, so what is kept of them is the phrase's answer (the records where its
words stand in order), in a cache of its own: a few bytes per matching record, where the
positions of a phrase over frequent words (``"Büyük Millet Meclisi"``) run to millions of
items that would flush every term out. Positions are decoded only for the records that
hold all of the phrase's words. A reader belongs to one opened generation and is never
refreshed.

This reads Whoosh 2.7.4's block layout and positions encoding directly (Whoosh is pinned);
a test compares every result with Whoosh's own matching and scoring.
"""

from __future__ import annotations

import threading
import zlib
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import chain, compress
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
# Postings held per generation (12 bytes each: at most ~100 MB).
CACHE_ITEMS = 8_000_000
# Records kept of phrase answers (4 bytes each): phrases asked again cost no positions.
PHRASE_ITEMS = 2_000_000
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


class _Bounded:
    """Term arrays by key, least recently used first out, at most ``budget`` items held
    (a single entry of more than a quarter of it is not kept). Callers hold the lock."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.held = 0
        self._entries: OrderedDict[tuple[str, bytes], TermPostings] = OrderedDict()

    def get(self, key: tuple[str, bytes]) -> TermPostings | None:
        found = self._entries.get(key)
        if found is not None:
            self._entries.move_to_end(key)
        return found

    def put(self, key: tuple[str, bytes], value: TermPostings) -> None:
        size = max(1, value.size)  # an empty answer is worth keeping too
        if key in self._entries or size > self.budget // 4:
            return
        self._entries[key] = value
        self.held += size
        while self.held > self.budget:
            _, dropped = self._entries.popitem(last=False)
            self.held -= max(1, dropped.size)


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
        self._cache = _Bounded(CACHE_ITEMS)  # term postings
        self._phrases = _Bounded(PHRASE_ITEMS)  # phrase answers, scores None
        self._lock = threading.Lock()
        for fieldname in self.schema.scorable_names():  # read now, not on some search's time
            self._field_lengths(fieldname)

    def term(self, fieldname: str, text: str | bytes) -> TermPostings:
        """The postings of a term; empty when the field or the term is unknown."""
        btext = self._bytes(fieldname, text)
        if btext is None:
            return TermPostings(EMPTY_DOCS, EMPTY_SCORES)
        key = (fieldname, btext)
        with self._lock:
            found = self._cache.get(key)
        if found is None:
            found = self._read(fieldname, btext)
            with self._lock:
                self._cache.put(key, found)
        return found

    def phrase_records(self, fieldname: str, words: list[str], candidates: Docs) -> Docs:
        """The records among ``candidates`` (those holding every word; sorted) where the
        words stand one after another. ``candidates`` must follow from the words alone, as
        the answer is kept under them."""
        btexts = [self._bytes(fieldname, word) for word in words]
        if not len(candidates) or any(btext is None for btext in btexts):
            return EMPTY_DOCS
        terms = [btext for btext in btexts if btext is not None]
        key = (fieldname, b"\x00".join(terms))
        with self._lock:
            found = self._phrases.get(key)
        if found is None:
            found = TermPostings(self._phrase_records(fieldname, terms, candidates), None)
            with self._lock:
                self._phrases.put(key, found)
        return found.docs

    def _phrase_records(self, fieldname: str, terms: list[bytes], candidates: Docs) -> Docs:
        # Word i of the phrase sits at the start position + i: shift it back and intersect.
        starts = self.position_keys(fieldname, terms[0], within=candidates)
        for offset, btext in enumerate(terms[1:], start=1):
            following = self.position_keys(fieldname, btext, within=candidates) - offset
            starts = starts[contains(starts, following)]
            if not len(starts):
                return EMPTY_DOCS
        docs = starts >> 32  # sorted, as the keys are
        first = np.r_[True, docs[1:] != docs[:-1]]
        return docs[first].astype(np.int32)

    def position_keys(self, fieldname: str, text: str | bytes, within: Docs | None = None) -> Keys:
        """Every occurrence of a term as ``record << 32 | position``, sorted; with
        ``within`` (sorted), only those in these records. A phrase is then an intersection
        of shifted arrays."""
        btext = self._bytes(fieldname, text)
        if btext is None:
            return EMPTY_KEYS
        field_format = self.schema[fieldname].format
        doc_parts: list[npt.NDArray[np.int64]] = []
        counts: list[Floats] = []
        values: list[bytes] = []
        for leaf, offset in self.leaves:
            if (fieldname, btext) not in leaf:
                continue
            for ids, weights, block in _blocks(leaf.postings(fieldname, btext), values=True):
                ids = ids + offset
                if within is not None:
                    keep = contains(ids, within)
                    if not keep.any():
                        continue
                    ids, weights = ids[keep], weights[keep]
                    block = tuple(compress(block, keep))
                doc_parts.append(ids)
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


def contains(
    docs: npt.NDArray[np.integer[Any]], wanted: npt.NDArray[np.integer[Any]]
) -> npt.NDArray[np.bool_]:
    """For each of ``docs``: is it among ``wanted``? ``wanted`` sorted and unique."""
    if not len(wanted) or not len(docs):
        return np.zeros(len(docs), dtype=bool)
    at = np.searchsorted(wanted, docs)
    at[at == len(wanted)] = 0
    return np.asarray(wanted[at] == docs)


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


__all__ = ["EMPTY_DOCS", "EMPTY_SCORES", "PostingsReader", "TermPostings", "contains"]
