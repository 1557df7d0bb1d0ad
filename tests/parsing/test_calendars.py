"""Calendar arithmetic checked against known equivalences."""

from __future__ import annotations

from datetime import date

import pytest

from archive_api.parsing.calendars import (
    approx_gregorian_year,
    gregorian_iso,
    hijri_to_gregorian,
    julian_to_gregorian,
    rumi_to_gregorian,
)


def test_julian_offsets() -> None:
    assert julian_to_gregorian(1899, 12, 31) == date(1900, 1, 12)  # 12 days in the 19th c.
    assert julian_to_gregorian(1900, 2, 29) == date(1900, 3, 13)  # a Julian-only leap day
    assert julian_to_gregorian(1917, 2, 15) == date(1917, 2, 28)  # 13 days in the 20th c.
    with pytest.raises(ValueError):
        julian_to_gregorian(1901, 2, 29)


def test_rumi_around_the_1917_reform() -> None:
    assert rumi_to_gregorian(1332, 2, 15) == date(1917, 2, 28)  # last Julian-style day
    assert rumi_to_gregorian(1333, 3, 1) == date(1917, 3, 1)  # first reformed day
    assert rumi_to_gregorian(1336, 3, 1) == date(1920, 3, 1)
    assert rumi_to_gregorian(1336, 2, 10) == date(1921, 2, 10)
    assert rumi_to_gregorian(1256, 3, 1) == date(1840, 3, 13)  # the calendar's first day
    with pytest.raises(ValueError):
        rumi_to_gregorian(1336, 2, 29)  # February 1921


def test_hijri_tabular() -> None:
    assert hijri_to_gregorian(1, 1, 1) == date(622, 7, 19)  # 16 July 622, Julian
    assert hijri_to_gregorian(1400, 1, 1) == date(1979, 11, 21)
    assert hijri_to_gregorian(1338, 1, 1) == date(1919, 9, 26)
    # month 12 has 30 days only in the leap years of the 30-year cycle: 1338 is the 18th
    # year of its cycle (leap), 1337 the 17th (common)
    last_of_1338 = hijri_to_gregorian(1338, 12, 30)
    assert last_of_1338.toordinal() + 1 == hijri_to_gregorian(1339, 1, 1).toordinal()
    with pytest.raises(ValueError):
        hijri_to_gregorian(1337, 12, 30)
    with pytest.raises(ValueError):
        hijri_to_gregorian(1338, 2, 30)


def test_iso_by_precision() -> None:
    assert gregorian_iso("rumi", 1336, None, None) == "1920"
    assert gregorian_iso("rumi", 1336, None, None, gloss=1921) == "1921"
    assert gregorian_iso("rumi", 1336, None, None, gloss=1950) == "1920"  # not a year of it
    assert gregorian_iso("rumi", 1336, 1, None) == "1921-01"
    assert gregorian_iso("hijri", 1338, None, None) == "1920"
    assert gregorian_iso("gregorian", 1920, 6, 3) == "1920-06-03"
    assert approx_gregorian_year(1338, "hijri") == 1920
    assert approx_gregorian_year(1336, "rumi") == 1920
