"""Partial dates and Turkish-aware name matching used by the letter and search filters."""

from __future__ import annotations

from datetime import date

import pytest

from archive_api.api.filters import (
    DateSpan,
    date_value_span,
    name_matches,
    parse_partial_date,
    span_between,
)
from archive_api.models import DateValue


def test_partial_dates_cover_their_span() -> None:
    assert parse_partial_date("1920") == DateSpan(date(1920, 1, 1), date(1920, 12, 31))
    assert parse_partial_date("1920-02") == DateSpan(date(1920, 2, 1), date(1920, 2, 29))
    assert parse_partial_date("1920-06-03") == DateSpan(date(1920, 6, 3), date(1920, 6, 3))


@pytest.mark.parametrize(
    "text", ["", "20", "1920-6", "1920-13", "1921-02-29", "3 Haziran 1920", "0000", "1920-06-3x"]
)
def test_bad_dates(text: str) -> None:
    with pytest.raises(ValueError):
        parse_partial_date(text)


def test_overlap_with_month_precision() -> None:
    june = date_value_span(DateValue("Haziran 1920", "1920-06", "gregorian", "month"))
    assert june is not None
    asked = span_between(parse_partial_date("1920-06-15"), None)
    assert asked is not None and june.overlaps(asked)
    before = span_between(None, parse_partial_date("1920-05-31"))
    assert before is not None and not june.overlaps(before)
    assert span_between(None, None) is None


def test_names_match_turkish_aware() -> None:
    assert name_matches("tchitcherine", "Tchitcherine")
    assert name_matches("ankara", "Ankara")
    assert name_matches("KAZIM KARABEKİR", "Şark Cephesi Kumandanı Kâzım Karabekir Paşa")
    assert name_matches("ISTANBUL", "İstanbul")
    assert name_matches("cicerin", None, "Çiçerin")
    assert not name_matches("moskova", "Ankara", None)
