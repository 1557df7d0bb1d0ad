"""A query plan's Whoosh query as a PostgreSQL condition on ``records``.

The plan is backend-neutral (``search.query`` builds it from the user's text with our
analysis); this turns its tree into SQL. A subtree over the analysed text fields becomes one
``tsquery`` (terms as form-prefixed lexemes, ``<->`` for phrases, ``:*`` for prefixes, ``&``,
``|`` and ``!``), so the GIN index answers it; terms of the filter fields become column
conditions (``type = …``, ``place @> …``, date bounds). The records matched are those the
embedded engine matches (a test compares them for every benchmark and judged query).

Edit-distance terms (the tolerant retry) are first replaced by the words they reach in the
database's vocabulary (``vocabulary.expand_near``); one left here is refused with
:class:`Unsupported`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from whoosh import query as wq
from whoosh.query.qcore import _NullQuery

from archive_api.pg.lexemes import FORM_PREFIX, lexeme, quoted

_TEXT = frozenset(FORM_PREFIX)
_COLUMNS = {"type": "type", "document_id": "document_id", "kind": "kind", "id": "id"}
_WORD_ARRAYS = frozenset({"sender", "recipient", "place"})
_NUMBERS = {"date_start": "date_start", "date_end": "date_end", "year": "year"}


class Unsupported(ValueError):
    """A query this translation cannot express."""


@dataclass(frozen=True)
class Condition:
    """A SQL boolean expression over ``records`` and its parameters, in order."""

    sql: str
    params: tuple[Any, ...] = ()


NOTHING = Condition("FALSE")


def condition(query: wq.Query) -> Condition:
    """The condition a record meets when ``query`` matches it."""
    text = text_query(query)
    if text is not None:
        return Condition("lexemes @@ %s::tsquery", (text,))
    if isinstance(query, _NullQuery):
        return NOTHING
    if isinstance(query, wq.ConstantScoreQuery):
        return condition(query.child)
    if isinstance(query, wq.Term):
        return _term(query.fieldname, query.text)
    if isinstance(query, wq.NumericRange):
        return _range(query)
    if isinstance(query, wq.AndNot):
        kept, dropped = condition(query.a), condition(query.b)
        return Condition(f"({kept.sql}) AND NOT ({dropped.sql})", kept.params + dropped.params)
    if isinstance(query, wq.And):
        return _joined([condition(sub) for sub in query.subqueries], "AND", "TRUE")
    if isinstance(query, (wq.Or, wq.DisjunctionMax)):
        return _joined([condition(sub) for sub in query.subqueries], "OR", "FALSE")
    raise Unsupported(f"no translation for {type(query).__name__} on {_fields(query)}")


def text_query(query: wq.Query) -> str | None:
    """The tsquery of a query over the text fields only (what ``ts_rank`` ranks by); None
    when it names another field."""
    if isinstance(query, wq.Term) and query.fieldname in _TEXT:
        return quoted(lexeme(query.fieldname, _text(query.text)))
    if isinstance(query, wq.Phrase) and query.fieldname in _TEXT:
        if query.slop != 1:
            raise Unsupported(f"phrases with slop {query.slop}")
        words = [quoted(lexeme(query.fieldname, _text(word))) for word in query.words]
        return "(" + " <-> ".join(words) + ")" if words else None
    if isinstance(query, wq.Prefix) and query.fieldname in _TEXT:
        return quoted(lexeme(query.fieldname, _text(query.text))) + ":*"
    if isinstance(query, wq.FuzzyTerm):
        raise Unsupported("edit-distance terms need the archive's word list")
    if isinstance(query, (wq.And, wq.Or, wq.DisjunctionMax)) and query.subqueries:
        parts = [text_query(sub) for sub in query.subqueries]
        if any(part is None for part in parts):
            return None
        operator = " & " if isinstance(query, wq.And) else " | "
        return "(" + operator.join(part for part in parts if part is not None) + ")"
    if isinstance(query, wq.AndNot):
        kept, dropped = text_query(query.a), text_query(query.b)
        if kept is None or dropped is None:
            return None
        return f"({kept} & !{dropped})"
    if isinstance(query, wq.ConstantScoreQuery):
        return text_query(query.child)
    return None


def _term(fieldname: str, value: Any) -> Condition:
    text = _text(value)
    if "\x00" in text:
        return NOTHING  # PostgreSQL's text cannot hold it, so no value is it
    if fieldname in _COLUMNS:
        return Condition(f"{_COLUMNS[fieldname]} = %s", (text,))
    if fieldname in _WORD_ARRAYS:
        return Condition(f"{fieldname} @> ARRAY[%s]::text[]", (text,))
    raise Unsupported(f"no column for the field {fieldname!r}")


def _range(query: wq.NumericRange) -> Condition:
    column = _NUMBERS.get(query.fieldname)
    if column is None:
        raise Unsupported(f"no column for the range on {query.fieldname!r}")
    parts: list[Condition] = []
    if query.start is not None:
        parts.append(Condition(f"{column} {'>' if query.startexcl else '>='} %s", (query.start,)))
    if query.end is not None:
        parts.append(Condition(f"{column} {'<' if query.endexcl else '<='} %s", (query.end,)))
    parts.append(Condition(f"{column} IS NOT NULL"))
    return _joined(parts, "AND", "TRUE")


def _joined(parts: Sequence[Condition], operator: str, empty: str) -> Condition:
    if not parts:
        return Condition(empty)
    if len(parts) == 1:
        return parts[0]
    sql = f" {operator} ".join(f"({part.sql})" for part in parts)
    return Condition(sql, tuple(param for part in parts for param in part.params))


def _text(value: Any) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def _fields(query: wq.Query) -> str:
    try:
        return ", ".join(sorted({str(name) for name, _ in query.iter_all_terms()})) or "no field"
    except (AttributeError, TypeError, NotImplementedError):
        return "its fields"


__all__ = ["NOTHING", "Condition", "Unsupported", "condition", "text_query"]
