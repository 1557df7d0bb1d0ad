"""Dates as editions of Ottoman documents print them: restored digits, abbreviated Hijri
months, double dates, and the editor's Gregorian equivalent in brackets."""

from __future__ import annotations

import pytest

from archive_api.parsing.date_frames import unbracket
from archive_api.parsing.dates import find_dates, parse_date


def _found(text: str) -> list[tuple[str, str, str, str]]:
    return [(v.original, v.iso, v.calendar, v.precision) for _, _, v in find_dates(text)]


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Fî 3 Ra. sene [12]74", "1857-10-22"),  # 3 Rebiülevvel 1274
        ("fi 1 M. sene 1300", "1882-11-12"),  # 1 Muharrem 1300
        ("15 Ş. 1280", "1864-01-25"),  # Şaban is not Safer
        ("15 S. sene 1280", "1863-08-01"),
        ("Fî 10 Za. sene 1332", "1914-09-30"),
        ("Fî 27 C. sene 333", "1915-05-12"),  # the century left out
    ],
)
def test_hijri_abbreviated_months(text: str, iso: str) -> None:
    value = parse_date(text)
    assert value is not None
    assert (value.original, value.iso, value.calendar, value.precision) == (
        text,
        iso,
        "hijri",
        "day",
    )


@pytest.mark.parametrize(
    "text",
    ["M. Kemal Paşa 1920'de", "s. 12, C. 2", "Ra. Bey", "No: 4, B-Blok, 06030 Ulus"],
)
def test_abbreviations_outside_a_date_frame_are_no_dates(text: str) -> None:
    assert all(calendar != "hijri" for _, _, calendar, _ in _found(text))


def test_restored_digits_are_read_through_and_kept() -> None:
    assert _found("Ankara, 9.5.[13]36 tarihli telgraf") == [
        ("9.5.[13]36", "1920-05-09", "rumi", "day")
    ]
    assert _found("8 Temmuz [13]35") == [("8 Temmuz [13]35", "1919-07-08", "rumi", "day")]
    assert unbracket("[13]35 ve [1b-2a]", None) == ("1335 ve [1b-2a]", [1, 2, 4, 5, *range(6, 18)])


def test_gregorian_equivalent_in_brackets() -> None:
    assert _found("Erzurum, 8 Temmuz 1335 [8 Temmuz 1919]") == [
        ("8 Temmuz 1335 [8 Temmuz 1919]", "1919-07-08", "rumi", "day")
    ]
    # the editor's reading wins over the arithmetic when they differ
    assert _found("Sivas, 20 Ağustos 1335 [2 Eylül 1919]") == [
        ("20 Ağustos 1335 [2 Eylül 1919]", "1919-09-02", "rumi", "day")
    ]


@pytest.mark.parametrize(
    ("text", "original"),
    [
        ("Ubeydî, H 1110/M 1699 yılında", "H 1110/M 1699"),
        ("H. 1110 / M. 1699", "H. 1110 / M. 1699"),
        ("Sene 1110 (M 1699)", "1110 (M 1699)"),
    ],
)
def test_double_dates(text: str, original: str) -> None:
    assert _found(text) == [(original, "1699", "hijri", "year")]


def test_folios_and_line_numbers_are_no_dates() -> None:
    assert _found("[1b-2a] Ubeydî [2a] (N1 2b) [5] ve [10] ISBN 978-975-17-3939-1") == []
