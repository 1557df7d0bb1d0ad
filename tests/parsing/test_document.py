"""``parse_document``: the whole model of the seed, and of a plain text without notes."""

from __future__ import annotations

import unicodedata

import pytest

from archive_api.errors import ParseError
from archive_api.models import Document, Metadata
from archive_api.parsing import parse_document

SEED_ID = "turk-sovyet-iliskileri-1920"


@pytest.fixture(scope="module")
def seed_document(seed_raw: str, seed_metadata: Metadata) -> Document:
    return parse_document(SEED_ID, seed_raw, seed_metadata)


def test_counts(seed_document: Document) -> None:
    doc = seed_document
    assert (doc.id, doc.title) == (SEED_ID, "İlk Türk–Sovyet Temasları ve Yazışmaları (1920)")
    assert (len(doc.pages), len(doc.sections), len(doc.footnotes)) == (17, 11, 41)
    assert [n.label for n in doc.footnotes if n.recovered] == ["31"]


def test_source_is_the_normalised_print(seed_document: Document, seed_raw: str) -> None:
    assert seed_document.source == unicodedata.normalize("NFC", seed_raw)


def test_paragraph_ids_and_offsets(seed_document: Document) -> None:
    doc = seed_document
    assert [p.id for p in doc.paragraphs] == [f"p{i}" for i in range(1, len(doc.paragraphs) + 1)]
    assert doc.text == "\n\n".join(p.text for p in doc.paragraphs)
    for paragraph in doc.paragraphs:
        assert doc.text[paragraph.start : paragraph.end] == paragraph.text
        assert paragraph.page <= paragraph.page_end
        assert "\n" not in paragraph.text


def _paragraph_with(doc: Document, words: str) -> tuple[str, int, int, str]:
    (paragraph,) = [p for p in doc.paragraphs if words in p.text]
    return paragraph.id, paragraph.page, paragraph.page_end, paragraph.printed


def test_paragraphs_continue_over_page_breaks(seed_document: Document) -> None:
    _, page, page_end, printed = _paragraph_with(seed_document, "gönderildi. Yine bu arada")
    assert (page, page_end) == (2, 3)
    assert "Türkiye'ye gönderildi7. Yine\nbu arada, Kafkasya'daki" in printed
    assert "Kuı at" not in printed  # the footnotes between the two pages are not part of it
    _, page, page_end, _ = _paragraph_with(seed_document, "talep ediyordu. Bu önerileri ilke")
    assert (page, page_end) == (16, 17)
    _, page, page_end, _ = _paragraph_with(seed_document, "mektuplan 3 Haziran 1920 tarihlidir.")
    assert (page, page_end) == (8, 9)
    # the next page starts with a capital: the full last line says the sentence goes on
    _, page, page_end, _ = _paragraph_with(seed_document, "tanımışlar ve Sovyetler Birliği'ni")
    assert (page, page_end) == (13, 14)
    _, page, page_end, _ = _paragraph_with(seed_document, "emparyalistlerinin kuvvetleri")
    assert (page, page_end) == (11, 12)


def test_sentence_running_on_after_a_blank_line(seed_document: Document) -> None:
    _, _, _, printed = _paragraph_with(seed_document, "veçhile Türkiye'nin Ermenistan'da")
    assert printed.startswith("4. Büyük Millet Meclisi")
    assert "\n\nErmenistan'da" in printed


def test_kinds(seed_document: Document) -> None:
    kinds = {p.id: p.kind for p in seed_document.paragraphs}
    assert sum(kind == "heading" for kind in kinds.values()) == 11
    pid, *_ = _paragraph_with(seed_document, "Diğer ülkelerden, yeni Türkiye'nin davasına")
    assert kinds[pid] == "list_item"
    pid, *_ = _paragraph_with(seed_document, "Biz artık Boğazlan istemiyoruz")
    assert kinds[pid] == "quote"
    pid, *_ = _paragraph_with(seed_document, "Genellikle ilke şudur ki")  # inside a long quotation
    assert kinds[pid] == "quote"


def test_dates_carry_their_paragraph(seed_document: Document) -> None:
    doc = seed_document
    paragraphs = {p.id: p for p in doc.paragraphs}
    assert doc.dates
    for mention in doc.dates:
        assert mention.paragraph_id is not None
        paragraph = paragraphs[mention.paragraph_id]
        assert paragraph.start <= mention.start < mention.end <= paragraph.end
    sarajevo = [m for m in doc.dates if m.value.iso == "1914-06-28"]
    assert [doc.text[m.start : m.end] for m in sarajevo] == ["28 Haziran 1914"]
    pid, *_ = _paragraph_with(doc, "Franz Ferdinand 28 Haziran 1914")
    assert sarajevo[0].paragraph_id == pid


def test_citations_and_works_are_wired(seed_document: Document) -> None:
    doc = seed_document
    notes = {n.label: n for n in doc.footnotes}
    assert all(note.citations for note in doc.footnotes)
    work_ids = {work.id for work in doc.works}
    bilge = notes["2"].citations[0].work_id
    assert bilge in work_ids
    for label in ("3", "6", "8", "9", "26"):
        assert notes[label].citations[0].work_id == bilge


def test_letters_and_annexes_are_wired(seed_document: Document) -> None:
    doc = seed_document
    assert [letter.date.iso if letter.date else None for letter in doc.letters] == [
        "1920-05-09",
        "1920-06-03",
        "1920-06-20",
        "1920-06-20",
    ]
    claimed = {p.id for p in doc.paragraphs if p.kind == "letter"}
    assert claimed == {pid for letter in doc.letters for pid in letter.paragraph_ids}
    assert [annex.number for annex in doc.annexes] == [1, 2, 3, 4]


def test_parsing_is_repeatable(seed_document: Document, seed_raw: str) -> None:
    assert parse_document(SEED_ID, seed_raw, seed_document.metadata) == seed_document


SPEECH = """\
Efendiler, Türkiye Büyük Millet Meclisi açıldığı zaman, dış âlemde büyük bir
yalnızlık içindeydi. Milli hakimiyetin herşeyden evvel belirmesi maksadıyla
Meclis toplanmıştır.

Hükümet teşkili zaruridir. 23 Nisan 1920'de açılan Büyük Millet Meclisi, daha
Vekiller Heyeti'ni bile seçmeden Moskova'ya bir heyet göndermek yolundaki ka-
rarını açıkladı.

Bütün bu gelişmeler, davası için her çiçekten bal almasını bilenlerin eseridir.
"""


def test_a_speech_has_one_page_and_paragraphs_only() -> None:
    doc = parse_document("nutuk-parcasi", SPEECH, Metadata(kind="speech"))
    assert len(doc.pages) == 1 and doc.pages[0].text == SPEECH
    assert [p.id for p in doc.paragraphs] == ["p1", "p2", "p3"]
    assert {p.section_id for p in doc.paragraphs} == {None}
    assert (doc.sections, doc.footnotes, doc.works, doc.letters, doc.annexes) == (
        [],
        [],
        [],
        [],
        [],
    )
    assert "yolundaki kararını açıkladı." in doc.paragraphs[1].text
    assert [m.value.iso for m in doc.dates if m.paragraph_id == "p2"] == ["1920-04-23"]


def test_metadata_defaults_when_none_given() -> None:
    doc = parse_document("nutuk-parcasi", SPEECH)
    assert doc.metadata == Metadata() and doc.title == "nutuk-parcasi"


@pytest.mark.parametrize("text", ["", " \n\t\n", "\ufeff"])
def test_empty_text_is_an_error_naming_the_document(text: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse_document("bos-belge", text)
    assert caught.value.source == "bos-belge"
    assert "empty" in caught.value.message
