"""Calendar arithmetic: Rumi and tabular Hijri dates to Gregorian ISO dates.

Kept apart from the text rules in :mod:`dates` because it is plain arithmetic on day
numbers (Julian Day Numbers) and can be checked against well-known equivalences.
"""

from __future__ import annotations

from datetime import date

from archive_api.models import Calendar

_ORDINAL_TO_JDN = 1721425  # date.toordinal() + this = Julian Day Number
_HIJRI_EPOCH = 1948439  # JDN of the day before 1 Muharram 1 (16 July 622, Julian)
_RUMI_REFORM_YEAR = 1333  # 1 Mart 1333 = 1 March 1917: days and months became Gregorian


def _julian_jdn(year: int, month: int, day: int) -> int:
    """Day number of a Julian calendar date (proleptic, astronomical year numbers)."""
    leap = year % 4 == 0
    lengths = (31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
    if not 1 <= month <= 12 or not 1 <= day <= lengths[month - 1]:
        raise ValueError(f"no such Julian date: {year}-{month}-{day}")
    a = (14 - month) // 12
    y = year + 4800 - a
    m = month + 12 * a - 3
    return day + (153 * m + 2) // 5 + 365 * y + y // 4 - 32083


def _from_jdn(jdn: int) -> date:
    return date.fromordinal(jdn - _ORDINAL_TO_JDN)


def julian_to_gregorian(year: int, month: int, day: int) -> date:
    """The Gregorian date of a Julian (Old Style) date."""
    return _from_jdn(_julian_jdn(year, month, day))


def rumi_to_gregorian(year: int, month: int, day: int) -> date:
    """The Gregorian date of a Rumi (Ottoman financial calendar) date.

    The Rumi year begins on 1 March, so March–December fall in Rumi + 584 and
    January–February in Rumi + 585. From 1333 on, day and month equal the Gregorian ones;
    before, the date is Julian. Raises ValueError for a date that did not exist.
    """
    gregorian_year = year + (584 if month >= 3 else 585)
    if year >= _RUMI_REFORM_YEAR:
        return date(gregorian_year, month, day)
    return julian_to_gregorian(gregorian_year, month, day)


def _hijri_leap(year: int) -> bool:
    return (14 + 11 * year) % 30 < 11


def hijri_to_gregorian(year: int, month: int, day: int) -> date:
    """The Gregorian date of a Hijri date in the tabular (arithmetical) Islamic calendar.

    Months alternate 30 and 29 days; the last month has 30 in the 11 leap years of each
    30-year cycle. The calendar actually observed, by sighting of the moon, may differ by
    a day or two. Raises ValueError for a date outside the calendar.
    """
    if year < 1 or not 1 <= month <= 12:
        raise ValueError(f"no such Hijri date: {year}-{month}-{day}")
    length = 30 if month % 2 == 1 or (month == 12 and _hijri_leap(year)) else 29
    if not 1 <= day <= length:
        raise ValueError(f"no such Hijri date: {year}-{month}-{day}")
    jdn = (
        day
        + (59 * (month - 1) + 1) // 2  # ceil(29.5 * (month - 1))
        + (year - 1) * 354
        + (3 + 11 * year) // 30
        + _HIJRI_EPOCH
    )
    return _from_jdn(jdn)


def approx_gregorian_year(year: int, calendar: Calendar) -> int:
    """The Gregorian year a year of ``calendar`` mostly falls in (good to a year)."""
    if calendar == "rumi":
        return year + 584
    if calendar == "hijri":
        return round(year * 0.970229 + 621.5643)  # 33 Hijri years to 32 solar ones
    return year


def gregorian_iso(
    calendar: Calendar, year: int, month: int | None, day: int | None, gloss: int | None = None
) -> str:
    """The ISO form, to the precision given, of a date in ``calendar``.

    A Rumi or Hijri year alone spans two Gregorian years: ``gloss`` (the Gregorian year the
    text gives beside it) picks one when it is one of them, else the year holding most of it.
    A month alone: pre-1917 Rumi months run 12-13 days late, so most of their days still
    fall in the Gregorian month of the same number; a Hijri month is placed by its 15th.
    Raises ValueError for a day that did not exist.
    """
    if month is None:
        if calendar == "gregorian":
            return f"{year:04d}"
        if calendar == "rumi":
            first, last, most = year + 584, year + 585, year + 584
        else:
            first = hijri_to_gregorian(year, 1, 1).year
            last = hijri_to_gregorian(year, 12, 29).year
            most = hijri_to_gregorian(year, 7, 1).year
        return f"{gloss:04d}" if gloss in (first, last) else f"{most:04d}"
    if day is None:
        if calendar == "gregorian":
            return f"{year:04d}-{month:02d}"
        if calendar == "rumi":
            return f"{year + (584 if month >= 3 else 585):04d}-{month:02d}"
        middle = hijri_to_gregorian(year, month, 15)
        return f"{middle.year:04d}-{middle.month:02d}"
    if calendar == "rumi":
        return rumi_to_gregorian(year, month, day).isoformat()
    if calendar == "hijri":
        return hijri_to_gregorian(year, month, day).isoformat()
    return date(year, month, day).isoformat()
