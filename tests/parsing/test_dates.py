"""Dates as the seed and its genre write them: Gregorian, Rumi (full and short), Hijri."""

from __future__ import annotations

import unicodedata

import pytest

from archive_api.models import Calendar, DateValue, Precision
from archive_api.parsing.dates import find_dates, parse_date


@pytest.mark.parametrize(
    ("text", "iso", "calendar", "precision"),
    [
        ("3 Haziran 1920", "1920-06-03", "gregorian", "day"),
        ("9.5.1336 (1920)", "1920-05-09", "rumi", "day"),
        ("9 Mayıs 1336", "1920-05-09", "rumi", "day"),
        ("20 Haziran 336 (1920)", "1920-06-20", "rumi", "day"),
        ("Ekim 1977", "1977-10", "gregorian", "month"),
        ("1920", "1920", "gregorian", "year"),
        ("1338 H.", "1920", "hijri", "year"),
        ("1338 hicri", "1920", "hijri", "year"),
        ("Hicri 1338", "1920", "hijri", "year"),
        ("HAZİRAN 1920", "1920-06", "gregorian", "month"),
        ("haziran 1920", "1920-06", "gregorian", "month"),
        ("Mayıs-Haziran 1920", "1920-05", "gregorian", "month"),
        ("27-28 Nisan 1920", "1920-04-27", "gregorian", "day"),
        ("27 Nisan-3 Mayıs 1920", "1920-04-27", "gregorian", "day"),
        ("Aralık-Ocak 1920", "1919-12", "gregorian", "month"),
        ("Teşrinievvel 1336", "1920-10", "rumi", "month"),
        ("15 Kânunusani 1337", "1922-01-15", "rumi", "day"),
        ("1920-05-09", "1920-05-09", "gregorian", "day"),
        ("1336 (1920)", "1920", "rumi", "year"),
        ("1338 (1920)", "1920", "hijri", "year"),  # Rumi 1338 would be 1922: the gloss decides
        ("9.5.1338 H.", "1920-01-30", "hijri", "day"),
        ("1336 R.", "1920", "rumi", "year"),
    ],
)
def test_parse_date_forms(text: str, iso: str, calendar: Calendar, precision: Precision) -> None:
    assert parse_date(text) == DateValue(text, iso, calendar, precision)


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("1 Mart 1336", "1920-03-01"),  # the Rumi year begins on 1 March
        ("29 Şubat 1335", "1920-02-29"),  # Şubat 1335 is February 1920, a leap month
        ("10 Şubat 1336", "1921-02-10"),  # January-February: + 585
        ("31 Aralık 1335", "1919-12-31"),
        ("1 Mart 1333", "1917-03-01"),  # first day of the reformed calendar
        ("15 Şubat 1332", "1917-02-28"),  # last Julian day: 13 behind
        ("10 Temmuz 1324", "1908-07-23"),  # the constitution restored, 23 July 1908
        ("31 Mart 1325", "1909-04-13"),  # the "31 Mart" incident, 13 April 1909
        ("28 Şubat 1315", "1900-03-12"),  # Julian 28 Feb 1900: 12 days behind
        ("29 Şubat 1315", "1900-03-13"),  # Julian-only leap day: from here 13 behind
    ],
)
def test_rumi_days(text: str, iso: str) -> None:
    value = parse_date(text)
    assert value is not None
    assert (value.iso, value.calendar) == (iso, "rumi")


def test_rumi_leap_day_that_did_not_exist() -> None:
    # Şubat 1336 is February 1921, which had 28 days
    assert parse_date("29 Şubat 1336") is None


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("1 Muharrem 1400", "1979-11-21"),
        ("1 Muharrem 1338", "1919-09-26"),
        ("15 Ramazan 1338", "1920-06-02"),
        ("Ramazan 1338", "1920-06"),  # 19 May - 17 June 1920: placed by its 15th
        ("1 Rebiülevvel 1338", "1919-11-24"),
    ],
)
def test_hijri_tabular(text: str, iso: str) -> None:
    value = parse_date(text)
    assert value is not None
    assert (value.iso, value.calendar) == (iso, "hijri")


def test_hijri_month_with_a_gregorian_marker_is_refused() -> None:
    assert parse_date("Ramazan 1338 M.") is None
    assert parse_date("Mayıs 1338 H.") is None  # a Gregorian month in a Hijri year


def test_short_rumi_year_needs_context() -> None:
    assert parse_date("20 Haziran 36") is None
    for context in (1920, 1336):  # Gregorian, or Rumi: both say the 1330s
        value = parse_date("20 Haziran 36", context_year=context)
        assert value == DateValue("20 Haziran 36", "1920-06-20", "rumi")
    # the same two digits in a Gregorian reading when that is closer
    assert parse_date("20 Haziran 20", context_year=1920) == DateValue(
        "20 Haziran 20", "1920-06-20", "gregorian"
    )
    assert parse_date("9.5.36", context_year=1920) == DateValue("9.5.36", "1920-05-09", "rumi")


def test_day_without_year_takes_the_context_year() -> None:
    assert parse_date("24-25 Nisan") is None
    assert parse_date("24-25 Nisan", context_year=1920) == DateValue(
        "24-25 Nisan", "1920-04-24", "gregorian"
    )
    assert parse_date("20 Haziran", context_year=1336) == DateValue(
        "20 Haziran", "1920-06-20", "rumi"
    )


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "Ankara, 9.5.1336 (1920)",  # the caller strips the place
        "1336",  # Rumi, Hijri or (Gregorian) 1336: nothing says which
        "Ekim İhtilâli",
        "30 Şubat 1920",
        "32 Mart 1920",
        "9.13.1920",
        "Haziran 336 tarihli yazı",
        "s.249",
    ],
)
def test_not_one_date(text: str) -> None:
    assert parse_date(text) is None


def test_suffix_and_spacing_kept_out_of_original() -> None:
    value = parse_date("31 Temmuz 1914'de")
    assert value == DateValue("31 Temmuz 1914", "1914-07-31", "gregorian")
    assert parse_date("  20 Haziran  1920 ") == DateValue(
        "20 Haziran  1920", "1920-06-20", "gregorian"
    )


def test_nfd_text_keeps_its_original() -> None:
    text = unicodedata.normalize("NFD", "29 Şubat 1335")
    value = parse_date(text)
    assert value is not None
    assert value.original == text and value.iso == "1920-02-29"
    mentions = find_dates(unicodedata.normalize("NFD", "Ağustos 1920'de ve 13 Ağustos 1920"))
    assert [v.iso for _, _, v in mentions] == ["1920-08", "1920-08-13"]


# --- find_dates ---------------------------------------------------------------------------


def _found(text: str) -> list[tuple[str, str, str, str]]:
    return [(text[s:e], v.iso, v.calendar, v.precision) for s, e, v in find_dates(text)]


def test_seed_mentions(seed_raw: str) -> None:
    found = _found(seed_raw)
    for expected in [
        ("28 Haziran 1914", "1914-06-28", "gregorian", "day"),
        ("31 Temmuz 1914", "1914-07-31", "gregorian", "day"),  # from "1914'de"
        ("1883", "1883", "gregorian", "year"),  # "1883'te"
        ("1917", "1917", "gregorian", "year"),  # "1917 yılına kadar"
        ("Ekim 1917", "1917-10", "gregorian", "month"),
        ("18 \nAralık 1917", "1917-12-18", "gregorian", "day"),  # wrapped across lines
        ("9 Mayıs 1336", "1920-05-09", "rumi", "day"),
        ("9.5.1336 (1920)", "1920-05-09", "rumi", "day"),
        ("20 Haziran 336 (1920)", "1920-06-20", "rumi", "day"),
        ("20 Haziran 36", "1920-06-20", "rumi", "day"),  # read against the line above
        ("27-28 Nisan 1920", "1920-04-27", "gregorian", "day"),
        ("Mayıs-Haziran \n1920", "1920-05", "gregorian", "month"),
        ("1920 Haziran", "1920-06", "gregorian", "month"),  # "1920 Haziran ayından"
        ("13 Ağustos \n1920", "1920-08-13", "gregorian", "day"),
        ("Ekim 1977", "1977-10", "gregorian", "month"),  # in note 20
        ("16 Mart 1921", "1921-03-16", "gregorian", "day"),
    ]:
        assert expected in found
    assert len([f for f in found if f[3] == "day"]) >= 55


def test_seed_non_dates(seed_raw: str) -> None:
    originals = [f[0] for f in _found(seed_raw)]
    joined = " | ".join(originals)
    # periods in titles, pages, issue and volume numbers are not dates
    for number in ("1964", "1789", "1893", "1907", "249", "164", "1961", "1918"):
        assert number not in joined
    # a year before a noun with no date word ("1878 Berlin Andlaşması") is left alone
    assert "1878" not in joined
    # dates with no year are left out ("24-25 Nisan'da", "30 Ekim'de", "26 Nisan tarihli")
    for yearless in ("24-25 Nisan", "30 Ekim", "7 Kasım", "26 Nisan tarihli"):
        assert yearless not in joined
    # "(Ek: 3 20 Haziran 1920 tarihli": the annex number is not the day
    assert "3 20 Haziran" not in joined


def test_seed_spans_are_ordered_and_match_original(seed_raw: str) -> None:
    mentions = find_dates(seed_raw)
    ends = -1
    for start, end, value in mentions:
        assert start >= ends
        assert seed_raw[start:end] == value.original
        ends = end


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1917'de Bolşevikler", ["1917"]),
        ("1920'li yıllarda", []),  # a decade
        ("1920 yıllarında", []),
        ("1920 M. Kemal Paşa", []),  # an initial, not the Miladi mark
        ("24 Nisan 1920 M.Kemal Paşa", ["24 Nisan 1920"]),
        ("s. 1920'de", []),
        ("Türkiye ve Rusya (1789-1919), Ankara 1970", []),
        ("Ekim İhtilâli'nin", []),
        ("Hicri 1338 senesinde", ["Hicri 1338"]),
        ("1299'da kurulan devlet", []),  # Gregorian 1299 or a Rumi/Hijri year: not guessed
        ("Aralık 1919'da ve 1921 yılında", ["Aralık 1919", "1921"]),
        ("14 maddeden oluşan", []),
        ("Nisan 14 maddeden", []),
        ("saat 10.30 da", []),
        ("(13 Ağustos 1920).", ["13 Ağustos 1920"]),
    ],
)
def test_find_dates_context(text: str, expected: list[str]) -> None:
    assert [f[0] for f in _found(text)] == expected


def test_find_dates_short_year_with_context_year() -> None:
    text = "20 Haziran 36 tarihli vekiller Heyeti kararnamesi"
    assert find_dates(text) == []
    assert find_dates(text, context_year=1920) == [
        (0, 13, DateValue("20 Haziran 36", "1920-06-20", "rumi"))
    ]
