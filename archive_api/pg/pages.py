"""A whole page of search results from PostgreSQL, in the embedded search's shape.

``SearchPage`` as ``Archive.search`` returns it: the total, the hits of the page dressed by
the same code (``results.dress_record``: snippet, matches in the record and in its
document's reading), the type facet over every type and the year, document and kind facets
over the hits, cut to the most frequent values the same way, and whether the search was
relaxed. Matching and the relaxed retry are ``tsquery.condition`` and the most-clauses rule
of ``search``; the order is ``ts_rank`` or the date.

Not yet as the embedded search does it: a document is a hit only by its own record (the
embedded search also finds a document whose records hold the words between them), the
tolerant retry (words one letter away) and spelling suggestions are not made.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import psycopg
from whoosh import query as wq

from archive_api.pg.records import PgRecordStore
from archive_api.pg.search import BY_DATE, BY_RANK, found_tables, ranking
from archive_api.pg.tsquery import Condition, condition
from archive_api.search.facets import FACETS
from archive_api.search.filters import SearchFilters
from archive_api.search.query import QueryPlan
from archive_api.search.results import (
    SearchPage,
    dress_record,
    empty_page,
    most_frequent,
    positive_leaves,
)
from archive_api.search.schema import TEXT_FIELDS
from archive_api.text.analysis import TurkishAnalyzer

_SHOWN = "id, type, document_id, record_id, section_id, title, body, page"
_FACET_COLUMNS = {"year": "year", "document": "document_id", "kind": "kind"}


def search_page(
    connection: psycopg.Connection[Any],
    store: PgRecordStore,
    analyzers: Mapping[str, TurkishAnalyzer],
    plan: QueryPlan | None,
    filters: SearchFilters,
    *,
    sort: str = "relevance",
    page: int = 1,
    per_page: int = 10,
    facet_size: int | None = None,
) -> SearchPage:
    """One page of hits for ``plan`` (None: what the filters let through, by date)."""
    others = filters.without_types()
    allowed = condition(others) if others is not None else Condition("TRUE")
    types = Condition("type = ANY(%s)", (list(filters.types),)) if filters.types else None
    query = plan.strict() if plan is not None else None
    found = found_tables(condition(query) if query is not None else Condition("TRUE"), allowed)
    relaxed = False
    if plan is not None and len(plan.clauses) > 1 and not _any(connection, found, types):
        query = plan.loose()
        clauses = [condition(clause) for clause in plan.clauses]
        found = found_tables(condition(query), allowed, clauses)
        relaxed = True
    counts = _facets(connection, found, types)
    total = sum(counts["total"].values())
    if not total and not counts["type"]:
        return empty_page()
    by_date = plan is None or sort == "date"
    rows = _rows(connection, found, types, query, by_date, per_page, (page - 1) * per_page)
    terms = _terms(query, [str(row["body"]) for row in rows], analyzers) if query else {}
    hits = [
        dress_record(row, float(row["rank"]), terms, store.reading(row["document_id"]), analyzers)
        for row in rows
    ]
    cut = {name: (most_frequent(counts[name], facet_size), len(counts[name])) for name in FACETS}
    return SearchPage(
        total=total,
        hits=hits,
        facets_by_type=dict(counts["type"]),
        facets={name: values for name, (values, _) in cut.items()},
        relaxed=relaxed and total > 0,
        facet_values={name: size for name, (_, size) in cut.items()},
    )


def _typed(types: Condition | None) -> Condition:
    return types if types is not None else Condition("TRUE")


def _any(connection: psycopg.Connection[Any], found: Condition, types: Condition | None) -> bool:
    typed = _typed(types)
    row = connection.execute(
        f"{found.sql} SELECT EXISTS (SELECT 1 FROM kept WHERE {typed.sql})",
        (*found.params, *typed.params),
    ).fetchone()
    return bool(row and row[0])


def _facets(
    connection: psycopg.Connection[Any], found: Condition, types: Condition | None
) -> dict[str, dict[str, int]]:
    """Counts by type over every type, and by year, document and kind over the hits."""
    typed = _typed(types)
    parts = ["SELECT 'type', CAST(type AS text) COLLATE \"C\", count(*) FROM kept GROUP BY 2"]
    params: list[Any] = []
    for name, column in (("total", "''"), *_FACET_COLUMNS.items()):
        value = f'CAST({column} AS text) COLLATE "C"'
        parts.append(f"SELECT '{name}', {value}, count(*) FROM kept WHERE {typed.sql} GROUP BY 2")
        params += typed.params
    rows = connection.execute(
        f"{found.sql} " + " UNION ALL ".join(parts), (*found.params, *params)
    ).fetchall()
    counts: dict[str, dict[str, int]] = {name: {} for name in ("type", "total", *_FACET_COLUMNS)}
    for name, value, count in rows:
        if value is not None and (name == "total" or value != ""):
            counts[str(name)][str(value)] = int(count)
    counts["year"] = dict(sorted(counts["year"].items(), key=lambda item: int(item[0])))
    for name in ("type", "document", "kind"):
        counts[name] = dict(sorted(counts[name].items()))
    return counts


def _rows(
    connection: psycopg.Connection[Any],
    found: Condition,
    types: Condition | None,
    query: wq.Query | None,
    by_date: bool,
    limit: int,
    offset: int,
) -> list[dict[str, Any]]:
    typed = _typed(types)
    rank = ranking(query)
    cursor = connection.execute(
        f"{found.sql} SELECT {_SHOWN}, {rank.sql} AS rank FROM kept WHERE {typed.sql}"
        f" ORDER BY {BY_DATE if by_date else BY_RANK} LIMIT %s OFFSET %s",
        (*found.params, *rank.params, *typed.params, max(limit, 0), max(offset, 0)),
    )
    names = [column.name for column in cursor.description or ()]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _terms(
    query: wq.Query, bodies: Iterable[str], analyzers: Mapping[str, TurkishAnalyzer]
) -> dict[str, set[str]]:
    """The analysed terms the hits were found by, per field; a prefix stands for the words
    of the shown records that begin with it (the embedded search expands it in its term
    dictionary)."""
    terms: dict[str, set[str]] = {}
    prefixes: dict[str, set[str]] = {}
    for leaf in positive_leaves(query):
        fieldname = getattr(leaf, "fieldname", None)
        if fieldname not in TEXT_FIELDS:
            continue
        if isinstance(leaf, wq.Prefix):
            prefixes.setdefault(fieldname, set()).add(str(leaf.text))
        elif isinstance(leaf, wq.Phrase):
            terms.setdefault(fieldname, set()).update(str(word) for word in leaf.words)
        elif isinstance(leaf, wq.Term):
            terms.setdefault(fieldname, set()).add(str(leaf.text))
    texts = list(bodies)
    for fieldname, starts in prefixes.items():
        analyzer = analyzers[fieldname]
        for body in texts:
            for token in analyzer(body):
                if any(token.text.startswith(start) for start in starts):
                    terms.setdefault(fieldname, set()).add(token.text)
    return terms


__all__ = ["search_page"]
