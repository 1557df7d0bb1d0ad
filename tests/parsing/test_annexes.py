"""Annex references (``Ek 1–4``): what they describe and which letter they belong to."""

from __future__ import annotations

import pytest

from archive_api.models import Document, Metadata, Paragraph
from archive_api.parsing import parse_document
from archive_api.parsing.annexes import annex_form, annex_language, find_annexes


@pytest.fixture(scope="module")
def seed(seed_raw: str, seed_metadata: Metadata) -> Document:
    return parse_document("turk-sovyet-iliskileri-1920", seed_raw, seed_metadata)


@pytest.mark.parametrize(
    ("description", "language", "form"),
    [
        ("Osmanlıca Belge", "ota", "document"),
        ("Sözkonusu mektubun Fransızca asıl metni", "fr", "original"),
        ("20 Haziran 1920 tarihli Osmanlıca mektubun müsveddesi", "ota", "draft"),
        ("İngilizce tercümesi", "en", "translation"),
        ("Rusça telgrafın sureti", "ru", "copy"),
        ("Türkçe harita", "tr", None),
        ("Harita", None, None),
    ],
)
def test_language_and_form_from_the_description(
    description: str, language: str | None, form: str | None
) -> None:
    assert annex_language(description) == language
    assert annex_form(description) == form


def _paragraph(pid: str, text: str, start: int, page: int = 1) -> Paragraph:
    return Paragraph(pid, None, page, page, text, text, start, start + len(text))


def test_first_citation_of_each_number_counts() -> None:
    first = "Mektup metni aynen şöyledir. (Ek:2, Sözko- nusu mektubun Fransızca asıl metni)"
    again = "Bu mektubun aslı ektedir (Ek: 2)."
    paragraphs = [_paragraph("p1", first, 0), _paragraph("p2", again, len(first) + 2)]
    annexes = find_annexes(paragraphs, [])
    assert [a.id for a in annexes] == ["ek-2"]
    annex = annexes[0]
    assert annex.label == "(Ek:2, Sözko- nusu mektubun Fransızca asıl metni)"
    assert annex.description == "Sözko- nusu mektubun Fransızca asıl metni"
    assert annex.paragraph_id == "p1"
    assert first[annex.offset :].startswith("(Ek:2")


def test_number_then_date_in_the_description() -> None:
    text = "gönderilen yazı şudur: (Ek: 4 20 Haziran 1920 tarihli Osmanlıca mektubun müsveddesi)"
    (annex,) = find_annexes([_paragraph("p9", text, 100)], [])
    assert annex.number == 4
    assert annex.description.startswith("20 Haziran 1920 tarihli")
    assert annex.offset == 100 + text.index("(Ek")


def test_parenthesis_without_ek_is_not_an_annex() -> None:
    text = "Trabzon'dan motorla gönderilmiştir. (Fransızcası verilecek) (Eki yoktur)"
    assert find_annexes([_paragraph("p1", text, 0)], []) == []


def test_seed_has_four_annexes_each_linked_to_its_letter(seed: Document) -> None:
    assert [a.id for a in seed.annexes] == ["ek-1", "ek-2", "ek-3", "ek-4"]
    assert [a.letter_id for a in seed.annexes] == ["letter-1", "letter-2", "letter-3", "letter-4"]
    assert [a.language for a in seed.annexes] == ["ota", "fr", "ota", "ota"]
    assert [a.form for a in seed.annexes] == ["document", "original", "draft", "draft"]
    assert [a.page for a in seed.annexes] == [8, 9, 11, 13]
    assert [letter.annex for letter in seed.letters] == [1, 2, 3, 4]


def test_seed_annex_labels_and_places(seed: Document) -> None:
    labels = [a.label for a in seed.annexes]
    assert labels[0] == "(Ek: 1 Osmanlıca Belge)"
    assert labels[1] == "(Ek:2, Sözkonusu mektubun Fransızca asıl metni)"
    assert seed.annexes[2].description == "20 Haziran 1920 tarihli Osmanlıca mektubun müsveddesi"
    paragraphs = {p.id: p for p in seed.paragraphs}
    for annex in seed.annexes:
        assert seed.text[annex.offset :].startswith("(Ek")
        assert annex.paragraph_id is not None
        cited_in = paragraphs[annex.paragraph_id]
        assert cited_in.start <= annex.offset < cited_in.end
        assert cited_in.letter_id is None  # cited in the prose, not in the letter
