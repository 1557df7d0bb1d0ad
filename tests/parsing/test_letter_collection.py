"""Letters of a collection: documents one after another, each opened by a dateline."""

from __future__ import annotations

from archive_api.models import Document, Letter
from archive_api.parsing import parse_document
from archive_api.parsing.letter_collection import addressed_kind, read_through

COLLECTION = """\
Erzurum, 8 Temmuz 1335 [8 Temmuz 1919]

Harbiye Nezaretine,

Kongre hazırlıkları tamamlanmıştır. Vilayet delegeleri şehre gelmeye başlamıştır.
Asayiş yerindedir.

On Beşinci Kolordu Kumandanı
Kâzım Karabekir

Ankara, 9.5.[13]36

Erzurum, Trabzon, Sivas Vilayetleriyle Kolordulara şifre telgrafname,

Heyet-i Temsiliye kararları bütün vilayetlere tebliğ edilmiştir. Gereğinin yapılması rica
olunur.

Heyet-i Temsiliye namına

Mustafa Kemal

Bu telgrafın müsveddesi dosyada yoktur.

İstanbul, 12 Ağustos 1335 [12 Ağustos 1919]

Tezkire

Sadaret-i Uzmaya

Dahiliye Nezaretinden vilayetlere gönderilen emrin sureti leffen takdim kılınmıştır.

[imza] Dahiliye Nazırı [Mehmed] Adil
"""


def _summary(letter: Letter) -> tuple[object, ...]:
    date = (letter.date.iso, letter.date.calendar, letter.date.original) if letter.date else None
    return (
        date,
        letter.place,
        letter.kind,
        letter.sender.role,
        letter.sender.name,
        letter.recipient.addressed,
    )


def _collection() -> Document:
    return parse_document("collection", COLLECTION)


def test_each_document_is_a_letter() -> None:
    assert [_summary(letter) for letter in _collection().letters] == [
        (
            ("1919-07-08", "rumi", "8 Temmuz 1335 [8 Temmuz 1919]"),
            "Erzurum",
            None,
            "On Beşinci Kolordu Kumandanı",
            "Kâzım Karabekir",
            "Harbiye Nezaretine",
        ),
        (
            ("1920-05-09", "rumi", "9.5.[13]36"),
            "Ankara",
            "şifre",
            "Heyet-i Temsiliye namına",
            "Mustafa Kemal",
            "Erzurum, Trabzon, Sivas Vilayetleriyle Kolordulara",
        ),
        (
            ("1919-08-12", "rumi", "12 Ağustos 1335 [12 Ağustos 1919]"),
            "İstanbul",
            "Tezkire",
            "Dahiliye Nazırı",
            "Mehmed Adil",
            "Sadaret-i Uzmaya",
        ),
    ]


def test_letter_parts_and_the_editors_remark() -> None:
    doc = _collection()
    first, second, third = doc.letters
    assert first.text.startswith("Kongre hazırlıkları") and first.text.endswith("yerindedir.")
    assert second.closing == "Heyet-i Temsiliye namına\nMustafa Kemal"
    remark = next(p for p in doc.paragraphs if p.text.startswith("Bu telgrafın"))
    assert remark.letter_id is None  # after the signature: the editor's, not the letter's
    assert third.closing == "Dahiliye Nazırı Mehmed Adil"
    assert "[imza] Dahiliye Nazırı [Mehmed] Adil" in doc.text  # brackets stay in the text


def test_hundreds_of_documents_come_out_one_record_each() -> None:
    doc = parse_document("many", "\n\n".join([COLLECTION] * 200))
    assert len(doc.letters) == 600
    assert len({letter.id for letter in doc.letters}) == 600
    assert [letter.place for letter in doc.letters[:4]] == [
        "Erzurum",
        "Ankara",
        "İstanbul",
        "Erzurum",
    ]


def test_prose_with_dates_is_no_collection() -> None:
    text = (
        "Ankara, 23 Nisan 1920 günü Meclis açıldı ve ilk oturumda reis seçildi.\n"
        "\n"
        "Erzurum, 8 Temmuz 1335\n"
        "\n"
        "tarihinde toplanan kongre bu kararı aldı ve dağıldı. Sonraki günlerde\n"
        "delegeler Sivas'a geçti.\n"
    )
    assert parse_document("prose", text).letters == []


def test_readers() -> None:
    assert read_through("[imza] Dahiliye Nazırı [Mehmed] Adil") == "Dahiliye Nazırı Mehmed Adil"
    assert addressed_kind("Vilayetlere ve Kolordulara şifre telgrafname,") == (
        ["Vilayetlere", "ve", "Kolordulara"],
        "şifre",
    )
    assert addressed_kind("Bu şifre telgrafname okundu") is None


def test_a_long_role_and_the_name_on_one_signature_line() -> None:
    text = (
        "Erzurum, 8 Temmuz 1335 [8 Temmuz 1919]\n\nHarbiye Nezaretine,\n\n"
        "Kongre hazırlıkları tamamlanmıştır.\n\n"
        "[imza] On Beşinci Kolordu Kumandanı Kâzım Karabekir\n"
    )
    (letter,) = parse_document("one", text).letters
    assert (letter.sender.role, letter.sender.name) == (
        "On Beşinci Kolordu Kumandanı",
        "Kâzım Karabekir",
    )
    assert letter.recipient.addressed == "Harbiye Nezaretine"


def test_editorial_insertions_are_recorded() -> None:
    doc = _collection()
    signed = next(p for p in doc.paragraphs if p.text.startswith("[imza]"))
    assert [signed.text[a:b] for a, b in signed.editorial] == ["[imza]", "[Mehmed]"]
    dated = next(p for p in doc.paragraphs if p.text.startswith("Ankara, 9.5."))
    assert [dated.text[a:b] for a, b in dated.editorial] == ["[13]"]
