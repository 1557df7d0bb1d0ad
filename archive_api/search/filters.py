"""Search filters: validated once, then turned into Whoosh queries that never score.

Dates match by overlap: a record dated ``1920-06`` (all of June) is found by
``date_from=1920-06-20``; a record without a date is left out whenever a date is given.
Names match when every word given is among the record's folded words, so ``kemal``,
``Mustafa Kemal`` and ``MUSTAFA KEMAL`` all find letters signed by Mustafa Kemal.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from whoosh import sorting
from whoosh.query import And, NumericRange, Or, Query, Term

from archive_api.search.schema import RECORD_TYPES, filter_key, filter_words, iso_bounds


class SearchArgumentError(ValueError):
    """A search argument that cannot be used; ``parameter`` names it for the error reply."""

    def __init__(self, parameter: str, message: str) -> None:
        self.parameter = parameter
        self.message = message
        super().__init__(f"{parameter}: {message}")


@dataclass(frozen=True)
class SearchFilters:
    types: tuple[str, ...] = ()
    document_ids: tuple[str, ...] = ()
    date_from: int | None = None  # yyyymmdd, first day asked for
    date_to: int | None = None  # yyyymmdd, last day asked for
    kind: str | None = None
    sender: tuple[str, ...] = ()
    recipient: tuple[str, ...] = ()
    place: tuple[str, ...] = ()

    @classmethod
    def build(
        cls,
        *,
        types: list[str] | None = None,
        document_ids: list[str] | None = None,
        date_from: str | dt.date | None = None,
        date_to: str | dt.date | None = None,
        kind: str | None = None,
        sender: str | None = None,
        recipient: str | None = None,
        place: str | None = None,
    ) -> SearchFilters:
        for value in types or []:
            if value not in RECORD_TYPES:
                known = ", ".join(RECORD_TYPES)
                raise SearchArgumentError("type", f"unknown type {value!r}; one of {known}")
        start = _date_bound("date_from", date_from, 0)
        end = _date_bound("date_to", date_to, 1)
        if start is not None and end is not None and start > end:
            raise SearchArgumentError("date_from", "is after date_to")
        kind_key = filter_key(kind) if kind is not None else None
        if kind is not None and not kind_key:
            raise SearchArgumentError("kind", "is empty")
        return cls(
            types=tuple(dict.fromkeys(types or [])),
            document_ids=tuple(dict.fromkeys(document_ids or [])),
            date_from=start,
            date_to=end,
            kind=kind_key,
            sender=_words("sender", sender),
            recipient=_words("recipient", recipient),
            place=_words("place", place),
        )

    def query(self) -> Query | None:
        """All filters as one query, or None when nothing is filtered."""
        return self._combine(include_types=True)

    def without_types(self) -> Query | None:
        """The filters except the type: facet counts show what other types would give."""
        return self._combine(include_types=False)

    @staticmethod
    def browse_order() -> Any:
        """Order of a listing without a query: by date, then document, then position."""
        return sorting.MultiFacet(
            [
                sorting.FieldFacet("sort_date"),
                sorting.FieldFacet("document_id"),
                sorting.FieldFacet("order"),
            ]
        )

    def _combine(self, *, include_types: bool) -> Query | None:
        parts: list[Query] = []
        if include_types and self.types:
            parts.append(Or([Term("type", value) for value in self.types]))
        if self.document_ids:
            parts.append(Or([Term("document_id", value) for value in self.document_ids]))
        if self.date_from is not None:
            parts.append(NumericRange("date_end", self.date_from, None))
        if self.date_to is not None:
            parts.append(NumericRange("date_start", None, self.date_to))
        if self.kind is not None:
            parts.append(Term("kind", self.kind))
        for fieldname in ("sender", "recipient", "place"):
            parts.extend(Term(fieldname, word) for word in getattr(self, fieldname))
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else And(parts)


def _date_bound(parameter: str, value: str | dt.date | None, which: int) -> int | None:
    if value is None:
        return None
    text = value.isoformat() if isinstance(value, dt.date) else value
    bounds = iso_bounds(text)
    if bounds is None:
        raise SearchArgumentError(parameter, f"{text!r} is not a date (YYYY, YYYY-MM, YYYY-MM-DD)")
    return bounds[which]


def _words(parameter: str, value: str | None) -> tuple[str, ...]:
    if value is None:
        return ()
    words = filter_words(value)
    if not words:
        raise SearchArgumentError(parameter, "has no letters or digits")
    return tuple(words)
