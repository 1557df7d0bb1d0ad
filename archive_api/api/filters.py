"""Query filters shared by ``/letters`` and ``/search``: partial dates and name matching.

Dates may be given as a year, a year-month or a day; each stands for the whole span it
names, and a record matches when its own span overlaps the requested one (a letter dated
"June 1920" is in ``date_from=1920-06-15``). Names match Turkish-aware: case, dotted and
dotless i and diacritics are ignored, so ``tchitcherine`` and ``ANKARA`` find their letters.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from marshmallow import ValidationError, fields

from archive_api.models import DateValue
from archive_api.text.turkish import fold_ascii, turkish_lower

_PARTIAL_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


@dataclass(frozen=True)
class DateSpan:
    """The first and last day a (possibly partial) date covers."""

    start: date
    end: date
    text: str = ""  # as the client wrote it

    def overlaps(self, other: DateSpan) -> bool:
        return self.start <= other.end and other.start <= self.end


def parse_partial_date(value: str) -> DateSpan:
    """``1920`` / ``1920-06`` / ``1920-06-03`` as the span of days it covers."""
    match = _PARTIAL_DATE.fullmatch(value.strip())
    if match is None:
        raise ValueError(f"{value!r} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD")
    year = int(match.group(1))
    if year < 1:
        raise ValueError(f"{value!r} is not a date: year 0 does not exist")
    if match.group(2) is None:
        return DateSpan(date(year, 1, 1), date(year, 12, 31))
    month = int(match.group(2))
    if not 1 <= month <= 12:
        raise ValueError(f"{value!r} is not a date: month must be 01 to 12")
    last_day = calendar.monthrange(year, month)[1]
    if match.group(3) is None:
        return DateSpan(date(year, month, 1), date(year, month, last_day))
    day = int(match.group(3))
    if not 1 <= day <= last_day:
        raise ValueError(f"{value!r} is not a date: day must be 01 to {last_day:02d}")
    return DateSpan(date(year, month, day), date(year, month, day))


def date_value_span(value: DateValue | None) -> DateSpan | None:
    """The span of a parsed date (its ISO form has the date's precision); None if unusable."""
    if value is None:
        return None
    try:
        return parse_partial_date(value.iso)
    except ValueError:
        return None


class PartialDate(fields.Field[DateSpan]):
    """A query parameter holding a year, a year-month or a day (ISO 8601)."""

    def __init__(self, **kwargs: Any) -> None:
        metadata = {
            "type": "string",
            "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$",
            **kwargs.pop("metadata", {}),
        }
        super().__init__(metadata=metadata, **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> DateSpan:
        if not isinstance(value, str):
            raise ValidationError("Not a valid string.")
        raw = value
        try:
            span = parse_partial_date(raw)
        except ValueError as exc:
            raise ValidationError(str(exc)) from None
        return DateSpan(span.start, span.end, raw.strip())


def span_between(date_from: DateSpan | None, date_to: DateSpan | None) -> DateSpan | None:
    """The span from the start of ``date_from`` to the end of ``date_to`` (open ends allowed)."""
    if date_from is None and date_to is None:
        return None
    start = date_from.start if date_from is not None else date.min
    end = date_to.end if date_to is not None else date.max
    return DateSpan(start, end)


def check_date_order(data: dict[str, Any]) -> None:
    """``date_from`` after ``date_to`` is an error naming ``date_to``."""
    date_from, date_to = data.get("date_from"), data.get("date_to")
    if date_from is not None and date_to is not None and date_from.start > date_to.end:
        raise ValidationError("must not be before date_from", field_name="date_to")


def name_key(value: str) -> str:
    """The comparable form of a name: Turkish lower case, then ASCII-folded, spaces squeezed."""
    return " ".join(fold_ascii(turkish_lower(value)).split())


def name_matches(needle: str, *haystacks: str | None) -> bool:
    """True when ``needle`` occurs, Turkish-aware, in any of ``haystacks``."""
    key = name_key(needle)
    return any(key in name_key(h) for h in haystacks if h)
