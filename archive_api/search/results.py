"""One search over an open index generation: match, keep the types asked for, count,
order, cut a page, and dress each hit with its snippet and the offsets of its matches.

The engine (:mod:`archive_api.search.engine`) finds and scores every record that matches
the query and the filters other than the type; the rest happens here on arrays (see
:mod:`archive_api.search.facets`): the type facet counts what every ``type`` would give,
so one evaluation serves both the hits and the facets. Each clause is evaluated once and
serves both levels: a record hit holds every clause itself, while ``type=document`` gives
one hit per document whose records hold every clause between them (see
:mod:`archive_api.search.whole`), with the records where the words are as its passages.

When every word is required and nothing matches, the search is *relaxed*: it keeps the
records that hold the most of the words (two of three, say), best first, and says so; if
no record holds at least half of the words, nothing is found.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
from whoosh.query import AndNot, Not, Query

from archive_api.search.engine import (
    NOTHING,
    Matches,
    all_of,
    drop,
    evaluate,
    records,
    restrict,
)
from archive_api.search.facets import FACETS, Columns
from archive_api.search.filters import SearchFilters
from archive_api.search.matches import Reading, reading_offsets
from archive_api.search.postings import EMPTY_DOCS, Docs, PostingsReader, contains
from archive_api.search.query import FIELD_BOOSTS, QueryPlan
from archive_api.search.schema import TEXT_FIELDS
from archive_api.search.snippets import ELLIPSIS, make_snippet, weighted_spans
from archive_api.search.suggest import suggest
from archive_api.search.whole import (
    NO_DOCUMENTS,
    Codes,
    WholeDocuments,
    match_documents,
    standing_records,
)
from archive_api.text.analysis import TurkishAnalyzer

SORTS = ("relevance", "date")
SNIPPET_WIDTH = 220
PASSAGE_WIDTH = 150  # each of a document's passages, when it shows several


@dataclass(frozen=True)
class Match:
    """A matched word: character offsets, ``end`` exclusive."""

    start: int
    end: int


@dataclass
class Hit:
    id: str  # "<document>/<collection>/<record_id>"; a document's id is its own
    type: str
    document_id: str
    record_id: str
    title: str
    snippet: str  # HTML: the matched words in <mark>…</mark>, the rest escaped
    score: float  # 0.0 when listing without a query
    page: int | None
    section_id: str | None = None
    # The matched words in the document's reading text (Document.text); none for records
    # outside it (footnotes, works, a document's metadata), nor without a query.
    matches: list[Match] = field(default_factory=list)
    # The same words in the text the record was indexed from: a paragraph's or a footnote's
    # text, a section's title, a work's citation (for a letter: heading, body and closing
    # joined by line breaks).
    record_matches: list[Match] = field(default_factory=list)
    # For a document: the records where the words were found, each a record hit of its
    # own (one record holding every word, else each word's best record).
    passages: list[Hit] = field(default_factory=list)


@dataclass
class SearchPage:
    total: int
    hits: list[Hit]
    facets_by_type: dict[str, int] = field(default_factory=dict)  # type filter not applied
    # "type" (as facets_by_type), "year", "document", "kind": counts by value
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    relaxed: bool = False  # not every word could be found together: most words were kept
    # Nothing held the words as typed: words one letter away were accepted (OCR damage).
    tolerant: bool = False
    suggestion: str | None = None  # the query with unknown words corrected
    # How many values each facet had before it was cut to the most frequent ones.
    facet_values: dict[str, int] = field(default_factory=dict)


@dataclass
class Generation:
    """What a search reads from an open generation."""

    searcher: Any
    columns: Columns
    reading: Callable[[str], Reading | None]  # by document id, from the record store
    analyzers: Mapping[str, TurkishAnalyzer]
    postings: PostingsReader
    # Spelling corrections found so far (see suggest); the vocabulary never changes.
    spelling: dict[str, str | None] = field(default_factory=dict)


@dataclass
class _Entry:
    score: float
    number: int  # Whoosh's record number
    as_document: bool = False  # the record stands for its whole document
    passages: tuple[int, ...] = ()  # for a document: the records its snippet shows


@dataclass
class _Selected:
    """The hits of a search before paging: every one (for totals and facets, in no order)
    and the order of those shown up to the page asked for."""

    numbers: npt.NDArray[np.int64]
    scores: npt.NDArray[np.float64]
    as_document: npt.NDArray[np.bool_]
    order: npt.NDArray[np.intp]  # indexes of the leading hits, in the order shown
    whole: WholeDocuments  # the documents among them, for the records each one shows
    codes: Codes  # each record's document code

    def __len__(self) -> int:
        return len(self.numbers)

    def _passages(self, number: int) -> tuple[int, ...]:
        at = int(np.searchsorted(self.whole.codes, self.codes[number]))
        return self.whole.passages(at) if at < len(self.whole) else (number,)

    def entries(self, start: int, stop: int) -> list[_Entry]:
        shown = self.order[start:stop]
        return [
            _Entry(
                float(score),
                int(number),
                bool(whole),
                self._passages(int(number)) if whole else (),
            )
            for number, score, whole in zip(
                self.numbers[shown], self.scores[shown], self.as_document[shown], strict=True
            )
        ]


def empty_page(suggestion: str | None = None) -> SearchPage:
    facets: dict[str, dict[str, int]] = {name: {} for name in FACETS}
    values = dict.fromkeys(FACETS, 0)
    return SearchPage(total=0, hits=[], facets=facets, suggestion=suggestion, facet_values=values)


def run_search(
    gen: Generation,
    text: str,
    plan: QueryPlan | None,
    filters: SearchFilters,
    *,
    sort: str,
    page: int,
    per_page: int,
    facet_size: int | None = None,
) -> SearchPage:
    """One page of hits for ``plan`` (None: list what the filters let through, by date);
    each facet keeps its ``facet_size`` most frequent values."""
    columns, postings = gen.columns, gen.postings
    codes = columns.coded["document"].codes
    allowed = _allowed(postings, filters)
    query = plan.strict() if plan is not None else None
    excluded = EMPTY_DOCS
    relaxed = tolerant = False
    if plan is None:
        found = _listed(postings, allowed)
        whole = standing_records(found, codes)
    else:
        found, whole, excluded = _strict(plan, postings, allowed, codes)
        wider = None
        if not _selectable(columns, found, whole, filters):
            wider = plan.tolerant(lambda clause: not len(evaluate(clause, postings)))
        if wider is not None:
            near = _strict(wider, postings, allowed, codes)
            if _selectable(columns, near[0], near[1], filters):
                found, whole, _ = near
                query, tolerant = wider.strict(), True
    several = plan is not None and len(plan.clauses) > 1
    if plan is not None and several and not _selectable(columns, found, whole, filters):
        query = plan.loose()
        loose = _within(evaluate(query, postings), allowed)
        found = _most_clauses(postings, columns, plan, loose, filters)
        whole = standing_records(found, codes, excluded)
        relaxed = bool(len(found))
    start = (page - 1) * per_page
    by_date = plan is None or sort == "date"
    selected = _select(columns, found, whole, filters, by_date=by_date, stop=start + per_page)
    reader = gen.searcher.reader()
    terms = _terms_by_field(query, reader) if query is not None else {}
    hits = [_hit(gen, entry, terms) for entry in selected.entries(start, start + per_page)]
    by_type = _type_facet(columns, found, whole)
    counted: Docs | npt.NDArray[np.int64] = selected.numbers
    if "document" in filters.types:
        counted = _union(found.docs, whole.records(), len(codes))
    cut = {"type": (most_frequent(by_type, facet_size), len(by_type))}
    cut.update(columns.facets(counted, facet_size))
    return SearchPage(
        total=len(selected),
        hits=hits,
        facets_by_type=by_type,
        facets={name: counts for name, (counts, _) in cut.items()},
        relaxed=relaxed and bool(len(selected)),
        tolerant=tolerant,
        suggestion=suggest(text, reader, gen.analyzers, gen.spelling) if plan else None,
        facet_values={name: values for name, (_, values) in cut.items()},
    )


def most_frequent(counts: dict[str, int], size: int | None) -> dict[str, int]:
    """The ``size`` largest counts (ties: the first keys), in key order."""
    if size is None or len(counts) <= size:
        return dict(counts)
    kept = sorted(counts, key=lambda key: (-counts[key], key))[:size]
    return {key: counts[key] for key in sorted(kept)}


def _strict(
    plan: QueryPlan, postings: PostingsReader, allowed: Docs | None, codes: Codes
) -> tuple[Matches, WholeDocuments, Docs]:
    """The records holding every clause, the documents holding them between their records,
    and the records an excluded word drops."""
    parts = [_within(evaluate(clause, postings), allowed) for clause in plan.clauses]
    excluded = records(plan.excluded, postings) if plan.excluded is not None else EMPTY_DOCS
    found = drop(all_of(parts), excluded)
    return found, match_documents(parts, found, excluded, codes), excluded


def _allowed(postings: PostingsReader, filters: SearchFilters) -> Docs | None:
    """The records every filter but the type lets through (None: every record)."""
    other_filters = filters.without_types()
    if other_filters is None:
        return None
    return postings.filter_records(other_filters, lambda: records(other_filters, postings))


def _within(found: Matches, allowed: Docs | None) -> Matches:
    return found if allowed is None else restrict(found, allowed)


def _listed(postings: PostingsReader, allowed: Docs | None) -> Matches:
    """Every record the filters let through, unscored (a listing without words)."""
    if allowed is None:
        docs = np.arange(postings.doc_count, dtype=np.int32)
        allowed = docs[postings.live] if postings.live is not None else docs
    return Matches(allowed, np.zeros(len(allowed)))


def _record_types(filters: SearchFilters) -> set[str] | None:
    """Types whose records are hits themselves (None: every type)."""
    if not filters.types:
        return None
    return set(filters.types) - {"document"}


def _of_types(columns: Columns, docs: npt.NDArray[np.integer[Any]], kinds: set[str]) -> Any:
    """A mask over ``docs``: records of one of the types ``kinds``."""
    return np.isin(columns.coded["type"].codes[docs], columns.type_codes(sorted(kinds)))


def _selectable(
    columns: Columns, found: Matches, whole: WholeDocuments, filters: SearchFilters
) -> bool:
    """True when some match gives a hit under the type filter."""
    kinds = _record_types(filters)
    if "document" in filters.types and len(whole):
        return True
    if kinds is None:
        return bool(len(found))
    return bool(_of_types(columns, found.docs, kinds).any())


def _most_clauses(
    postings: PostingsReader,
    columns: Columns,
    plan: QueryPlan,
    found: Matches,
    filters: SearchFilters,
) -> Matches:
    """The matches of the loose query that hold the most clauses any hit holds, if that is
    at least half of them."""
    if not len(found):
        return found
    held = np.zeros(len(found), dtype=np.int64)
    for clause in plan.clauses:
        held += contains(found.docs, records(clause, postings))
    kinds = _record_types(filters)
    eligible = held
    if kinds is not None and "document" not in filters.types:
        eligible = held[_of_types(columns, found.docs, kinds)]
    most = int(eligible.max()) if len(eligible) else 0
    if most * 2 < len(plan.clauses):
        return NOTHING  # one word of four found is a different question, not a relaxed one
    keep = held >= most
    return Matches(found.docs[keep], found.scores[keep])


def _select(
    columns: Columns,
    found: Matches,
    whole: WholeDocuments,
    filters: SearchFilters,
    *,
    by_date: bool,
    stop: int,
) -> _Selected:
    """The hits: records of the types asked for, and the documents matched as a whole if
    asked (each with the record standing for it); the first ``stop`` put in the order shown."""
    numbers = found.docs.astype(np.int64)
    scores = found.scores
    kinds = _record_types(filters)
    is_whole = np.zeros(len(numbers), dtype=bool)
    shown = NO_DOCUMENTS
    if kinds is not None:
        keep = _of_types(columns, numbers, kinds)
        numbers, scores, is_whole = numbers[keep], scores[keep], is_whole[keep]
        if "document" in filters.types:
            numbers = np.concatenate([numbers, whole.standing.astype(np.int64)])
            scores = np.concatenate([scores, whole.scores])
            is_whole = np.concatenate([is_whole, np.ones(len(whole), bool)])
            shown = whole
    if by_date:  # (date rank, record) is unique: a document ranks apart from its record
        order = _leading((numbers, _date_ranks(columns, numbers, is_whole)), stop)
    else:
        order = _leading((is_whole, numbers, -scores), stop)
    return _Selected(numbers, scores, is_whole, order, shown, columns.coded["document"].codes)


def _leading(keys: tuple[npt.NDArray[Any], ...], count: int) -> npt.NDArray[np.intp]:
    """The indexes of the first ``count`` items in ``np.lexsort(keys)`` order (the last key
    sorts first). A page needs only them: those whose first key is among the ``count``
    smallest (ties included) are sorted, not the hundreds of thousands of a frequent word."""
    primary = keys[-1]
    if count <= 0 or not len(primary):
        return np.zeros(0, dtype=np.intp)
    if count * 4 >= len(primary):
        return np.lexsort(keys)[:count]
    bound = np.partition(primary, count - 1)[count - 1]
    near = np.flatnonzero(primary <= bound)
    return near[np.lexsort(tuple(key[near] for key in keys))][:count]


def _date_ranks(
    columns: Columns, numbers: npt.NDArray[np.int64], whole: npt.NDArray[np.bool_]
) -> npt.NDArray[np.int64]:
    """Each hit's place in date order; a whole document goes just before its first record
    of the same date (it sorts by the date of the document's own record)."""
    ranks = columns.date_order[numbers].astype(np.int64) * 2 + 1
    at = np.flatnonzero(whole)
    if len(at):
        rows = columns.document_row[columns.documents.codes[numbers[at]]]
        own = rows >= 0
        ranks[at[own]] = columns.date_order[rows[own]] * 2
        ranks[at[~own]] -= 1
    return ranks


def _union(first: Docs, second: Docs, size: int) -> Docs:
    """The records in either (each sorted and unique, below ``size``), sorted."""
    held = np.zeros(size, dtype=bool)
    held[first] = True
    held[second] = True
    return np.flatnonzero(held).astype(np.int32)


def _type_facet(columns: Columns, found: Matches, whole: WholeDocuments) -> dict[str, int]:
    """Hits that each ``type`` alone would give: records by type, and documents matched as
    a whole."""
    counts, _ = columns.coded["type"].counts(found.docs)
    if len(whole):
        counts["document"] = len(whole)
    return dict(sorted(counts.items()))


def _hit(gen: Generation, entry: _Entry, terms: Mapping[str, set[str]]) -> Hit:
    if not entry.as_document:
        return _record_hit(gen, entry.number, entry.score, terms)
    numbers = entry.passages or (entry.number,)
    width = passage_width(len(numbers))
    passages = [_record_hit(gen, number, entry.score, terms, width) for number in numbers]
    return document_hit(passages, entry.score, gen.reading(passages[0].document_id))


def passage_width(count: int) -> int:
    """The snippet width of each of a document's ``count`` passages."""
    return SNIPPET_WIDTH if count == 1 else PASSAGE_WIDTH


def document_hit(passages: list[Hit], score: float, reading: Reading | None) -> Hit:
    """A document's hit made of the record hits of its passages, the standing one first:
    their snippets joined, their matches in the reading together. Backend-neutral."""
    first = passages[0]
    offsets = sorted({(m.start, m.end) for passage in passages for m in passage.matches})
    return Hit(
        id=first.document_id,
        type="document",
        document_id=first.document_id,
        record_id=first.document_id,
        title=reading.title if reading else first.document_id,
        snippet=_joined([passage.snippet for passage in passages]),
        score=score,
        page=first.page,
        matches=[Match(start, end) for start, end in offsets],
        passages=passages,
    )


def _joined(snippets: list[str]) -> str:
    """Passages of one document in one snippet, an ellipsis between them."""
    if len(snippets) == 1:
        return snippets[0]
    inner = [snippet.strip(ELLIPSIS).strip() for snippet in snippets]
    lead = ELLIPSIS if snippets[0].startswith(ELLIPSIS) else ""
    tail = ELLIPSIS if snippets[-1].endswith(ELLIPSIS) else ""
    return lead + f" {ELLIPSIS} ".join(inner) + tail


def _record_hit(
    gen: Generation,
    number: int,
    score: float,
    terms: Mapping[str, set[str]],
    width: int = SNIPPET_WIDTH,
) -> Hit:
    stored = gen.searcher.stored_fields(number)
    reading = gen.reading(str(stored["document_id"]))
    return dress_record(stored, score, terms, reading, gen.analyzers, width)


def dress_record(
    stored: Mapping[str, Any],
    score: float,
    terms: Mapping[str, set[str]],
    reading: Reading | None,
    analyzers: Mapping[str, TurkishAnalyzer],
    width: int = SNIPPET_WIDTH,
) -> Hit:
    """A record's hit from what the index stores of it (id, type, record and document id,
    title, body, page, section): its snippet, and where ``terms`` stand in the record's
    text and in its document's reading. Backend-neutral: any store of the rows serves."""
    body = str(stored.get("body", ""))
    record_type, record_id = str(stored["type"]), str(stored["record_id"])
    document_id = str(stored["document_id"])
    spans = weighted_spans(body, terms, analyzers, FIELD_BOOSTS) if terms else []
    plain = [(start, end) for start, end, _ in spans]
    offsets = reading_offsets(reading, record_type, record_id, body, plain) if reading else []
    return Hit(
        id=str(stored["id"]),
        type=record_type,
        document_id=document_id,
        record_id=record_id,
        title=str(stored.get("title") or ""),
        snippet=make_snippet(body, plain, width, weights=[weight for _, _, weight in spans]),
        score=score,
        page=stored.get("page"),
        section_id=stored.get("section_id"),
        matches=[Match(start, end) for start, end in offsets],
        record_matches=[Match(start, end) for start, end in plain],
    )


def _terms_by_field(query: Query, reader: Any) -> dict[str, set[str]]:
    """The indexed terms a query can match, per analysed field, prefixes expanded.

    Excluded words (``-word``) are left out: they are not what was found. Whoosh's own
    ``Query.existing_terms`` is not used: it reuses its ``fieldname`` argument as a loop
    variable and so drops every field after the first one.
    """
    terms: dict[str, set[str]] = {}
    for leaf in positive_leaves(query):
        for fieldname, text in leaf.expanded_terms(reader, phrases=True):
            if fieldname not in TEXT_FIELDS:
                continue
            word = text.decode("utf-8") if isinstance(text, bytes) else str(text)
            if (fieldname, word) in reader:
                terms.setdefault(fieldname, set()).add(word)
    return terms


def positive_leaves(query: Query) -> Iterator[Query]:
    if isinstance(query, Not):
        return
    if isinstance(query, AndNot):
        yield from positive_leaves(query.a)
    elif query.is_leaf():
        yield query
    else:
        for child in query.children():
            yield from positive_leaves(child)
