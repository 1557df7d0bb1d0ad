"""Search filters: validated once, then turned into Whoosh queries that never score.

Dates match by overlap: a record dated ``1920-06`` (all of June) is found by
``date_from=1920-06-20``; a record without a date is left out whenever a date is given.
A date may be written the way the documents write it (``3 Haziran 1920``, ``9.5.1336``,
``20 Haziran 336``): it is read by the parser's date reader and normalised to Gregorian.
Names match when every word given is among the record's folded words, so ``kemal``,
``Mustafa Kemal`` and ``MUSTAFA KEMAL`` all find letters signed by Mustafa Kemal; the
spellings of ``variants.txt`` count too (``Çiçerin`` finds the letter signed
``Tchitcherine``).
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from typing import Any

from whoosh import sorting
from whoosh.query import And, NumericRange, Or, Query, Term

from archive_api.parsing.dates import parse_date
from archive_api.search.schema import RECORD_TYPES, filter_key, filter_words, iso_bounds
from archive_api.text.variants import variants_of

DATE_FORMS = "1920, 1920-06, 1920-06-03, 3 Haziran 1920, 9.5.1336 or 20 Haziran 336"
MAX_DATE_CHARS = 60  # longer text is no date, and is not handed to the date reader
# Spellings tried for one name filter at most: each word's variants multiply them.
MAX_NAME_ALTERNATIVES = 16

Words = tuple[str, ...]


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
    # Each name filter: its spellings, each the folded words a record must all hold.
    sender: tuple[Words, ...] = ()
    recipient: tuple[Words, ...] = ()
    place: tuple[Words, ...] = ()

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
            sender=_spellings("sender", sender),
            recipient=_spellings("recipient", recipient),
            place=_spellings("place", place),
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
            spellings: tuple[Words, ...] = getattr(self, fieldname)
            if len(spellings) == 1:
                parts.extend(Term(fieldname, word) for word in spellings[0])
            elif spellings:
                parts.append(Or([_all_words(fieldname, words) for words in spellings]))
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else And(parts)


def date_bounds(value: str) -> tuple[int, int] | None:
    """First and last day (yyyymmdd) that a date as written covers, or None if not a date.

    ISO of any precision first, then the forms the documents use, in any calendar: a Rumi
    ``9.5.1336`` is 9 May 1920, ``Haziran 1920`` all of June.
    """
    bounds = iso_bounds(value)
    if bounds is not None or len(value) > MAX_DATE_CHARS:
        return bounds
    parsed = parse_date(value)
    return iso_bounds(parsed.iso) if parsed is not None else None


def _date_bound(parameter: str, value: str | dt.date | None, which: int) -> int | None:
    if value is None:
        return None
    text = value.isoformat() if isinstance(value, dt.date) else value
    bounds = date_bounds(text)
    if bounds is None:
        raise SearchArgumentError(parameter, f"{text!r} is not a date (for example {DATE_FORMS})")
    return bounds[which]


def _spellings(parameter: str, value: str | None) -> tuple[Words, ...]:
    """The name as typed, then its spellings from ``variants.txt``: whole, and word by word."""
    if value is None:
        return ()
    typed = tuple(filter_words(value))
    if not typed:
        raise SearchArgumentError(parameter, "has no letters or digits")
    found: dict[Words, None] = {typed: None}
    for variant in sorted(variants_of(value)):
        found.setdefault(tuple(filter_words(variant)), None)
    per_word = [
        [(word,), *(tuple(filter_words(v)) for v in sorted(variants_of(word)))] for word in typed
    ]
    for combination in itertools.islice(itertools.product(*per_word), MAX_NAME_ALTERNATIVES):
        found.setdefault(tuple(word for words in combination for word in words), None)
    spellings = [words for words in found if words][:MAX_NAME_ALTERNATIVES]
    # A spelling holding all the words of another finds nothing more: leave it out.
    return tuple(
        words
        for words in spellings
        if not any(other != words and set(other) <= set(words) for other in spellings)
    )


def _all_words(fieldname: str, words: Words) -> Query:
    terms = [Term(fieldname, word) for word in words]
    return terms[0] if len(terms) == 1 else And(terms)
