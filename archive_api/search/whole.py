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
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from archive_api.search.engine import Matches, contains
from archive_api.search.postings import EMPTY_DOCS, Docs

Codes = npt.NDArray[np.int32]
MAX_PASSAGES = 3

_NO_CODES: Codes = np.zeros(0, dtype=np.int32)


@dataclass(frozen=True)
class WholeDocuments:
    """Documents matched, in document-code order, with what stands for each of them.

    Which records a document shows is worked out only for the documents on the page
    shown (:meth:`passages`): a frequent word matches thousands of documents.
    """

    codes: Codes  # document codes (Columns.coded["document"]), sorted, unique
    scores: npt.NDArray[np.float64]
    standing: Docs  # the record a hit is built from (its page, its section)
    # Per clause, each document's best record and its score; the record holding every
    # clause, if any (-1: none).
    best: list[tuple[Docs, npt.NDArray[np.float64]]] = field(default_factory=list)
    together: Docs = field(default_factory=lambda: EMPTY_DOCS)
    matched: list[Docs] = field(default_factory=list)  # each clause's records

    def __len__(self) -> int:
        return len(self.codes)

    def passages(self, at: int) -> tuple[int, ...]:
        """The records document ``at`` (its place in ``codes``) shows, the standing one
        first: the one record that holds every clause, else each clause's best record,
        strongest first, each record once."""
        if not self.best:
            return (int(self.standing[at]),)
        if len(self.together) and self.together[at] >= 0:
            return (int(self.together[at]),)
        ranked = sorted(self.best, key=lambda pair: -float(pair[1][at]))
        shown: list[int] = []
        for docs, _ in ranked:
            number = int(docs[at])
            if number not in shown:
                shown.append(number)
        return tuple(shown[:MAX_PASSAGES])

    def records(self, codes: Codes) -> Docs:
        """Every record of these documents that holds a clause (what facets count)."""
        if not self.matched:
            return np.unique(self.standing)
        every = np.unique(np.concatenate(self.matched))
        return every[contains(codes[every], self.codes)]


NO_DOCUMENTS = WholeDocuments(_NO_CODES, np.zeros(0), EMPTY_DOCS)


def _best_per_document(found: Matches, codes: Codes) -> tuple[Codes, Docs, npt.NDArray[np.float64]]:
    """For each document among ``found``: its code, its best record and that score (ties:
    the earlier record). Records without a document (code 0) are left out."""
    if not len(found):
        return _NO_CODES, EMPTY_DOCS, np.zeros(0)
    of = codes[found.docs]
    order = np.lexsort((found.docs, -found.scores, of))
    of, docs, scores = of[order], found.docs[order], found.scores[order]
    first = np.r_[True, of[1:] != of[:-1]] & (of != 0)
    return of[first], docs[first], scores[first]


def standing_records(found: Matches, codes: Codes, excluded: Docs = EMPTY_DOCS) -> WholeDocuments:
    """One entry per document among ``found``, its best record standing for it (a listing,
    or a relaxed search where no document holds every word); documents with one of the
    ``excluded`` records are left out."""
    if len(excluded):
        keep = ~contains(codes[found.docs], np.unique(codes[excluded]))
        found = Matches(found.docs[keep], found.scores[keep])
    of, docs, scores = _best_per_document(found, codes)
    return WholeDocuments(of, scores, docs, matched=[found.docs])


def match_documents(
    clauses: Sequence[Matches], together: Matches, excluded: Docs, codes: Codes
) -> WholeDocuments:
    """The documents whose records hold every clause of ``clauses`` (each clause's own
    matches) and none of the ``excluded`` records' words; ``together`` are the records
    that hold every clause themselves (the record-level matches)."""
    if not clauses or any(not len(found) for found in clauses):
        return NO_DOCUMENTS
    best = [_best_per_document(found, codes) for found in clauses]
    matched = best[0][0]
    for of, _, _ in best[1:]:
        matched = np.intersect1d(matched, of, assume_unique=True)
    if len(excluded) and len(matched):
        matched = matched[~contains(matched, np.unique(codes[excluded]))]
    if not len(matched):
        return NO_DOCUMENTS
    per_clause: list[tuple[Docs, npt.NDArray[np.float64]]] = []
    for of, docs, clause_scores in best:
        at = np.searchsorted(of, matched)
        per_clause.append((docs[at], clause_scores[at]))
    scores = np.sum([clause_scores for _, clause_scores in per_clause], axis=0)
    strongest = np.argmax([clause_scores for _, clause_scores in per_clause], axis=0)
    records_by_clause = np.array([docs for docs, _ in per_clause])
    standing = records_by_clause[strongest, np.arange(len(matched))].astype(np.int32)
    one_of, one_record, _ = _best_per_document(together, codes)
    held = np.full(len(matched), -1, dtype=np.int32)
    if len(one_of):
        at = np.searchsorted(one_of, matched)
        at[at == len(one_of)] = 0
        hit = one_of[at] == matched
        held[hit] = one_record[at[hit]]
        standing = np.where(hit, held, standing).astype(np.int32)
    return WholeDocuments(
        matched,
        scores,
        standing,
        best=per_clause,
        together=held,
        matched=[found.docs for found in clauses],
    )
