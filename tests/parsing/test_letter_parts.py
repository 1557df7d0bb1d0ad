"""Heading, address and signature lines of letters, on lines taken from the seed."""

from __future__ import annotations

import pytest

from archive_api.parsing.letter_parts import (
    Heading,
    is_address_line,
    is_heading_paragraph,
    is_signature,
    kind_of,
    place_date_of,
    read_heading_paragraph,
    recipient_of,
    reference_of,
    sender_of,
)


def test_place_and_numeric_rumi_date() -> None:
    found = place_date_of("Ankara, 9.5.1336 (1920)")
    assert found is not None
    assert found.place == "Ankara"
    assert (found.date.iso, found.date.original, found.date.calendar) == (
        "1920-05-09",
        "9.5.1336 (1920)",
        "rumi",
    )


def test_place_without_comma_and_short_rumi_year() -> None:
    found = place_date_of("Ankara 20 Haziran 336 (1920)")
    assert found is not None
    assert found.place == "Ankara"
    assert (found.date.iso, found.date.calendar) == ("1920-06-20", "rumi")


def test_date_alone_has_no_place() -> None:
    found = place_date_of("3 Haziran 1920")
    assert found is not None
    assert found.place is None
    assert (found.date.iso, found.date.calendar) == ("1920-06-03", "gregorian")


@pytest.mark.parametrize("line", ["No: U/851", "Tahrirat", "Moskova", "Ankara'dan Şarka hareket"])
def test_lines_that_are_not_dates(line: str) -> None:
    assert place_date_of(line) is None


def test_kind_and_reference_lines() -> None:
    assert kind_of("Tahrirat") == "Tahrirat"
    assert kind_of("Şifre") == "Şifre"
    assert kind_of("Şifre Telgraf") == "Şifre Telgraf"
    assert kind_of("Moskova") is None
    assert reference_of("No: U/851") == "U/851"
    assert reference_of("No: 412.") == "412"
    assert reference_of("Nolu bir yazı") is None


@pytest.mark.parametrize(
    "line",
    [
        "Vekâleti-i Celilesine",
        "Türkiye Büyük Millet Meclisi Reisi Efendiye",
        "Komiseri Efendiye",
        "Hazrelerine,",  # OCR lost the t of Hazretlerine
        "Şark Cephesi Kumandanlığına",
        "Erzurum Valisi Beye",
    ],
)
def test_address_endings(line: str) -> None:
    assert is_address_line(line)


@pytest.mark.parametrize(
    "line", ["Moskova", "Ankara", "Tahrirat", "Mustafa  Kemal", "Tchitcherine"]
)
def test_not_address_endings(line: str) -> None:
    assert not is_address_line(line)


def test_recipient_office_without_a_name() -> None:
    person = recipient_of(["Umuru Maliye", "Vekâleti-i Celilesine"])
    assert person.addressed == "Umuru Maliye Vekâleti-i Celilesine"
    assert (person.role, person.name) == ("Umuru Maliye Vekâleti", None)


def test_recipient_role_and_name() -> None:
    person = recipient_of(["Şark Cephesi Kumandanı Kâzım Karabekir Paşa", "Hazrelerine,"])
    assert person.addressed == "Şark Cephesi Kumandanı Kâzım Karabekir Paşa Hazrelerine"
    assert (person.role, person.name) == ("Şark Cephesi Kumandanı", "Kâzım Karabekir")


def test_recipient_office_in_the_dative_keeps_its_stem() -> None:
    person = recipient_of(["Elviye-i Selâse Kumandanlığına"])
    assert (person.role, person.name) == ("Elviye-i Selâse Kumandanlığı", None)


def test_sender_role_lines_then_name() -> None:
    person = sender_of(["Büyük Millet Meclisi Reisi", "Mustafa  Kemal"])
    assert (person.role, person.name) == ("Büyük Millet Meclisi Reisi", "Mustafa Kemal")
    person = sender_of(["Umur-u Hariciye Komiseri Tchitcherine"])
    assert (person.role, person.name) == ("Umur-u Hariciye Komiseri", "Tchitcherine")


def test_signature_shapes() -> None:
    assert is_signature(["Büyük Millet Meclisi Reisi", "Mustafa  Kemal"])
    assert is_signature(["Umur-u Hariciye Komiseri", "Tchitcherine"])
    # a numbered item, a sentence and an address are not signatures
    assert not is_signature(["8. Hernevi yabancı nüfus muntıkalannın ilgası."])
    assert not is_signature(["Heyet Moskova'ya ancak 69 günde ulaşabilmiştir."])
    assert not is_signature(["Türkiye Büyük Millet Meclisi Reisi Efendiye"])


def test_heading_block_of_a_letter_with_letterhead() -> None:
    heading = Heading()
    for lines in (
        ["3 Haziran 1920", "No: U/851"],
        ["Mettehid Sovyet Rusya Cumhuriyeti", "Umûr-u Hariciye Ahali Komiserliği", "Moskova"],
        ["Türkiye Büyük Millet Meclisi Reisi Efendiye"],
    ):
        assert is_heading_paragraph(lines)
        read_heading_paragraph(heading, lines)
    assert heading.date is not None and heading.date.iso == "1920-06-03"
    assert heading.reference == "U/851"
    assert heading.place == "Moskova"
    assert heading.letterhead == [
        "Mettehid Sovyet Rusya Cumhuriyeti",
        "Umûr-u Hariciye Ahali Komiserliği",
    ]
    assert heading.address == ["Türkiye Büyük Millet Meclisi Reisi Efendiye"]
    assert heading.complete


def test_a_sentence_is_not_a_heading_paragraph() -> None:
    assert not is_heading_paragraph(["20 Haziran 36 tarihli vekiller Heyeti karanamesine zeyidir:"])
