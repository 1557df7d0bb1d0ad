from __future__ import annotations

import pytest

from archive_api.search.schema import (
    RECORD_TYPES,
    TEXT_FIELDS,
    build_schema,
    filter_key,
    filter_words,
    iso_bounds,
)


def test_schema_has_the_analysed_fields_the_query_builder_names() -> None:
    from archive_api.search.query import FIELD_BOOSTS

    schema = build_schema()
    assert set(FIELD_BOOSTS) == set(TEXT_FIELDS)
    for name in TEXT_FIELDS:
        assert schema[name].analyzer is not None
    assert schema["id"].unique


def test_the_schema_survives_pickling_into_the_index() -> None:
    import pickle

    schema = build_schema()
    copy = pickle.loads(pickle.dumps(schema))
    words = [t.text for t in copy["fold"].analyzer("Kâzım Karabekir Paşa'ya")]
    assert words[:2] == ["kazim", "karabekir"]


def test_record_types() -> None:
    assert RECORD_TYPES == (
        "document",
        "section",
        "paragraph",
        "letter",
        "footnote",
        "work",
        "annex",
    )


@pytest.mark.parametrize(
    ("value", "bounds"),
    [
        ("1920", (19200101, 19201231)),
        ("1920-06", (19200601, 19200630)),
        ("1920-02", (19200201, 19200229)),
        ("1921-02", (19210201, 19210228)),
        ("1920-05-09", (19200509, 19200509)),
        (" 1920-06-20 ", (19200620, 19200620)),
    ],
)
def test_iso_bounds(value: str, bounds: tuple[int, int]) -> None:
    assert iso_bounds(value) == bounds


@pytest.mark.parametrize(
    "value", ["", "0000", "1920-00", "1920-13", "1921-02-29", "9.5.1336", "20"]
)
def test_iso_bounds_rejects_what_is_not_a_date(value: str) -> None:
    assert iso_bounds(value) is None


def test_filter_forms_follow_turkish_case_rules() -> None:
    assert filter_key("Şifre") == "sifre"
    assert filter_key("KÜRDİSTAN") == "kurdistan"
    assert filter_key("ISPARTA") == "isparta"
    assert filter_words("Umur-u Hariciye Komiseri") == ["umur", "u", "hariciye", "komiseri"]
