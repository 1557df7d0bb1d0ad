"""The parts of one reference recognised by their shape."""

from __future__ import annotations

import pytest

from archive_api.parsing.citation_fields import (
    is_person,
    normal_pages,
    quoted,
    read_fields,
    split_top,
)


@pytest.mark.parametrize(
    ("text", "pages"),
    [
        ("Bilge, a.g.e., s.6.", "6"),
        ("Lord Kinross, a.g.e., s. 89.", "89"),
        ("Karabekir, a.g.e., s.784-785.", "784-785"),
        ("Atatürk'ün Milli Dış..., s . 1 - 1 6 .", "1-16"),  # OCR spacing
        ("Ankara Iş Bankası Yayınlan, s.l.", "1"),  # OCR l for 1
        ("Carr, Revolution, pp. 12–14.", "12-14"),
        ("Kaya, sf. 3", "3"),
        ("Kurtuluş Savaşı'nın Mali Kaynakları, İstanbul 1974", None),  # "s" inside words
    ],
)
def test_pages(text: str, pages: str | None) -> None:
    assert read_fields(text).pages == pages


def test_normal_pages() -> None:
    assert normal_pages("1 - 1 6 ") == "1-16"
    assert normal_pages("155–156") == "155-156"


def test_imprint_parts() -> None:
    fields = read_fields("Şevket Süreyya Aydemir, Tek Adam, 6. Baskı, C.II, İstanbul 1977, s.390.")
    assert fields.parts == ["Şevket Süreyya Aydemir", "Tek Adam"]
    assert (fields.edition, fields.volume, fields.place, fields.year, fields.pages) == (
        "6. Baskı",
        "C.II",
        "İstanbul",
        "1977",
        "390",
    )
    assert fields.imprint and not fields.op_cit


def test_volume_and_bare_year_glued_by_a_comma() -> None:
    fields = read_fields("Mustafa  Kemal Atatürk, Nutuk, C.1,1961, s.46.")
    assert (fields.volume, fields.year, fields.place) == ("C.1", "1961", None)


def test_period_instead_of_comma() -> None:
    fields = read_fields("Fahir Arraaoğlu, Siyasi Tarih. Ankara 1988, s.309.")
    assert fields.parts == ["Fahir Arraaoğlu", "Siyasi Tarih"]
    assert (fields.place, fields.year) == ("Ankara", "1988")
    fields = read_fields("Yusuf  Kemal Tengirşek. Vatan Hizmetinde, İstanbul 1967, s. 146.")
    assert fields.parts == ["Yusuf Kemal Tengirşek", "Vatan Hizmetinde"]


def test_month_year_is_not_a_place() -> None:
    fields = read_fields('Sonyel, "Doğu Siyasamız" Belleten, No: 164, C.XLI, Ekim 1977, s.658.')
    assert (fields.place, fields.year, fields.issue, fields.volume) == (
        None,
        "1977",
        "164",
        "C.XLI",
    )


def test_publisher_only_after_a_title() -> None:
    fields = read_fields(
        "Salâhi R. Sonyel, Türk Kurtuluş Savaşı ve Dış Politika, 2. Baskı, "
        "Türk Tarih Kurumu Basımevi, Ankara 1991, s.25."
    )
    assert fields.publisher == "Türk Tarih Kurumu Basımevi"
    # a title that names an institution is still the title when it comes first
    fields = read_fields("Türk Tarih Kurumu Yayınları Kataloğu, Ankara 1990")
    assert fields.parts == ["Türk Tarih Kurumu Yayınları Kataloğu"]
    assert fields.publisher is None


def test_series_colon_is_not_place_and_publisher() -> None:
    fields = read_fields("Türkiye Büyük Millet Meclisi Zabıt Cerideleri,Devre: I, C.I, s.8-30.")
    assert fields.parts == ["Türkiye Büyük Millet Meclisi Zabıt Cerideleri", "Devre: I"]
    assert (fields.place, fields.publisher) == (None, None)


def test_op_cit_without_a_comma() -> None:
    fields = read_fields("Bilge a.g.e., s.42")
    assert fields.op_cit and fields.parts == ["Bilge"]


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("Suat Bilge", True),
        ("Salâhi R.Sonyel", True),
        ("Salâhi R. Sonyel", True),
        ("E. H. Carr", True),
        ("Lord Kinross", True),
        ("Atatürk", True),
        ("Söylev II", False),  # a Roman numeral: a volume of a title
        ("Atatürk'ün Milli Dış...", False),
        ("T.B.M.M. Gizli Celse Zabıtları", False),
        ("Türkiye Büyük Millet Meclisi Zabıt Cerideleri", False),  # too many words
        ("Kuı at", False),
        ("istiklâl Harbimiz", False),
        ("R.", False),  # initials only
    ],
)
def test_is_person(text: str, person: bool) -> None:
    assert is_person(text) is person


def test_split_top_keeps_quotes_and_brackets() -> None:
    assert split_top('Kaya, "Savaş; Barış", s.4; Aynı eser', ";") == [
        'Kaya, "Savaş; Barış", s.4',
        " Aynı eser",
    ]
    assert split_top("Türkiye ve Rusya (1789, 1919), Ankara", ",") == [
        "Türkiye ve Rusya (1789, 1919)",
        " Ankara",
    ]
    # an apostrophe inside a word is a suffix mark, not a quote
    assert split_top("Atatürk'ün Milli Dış, s.5", ",") == ["Atatürk'ün Milli Dış", " s.5"]


def test_quoted() -> None:
    assert quoted('"Kurtuluş Savaşı Günlerinde Doğu Siyasamız" Belleten') == (
        "Kurtuluş Savaşı Günlerinde Doğu Siyasamız",
        "Belleten",
    )
    assert quoted("Nutuk") is None


def test_subtitle_after_a_colon_is_not_a_publisher() -> None:
    fields = read_fields("Halil İnalcık, Devlet-i Aliyye: Osmanlı İmparatorluğu, İstanbul 2009")
    assert fields.parts == ["Halil İnalcık", "Devlet-i Aliyye: Osmanlı İmparatorluğu"]
    assert (fields.place, fields.publisher, fields.year) == ("İstanbul", None, "2009")
    fields = read_fields("Halil İnalcık, Devlet-i Aliyye, İstanbul: İş Bankası Yayınları, 2009")
    assert (fields.place, fields.publisher, fields.year) == (
        "İstanbul",
        "İş Bankası Yayınları",
        "2009",
    )
