"""Stems that agree across the inflected forms of words in the seed."""

from __future__ import annotations

import pytest

from archive_api.text.stemming import stem, stem_folded
from archive_api.text.turkish import turkish_lower


@pytest.mark.parametrize(
    ("forms"),
    [
        ("antlaşma", "antlaşması", "antlaşmanın", "antlaşmasıyla"),
        ("andlaşma", "andlaşması", "andlaşmanın", "andlaşmaydı", "andlaşmasını"),
        ("ankara", "ankaraya", "ankaradan"),
        ("türkiye", "türkiyenin", "türkiyeye"),
        ("moskova", "moskovaya", "moskovadan"),
        ("kâzım", "kazım"),
        ("barış", "barışı", "barışıdır"),
        ("politika", "politikası", "politikasını"),
        ("meclis", "meclisi", "meclisinde"),
        ("mektup", "mektubu", "mektubun"),
    ],
)
def test_forms_of_one_word_share_a_stem(forms: tuple[str, ...]) -> None:
    assert len({stem(form) for form in forms}) == 1, {form: stem(form) for form in forms}


def test_distinct_words_keep_distinct_stems() -> None:
    assert stem("mayıs") != stem("manasıyla")  # the buffer-s rule spares short stems
    assert stem("ortaya") == "orta"  # Snowball alone gives "or"
    assert stem("türkiye") != stem("türk")
    assert stem("ermeni") != stem("ermenistan")


def test_folding_comes_after_stemming() -> None:
    assert stem_folded("kadın") == stem_folded("kadınlar") == stem_folded("kadin")
    assert stem_folded(turkish_lower("Kâzım")) == stem_folded("kazim")
    assert stem_folded("çiçerin") == stem_folded("cicerin") == "cicer"


def test_numbers_pass_through() -> None:
    assert stem("1920") == "1920"
    assert stem_folded("336") == "336"
