"""A generation's postings as numpy arrays: what a search reads instead of Whoosh matchers.

Whoosh walks postings one at a time through several layers of Python: a word found in
20,000 records costs 20,000 method calls to match and as many again to score, and a search
that needs every match (totals and facets) pays that for each word, field and spelling.
Here a term's postings come from each segment's arrays file (``segment_arrays``: record
numbers, weights and positions as they lie on disk, found by the term's offset in Whoosh's
postings file) and are scored in one vector operation with the formula and statistics
Whoosh uses (BM25F, the searcher's ``B`` and ``K1``, Whoosh's idf, its one-byte field
lengths), so scores equal Whoosh's. A test compares every result with Whoosh's own
matching and scoring.

Scored term arrays are kept in a cache bounded by the number of items held, least
recently used first out: frequent words, the costly ones, are the ones asked for again.
Word positions serve phrases only, so what is kept of them is the phrase's answer (the
records where its words stand in order), in a cache of answers; the phrase's scored
matches are kept with the terms. A filter's answer (its records, unscored) is kept with
the phrases': a date range expands to hundreds of terms, and the same few filters come
back request after request. Positions are read only
for the records that hold all of the phrase's words. A reader belongs to one opened
generation and is never refreshed.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from math import log
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from whoosh.scoring import BM25F

from archive_api.search.column_arrays import LENGTH_OF_CODE, field_length_codes
from archive_api.search.segment_arrays import ArraysReader
from archive_api.search.whoosh_blocks import leaf_arrays, term_offset

Docs = npt.NDArray[np.int32]
Floats = npt.NDArray[np.float64]
Keys = npt.NDArray[np.int64]

EMPTY_DOCS: Docs = np.zeros(0, dtype=np.int32)
EMPTY_SCORES: Floats = np.zeros(0, dtype=np.float64)
EMPTY_KEYS: Keys = np.zeros(0, dtype=np.int64)
# Postings held per generation, of terms and of phrases (12 bytes each: at most ~100 MB).
CACHE_ITEMS = 8_000_000
# Records kept of phrase and filter answers (4 bytes each): asked again, they cost nothing.
ANSWER_ITEMS = 4_000_000


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
        self._entries: OrderedDict[Hashable, TermPostings] = OrderedDict()

    def get(self, key: Hashable) -> TermPostings | None:
        found = self._entries.get(key)
        if found is not None:
            self._entries.move_to_end(key)
        return found

    def put(self, key: Hashable, value: TermPostings) -> None:
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

    def __init__(self, searcher: Any, folder: Path) -> None:
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
        self._arrays: list[ArraysReader | None] = []
        try:
            for leaf, _offset in self.leaves:
                path = leaf_arrays(folder, leaf)
                self._arrays.append(None if path is None else ArraysReader(path))
        except BaseException:
            self.close()
            raise
        self._lengths: dict[str, npt.NDArray[np.uint8]] = {}
        self._cache = _Bounded(CACHE_ITEMS)  # term postings and scored phrases
        self._answers = _Bounded(ANSWER_ITEMS)  # phrase and filter records, unscored
        self._lock = threading.Lock()
        for fieldname in self.schema.scorable_names():  # read now, not on some search's time
            self._length_codes(fieldname)

    def close(self) -> None:
        for arrays in self._arrays:
            if arrays is not None:
                arrays.close()

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

    def scored(self, key: Hashable, compute: Callable[[], TermPostings]) -> TermPostings:
        """A scored answer that is not one term (a phrase: the sum of its words), kept with
        the terms' postings under ``key``, which must name everything it follows from."""
        return self._kept(self._cache, ("scored", key), compute)

    def filter_records(self, query: Hashable, compute: Callable[[], Docs]) -> Docs:
        """The records of a filter ``query``: kept from an earlier ``compute()``, or computed."""
        found = self._kept(self._answers, ("filter", query), lambda: TermPostings(compute(), None))
        return found.docs

    def phrase_records(self, fieldname: str, words: list[str], candidates: Docs) -> Docs:
        """The records among ``candidates`` (those holding every word; sorted) where the
        words stand one after another. ``candidates`` must follow from the words alone, as
        the answer is kept under them."""
        btexts = [self._bytes(fieldname, word) for word in words]
        if not len(candidates) or any(btext is None for btext in btexts):
            return EMPTY_DOCS
        terms = [btext for btext in btexts if btext is not None]
        key = ("phrase", fieldname, b"\x00".join(terms))
        found = self._kept(
            self._answers,
            key,
            lambda: TermPostings(self._phrase_records(fieldname, terms, candidates), None),
        )
        return found.docs

    def _kept(
        self, cache: _Bounded, key: Hashable, compute: Callable[[], TermPostings]
    ) -> TermPostings:
        with self._lock:
            found = cache.get(key)
        if found is None:
            found = compute()
            with self._lock:
                cache.put(key, found)
        return found

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
        parts: list[Keys] = []
        for (leaf, offset), arrays in zip(self.leaves, self._arrays, strict=True):
            key = term_offset(leaf, fieldname, btext)
            if key is None or arrays is None:
                continue
            found = arrays.postings(key)
            counts = found.weights.astype(np.int64)
            if len(found.positions) != counts.sum():
                raise ValueError(f"{fieldname}: no positions kept for {btext!r}")
            ids = found.docs.astype(np.int64) + offset
            positions = found.positions.astype(np.int64)
            if within is not None:
                keep = contains(ids, within)
                if not keep.any():
                    continue
                positions = positions[np.repeat(keep, counts)]
                ids, counts = ids[keep], counts[keep]
            parts.append((np.repeat(ids, counts) << 32) + positions)
        if not parts:
            return EMPTY_KEYS
        found_keys = np.concatenate(parts)
        if self.live is not None:
            found_keys = found_keys[self.live[found_keys >> 32]]
        return found_keys

    def _bytes(self, fieldname: str, text: str | bytes) -> bytes | None:
        """A term as a field holds it; None when the field is unknown or cannot hold it.
        Whether a segment holds the term is asked once, by :func:`term_offset`."""
        if fieldname not in self.schema:
            return None
        if isinstance(text, str):
            try:
                text = self.schema[fieldname].to_bytes(text)
            except ValueError:
                return None
        assert isinstance(text, bytes)
        return text

    def _read(self, fieldname: str, btext: bytes) -> TermPostings:
        doc_parts: list[npt.NDArray[np.int64]] = []
        weight_parts: list[npt.NDArray[np.float32]] = []
        for (leaf, offset), arrays in zip(self.leaves, self._arrays, strict=True):
            key = term_offset(leaf, fieldname, btext)
            if key is not None and arrays is not None:
                found = arrays.postings(key)
                doc_parts.append(found.docs.astype(np.int64) + offset)
                weight_parts.append(found.weights)
        if not doc_parts:
            return TermPostings(EMPTY_DOCS, EMPTY_SCORES)
        docs = np.concatenate(doc_parts)
        weights = np.concatenate(weight_parts).astype(np.float64)
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
        lengths = LENGTH_OF_CODE[self._length_codes(fieldname)[docs]]
        k1, b = self.k1, self.b
        scores: Floats = idf * (
            (weights * (k1 + 1)) / (weights + k1 * ((1 - b) + b * lengths / average))
        )
        return scores

    def _length_codes(self, fieldname: str) -> npt.NDArray[np.uint8]:
        """Each record's length in a field as Whoosh stores it, a one-byte code."""
        with self._lock:
            found = self._lengths.get(fieldname)
        if found is not None:
            return found
        lengths = field_length_codes(self.reader, fieldname)
        with self._lock:
            self._lengths[fieldname] = lengths
        return lengths


def contains(
    docs: npt.NDArray[np.integer[Any]], wanted: npt.NDArray[np.integer[Any]]
) -> npt.NDArray[np.bool_]:
    """For each of ``docs``: is it among ``wanted``? ``wanted`` sorted and unique.

    A binary search per record costs about ``log2(len(wanted))`` cache misses; when both
    sides are large (a frequent word against another) and the numbers small (records, not
    position keys), marking ``wanted`` in an array of flags and reading it at ``docs``
    costs one pass over each instead."""
    if not len(wanted) or not len(docs):
        return np.zeros(len(docs), dtype=bool)
    top = int(wanted[-1])
    searching = len(docs) * len(wanted).bit_length()
    if searching > 4 * (len(docs) + len(wanted)) + top // 8 and int(wanted[0]) >= 0:
        flags = np.zeros(top + 1, dtype=bool)
        flags[wanted] = True
        inside = (docs >= 0) & (docs <= top)
        out = np.zeros(len(docs), dtype=bool)
        out[inside] = flags[docs[inside]]
        return out
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


__all__ = ["EMPTY_DOCS", "EMPTY_SCORES", "PostingsReader", "TermPostings", "contains"]
