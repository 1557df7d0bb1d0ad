"""One search over an open index generation: match, keep the types asked for, count,
order, cut a page, and dress each hit with its snippet and the offsets of its matches.

Whoosh finds and scores every record that matches the query and the filters other than
the type; the rest happens here on plain lists (see :mod:`archive_api.search.facets`):
the type facet counts what every ``type`` would give, so one Whoosh search serves both
the hits and the facets. ``type=document`` gives one hit per document, the document's
best-matching record standing for it.

When every word is required and nothing matches, the search is *relaxed*: it keeps the
records that hold the most of the words (two of three, say), best first, and says so; if
no record holds at least half of the words, nothing is found.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from whoosh.query import AndNot, Not, Query

from archive_api.models import Document
from archive_api.search.facets import Columns
from archive_api.search.filters import SearchFilters
from archive_api.search.matches import reading_offsets
from archive_api.search.query import FIELD_BOOSTS, QueryPlan
from archive_api.search.schema import TEXT_FIELDS, UNDATED
from archive_api.search.snippets import make_snippet, weighted_spans
from archive_api.search.suggest import suggest
from archive_api.text.analysis import TurkishAnalyzer

SORTS = ("relevance", "date")


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


@dataclass
class SearchPage:
    total: int
    hits: list[Hit]
    facets_by_type: dict[str, int] = field(default_factory=dict)  # type filter not applied
    # "type" (as facets_by_type), "year", "document", "kind": counts by value
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    relaxed: bool = False  # not every word could be found together: most words were kept
    suggestion: str | None = None  # the query with unknown words corrected


@dataclass
class Generation:
    """What a search reads from an open generation."""

    searcher: Any
    columns: Columns
    documents: Mapping[str, Document]
    analyzers: Mapping[str, TurkishAnalyzer]


@dataclass
class _Entry:
    score: float
    number: int  # Whoosh's record number
    as_document: bool = False  # the record stands for its whole document


def empty_page(suggestion: str | None = None) -> SearchPage:
    facets: dict[str, dict[str, int]] = {"type": {}, "year": {}, "document": {}, "kind": {}}
    return SearchPage(total=0, hits=[], facets=facets, suggestion=suggestion)


def run_search(
    gen: Generation,
    text: str,
    plan: QueryPlan | None,
    filters: SearchFilters,
    *,
    sort: str,
    page: int,
    per_page: int,
) -> SearchPage:
    """One page of hits for ``plan`` (None: list what the filters let through, by date)."""
    searcher, columns = gen.searcher, gen.columns
    query = plan.strict() if plan is not None else None
    matches = _matches(searcher, query, filters)
    relaxed = False
    if plan is not None and len(plan.clauses) > 1 and not _selectable(columns, matches, filters):
        query = plan.loose()
        matches = _most_clauses(
            searcher, columns, plan, _matches(searcher, query, filters), filters
        )
        relaxed = bool(matches)
    entries = _select(columns, matches, filters)
    if plan is None or sort == "date":
        entries.sort(key=lambda entry: _date_key(columns, entry))
    start = (page - 1) * per_page
    terms = _terms_by_field(query, searcher.reader()) if query is not None else {}
    hits = [_hit(gen, entry, terms) for entry in entries[start : start + per_page]]
    facets = {"type": _type_facet(columns, matches)}
    counted = (
        [m.number for m in matches] if "document" in filters.types else [e.number for e in entries]
    )
    facets.update(columns.counts(counted))
    return SearchPage(
        total=len(entries),
        hits=hits,
        facets_by_type=dict(facets["type"]),
        facets=facets,
        relaxed=relaxed,
        suggestion=suggest(text, searcher.reader(), gen.analyzers) if plan is not None else None,
    )


def _matches(searcher: Any, query: Query | None, filters: SearchFilters) -> list[_Entry]:
    """Every record matching the query and all filters but the type, best first."""
    other_filters = filters.without_types()
    if query is None:
        if other_filters is None:
            numbers: Iterable[int] = range(searcher.reader().doc_count_all())
        else:
            numbers = sorted(searcher.docs_for_query(other_filters))
        return [_Entry(0.0, number) for number in numbers]
    results = searcher.search(query, filter=other_filters, limit=None)
    return [_Entry(float(score), number) for score, number in results.top_n]


def _record_types(filters: SearchFilters) -> set[str] | None:
    """Types whose records are hits themselves (None: every type)."""
    if not filters.types:
        return None
    return set(filters.types) - {"document"}


def _selectable(columns: Columns, matches: list[_Entry], filters: SearchFilters) -> bool:
    """True when some match gives a hit under the type filter."""
    kinds = _record_types(filters)
    if kinds is None or "document" in filters.types:
        return bool(matches)
    return any(columns.types[m.number] in kinds for m in matches)


def _most_clauses(
    searcher: Any,
    columns: Columns,
    plan: QueryPlan,
    matches: list[_Entry],
    filters: SearchFilters,
) -> list[_Entry]:
    """The matches of the loose query that hold the most clauses any hit holds, if that is
    at least half of them."""
    if not matches:
        return []
    held: Counter[int] = Counter()
    candidates = {m.number for m in matches}
    for clause in plan.clauses:
        held.update(number for number in searcher.docs_for_query(clause) if number in candidates)
    kinds = _record_types(filters)
    eligible = [
        held[m.number]
        for m in matches
        if kinds is None or "document" in filters.types or columns.types[m.number] in kinds
    ]
    most = max(eligible, default=0)
    if most * 2 < len(plan.clauses):
        return []  # one word of four found is a different question, not a relaxed one
    return [m for m in matches if held[m.number] >= most]


def _select(columns: Columns, matches: list[_Entry], filters: SearchFilters) -> list[_Entry]:
    """The hits: records of the types asked for, and one entry per document if asked."""
    kinds = _record_types(filters)
    if kinds is None:
        return list(matches)
    entries = [m for m in matches if columns.types[m.number] in kinds]
    if "document" in filters.types:
        seen: set[str] = set()
        for match in matches:
            document = columns.documents[match.number]
            if document not in seen:
                seen.add(document)
                entries.append(_Entry(match.score, match.number, as_document=True))
        entries.sort(key=lambda entry: (-entry.score, entry.number))
    return entries


def _date_key(columns: Columns, entry: _Entry) -> tuple[int, str, int, int]:
    if not entry.as_document:
        return (*columns.date_key(entry.number), entry.number)
    document = columns.documents[entry.number]
    row = columns.document_rows.get(document)
    date = columns.sort_dates[row] if row is not None else UNDATED
    return date, document, -1, entry.number


def _type_facet(columns: Columns, matches: list[_Entry]) -> dict[str, int]:
    """Hits that each ``type`` alone would give: records by type, and distinct documents."""
    counts = Counter(columns.types[m.number] for m in matches)
    documents = len({columns.documents[m.number] for m in matches})
    if documents:
        counts["document"] = documents
    return dict(sorted(counts.items()))


def _hit(gen: Generation, entry: _Entry, terms: Mapping[str, set[str]]) -> Hit:
    stored = gen.searcher.stored_fields(entry.number)
    body = str(stored.get("body", ""))
    record_type, record_id = str(stored["type"]), str(stored["record_id"])
    document_id = str(stored["document_id"])
    spans = weighted_spans(body, terms, gen.analyzers, FIELD_BOOSTS) if terms else []
    plain = [(start, end) for start, end, _ in spans]
    document = gen.documents.get(document_id)
    offsets = reading_offsets(document, record_type, record_id, body, plain) if document else []
    hit = Hit(
        id=str(stored["id"]),
        type=record_type,
        document_id=document_id,
        record_id=record_id,
        title=str(stored.get("title") or ""),
        snippet=make_snippet(body, plain, weights=[weight for _, _, weight in spans]),
        score=entry.score,
        page=stored.get("page"),
        section_id=stored.get("section_id"),
        matches=[Match(start, end) for start, end in offsets],
        record_matches=[Match(start, end) for start, end in plain],
    )
    if entry.as_document:
        hit.id = hit.record_id = document_id
        hit.type = "document"
        hit.title = document.title if document else document_id
        hit.section_id = None
        hit.record_matches = []  # offsets in the best record's text, not the document's
    return hit


def _terms_by_field(query: Query, reader: Any) -> dict[str, set[str]]:
    """The indexed terms a query can match, per analysed field, prefixes expanded.

    Excluded words (``-word``) are left out: they are not what was found. Whoosh's own
    ``Query.existing_terms`` is not used: it reuses its ``fieldname`` argument as a loop
    variable and so drops every field after the first one.
    """
    terms: dict[str, set[str]] = {}
    for leaf in _positive_leaves(query):
        for fieldname, text in leaf.expanded_terms(reader, phrases=True):
            if fieldname not in TEXT_FIELDS:
                continue
            word = text.decode("utf-8") if isinstance(text, bytes) else str(text)
            if (fieldname, word) in reader:
                terms.setdefault(fieldname, set()).add(word)
    return terms


def _positive_leaves(query: Query) -> Iterator[Query]:
    if isinstance(query, Not):
        return
    if isinstance(query, AndNot):
        yield from _positive_leaves(query.a)
    elif query.is_leaf():
        yield query
    else:
        for child in query.children():
            yield from _positive_leaves(child)
