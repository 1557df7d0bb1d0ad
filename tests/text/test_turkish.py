"""Turkish casing, folding and slugs on words of the seed document."""

from __future__ import annotations

import unicodedata

from archive_api.text.turkish import (
    fold_ascii,
    nfc,
    slugify,
    strip_circumflex,
    turkish_lower,
    turkish_upper,
)


def test_nfc_composes_a_decomposed_cedilla() -> None:
    decomposed = unicodedata.normalize("NFD", "Şark Cephesi")
    assert len(decomposed) == len("Şark Cephesi") + 1
    assert nfc(decomposed) == "Şark Cephesi"


def test_lower_keeps_the_two_is_apart() -> None:
    assert turkish_lower("İSTANBUL") == "istanbul"
    assert turkish_lower("ISTANBUL") == "ıstanbul"
    assert turkish_lower("KÜRDİSTAN, LAZİSTAN") == "kürdistan, lazistan"
    assert turkish_lower("İtilâf") == "itilâf"
    assert turkish_lower("Iş Bankası") == "ış bankası"


def test_lower_of_decomposed_dotted_capital_has_no_combining_dot() -> None:
    assert turkish_lower(unicodedata.normalize("NFD", "İngiltere")) == "ingiltere"


def test_upper_keeps_the_two_is_apart() -> None:
    assert turkish_upper("istiklâl") == "İSTİKLÂL"
    assert turkish_upper("ırkdaşları") == "IRKDAŞLARI"
    assert turkish_upper("Çiçerin") == "ÇİÇERİN"


def test_lower_and_upper_round_trip() -> None:
    for word in ("Kâzım", "Türkiye'nin", "Iğdır", "Büyük Millet Meclisi"):
        assert turkish_lower(turkish_upper(word)) == turkish_lower(word)


def test_strip_circumflex_only_touches_circumflexed_vowels() -> None:
    assert strip_circumflex("Kâzım") == "Kazım"
    assert strip_circumflex("Umûr-u Hariciye Şarkî") == "Umur-u Hariciye Şarki"
    assert strip_circumflex("ÂLİ") == "ALİ"
    assert strip_circumflex("Çiçerin") == "Çiçerin"


def test_fold_ascii_maps_turkish_letters() -> None:
    assert fold_ascii("çğıöşüâîû") == "cgiosuaiu"
    assert fold_ascii("ÇĞİÖŞÜÂÎÛ") == "CGIOSUAIU"
    assert fold_ascii("Çiçerin") == "Cicerin"
    assert fold_ascii("kadın") == "kadin"


def test_fold_ascii_drops_other_marks_too() -> None:
    assert fold_ascii("Müdervisoğlu") == "Mudervisoglu"
    assert fold_ascii("Tchitchérine") == "Tchitcherine"


def test_fold_after_lower_meets_what_a_foreign_keyboard_types() -> None:
    assert fold_ascii(turkish_lower("İstanbul")) == fold_ascii(turkish_lower("ISTANBUL"))
    assert fold_ascii(turkish_lower("Kâzım")) == "kazim"


def test_slugify() -> None:
    assert slugify("Türk-Sovyet İlişkilerinin Başlaması ve Gelişimi") == (
        "turk-sovyet-iliskilerinin-baslamasi-ve-gelisimi"
    )
    assert slugify("İlk Türk–Sovyet Temasları ve Yazışmaları (1920)", max_words=3) == (
        "ilk-turk-sovyet"
    )
    assert slugify("  !!  ") == ""


def test_transcription_ayn_and_hamza_fold_away() -> None:
    assert fold_ascii("saʻy ʿömr ʾilm ḳıṣṣa") == "say omr ilm kissa"
