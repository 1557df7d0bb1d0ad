"""The SQLite FTS5 baseline: the same records, the same queries, the same work per query.

One FTS5 table (``unicode61 remove_diacritics 2``) holds every record's body, the text our
index analyses; a plain table beside it holds the filter fields of the same rows. A query
does what ``Archive.search`` does: the top 10 by BM25 with a snippet each, and the hit
count per record type (without the type filter, as our facets are). Query text is read
with the same small language (words all required, ``"…"``, ``-word``, ``OR``, ``prefix*``)
and written as an FTS5 expression; FTS5 gets no Turkish analysis, which is the point of
the comparison.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from speed_queries import Query

from archive_api.search.schema import filter_key, filter_words, iso_bounds

TOKENIZER = "unicode61 remove_diacritics 2"
_CHUNK = re.compile(r'(-?)"([^"]*)"|(\S+)')
_WORD = re.compile(r"\w+")


def create(path: Path) -> sqlite3.Connection:
    """A fresh database at ``path`` with the two tables."""
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path)
    db.execute(f"CREATE VIRTUAL TABLE records USING fts5(body, tokenize='{TOKENIZER}')")
    db.execute(
        "CREATE TABLE meta (rowid INTEGER PRIMARY KEY, id TEXT, type TEXT, document_id TEXT,"
        " title TEXT, ord INTEGER, sort_date INTEGER, date_start INTEGER, date_end INTEGER,"
        " kind TEXT, sender TEXT, recipient TEXT, place TEXT)"
    )
    return db


def load(db: sqlite3.Connection, rows: Iterable[dict[str, Any]]) -> int:
    """Insert every row, then merge FTS5's segments (as our build leaves one segment)."""
    count = 0
    with db:
        for rowid, row in enumerate(rows, start=1):
            db.execute("INSERT INTO records (rowid, body) VALUES (?, ?)", (rowid, row["body"]))
            db.execute(
                "INSERT INTO meta VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    rowid,
                    row["id"],
                    row["type"],
                    row["document_id"],
                    row["title"],
                    row["order"],
                    row["sort_date"],
                    row.get("date_start"),
                    row.get("date_end"),
                    row.get("kind"),
                    _padded(row.get("sender")),
                    _padded(row.get("recipient")),
                    _padded(row.get("place")),
                ),
            )
            count += 1
        db.execute("INSERT INTO records (records) VALUES ('optimize')")
    return count


def _padded(words: str | None) -> str | None:
    return f" {words} " if words else None


def match_expression(text: str) -> str | None:
    """The FTS5 MATCH expression of a query text, or None when no word is left."""
    positive: list[str] = []
    negative: list[str] = []
    pending_or = False
    for match in _CHUNK.finditer(text):
        minus, phrase, chunk = match.groups()
        if chunk in ("OR", "AND", "NOT"):
            pending_or = chunk == "OR" and bool(positive)
            if chunk == "NOT":
                minus = "-"
            continue
        if phrase is not None:
            term = _quoted(phrase)
        else:
            negated = chunk.startswith("-")
            minus = "-" if negated else minus
            term = _quoted(chunk.lstrip("-"), prefix=chunk.endswith("*"))
        if term is None:
            continue
        if minus:
            negative.append(term)
        elif pending_or:
            positive[-1] = f"({positive[-1]} OR {term})"
        else:
            positive.append(term)
        pending_or = False
    if not positive:
        return None
    expression = " AND ".join(positive)
    for term in negative:
        expression = f"{expression} NOT {term}"
    return expression


def _quoted(text: str, *, prefix: bool = False) -> str | None:
    words = _WORD.findall(text.replace("*", " "))
    if not words:
        return None
    quoted = '"' + " ".join(words) + '"'
    return quoted + "*" if prefix else quoted


def _where(query: Query, *, with_type: bool) -> tuple[list[str], list[Any]]:
    clauses: list[str] = []
    values: list[Any] = []
    filters = query.filters
    if with_type and "type" in filters:
        types = filters["type"].split(",")
        clauses.append(f"m.type IN ({', '.join('?' for _ in types)})")
        values.extend(types)
    if "date_from" in filters:
        bounds = iso_bounds(filters["date_from"])
        clauses.append("m.date_end >= ?")
        values.append(bounds[0] if bounds else 0)
    if "date_to" in filters:
        bounds = iso_bounds(filters["date_to"])
        clauses.append("m.date_start <= ?")
        values.append(bounds[1] if bounds else 0)
    if "kind" in filters:
        clauses.append("m.kind = ?")
        values.append(filter_key(filters["kind"]))
    for name in ("sender", "recipient", "place"):
        for word in filter_words(filters.get(name, "")):
            clauses.append(f"m.{name} LIKE ?")
            values.append(f"% {word} %")
    return clauses, values


def search(db: sqlite3.Connection, query: Query, per_page: int = 10) -> tuple[int, list[str]]:
    """Total hits and the top ``per_page`` snippets, the way ``Archive.search`` answers."""
    expression = match_expression(query.q) if query.q else None
    if query.q and expression is None:
        return 0, []
    clauses, values = _where(query, with_type=True)
    facet_clauses, facet_values = _where(query, with_type=False)
    if expression is None:
        where = " AND ".join(clauses) or "1"
        hits = db.execute(
            f"SELECT m.id, substr(r.body, 1, 220) FROM meta m JOIN records r ON r.rowid = m.rowid"
            f" WHERE {where} ORDER BY m.sort_date, m.document_id, m.ord LIMIT ?",
            [*values, per_page],
        ).fetchall()
        facet_where = " AND ".join(facet_clauses) or "1"
        counts = db.execute(
            f"SELECT m.type, count(*) FROM meta m WHERE {facet_where} GROUP BY m.type",
            facet_values,
        ).fetchall()
    else:
        where = " AND ".join(["records MATCH ?", *clauses])
        hits = db.execute(
            "SELECT m.id, snippet(records, 0, '<mark>', '</mark>', '…', 32)"
            f" FROM records r JOIN meta m ON m.rowid = r.rowid WHERE {where}"
            " ORDER BY r.rank LIMIT ?",
            [expression, *values, per_page],
        ).fetchall()
        facet_where = " AND ".join(["records MATCH ?", *facet_clauses])
        counts = db.execute(
            "SELECT m.type, count(*) FROM records r JOIN meta m ON m.rowid = r.rowid"
            f" WHERE {facet_where} GROUP BY m.type",
            [expression, *facet_values],
        ).fetchall()
    wanted = set(query.filters["type"].split(",")) if "type" in query.filters else None
    total = sum(n for kind, n in counts if wanted is None or kind in wanted)
    return total, [str(snippet) for _, snippet in hits]
