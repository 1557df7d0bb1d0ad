"""Ranked search on PostgreSQL: a query plan and filters in, a page of record ids out.

The plan is the embedded search's own (``plan_query``): the same clauses, the same analysed
terms, so the records matched are the same (``tsquery.condition``). The order is
PostgreSQL's ``ts_rank`` over the form-weighted lexemes: each form weighs what its field
boost weighs in the embedded ranking (exact 4, fold 2, stem and OCR key 1.5, scaled to 1),
divided by the logarithm of the record's length, the nearest PostgreSQL comes to BM25F's
length normalisation. What it cannot carry: a boost per word (the weight of a name's
variants, ``VARIANT_WEIGHT``) and term saturation. As in the embedded search, when no
record holds every clause the search is relaxed: the records holding the most clauses any
record holds, if that is at least half of them.
"""

from __future__ import annotations

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


def _page(
    connection: psycopg.Connection[Any],
    found: Condition,
    ranked_by: wq.Query | None,
    filters: wq.Query | None,
    limit: int,
    offset: int,
    most_of: list[Condition] | None = None,
) -> RankedPage:
    """One page of the records ``found`` among those ``filters`` let through; with
    ``most_of``, only those holding the most of these clauses (at least half)."""
    where = found
    if filters is not None:
        allowed = condition(filters)
        where = Condition(f"({found.sql}) AND ({allowed.sql})", found.params + allowed.params)
    words = text_query(ranked_by) if ranked_by is not None else None
    order_params: tuple[Any, ...] = ()
    if words is None:
        order = "sort_date, document_id, ord, seq"
    else:
        order = "ts_rank(%s::float4[], lexemes, %s::tsquery, %s) DESC, document_id, ord, seq"
        order_params = (RANK_WEIGHTS, words, RANK_NORMALISATION)
    held = "0"
    held_params: tuple[Any, ...] = ()
    kept = "TRUE"
    if most_of:
        held = " + ".join(f"({clause.sql})::int" for clause in most_of)
        held_params = tuple(param for clause in most_of for param in clause.params)
        kept = "held = (SELECT max(held) FROM found) AND (SELECT max(held) FROM found) * 2 >= %s"
    sql = (
        f"WITH found AS (SELECT id, document_id, sort_date, ord, seq, lexemes, {held} AS held"
        f" FROM records WHERE {where.sql})"
        f" SELECT id, document_id, count(*) OVER () FROM found WHERE {kept}"
        f" ORDER BY {order} LIMIT %s OFFSET %s"
    )
    params = (*held_params, *where.params, *((len(most_of),) if most_of else ()))
    rows = connection.execute(sql, (*params, *order_params, limit, offset)).fetchall()
    total = (
        int(rows[0][2]) if rows else _count(connection, sql, params, order_params) if offset else 0
    )
    return RankedPage([str(row[0]) for row in rows], [str(row[1]) for row in rows], total)


def _count(
    connection: psycopg.Connection[Any],
    sql: str,
    params: tuple[Any, ...],
    order_params: tuple[Any, ...],
) -> int:
    """The total of a page asked for beyond the last hit (which holds no count)."""
    row = connection.execute(sql, (*params, *order_params, 1, 0)).fetchone()
    return int(row[2]) if row is not None else 0


__all__ = ["RANK_NORMALISATION", "RANK_WEIGHTS", "RankedPage", "search_records"]
