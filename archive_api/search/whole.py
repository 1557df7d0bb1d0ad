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
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from archive_api.search.engine import Matches, contains
from archive_api.search.postings import EMPTY_DOCS, Docs

Codes = npt.NDArray[np.int32]
MAX_PASSAGES = 3

_NO_CODES: Codes = np.zeros(0, dtype=np.int32)


@dataclass(frozen=True)
class WholeDocuments:
    """Documents matched, in document-code order, with what stands for each of them."""

    codes: Codes  # document codes (Columns.coded["document"]), sorted, unique
    scores: npt.NDArray[np.float64]
    standing: Docs  # the record a hit is built from (its page, its section)
    passages: list[tuple[int, ...]]  # records to show, best first, the standing one first
    records: Docs  # every matching record of these documents (what facets count), sorted

    def __len__(self) -> int:
        return len(self.codes)


NO_DOCUMENTS = WholeDocuments(_NO_CODES, np.zeros(0), EMPTY_DOCS, [], EMPTY_DOCS)


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
    passages: list[tuple[int, ...]] = [(int(number),) for number in docs]
    keep = contains(codes[found.docs], of)
    return WholeDocuments(of, scores, docs, passages, found.docs[keep])


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
    scores = np.zeros(len(matched))
    per_clause: list[tuple[Docs, npt.NDArray[np.float64]]] = []
    for of, docs, clause_scores in best:
        at = np.searchsorted(of, matched)
        scores += clause_scores[at]
        per_clause.append((docs[at], clause_scores[at]))
    one_of, one_record, _ = _best_per_document(together, codes)
    passages = [
        _passages(index, per_clause, one_of, one_record, int(code))
        for index, code in enumerate(matched)
    ]
    standing = np.array([shown[0] for shown in passages], dtype=np.int32)
    every = np.unique(np.concatenate([found.docs for found in clauses]))
    records = every[contains(codes[every], matched)]
    return WholeDocuments(matched, scores, standing, passages, records)


def _passages(
    index: int,
    per_clause: list[tuple[Docs, npt.NDArray[np.float64]]],
    one_of: Codes,
    one_record: Docs,
    code: int,
) -> tuple[int, ...]:
    """One record that holds everything, if the document has one; else each clause's best
    record, strongest clause first, each record once."""
    at = int(np.searchsorted(one_of, code))
    if at < len(one_of) and one_of[at] == code:
        return (int(one_record[at]),)
    ranked = sorted(per_clause, key=lambda pair: -float(pair[1][index]))
    shown: list[int] = []
    for docs, _ in ranked:
        number = int(docs[index])
        if number not in shown:
            shown.append(number)
    return tuple(shown[:MAX_PASSAGES])
