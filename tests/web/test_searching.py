"""The search form: what it reads from a query string and what it refuses."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict

from archive_api.web.i18n import Labels
from archive_api.web.searching import SearchForm


def form(**args: str | list[str]) -> SearchForm:
    pairs = [
        (key, item)
        for key, value in args.items()
        for item in (value if isinstance(value, list) else [value])
    ]
    return SearchForm.read(MultiDict(pairs))


def test_reads_and_trims_every_field() -> None:
    read = form(q="  Çiçerin ", type=["letter,footnote", "letter"], sender=" Mustafa Kemal ")
    assert read.q == "Çiçerin"
    assert read.types == ["letter", "footnote"]
    assert read.sender == "Mustafa Kemal"
    assert read.page == 1 and read.errors == {}
    assert read.filtered and read.active == 2 and not read.empty
    assert read.params() == {
        "q": "Çiçerin",
        "sender": "Mustafa Kemal",
        "type": ["letter", "footnote"],
    }


def test_nothing_asked_is_the_landing_page() -> None:
    read = form()
    assert read.empty and not read.filtered and read.active == 0
    assert read.params() == {}


@pytest.mark.parametrize(
    ("args", "field", "label"),
    [
        ({"q": "x" * 501}, "q", "err_too_long"),
        ({"q": "x", "type": "letters"}, "type", "err_type"),
        ({"q": "x", "page": "0"}, "page", "err_page"),
        ({"q": "x", "page": "2.5"}, "page", "err_page"),
        ({"q": "x", "page": "10001"}, "page", "err_page"),
        ({"q": "x", "sort": "title"}, "sort", "err_sort"),
    ],
)
def test_refuses_what_the_search_would_refuse(args: dict[str, str], field: str, label: str) -> None:
    read = form(**args)
    assert read.errors == {field: label}


def test_messages_name_the_field_in_the_page_language() -> None:
    read = form(q="x" * 501, page="x")
    assert read.messages(Labels("en")) == [
        ("q", "Words to find", "It can be at most 500 characters long."),
        ("page", "Page", "It must be a whole number from 1 to 10000."),
    ]
    assert read.messages(Labels("tr"))[0] == (
        "q",
        "Aranacak sözcükler",
        "En çok 500 karakter olabilir.",
    )
