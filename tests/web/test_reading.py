"""The reading view's model of the seed: sections, letters, notes, pages, highlights."""

from __future__ import annotations

import pytest

from archive_api.models import Document
from archive_api.store import DocumentStore
from archive_api.web.i18n import Labels
from archive_api.web.reading import (
    ParagraphView,
    ReadingView,
    build_reading,
    record_label,
    section_anchor,
)

from .helpers import REPO, SEED


@pytest.fixture(scope="module")
def doc() -> Document:
    return DocumentStore(REPO / "documents").load(SEED)


@pytest.fixture(scope="module")
def view(doc: Document) -> ReadingView:
    return build_reading(doc, Labels("tr"), {})


def paragraphs(view: ReadingView) -> list[ParagraphView]:
    found = []
    for blocks in [view.lead, *(s.blocks for s in view.sections)]:
        for block in blocks:
            if block.paragraph:
                found.append(block.paragraph)
            elif block.letter:
                found.extend(block.letter.paragraphs)
    return found


def test_sections_in_order_with_their_headings(view: ReadingView) -> None:
    assert [s.id for s in view.sections][:3] == ["giris", "I", "I.A"]
    assert view.lead == []  # the seed opens with GİRİŞ
    first = view.sections[0]
    assert (first.anchor, first.level, first.extra_ids) == ("sec-giris", 1, ["p1"])
    assert [entry.label for entry in view.toc[1].children] == [
        "I.A. Türkiye Büyük Millet Meclisi'nin Açılışı ve Sovyet Rusya'ya Yaklaşması",
        "I.B. T.B.M.M. Tarafından Bir Türk Heyeti'nin Moskova'ya Gönderilmesine Karar Verilmesi",
    ]
    assert [entry.anchor for entry in view.toc[1].children[1].children] == [
        section_anchor("I.B.a"),
        section_anchor("I.B.b"),
    ]


def test_every_body_paragraph_once_in_document_order(view: ReadingView, doc: Document) -> None:
    expected = [p.id for p in doc.paragraphs if p.kind != "heading"]
    assert [p.id for p in paragraphs(view)] == expected


def test_letters_group_their_paragraphs(view: ReadingView) -> None:
    letters = [b.letter for s in view.sections for b in s.blocks if b.letter]
    assert [x.id for x in letters] == ["letter-1", "letter-2", "letter-3", "letter-4"]
    third = letters[2]
    assert third.date_inferred and third.date_iso == "1920-06-20"
    assert third.sender == "Mustafa Kemal (Büyük Millet Meclisi Reisi)"
    assert [p.id for p in third.paragraphs] == [f"p{n}" for n in range(91, 100)]
    assert (letters[3].kind, letters[3].calendar, letters[3].annex) == ("Şifre", "rumi", 4)


def test_notes_follow_the_section_that_cites_them(view: ReadingView) -> None:
    placed = [n.label for s in view.sections for n in s.notes]
    assert len(placed) == 41 and view.loose_notes == [] and view.lead_notes == []
    giris = view.sections[0]
    assert [n.label for n in giris.notes][:3] == ["1", "2", "3"]
    star = next(n for s in view.sections for n in s.notes if n.label == "*")
    assert (star.id, star.ref_id) == ("note-star", "ref-star")
    recovered = next(n for s in view.sections for n in s.notes if n.label == "31")
    assert recovered.recovered  # its number was lost in OCR


def test_every_printed_page_gets_a_marker(view: ReadingView) -> None:
    assert view.pages == list(range(1, 18))
    marked = [n for p in paragraphs(view) for n in (*p.pages_before, *p.pages_after)]
    marked += [n for s in view.sections for n in s.pages_before]
    assert sorted(marked) == list(range(1, 18))
    p56 = next(p for p in paragraphs(view) if p.id == "p56")
    assert (p56.pages_before, p56.pages_after) == ([], [8])


def test_highlights_mark_the_records_they_name(doc: Document) -> None:
    p5 = next(p for p in doc.paragraphs if p.id == "p5")
    start = p5.text.index("Franz Ferdinand")
    view = build_reading(
        doc,
        Labels("en"),
        {
            ("paragraph", "p5"): [(start, start + 5)],
            ("footnote", "1"): [(0, 4)],
            ("section", "sonuc"): [(0, 5)],
        },
    )
    p5_view = next(p for p in paragraphs(view) if p.id == "p5")
    assert p5_view.marked and "<mark>Franz</mark> Ferdinand" in p5_view.html
    assert 'aria-label="Note 1"' in p5_view.html  # the marker, in the page's language
    note = view.sections[0].notes[0]
    assert note.html.startswith("<mark>Lord</mark> Kinross")
    assert str(view.sections[-1].title) == "<mark>SONUÇ</mark>"
    assert not any(p.marked for p in paragraphs(view) if p.id != "p5")


def test_record_labels() -> None:
    tr = Labels("tr")
    assert record_label("paragraph", "p12", tr) == "¶12"
    assert record_label("footnote", "*", tr) == "Dipnot *"
    assert record_label("annex", "2", Labels("en")) == "Annex 2"
    assert record_label("section", "II.A", tr) == "§ II.A"
    assert record_label("work", "x", tr) == ""
