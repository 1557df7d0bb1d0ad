"""Evaluate a Whoosh query tree over numpy postings: every match and its score at once.

The query objects are the ones :mod:`archive_api.search.query` and the filters build, and
they keep Whoosh's meaning: a term scores BM25F times its boost; ``And`` needs every part
and adds their scores; ``Or`` needs one and adds the scores of those present; a
disjunction-max keeps the best part's score; ``AndNot`` drops what the second part
matches; a phrase needs its words at consecutive positions and scores as the sum of its
words, like Whoosh's ``SpanNear2``; a prefix or a numeric range is the ``Or`` of the terms
it expands to. Evaluation works on sorted arrays of record numbers, so its cost grows with
the number of postings read, not with Python calls per posting.

A query type not listed here raises ``TypeError``: a silent fallback could score wrongly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from whoosh import query as wq
from whoosh.query.qcore import _NullQuery

from archive_api.search.postings import (
    EMPTY_DOCS,
    EMPTY_SCORES,
    Docs,
    Floats,
    PostingsReader,
    TermPostings,
    contains,
)


@dataclass(frozen=True)
class Matches:
    """Records matched (sorted, unique Whoosh record numbers) and their scores."""

    docs: Docs
    scores: Floats

    def __len__(self) -> int:
        return len(self.docs)


Mask = npt.NDArray[np.bool_]

NOTHING = Matches(EMPTY_DOCS, EMPTY_SCORES)


def evaluate(query: wq.Query, postings: PostingsReader) -> Matches:
    """Every record ``query`` matches, with Whoosh's score for it."""
    return _evaluate(query, postings)


def records(query: wq.Query, postings: PostingsReader) -> Docs:
    """The records ``query`` matches, without their scores (filters, clause counts).

    Unions here join record numbers only: a date filter expands to hundreds of terms
    holding most of the archive, which scoring would sort and add for nothing."""
    if isinstance(query, wq.NumericRange):
        return records(query._compile_query(postings.reader), postings)
    if isinstance(query, wq.MultiTerm):
        terms = query.expanded_terms(postings.reader)
        found = [postings.term(fieldname, text).docs for fieldname, text in terms]
        return _records_union(found, postings.doc_count)
    if isinstance(query, (wq.Or, wq.DisjunctionMax)):
        found = [records(sub, postings) for sub in query.subqueries]
        return _records_union(found, postings.doc_count)
    if isinstance(query, wq.ConstantScoreQuery):
        return records(query.child, postings)
    if isinstance(query, wq.AndNot):
        kept = records(query.a, postings)
        return kept[~contains(kept, records(query.b, postings))]
    if isinstance(query, wq.And):
        parts = sorted((records(sub, postings) for sub in query.subqueries), key=len)
        if not parts:
            return EMPTY_DOCS
        kept = parts[0]
        for part in parts[1:]:
            kept = kept[contains(kept, part)]
        return kept
    return _evaluate(query, postings).docs


def _records_union(parts: Sequence[Docs], size: int) -> Docs:
    """The records in any of ``parts`` (each sorted and unique, below ``size``), sorted."""
    parts = [part for part in parts if len(part)]
    if len(parts) <= 1:
        return parts[0] if parts else EMPTY_DOCS
    if sum(len(part) for part in parts) * 16 < size:  # few: sorting them is cheaper
        joined = np.sort(np.concatenate(parts))
        return joined[np.r_[True, joined[1:] != joined[:-1]]]
    held = np.zeros(size, dtype=bool)
    for part in parts:
        held[part] = True
    return np.flatnonzero(held).astype(np.int32)


def restrict(found: Matches, allowed: Docs) -> Matches:
    """The matches among ``allowed`` (sorted, unique)."""
    keep = contains(found.docs, allowed)
    return Matches(found.docs[keep], found.scores[keep])


def drop(found: Matches, dropped: Docs) -> Matches:
    """The matches not among ``dropped`` (sorted, unique): Whoosh's ``AndNot``."""
    keep = ~contains(found.docs, dropped)
    return Matches(found.docs[keep], found.scores[keep])


def all_of(parts: Sequence[Matches]) -> Matches:
    """Records in every part, their scores added: Whoosh's ``And``."""
    return _intersection(parts)


def _evaluate(query: wq.Query, postings: PostingsReader) -> Matches:
    boost = float(getattr(query, "boost", 1.0))
    if isinstance(query, wq.Term):
        term = postings.term(query.fieldname, query.text)
        scores = term.scores if term.scores is not None else np.zeros(term.size)
        return _boosted(Matches(term.docs, scores), boost)
    if isinstance(query, wq.Phrase):
        if query.slop != 1:  # words further apart than adjacent are not read here
            raise TypeError(f"no evaluation for phrases with slop {query.slop}")
        return _boosted(_phrase(query, postings), boost)
    if isinstance(query, wq.NumericRange):
        return _evaluate(query._compile_query(postings.reader), postings)
    if isinstance(query, wq.MultiTerm):  # Prefix, Wildcard, TermRange…
        parts = [
            _evaluate(wq.Term(fieldname, text), postings)
            for fieldname, text in query.expanded_terms(postings.reader)
        ]
        # As in Whoosh, a pattern that expands to one term is that term, unboosted.
        return parts[0] if len(parts) == 1 else _boosted(_union(parts, np.add), boost)
    if isinstance(query, wq.ConstantScoreQuery):
        found = _evaluate(query.child, postings)
        return Matches(found.docs, np.full(len(found), float(query.score)))
    if isinstance(query, wq.AndNot):
        return drop(_evaluate(query.a, postings), _evaluate(query.b, postings).docs)
    if isinstance(query, wq.DisjunctionMax):
        parts = [_evaluate(sub, postings) for sub in query.subqueries]
        return _boosted(_union(parts, np.maximum), boost)
    if isinstance(query, wq.And):
        return _boosted(_intersection([_evaluate(s, postings) for s in query.subqueries]), boost)
    if isinstance(query, wq.Or):
        parts = [_evaluate(sub, postings) for sub in query.subqueries]
        return _boosted(_union(parts, np.add), boost)
    if isinstance(query, _NullQuery):
        return NOTHING
    raise TypeError(f"no evaluation for {type(query).__name__} queries")


def _boosted(found: Matches, boost: float) -> Matches:
    return found if boost == 1.0 else Matches(found.docs, found.scores * boost)


def _union(parts: Sequence[Matches], combine: np.ufunc) -> Matches:
    """Records in any part; the scores of a record combined with ``combine``."""
    parts = [part for part in parts if len(part)]
    if not parts:
        return NOTHING
    if len(parts) == 1:
        return parts[0]
    docs = np.concatenate([part.docs for part in parts])
    scores = np.concatenate([part.scores for part in parts])
    order = np.argsort(docs, kind="stable")
    docs, scores = docs[order], scores[order]
    starts = np.flatnonzero(np.r_[True, docs[1:] != docs[:-1]])
    return Matches(docs[starts], combine.reduceat(scores, starts))


def _intersection(parts: Sequence[Matches]) -> Matches:
    """Records in every part, their scores added."""
    if not parts or any(not len(part) for part in parts):
        return NOTHING
    ordered = sorted(parts, key=len)
    docs, scores = ordered[0].docs, ordered[0].scores
    for part in ordered[1:]:
        hit = contains(docs, part.docs)
        docs = docs[hit]
        # Both sides sorted and unique: the part's records among docs line up with them.
        scores = scores[hit] + part.scores[contains(part.docs, docs)]
        if not len(docs):
            return NOTHING
    return Matches(docs, scores)


def _phrase(query: wq.Phrase, postings: PostingsReader) -> Matches:
    """Records holding the words one after another, scored as the sum of the words."""
    fieldname, words = query.fieldname, list(query.words)

    def compute() -> Matches:
        terms = [_evaluate(wq.Term(fieldname, word), postings) for word in words]
        candidates = _intersection(terms)
        if len(words) < 2 or not len(candidates):
            return candidates
        return restrict(candidates, postings.phrase_records(fieldname, words, candidates.docs))

    if len(words) < 2:
        return compute()
    kept = postings.scored(("phrase", fieldname, tuple(words)), lambda: _as_postings(compute()))
    return Matches(kept.docs, kept.scores if kept.scores is not None else EMPTY_SCORES)


def _as_postings(found: Matches) -> TermPostings:
    return TermPostings(found.docs, found.scores)
