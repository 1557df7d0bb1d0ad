"""Ranked search on PostgreSQL: a query plan and filters in, a page of record ids out.

The plan is the embedded search's own (``plan_query``): the same clauses, the same analysed
terms, so the records matched are the same (``tsquery.condition``). The order is
PostgreSQL's ``ts_rank`` over the form-weighted lexemes: each form weighs what its field
boost weighs in the embedded ranking (exact 4, fold 2, stem and OCR key 1.5, scaled to 1),
divided by the logarithm of the record's length, the nearest PostgreSQL comes to BM25F's
length normalisation. A boost per word (the weight of a name's variants,
``VARIANT_WEIGHT``) is carried for the leading hits only (``weighted_ranking``, one
``ts_rank`` per word); term saturation not at all. As in the embedded search, when no
record holds every clause the search is relaxed: the records holding the most clauses any
record holds, if that is at least half of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import psycopg
from whoosh import query as wq

from archive_api.pg.tsquery import Condition, condition, text_query
from archive_api.search.query import FIELD_BOOSTS, QueryPlan

_TOP = max(FIELD_BOOSTS.values())
# ts_rank's weights are given for the classes D, C, B, A: OCR key, stem, fold, exact.
RANK_WEIGHTS = [FIELD_BOOSTS[form] / _TOP for form in ("ocr", "stem", "fold", "exact")]
RANK_NORMALISATION = 1  # divide by 1 + log(number of words)


@dataclass(frozen=True)
class RankedPage:
    """One page of hits (record and document ids, best first) and how many there are."""

    ids: list[str]
    document_ids: list[str]
    total: int
    relaxed: bool = False


def search_records(
    connection: psycopg.Connection[Any],
    plan: QueryPlan | None,
    filters: wq.Query | None,
    *,
    limit: int = 10,
    offset: int = 0,
) -> RankedPage:
    """The records ``plan`` finds among those ``filters`` let through, best first; without
    a plan, every record the filters let through in date order."""
    if plan is None:
        return _page(connection, Condition("TRUE"), None, filters, limit, offset)
    strict = _page(connection, condition(plan.strict()), plan.strict(), filters, limit, offset)
    if strict.total or len(plan.clauses) < 2:
        return strict
    clauses = [condition(clause) for clause in plan.clauses]
    loose = _page(
        connection, condition(plan.loose()), plan.loose(), filters, limit, offset, clauses
    )
    return RankedPage(loose.ids, loose.document_ids, loose.total, relaxed=loose.total > 0)


# The columns of ``records`` that counting, filtering and ordering hits read; ranking also
# reads ``lexemes``. A common table referred to twice is materialised: the fewer columns,
# the less it copies (the body and lexemes are the bulk of a row).
FOUND_COLUMNS = "id, document_id, type, year, kind, ord, seq, sort_date"
RANKED_COLUMNS = f"{FOUND_COLUMNS}, lexemes"


def found_tables(
    matched: Condition,
    allowed: Condition,
    most_of: Sequence[Condition] = (),
    columns: str = RANKED_COLUMNS,
) -> Condition:
    """The common tables ``found`` (the records ``matched`` that ``allowed`` lets through)
    and ``kept`` (with ``most_of``: those holding the most of these clauses, if that is at
    least half of them), with ``columns`` of ``records``, to be followed by a ``SELECT``
    from ``kept``."""
    held, kept = "0", "TRUE"
    held_params: tuple[Any, ...] = ()
    kept_params: tuple[Any, ...] = ()
    if most_of:
        held = " + ".join(f"({clause.sql})::int" for clause in most_of)
        held_params = tuple(param for clause in most_of for param in clause.params)
        kept = "held = (SELECT max(held) FROM found) AND (SELECT max(held) FROM found) * 2 >= %s"
        kept_params = (len(most_of),)
    sql = (
        f"WITH found AS (SELECT {columns}, {held} AS held FROM records"
        f" WHERE ({matched.sql}) AND ({allowed.sql})),"
        f" kept AS (SELECT * FROM found WHERE {kept})"
    )
    return Condition(sql, (*held_params, *matched.params, *allowed.params, *kept_params))


def ranking(query: wq.Query | None) -> Condition:
    """The rank of a record for ``query`` as a SQL expression (0 when it names no text):
    one ``ts_rank`` over the whole query, forms weighed by class."""
    words = text_query(query) if query is not None else None
    if words is None:
        return Condition("0.0")
    return Condition(
        "ts_rank(%s::float4[], lexemes, %s::tsquery, %s)",
        (RANK_WEIGHTS, words, RANK_NORMALISATION),
    )


def weighted_ranking(query: wq.Query | None) -> Condition:
    """The rank of a record for ``query`` with each word's own boost, as the embedded
    ranking weighs them: the typed spelling above its listed variants, an alternative
    (``DisMax``) by its best part, the parts of ``And`` and ``Or`` added up. One ``ts_rank``
    per word, so it is used on the leading hits only (``RESCORED``)."""
    if query is None:
        return Condition("0.0")
    return _weighted(query) or Condition("0.0")


RESCORED = 100  # leading hits (by ``ranking``) that ``weighted_ranking`` puts in order
_EVEN = [1.0, 1.0, 1.0, 1.0]  # the boosts carry the forms' weights


def _weighted(query: wq.Query) -> Condition | None:
    if isinstance(query, (wq.Term, wq.Phrase, wq.Prefix)):
        words = text_query(query)
        if words is None:
            return None
        return Condition(
            "%s * ts_rank(%s::float4[], lexemes, %s::tsquery, %s)",
            (float(query.boost), _EVEN, words, RANK_NORMALISATION),
        )
    if isinstance(query, wq.AndNot):
        return _weighted(query.a)
    if isinstance(query, wq.ConstantScoreQuery):
        return None
    if isinstance(query, (wq.And, wq.Or, wq.DisjunctionMax)):
        parts = [part for part in map(_weighted, query.subqueries) if part is not None]
        if not parts:
            return None
        joined = ", ".join(part.sql for part in parts)
        params = tuple(param for part in parts for param in part.params)
        if isinstance(query, wq.DisjunctionMax):
            sql = f"GREATEST({joined})" if len(parts) > 1 else parts[0].sql
        else:
            sql = "(" + " + ".join(part.sql for part in parts) + ")"
        boost = float(getattr(query, "boost", 1.0))
        if boost != 1.0:
            return Condition(f"%s * {sql}", (boost, *params))
        return Condition(sql, params)
    return None


BY_DATE = "sort_date, document_id, ord, seq"
BY_RANK = "rank DESC, document_id, ord, seq"
HIT_COLUMNS = "id, document_id, whole, standing, rank, sort_date, ord, seq, total"


def ordered_hits(query: wq.Query | None, by_date: bool, limit: int, offset: int) -> Condition:
    """The ``SELECT`` of one page from the common table ``hits`` (``HIT_COLUMNS``: records,
    and documents matched as a whole, ``whole`` true), in date order (a document just
    before its own record) or best first. Best first, a page within the first
    ``RESCORED`` hits is put in order by ``weighted_ranking`` (documents by their rank on
    the same scale); a page beyond keeps the order of ``ranking``."""
    page = (max(limit, 0), max(offset, 0))
    if by_date:
        return Condition(
            f"SELECT {HIT_COLUMNS} FROM hits ORDER BY {BY_DATE}, whole DESC LIMIT %s OFFSET %s",
            page,
        )
    if offset + limit > RESCORED or text_query(query) is None:
        return Condition(
            f"SELECT {HIT_COLUMNS} FROM hits ORDER BY {BY_RANK}, whole LIMIT %s OFFSET %s", page
        )
    weighted = weighted_ranking(query)
    sql = (
        f", front AS (SELECT * FROM hits ORDER BY {BY_RANK}, whole LIMIT {RESCORED}),"
        " rescored AS (SELECT l.id, l.document_id, l.whole, l.standing,"
        f" CASE WHEN l.whole THEN l.rank * {_TOP} ELSE {weighted.sql} END AS rank,"
        " l.sort_date, l.ord, l.seq, l.total FROM front l"
        " LEFT JOIN records r ON r.id = l.id AND NOT l.whole)"
        f" SELECT {HIT_COLUMNS} FROM rescored ORDER BY {BY_RANK}, whole LIMIT %s OFFSET %s"
    )
    return Condition(sql, (*weighted.params, *page))


def _page(
    connection: psycopg.Connection[Any],
    found: Condition,
    ranked_by: wq.Query | None,
    filters: wq.Query | None,
    limit: int,
    offset: int,
    most_of: Sequence[Condition] = (),
) -> RankedPage:
    """One page of the records ``found`` among those ``filters`` let through; with
    ``most_of``, only those holding the most of these clauses (at least half)."""
    allowed = condition(filters) if filters is not None else Condition("TRUE")
    tables = found_tables(found, allowed, most_of)
    rank = ranking(ranked_by)
    hits = (
        ", hits AS (SELECT id, document_id, false AS whole, NULL::text AS standing,"
        f" {rank.sql} AS rank, sort_date, ord, seq, count(*) OVER () AS total FROM kept)"
    )
    by_date = text_query(ranked_by) is None

    def run(size: int, start: int) -> list[Any]:
        page = ordered_hits(ranked_by, by_date, size, start)
        return connection.execute(
            f"{tables.sql}{hits} {page.sql}", (*tables.params, *rank.params, *page.params)
        ).fetchall()

    rows = run(limit, offset)
    if not rows and offset:  # beyond the last hit: no row to carry the count
        counted = run(1, 0)
        total = int(counted[0][8]) if counted else 0
    else:
        total = int(rows[0][8]) if rows else 0
    return RankedPage([str(row[0]) for row in rows], [str(row[1]) for row in rows], total)


__all__ = [
    "BY_DATE",
    "BY_RANK",
    "FOUND_COLUMNS",
    "HIT_COLUMNS",
    "RANKED_COLUMNS",
    "RANK_NORMALISATION",
    "RANK_WEIGHTS",
    "RESCORED",
    "RankedPage",
    "found_tables",
    "ordered_hits",
    "ranking",
    "search_records",
    "weighted_ranking",
]
