"""The two baselines of the relevance evaluation: what a generic engine does with our records.

Both index exactly the rows our indexer writes (``document_rows``: same ids, same body
text, same filter fields) and read the user's text the same way:

* ``"…"`` is a phrase, ``-word`` / ``-"…"`` excludes, every other whitespace-separated
  chunk is one plain term (so ``a.g.e.`` or ``Türkiye'nin`` is handed to the engine's own
  tokenizer whole, never parsed as syntax);
* all terms are required; when that finds nothing, any term will do (AND, then OR);
* filters are applied by the engine as exact conditions on the row's fields, the way
  ``Archive.search`` applies them (a record without a date fails any date filter).

What differs is only the analysis, which is the point of the comparison:

* **Whoosh StandardAnalyzer**: ``RegexTokenizer`` + ``str.lower`` + English stop words,
  one ``body`` field, BM25F; the query is built by Whoosh's ``QueryParser`` from the
  terms, each wrapped in double quotes so no character is syntax.
* **SQLite FTS5** with ``tokenize="unicode61 remove_diacritics 2"``, ranked by ``bm25``;
  each term and phrase becomes a quoted FTS5 string, filters a SQL ``WHERE``.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from relevance_judged import CUTOFF, Filters, Hit
from whoosh import qparser
from whoosh.analysis import StandardAnalyzer
from whoosh.fields import ID, NUMERIC, TEXT, Schema
from whoosh.filedb.filestore import FileStorage, RamStorage
from whoosh.query import And, NumericRange, Or, Query, Term

from archive_api.search.schema import filter_key, iso_bounds

Row = dict[str, Any]

_CHUNK = re.compile(r'(-?)"([^"]*)"|(\S+)')
_HAS_WORD = re.compile(r"\w")
FTS5_TOKENIZER = "unicode61 remove_diacritics 2"


@dataclass(frozen=True)
class UserText:
    """The user's text as terms: each is one word or a phrase, as typed."""

    required: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)

    @classmethod
    def parse(cls, text: str) -> UserText:
        required: list[str] = []
        excluded: list[str] = []
        for match in _CHUNK.finditer(text):
            minus, phrase, chunk = match.groups()
            negated = bool(minus) if phrase is not None else chunk.startswith("-")
            term = phrase if phrase is not None else chunk.lstrip("-")
            term = " ".join(term.replace('"', " ").split())
            if _HAS_WORD.search(term):
                (excluded if negated else required).append(term)
        return cls(required, excluded)


def date_bounds(filters: Filters) -> tuple[int | None, int | None]:
    """First and last day (yyyymmdd) the date filters ask for, as ``Archive.search`` reads them."""
    start = end = None
    if filters.date_from:
        bounds = iso_bounds(filters.date_from)
        start = bounds[0] if bounds else None
    if filters.date_to:
        bounds = iso_bounds(filters.date_to)
        end = bounds[1] if bounds else None
    return start, end


def passes(row: Row, filters: Filters) -> bool:
    """Whether a row passes the filters: the conditions both engines below apply."""
    if filters.types and row["type"] not in filters.types:
        return False
    if filters.document and row["document_id"] != filters.document:
        return False
    if filters.kind and row.get("kind") != filter_key(filters.kind):
        return False
    start, end = date_bounds(filters)
    if start is not None and (row.get("date_end") is None or row["date_end"] < start):
        return False
    return end is None or (row.get("date_start") is not None and row["date_start"] <= end)


class _PrivateRamStorage(RamStorage):  # type: ignore[misc]
    """In memory, with scratch files in a folder of its own: Whoosh's ``RamStorage`` puts
    them in ``<tmp>/<index name>.tmp``, one folder shared by every process using it."""

    def __init__(self) -> None:
        super().__init__()
        self.scratch = tempfile.mkdtemp(prefix="relevance-whoosh-")

    def temp_storage(self, name: str | None = None) -> FileStorage:
        return FileStorage(f"{self.scratch}/{name or 'scratch'}").create()

    def close(self) -> None:
        super().close()
        shutil.rmtree(self.scratch, ignore_errors=True)


class WhooshStandard:
    """A plain Whoosh index of the rows: one ``body`` field, ``StandardAnalyzer``."""

    name = "Whoosh standard"

    def __init__(self, rows: Iterable[Row]) -> None:
        self.schema = Schema(
            id=ID(stored=True, unique=True),
            document_id=ID(stored=True),
            type=ID,
            kind=ID,
            date_start=NUMERIC(int, bits=32),
            date_end=NUMERIC(int, bits=32),
            body=TEXT(analyzer=StandardAnalyzer()),
        )
        self.storage = _PrivateRamStorage()
        self.index = self.storage.create_index(self.schema)
        writer = self.index.writer()
        for row in rows:
            fields = {name: row.get(name) for name in self.schema.names()}
            writer.add_document(**{k: v for k, v in fields.items() if v is not None})
        writer.commit()
        self.searcher = self.index.searcher()

    def parse(self, text: UserText, *, require_all: bool) -> Query | None:
        if not text.required:
            return None
        group = qparser.AndGroup if require_all else qparser.OrGroup
        parser = qparser.QueryParser("body", self.schema, group=group)
        quoted = "(" + " ".join(f'"{term}"' for term in text.required) + ")"
        if text.excluded:
            excluded = " OR ".join(f'"{term}"' for term in text.excluded)
            quoted = f"{quoted} ANDNOT ({excluded})"
        parsed: Query = parser.parse(quoted)
        return parsed

    def search(self, text: str, filters: Filters, limit: int = CUTOFF) -> list[Hit]:
        terms = UserText.parse(text)
        condition = self._filter(filters)
        for require_all in (True, False):
            query = self.parse(terms, require_all=require_all)
            if query is None:
                return []
            results = self.searcher.search(query, filter=condition, limit=limit)
            # The hits themselves: len(results) miscounts when the filter lets nothing by.
            hits = [Hit(str(hit["id"]), str(hit["document_id"])) for hit in results]
            if hits:
                return hits
        return []

    @staticmethod
    def _filter(filters: Filters) -> Query | None:
        parts: list[Query] = []
        if filters.types:
            parts.append(Or([Term("type", value) for value in filters.types]))
        if filters.document:
            parts.append(Term("document_id", filters.document))
        if filters.kind:
            parts.append(Term("kind", filter_key(filters.kind)))
        start, end = date_bounds(filters)
        if start is not None:
            parts.append(NumericRange("date_end", start, None))
        if end is not None:
            parts.append(NumericRange("date_start", None, end))
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else And(parts)

    def close(self) -> None:
        self.searcher.close()
        self.storage.close()


class Fts5Unicode61:
    """SQLite FTS5 over the rows' bodies, filter fields in a plain table beside it."""

    name = "SQLite FTS5"

    def __init__(self, rows: Iterable[Row]) -> None:
        self.db = sqlite3.connect(":memory:")
        self.db.execute(f"CREATE VIRTUAL TABLE texts USING fts5(body, tokenize='{FTS5_TOKENIZER}')")
        self.db.execute(
            "CREATE TABLE record (rowid INTEGER PRIMARY KEY, id TEXT, document_id TEXT,"
            " type TEXT, kind TEXT, date_start INTEGER, date_end INTEGER)"
        )
        for rowid, row in enumerate(rows, start=1):
            self.db.execute("INSERT INTO texts (rowid, body) VALUES (?, ?)", (rowid, row["body"]))
            self.db.execute(
                "INSERT INTO record VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    rowid,
                    row["id"],
                    row["document_id"],
                    row["type"],
                    row.get("kind"),
                    row.get("date_start"),
                    row.get("date_end"),
                ),
            )
        self.db.commit()

    @staticmethod
    def expression(text: UserText, *, require_all: bool) -> str | None:
        """The FTS5 query: every term a quoted string (``""`` escapes a quote)."""
        if not text.required:
            return None
        quoted = [_fts_string(term) for term in text.required]
        expression = " AND ".join(quoted) if require_all else " OR ".join(quoted)
        if text.excluded:
            excluded = " OR ".join(_fts_string(term) for term in text.excluded)
            expression = f"({expression}) NOT ({excluded})"
        return expression

    def search(self, text: str, filters: Filters, limit: int = CUTOFF) -> list[Hit]:
        terms = UserText.parse(text)
        where, params = self._where(filters)
        for require_all in (True, False):
            expression = self.expression(terms, require_all=require_all)
            if expression is None:
                return []
            sql = (
                "SELECT record.id, record.document_id FROM texts"
                " JOIN record ON record.rowid = texts.rowid"
                f" WHERE texts MATCH ?{where} ORDER BY texts.rank LIMIT ?"
            )
            rows = self.db.execute(sql, [expression, *params, limit]).fetchall()
            if rows:
                return [Hit(str(record_id), str(document_id)) for record_id, document_id in rows]
        return []

    @staticmethod
    def _where(filters: Filters) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if filters.types:
            clauses.append(f"record.type IN ({', '.join('?' for _ in filters.types)})")
            params.extend(filters.types)
        if filters.document:
            clauses.append("record.document_id = ?")
            params.append(filters.document)
        if filters.kind:
            clauses.append("record.kind = ?")
            params.append(filter_key(filters.kind))
        start, end = date_bounds(filters)
        if start is not None:
            clauses.append("record.date_end >= ?")
            params.append(start)
        if end is not None:
            clauses.append("record.date_start <= ?")
            params.append(end)
        return "".join(f" AND {clause}" for clause in clauses), params

    def close(self) -> None:
        self.db.close()


def _fts_string(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'
