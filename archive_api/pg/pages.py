"""A whole page of search results from PostgreSQL, in the embedded search's shape.

``SearchPage`` as ``Archive.search`` returns it, made by the same rules as
``search.results.run_search``:

- record hits hold every clause themselves; with ``type=document`` a document is a hit when
  its records hold every clause between them and none holds an excluded word
  (``search.whole``), scored by the sum of each clause's best record, shown by the record
  holding every clause or else by each clause's best records (its passages);
- when nothing can be shown, a word the archive holds in no form is widened to the folded
  words one edit away (the tolerant retry, through ``vocabulary``), and then, if several
  clauses were asked for, the records holding the most of them are kept (relaxed);
- the type facet counts what each type alone would give, the year, document and kind facets
  count the hits (with ``type=document``, every record that holds a clause of a matched
  document too), each cut to its most frequent values the same way;
- hits are dressed by the same code (``results.dress_record``, ``results.document_hit``),
  and spelling suggestions come from the same code over the database's vocabulary.

What differs is the ranking: ``ts_rank`` over form-weighted lexemes (see ``search``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import psycopg
from whoosh import query as wq

from archive_api.pg.records import PgRecordStore
from archive_api.pg.search import (
    FOUND_COLUMNS,
    RANKED_COLUMNS,
    found_tables,
    ordered_hits,
    ranking,
)
from archive_api.pg.tsquery import Condition, condition
from archive_api.pg.vocabulary import Vocabulary, expand_near
from archive_api.search.facets import FACETS
from archive_api.search.filters import SearchFilters
from archive_api.search.query import QueryPlan
from archive_api.search.results import (
    Hit,
    SearchPage,
    document_hit,
    dress_record,
    empty_page,
    most_frequent,
    passage_width,
    positive_leaves,
)
from archive_api.search.schema import TEXT_FIELDS
from archive_api.search.whole import MAX_PASSAGES
from archive_api.text.analysis import TurkishAnalyzer

_SHOWN = "id, type, document_id, record_id, section_id, title, body, page"
_FACET_COLUMNS = {"year": "year", "document": "document_id", "kind": "kind"}
_TRUE = Condition("TRUE")


@dataclass(frozen=True)
class _Found:
    """What a search found, as common tables: ``found`` and ``kept`` (the record-level
    matches), ``whole`` (the documents matched) and, when documents are matched by their
    clauses, ``hold`` (their records holding a clause)."""

    matched: Condition  # what a record holds to be found
    allowed: Condition  # what the filters but the type let through
    query: wq.Query | None  # what the records are ranked by
    clauses: Sequence[wq.Query] = ()  # documents matched clause by clause (else: standing)
    excluded: wq.Query | None = None
    most_of: Sequence[Condition] = ()  # relaxed: the records holding the most of these

    def tables(self, ranked: bool) -> Condition:
        """``found`` and ``kept``, with the lexemes when ``ranked``."""
        columns = RANKED_COLUMNS if ranked else FOUND_COLUMNS
        return found_tables(self.matched, self.allowed, self.most_of, columns)

    def with_documents(self, ranked: bool) -> Condition:
        """The tables and the ``whole`` documents (with ``ranked``: ``whole_ranked``, each
        document's score and, standing for it, its best record)."""
        tables = self.tables(ranked)
        params: list[Any] = list(tables.params)
        unwanted = ""
        if self.excluded is not None:
            dropped = condition(self.excluded)
            unwanted = (
                " AND NOT EXISTS (SELECT 1 FROM records e WHERE e.document_id = w.document_id"
                f" AND ({dropped.sql}))"
            )
        if not self.clauses:
            sql = f", whole AS (SELECT DISTINCT document_id FROM kept w WHERE TRUE{unwanted})"
            params += dropped.params if self.excluded is not None else ()
            if ranked:
                rank = ranking(self.query)
                sql += (
                    ", whole_ranked AS (SELECT DISTINCT ON (document_id) document_id,"
                    f" id AS standing, {rank.sql} AS rank FROM kept"
                    " WHERE document_id IN (SELECT document_id FROM whole)"
                    " ORDER BY document_id, rank DESC, ord, seq)"
                )
                params += rank.params
            return Condition(tables.sql + sql, tuple(params))
        held = [condition(clause) for clause in self.clauses]
        columns = [f"({part.sql}) AS h{at}" for at, part in enumerate(held)]
        column_params = [param for part in held for param in part.params]
        ranks = [ranking(clause) for clause in self.clauses] if ranked else []
        columns += [f"{rank.sql} AS r{at}" for at, rank in enumerate(ranks)]
        column_params += [param for rank in ranks for param in rank.params]
        any_clause = " OR ".join(f"({part.sql})" for part in held)
        sql = (
            f", hold AS (SELECT id, document_id, year, kind, ord, seq, {', '.join(columns)}"
            f" FROM records WHERE ({any_clause}) AND ({self.allowed.sql}))"
            ", whole AS (SELECT document_id FROM hold w GROUP BY document_id HAVING "
            + " AND ".join(f"bool_or(h{at})" for at in range(len(held)))
            + unwanted
            + ")"
        )
        params += column_params
        params += [param for part in held for param in part.params]
        params += self.allowed.params
        params += dropped.params if self.excluded is not None else ()
        if ranked:
            best = " + ".join(
                f"coalesce(max(CASE WHEN h{at} THEN r{at} END), 0)" for at in range(len(held))
            )
            sql += (
                f", whole_ranked AS (SELECT document_id, NULL::text AS standing, {best} AS rank"
                " FROM hold WHERE document_id IN (SELECT document_id FROM whole)"
                " GROUP BY document_id)"
            )
        return Condition(tables.sql + sql, tuple(params))

    def counted(self, record_types: Condition, documents: bool) -> str:
        """The records the year, document and kind facets count."""
        if not documents:
            return f"SELECT id, year, document_id, kind FROM kept WHERE {record_types.sql}"
        if not self.clauses:
            return "SELECT id, year, document_id, kind FROM kept"
        return (
            "SELECT id, year, document_id, kind FROM kept UNION SELECT id, year, document_id,"
            " kind FROM hold WHERE document_id IN (SELECT document_id FROM whole)"
        )


def search_page(
    connection: psycopg.Connection[Any],
    store: PgRecordStore,
    analyzers: Mapping[str, TurkishAnalyzer],
    plan: QueryPlan | None,
    filters: SearchFilters,
    *,
    text: str = "",
    sort: str = "relevance",
    page: int = 1,
    per_page: int = 10,
    facet_size: int | None = None,
    spelling: dict[str, str | None] | None = None,
) -> SearchPage:
    """One page of hits for ``plan`` (None: what the filters let through, by date);
    ``text`` is the query as typed, for the spelling suggestion."""
    from archive_api.search.suggest import suggest

    vocabulary = Vocabulary(connection)
    if plan is not None and text:
        vocabulary.prefetch(text, analyzers)
    others = filters.without_types()
    allowed = condition(others) if others is not None else _TRUE
    documents = "document" in filters.types
    types = _record_types(filters)
    relaxed = tolerant = False
    if plan is None:
        found = _Found(_TRUE, allowed, None)
        counts = _facets(connection, found, types, documents)
    else:
        found = _strict(plan, allowed, vocabulary)
        counts = _facets(connection, found, types, documents)
        if not _selectable(counts):
            wider = plan.tolerant(lambda clause: not _exists(connection, clause, vocabulary))
            if wider is not None:
                near = _strict(wider, allowed, vocabulary)
                near_counts = _facets(connection, near, types, documents)
                if _selectable(near_counts):
                    found, counts, tolerant = near, near_counts, True
        if len(plan.clauses) > 1 and not _selectable(counts):
            clauses = [condition(clause) for clause in plan.clauses]
            loose = plan.loose()
            found = _Found(
                condition(loose), allowed, loose, excluded=plan.excluded, most_of=clauses
            )
            counts = _facets(connection, found, types, documents)
            relaxed = True
    total = sum(counts["total"].values())
    if not total and not counts["type"]:
        return empty_page(suggest(text, vocabulary, analyzers, spelling) if plan else None)
    by_date = plan is None or sort == "date"
    hits = _hits(connection, store, analyzers, found, types, documents, by_date, per_page, page)
    cut = {name: (most_frequent(counts[name], facet_size), len(counts[name])) for name in FACETS}
    return SearchPage(
        total=total,
        hits=hits,
        facets_by_type=dict(counts["type"]),
        facets={name: values for name, (values, _) in cut.items()},
        relaxed=relaxed and total > 0,
        tolerant=tolerant,
        suggestion=suggest(text, vocabulary, analyzers, spelling) if plan else None,
        facet_values={name: size for name, (_, size) in cut.items()},
    )


def _strict(plan: QueryPlan, allowed: Condition, vocabulary: Vocabulary) -> _Found:
    """Records holding every clause, and documents holding them between their records;
    edit-distance terms become the words they reach."""
    near: Callable[[wq.Query], wq.Query] = lambda query: expand_near(query, vocabulary)  # noqa: E731
    query = near(plan.strict())
    clauses = [near(clause) for clause in plan.clauses]
    excluded = near(plan.excluded) if plan.excluded is not None else None
    if len(clauses) == 1:
        # One clause: the documents holding it are those of its records (a document with
        # an excluded word is left out either way), each shown by its best record, so
        # the records found serve for the documents too, without a second scan.
        return _Found(condition(query), allowed, query, (), excluded)
    return _Found(condition(query), allowed, query, clauses, excluded)


def _exists(connection: psycopg.Connection[Any], clause: wq.Query, vocabulary: Vocabulary) -> bool:
    held = condition(expand_near(clause, vocabulary))
    row = connection.execute(
        f"SELECT EXISTS (SELECT 1 FROM records WHERE {held.sql})", held.params
    ).fetchone()
    return bool(row and row[0])


def _record_types(filters: SearchFilters) -> Condition:
    """Which records are hits themselves: every type, or those asked for but ``document``
    (a document asked for is matched as a whole)."""
    if not filters.types:
        return _TRUE
    kinds = sorted(set(filters.types) - {"document"})
    return Condition("type = ANY(%s)", (kinds,)) if kinds else Condition("FALSE")


def _selectable(counts: Mapping[str, Mapping[str, int]]) -> bool:
    """True when some match gives a hit under the type filter (the facets count them)."""
    return sum(counts["total"].values()) > 0


def _facets(
    connection: psycopg.Connection[Any], found: _Found, types: Condition, documents: bool
) -> dict[str, dict[str, int]]:
    """Counts by type (records by their type, documents matched as a whole), the number
    of hits, and counts by year, document and kind over what the facets count."""
    tables = found.with_documents(ranked=False)
    parts = [
        "SELECT 'type', CAST(type AS text) COLLATE \"C\", count(*) FROM kept GROUP BY 2",
        "SELECT 'whole', '', count(*) FROM whole",
        f"SELECT 'total', '', count(*) FROM kept WHERE {types.sql}",
    ]
    for name, column in _FACET_COLUMNS.items():
        value = f'CAST({column} AS text) COLLATE "C"'
        parts.append(f"SELECT '{name}', {value}, count(*) FROM counted GROUP BY 2")
    counted = found.counted(types, documents)
    sql = f"{tables.sql}, counted AS ({counted}) " + " UNION ALL ".join(parts)
    counted_params = () if documents else types.params  # only record hits name the types
    rows = connection.execute(sql, (*tables.params, *counted_params, *types.params)).fetchall()
    counts: dict[str, dict[str, int]] = {name: {} for name in ("type", "total", *_FACET_COLUMNS)}
    whole = 0
    for name, value, count in rows:
        if name == "whole":
            whole = int(count)
        elif value is not None and (name == "total" or value != ""):
            counts[str(name)][str(value)] = int(count)
    if whole:
        counts["type"]["document"] = whole
    if documents:
        counts["total"]["document"] = whole
    counts["year"] = dict(sorted(counts["year"].items(), key=lambda item: int(item[0])))
    for name in ("type", "document", "kind"):
        counts[name] = dict(sorted(counts[name].items()))
    return counts


def _hits(
    connection: psycopg.Connection[Any],
    store: PgRecordStore,
    analyzers: Mapping[str, TurkishAnalyzer],
    found: _Found,
    types: Condition,
    documents: bool,
    by_date: bool,
    per_page: int,
    page: int,
) -> list[Hit]:
    """The hits of the page, in order: records, and documents matched as a whole when
    asked for, ranked together (a document just before its own record in date order)."""
    rank = ranking(found.query)
    tables = found.with_documents(ranked=True) if documents else found.tables(ranked=True)
    rows = (
        f"SELECT id, document_id, false AS whole, NULL::text AS standing, {rank.sql} AS rank,"
        f" sort_date, ord, seq, 0 AS total FROM kept WHERE {types.sql}"
    )
    if documents:
        rows += (
            " UNION ALL SELECT w.document_id, w.document_id, true, w.standing, w.rank,"
            " o.sort_date, o.ord, o.seq, 0 FROM whole_ranked w LEFT JOIN LATERAL (SELECT"
            " sort_date, ord, seq FROM records r WHERE r.document_id = w.document_id AND"
            " r.type = 'document' ORDER BY ord, seq LIMIT 1) o ON TRUE"
        )
    order = ordered_hits(found.query, by_date, per_page, (page - 1) * per_page)
    listed = [
        row[:5]
        for row in connection.execute(
            f"{tables.sql}, hits AS ({rows}) {order.sql}",
            (*tables.params, *rank.params, *types.params, *order.params),
        ).fetchall()
    ]
    passages = {
        str(doc_id): _passages(connection, found, str(doc_id), standing)
        for _, doc_id, whole, standing, _ in listed
        if whole
    }
    wanted = [str(row[0]) for row in listed if not row[2]]
    wanted += [record for shown in passages.values() for record in shown]
    shown = _shown(connection, wanted)
    terms = _terms(found.query, [str(row["body"]) for row in shown.values()], analyzers)
    readings = store.readings(str(row[1]) for row in listed)
    hits: list[Hit] = []
    for record_id, doc_id, whole, _, score in listed:
        reading = readings.get(str(doc_id))
        if not whole:
            row = shown[str(record_id)]
            hits.append(dress_record(row, float(score), terms, reading, analyzers))
            continue
        numbers = passages[str(doc_id)]
        width = passage_width(len(numbers))
        parts = [
            dress_record(shown[number], float(score), terms, reading, analyzers, width)
            for number in numbers
        ]
        hits.append(document_hit(parts, float(score), reading))
    return hits


def _passages(
    connection: psycopg.Connection[Any], found: _Found, doc_id: str, standing: str | None
) -> list[str]:
    """The records a matched document shows, the standing one first: the best record
    holding every clause, else each clause's best record, strongest first (at most
    ``MAX_PASSAGES``); ties go to the earlier record."""
    if not found.clauses:
        return [standing] if standing is not None else []
    held = [condition(clause) for clause in found.clauses]
    ranks = [ranking(clause) for clause in found.clauses]
    together = ranking(found.query)
    columns = [f"({part.sql})" for part in held] + [rank.sql for rank in ranks] + [together.sql]
    any_clause = " OR ".join(f"({part.sql})" for part in held)
    rows = connection.execute(
        f"SELECT id, {', '.join(columns)} FROM records WHERE document_id = %s"
        f" AND ({any_clause}) AND ({found.allowed.sql}) ORDER BY ord, seq",
        (
            *(param for part in held for param in part.params),
            *(param for rank in ranks for param in rank.params),
            *together.params,
            doc_id,
            *(param for part in held for param in part.params),
            *found.allowed.params,
        ),
    ).fetchall()
    count = len(held)
    whole = [row for row in rows if all(row[1 : 1 + count])]
    if whole:
        return [str(max(whole, key=lambda row: float(row[-1]))[0])]
    best: list[tuple[float, str]] = []
    for at in range(count):
        holding = [row for row in rows if row[1 + at]]
        top = max(holding, key=lambda row: float(row[1 + count + at]))
        best.append((float(top[1 + count + at]), str(top[0])))
    ranked = sorted(best, key=lambda pair: -pair[0])
    chosen: list[str] = []
    for _, record in ranked:
        if record not in chosen:
            chosen.append(record)
    return chosen[:MAX_PASSAGES]


def _shown(connection: psycopg.Connection[Any], ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """The rows hits are dressed from, by record id."""
    if not ids:
        return {}
    cursor = connection.execute(f"SELECT {_SHOWN} FROM records WHERE id = ANY(%s)", (list(ids),))
    names = [column.name for column in cursor.description or ()]
    return {str(row[0]): dict(zip(names, row, strict=True)) for row in cursor.fetchall()}


def _terms(
    query: wq.Query | None, bodies: Iterable[str], analyzers: Mapping[str, TurkishAnalyzer]
) -> dict[str, set[str]]:
    """The analysed terms the hits were found by, per field; a prefix stands for the words
    of the shown records that begin with it (the embedded search expands it in its term
    dictionary)."""
    if query is None:
        return {}
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
