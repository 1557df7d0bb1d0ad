"""Documents matched as a whole: every required clause somewhere in the document.

A record-level search needs one record (a paragraph, a note, a letter) to hold every word.
A historian who asks for the speech that mentions both Enver and Batum wants the speech,
even when the two names stand three paragraphs apart, so for ``type=document`` (and the
``document`` count of the type facet) each clause is matched by the records alone and a
document matches when, among its records, every clause is held by at least one and no
record holds an excluded word. A phrase still has to stand inside one record.

A document scores the sum, over the clauses, of the best score any of its records has for
that clause: its BM25F evidence for each word, taken where the word is strongest, so a
document is not favoured for being long. The records shown for it (its *passages*) are
the one record that holds every clause, when there is one, else each clause's best record.

Which documents match is a set operation on document codes, cheap enough for every
search (the type facet counts it); scores and passages are sorted out only when a
``type=document`` search asks for them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt

from archive_api.search.engine import Matches
from archive_api.search.postings import EMPTY_DOCS, Docs

Codes = npt.NDArray[np.int32]
Scores = npt.NDArray[np.float64]
MAX_PASSAGES = 3

_NO_CODES: Codes = np.zeros(0, dtype=np.int32)


@dataclass(frozen=True)
class _Ranking:
    """What ranks and shows the matched documents, one entry per document code."""

    scores: Scores
    standing: Docs  # the record a hit is built from (its page, its section)
    # Per clause, each document's best record and its score (none: one record stands).
    best: list[tuple[Docs, Scores]]
    together: Docs  # the record holding every clause (-1: none)


class WholeDocuments:
    """Documents matched, in document-code order, with what stands for each of them.

    ``scores`` and ``standing`` are worked out on first use, and the records a document
    shows only for the documents on the page shown (:meth:`passages`): a frequent word
    matches thousands of documents, and most searches only count them.
    """

    def __init__(
        self,
        matched: Codes,
        clauses: Sequence[Matches],
        codes: Codes,
        together: Matches | None = None,
    ) -> None:
        self.codes = matched  # document codes (Columns.coded["document"]), sorted, unique
        self._clauses = clauses
        self._of = codes  # each record's document code
        self._together = together  # None: each document's best record stands for it

    def __len__(self) -> int:
        return len(self.codes)

    @property
    def scores(self) -> Scores:
        return self._ranking.scores

    @property
    def standing(self) -> Docs:
        return self._ranking.standing

    @cached_property
    def _ranking(self) -> _Ranking:
        if not len(self.codes):
            return _Ranking(np.zeros(0), EMPTY_DOCS, [], EMPTY_DOCS)
        per_clause = [_best_of(found, self._of, self.codes) for found in self._clauses]
        if self._together is None:
            docs, scores = per_clause[0]
            return _Ranking(scores, docs, [], EMPTY_DOCS)
        scores = np.sum([clause_scores for _, clause_scores in per_clause], axis=0)
        strongest = np.argmax([clause_scores for _, clause_scores in per_clause], axis=0)
        by_clause = np.array([docs for docs, _ in per_clause])
        standing = by_clause[strongest, np.arange(len(self.codes))].astype(np.int32)
        if len(per_clause) == 1:
            held = standing  # one clause: its best record holds every clause
        else:
            held = _best_of(self._together, self._of, self.codes)[0]
            standing = np.where(held >= 0, held, standing).astype(np.int32)
        return _Ranking(scores, standing, per_clause, held)

    def passages(self, at: int) -> tuple[int, ...]:
        """The records document ``at`` (its place in ``codes``) shows, the standing one
        first: the one record that holds every clause, else each clause's best record,
        strongest first, each record once."""
        ranking = self._ranking
        if not ranking.best:
            return (int(ranking.standing[at]),)
        if ranking.together[at] >= 0:
            return (int(ranking.together[at]),)
        ranked = sorted(ranking.best, key=lambda pair: -float(pair[1][at]))
        shown: list[int] = []
        for docs, _ in ranked:
            number = int(docs[at])
            if number not in shown:
                shown.append(number)
        return tuple(shown[:MAX_PASSAGES])

    def records(self) -> Docs:
        """The records of these documents that count for the facets: every one holding a
        clause, or (one record standing for each document) the standing ones."""
        if self._together is None:
            return np.unique(self.standing)
        held = np.zeros(len(self._of), dtype=bool)
        for found in self._clauses:
            held[found.docs] = True
        shown = np.zeros(int(self._of.max()) + 1, dtype=bool)
        shown[self.codes] = True
        return np.flatnonzero(held & shown[self._of]).astype(np.int32)


NO_DOCUMENTS = WholeDocuments(_NO_CODES, [], _NO_CODES)


def _held(docs: Docs, codes: Codes, size: int) -> npt.NDArray[np.bool_]:
    """Which document codes (below ``size``) hold one of ``docs``; code 0 (no document)
    never does."""
    held = np.zeros(size, dtype=bool)
    held[codes[docs]] = True
    held[0] = False
    return held


def documents_holding(clauses: Sequence[Docs], excluded: Docs, codes: Codes) -> Codes:
    """The codes of the documents whose records hold every clause between them (each
    clause given by its records) and none of the ``excluded`` records."""
    if not clauses or any(not len(docs) for docs in clauses):
        return _NO_CODES
    size = int(codes.max()) + 1
    held = _held(clauses[0], codes, size)
    for docs in clauses[1:]:
        held &= _held(docs, codes, size)
    held[codes[excluded]] = False
    return np.flatnonzero(held).astype(np.int32)


def _best_per_document(found: Matches, codes: Codes) -> tuple[Codes, Docs, Scores]:
    """For each document among ``found``: its code, its best record and that score (ties:
    the earlier record)."""
    if not len(found):
        return _NO_CODES, EMPTY_DOCS, np.zeros(0)
    of = codes[found.docs]
    order = np.argsort(of, kind="stable")  # records stay in order within a document
    of, docs, scores = of[order], found.docs[order], found.scores[order]
    starts = np.flatnonzero(np.r_[True, of[1:] != of[:-1]])
    group = np.repeat(np.arange(len(starts)), np.diff(np.r_[starts, len(of)]))
    at_top = np.flatnonzero(scores == np.maximum.reduceat(scores, starts)[group])
    first = at_top[np.r_[True, group[at_top][1:] != group[at_top][:-1]]]
    return of[starts], docs[first], scores[first]


def _best_of(found: Matches, codes: Codes, wanted: Codes) -> tuple[Docs, Scores]:
    """For each document of ``wanted`` (sorted codes): its best record among ``found``
    and that score; -1 and 0 for a document without one."""
    of, docs, scores = _best_per_document(found, codes)
    chosen = np.full(len(wanted), -1, dtype=np.int32)
    chosen_scores = np.zeros(len(wanted))
    if len(of):
        at = np.searchsorted(of, wanted)
        at[at == len(of)] = 0
        hit = of[at] == wanted
        chosen[hit], chosen_scores[hit] = docs[at[hit]], scores[at[hit]]
    return chosen, chosen_scores


def standing_records(found: Matches, codes: Codes, excluded: Docs = EMPTY_DOCS) -> WholeDocuments:
    """One entry per document among ``found``, its best record standing for it (a listing,
    or a relaxed search where no document holds every word); documents with one of the
    ``excluded`` records are left out."""
    matched = documents_holding([found.docs], excluded, codes)
    return WholeDocuments(matched, [found], codes)


def match_documents(
    clauses: Sequence[Matches], together: Matches, excluded: Docs, codes: Codes
) -> WholeDocuments:
    """The documents whose records hold every clause of ``clauses`` (each clause's own
    matches) and none of the ``excluded`` records' words; ``together`` are the records
    that hold every clause themselves (the record-level matches)."""
    matched = documents_holding([found.docs for found in clauses], excluded, codes)
    if not len(matched):
        return NO_DOCUMENTS
    return WholeDocuments(matched, clauses, codes, together)
