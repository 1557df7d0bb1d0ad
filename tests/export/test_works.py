"""The normalised reading of cited works that every bibliographic export shares."""

from __future__ import annotations

import pytest

from archive_api.export.works import (
    bib_item,
    capitalised,
    edition_number,
    roman_to_int,
    split_name,
    volume_number,
    year_of,
)
from archive_api.models import Document


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("C.I", "1"), ("C.II", "2"), ("C.XLI", "41"), ("C.1", "1"), ("Cilt 3", "3"), ("ek", "ek")],
)
def test_volume_numbers(raw: str, expected: str) -> None:
    assert volume_number(raw) == expected


def test_roman_numerals_are_checked() -> None:
    assert roman_to_int("XLI") == 41
    assert roman_to_int("MCMXX") == 1920
    assert roman_to_int("IIII") is None
    assert roman_to_int("ABC") is None


def test_editions_years_names_titles() -> None:
    assert edition_number("11. Baskı") == "11"
    assert edition_number("2. Basım") == "2"
    assert edition_number("gözden geçirilmiş") == "gözden geçirilmiş"
    assert year_of("Ekim 1977") == "1977"
    assert year_of(None) is None
    assert split_name("Salâhi R.Sonyel").given == "Salâhi R."
    assert split_name("Şevket Süreyya Aydemir").inverted == "Aydemir, Şevket Süreyya"
    assert split_name("Atatürk").inverted == "Atatürk"
    assert capitalised("istiklâl Harbimiz") == "İstiklâl Harbimiz"


def test_seed_works_read_as_books_and_one_article(seed: Document) -> None:
    items = {w.id: bib_item(w) for w in seed.works}
    assert len(items) == 21
    article = items["sonyel-kurtulus-savasi-gunlerinde"]
    assert (article.kind, article.journal, article.volume, article.issue, article.year) == (
        "article",
        "Belleten",
        "41",
        "164",
        "1977",
    )
    kinross = items["kinross-ataturk-bir-milletin"]
    assert (kinross.kind, kinross.edition, kinross.place, kinross.year) == (
        "book",
        "11",
        "İstanbul",
        "1990",
    )
    assert [n.family for n in items["aydemir-tek-adam"].authors] == ["Aydemir"]
    assert items["turkiye-buyuk-millet-meclisi-zabit"].authors == []
    assert items["karabekir-istiklal-harbimiz"].title == "İstiklâl Harbimiz"
