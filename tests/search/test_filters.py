from __future__ import annotations

import datetime as dt

import pytest
from whoosh.query import And, NumericRange, Or, Term

from archive_api.search.filters import SearchArgumentError, SearchFilters, date_bounds


def test_nothing_given_filters_nothing() -> None:
    filters = SearchFilters.build()
    assert filters.query() is None
    assert filters.without_types() is None


def test_dates_of_any_precision_become_day_bounds() -> None:
    filters = SearchFilters.build(date_from="1920-06", date_to="1920")
    assert (filters.date_from, filters.date_to) == (19200601, 19201231)
    assert SearchFilters.build(date_to=dt.date(1920, 5, 9)).date_to == 19200509


def test_date_range_matches_by_overlap() -> None:
    query = SearchFilters.build(date_from="1920-06-03", date_to="1920-06-20").query()
    assert query == And(
        [NumericRange("date_end", 19200603, None), NumericRange("date_start", None, 19200620)]
    )


def test_names_match_on_every_folded_word() -> None:
    filters = SearchFilters.build(sender="MUSTAFA Kemal", recipient="Kâzım", place="Şarkî")
    assert filters.sender[0] == ("mustafa", "kemal")
    assert filters.recipient == (("kazim",),)
    assert filters.place == (("sarki",),)
    query = filters.query()
    assert isinstance(query, And)
    assert query.subqueries[1:] == [Term("recipient", "kazim"), Term("place", "sarki")]


def test_names_match_in_every_listed_spelling() -> None:
    sender = SearchFilters.build(sender="Çiçerin").sender
    assert sender[0] == ("cicerin",)
    assert {("tchitcherine",), ("chicherin",)} <= set(sender)
    query = SearchFilters.build(sender="Çiçerin").query()
    assert isinstance(query, Or)
    assert Term("sender", "tchitcherine") in query.subqueries


def test_a_spelling_holding_another_adds_nothing() -> None:
    # "Mustafa Kemal Atatürk" is listed with "Mustafa Kemal": every record it finds, the
    # shorter spelling finds too.
    sender = SearchFilters.build(sender="Mustafa Kemal").sender
    assert ("mustafa", "kemal") in sender and ("m", "kemal") in sender
    assert not any("ataturk" in words for words in sender)


def test_each_word_of_a_name_brings_its_spellings() -> None:
    recipient = SearchFilters.build(recipient="Komiser Chicherin").recipient
    assert recipient[0] == ("komiser", "chicherin")
    assert ("komiser", "tchitcherine") in recipient


def test_dates_as_the_documents_write_them() -> None:
    rumi = SearchFilters.build(date_from="9.5.1336", date_to="20 Haziran 336")
    assert (rumi.date_from, rumi.date_to) == (19200509, 19200620)
    month = SearchFilters.build(date_from="Haziran 1920", date_to="3 Haziran 1920")
    assert (month.date_from, month.date_to) == (19200601, 19200603)
    assert date_bounds("1920") == (19200101, 19201231)
    assert date_bounds("9.5.1336 (1920)") == (19200509, 19200509)
    assert date_bounds("yarın") is None
    assert date_bounds("3 Haziran 1920 " * 10) is None


def test_kind_is_folded_by_turkish_rules() -> None:
    assert SearchFilters.build(kind="ŞİFRE").kind == "sifre"
    assert SearchFilters.build(kind="TAHRIRAT").kind == "tahrirat"


def test_type_filter_is_left_out_of_the_facet_query() -> None:
    filters = SearchFilters.build(types=["letter", "annex", "letter"], document_ids=["a"])
    assert filters.types == ("letter", "annex")
    assert filters.query() == And(
        [
            Or([Term("type", "letter"), Term("type", "annex")]),
            Or([Term("document_id", "a")]),
        ]
    )
    assert filters.without_types() == Or([Term("document_id", "a")])


@pytest.mark.parametrize(
    ("arguments", "parameter"),
    [
        ({"types": ["letters"]}, "type"),
        ({"date_from": "1920-13"}, "date_from"),
        ({"date_from": "9.13.1336"}, "date_from"),
        ({"date_to": "yarın"}, "date_to"),
        ({"date_from": "20 Haziran 336", "date_to": "9.5.1336"}, "date_from"),
        ({"date_to": "1920-02-30"}, "date_to"),
        ({"date_from": "1921", "date_to": "1920"}, "date_from"),
        ({"sender": "  ...  "}, "sender"),
        ({"place": ""}, "place"),
        ({"kind": " "}, "kind"),
    ],
)
def test_bad_arguments_name_the_parameter(arguments: dict[str, object], parameter: str) -> None:
    with pytest.raises(SearchArgumentError) as caught:
        SearchFilters.build(**arguments)  # type: ignore[arg-type]
    assert caught.value.parameter == parameter
    assert isinstance(caught.value, ValueError)
