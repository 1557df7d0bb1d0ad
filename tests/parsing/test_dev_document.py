"""The development document: a real critical edition converted from PDF to Markdown.

It is read from the shared development folder beside the repository (never copied into it)
and the tests are skipped where that folder is absent. Its conventions: ``-----`` page rules,
the printed number opening each page, ``[n]`` markers (beside verse-line numbers ``[5]`` and
folio references ``(N1 2b)``), about 940 apparatus notes at the page feet, numbered through
the book, often glued to their first word (``15bin yüz on``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from archive_api.models import Document
from archive_api.parsing import parse_document

DEV = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "dev"
EDITION = DEV / "netayicul-ezhar-2017.txt"


@pytest.fixture(scope="module")
def edition() -> Document:
    if not EDITION.exists():
        pytest.skip("the development document is not here")
    return parse_document("netayicul-ezhar-2017", EDITION.read_text(encoding="utf-8"))


def test_pages_and_printed_numbers(edition: Document) -> None:
    assert len(edition.pages) == 134
    printed = [page.printed for page in edition.pages]
    assert printed[:2] == [None, None]  # cover and colophon
    assert printed[2:133] == [str(n) for n in range(1, 132)]
    assert "-----" not in edition.text


def test_notes_run_through_the_book(edition: Document) -> None:
    labels = [int(note.label) for note in edition.footnotes]
    assert labels == sorted(labels) and len(set(labels)) == len(labels)
    assert len(labels) >= 925 and labels[-1] == 942
    anchored = [note for note in edition.footnotes if note.anchor is not None]
    assert len(anchored) >= len(labels) - 2


def test_note_labels_pages_and_anchors(edition: Document) -> None:
    notes = {note.label: note for note in edition.footnotes}
    expected: dict[str, tuple[int, str]] = {
        "1": (4, "yoktur"),
        "2": (7, "edebilir"),
        "4": (11, "bì-pÀyÀn"),
        "68": (15, "1671"),  # "1081 (M 1671)[68]" on printed page 13
        "140": (22, "1104"),
        "220": (32, "Cüce"),  # the marker opens a paragraph: "220Cüce Morudur"
    }
    for label, (page, word) in expected.items():
        note = notes[label]
        assert note.anchor is not None
        assert (note.page, note.anchor.word) == (page, word)
    assert notes["1"].text.startswith("Osmanlı Müellifleri, Sicil-i Osmanî")
    assert notes["15"].text.startswith("bin yüz on")


def test_every_anchor_points_at_its_word(edition: Document) -> None:
    paragraphs = {p.id: p for p in edition.paragraphs}
    for note in edition.footnotes:
        if note.anchor is None:
            continue
        paragraph = paragraphs[note.anchor.paragraph_id]
        assert paragraph.page <= note.page
        before = edition.text[: note.anchor.offset]
        assert before.endswith(note.anchor.word)


def test_colophon_and_markup_are_no_notes(edition: Document) -> None:
    assert all(note.label.isdigit() for note in edition.footnotes)
    assert "**" not in edition.text and "###" not in edition.text
    titles = [section.title for section in edition.sections]
    assert "GİRİŞ" in titles and "ÇİÇEKLER" in titles


def test_double_dates_and_no_letters(edition: Document) -> None:
    hijri = [(m.value.original, m.value.iso) for m in edition.dates if m.value.calendar == "hijri"]
    assert hijri[:4] == [
        ("H 1110/M 1699", "1699"),
        ("1110 (M 1699)", "1699"),
        ("1110 (M 1699)", "1699"),
        ("1034 (M 1625)", "1625"),
    ]
    assert len(hijri) >= 60
    assert edition.letters == []  # biographies of flower growers, no correspondence
