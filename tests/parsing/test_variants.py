"""Variants of the seed: the parser must read structure, not remember this one file."""

from __future__ import annotations

import textwrap
import unicodedata

import pytest

from archive_api.errors import ParseError
from archive_api.models import Document, Metadata
from archive_api.parsing import parse_document
from archive_api.parsing.structure import Structure, parse_structure

SEED_ID = "turk-sovyet-iliskileri-1920"


def _notes(structure: Structure | Document) -> list[tuple[str, int, bool, str | None]]:
    return [
        (note.label, note.page, note.recovered, note.anchor.word if note.anchor else None)
        for note in structure.footnotes
    ]


def _renumber(seed: Structure, shift: int) -> str:
    """The seed with every note number (definitions and markers) moved by ``shift``."""
    source = seed.source
    edits = [
        (start, end, str(int(label) + shift))
        for label, start, end in seed.markers
        if label.isdigit()
    ]
    for note in seed.footnotes:
        if note.label.isdigit() and not note.recovered:
            at = source.index(note.printed)
            assert source[at : at + len(note.label)] == note.label
            edits.append((at, at + len(note.label), str(int(note.label) + shift)))
    for start, end, new in sorted(edits, reverse=True):
        source = source[:start] + new + source[end:]
    return source


@pytest.mark.parametrize("shift", [100, 9])
def test_renumbered_notes(seed_structure: Structure, shift: int) -> None:
    """+100 gives three-digit labels; +9 puts note 23 on the page of '23 Nisan 1920'de'."""
    variant = parse_structure(_renumber(seed_structure, shift))
    expected = [
        (str(int(label) + shift) if label.isdigit() else label, page, recovered, word)
        for label, page, recovered, word in _notes(seed_structure)
    ]
    assert _notes(variant) == expected
    assert [label for label, *_ in expected if label != "*"] == [
        str(n + shift) for n in range(1, 41)
    ]
    assert variant.text == seed_structure.text
    assert [(s.id, s.title) for s in variant.sections] == [
        (s.id, s.title) for s in seed_structure.sections
    ]


def test_shifted_labels_collide_with_body_lines(seed_structure: Structure) -> None:
    variant = _renumber(seed_structure, 9)
    page5 = variant[seed_structure.pages[4].start : seed_structure.pages[5].start + 2]
    assert "\n23 Nisan 1920'de Türkiye Büyük Millet Meclisi" in page5
    assert "\n23. Şevket Süreyya Aydemir" in page5


@pytest.fixture(scope="module")
def seed_document(seed_raw: str, seed_metadata: Metadata) -> Document:
    return parse_document(SEED_ID, seed_raw, seed_metadata)


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda text: text.replace("\n", "\r\n"), id="crlf"),
        pytest.param(lambda text: text.replace("\n", "\r"), id="cr"),
        pytest.param(lambda text: unicodedata.normalize("NFD", text), id="nfd"),
        pytest.param(lambda text: "\ufeff" + text, id="bom"),
        pytest.param(
            lambda text: unicodedata.normalize("NFD", text).replace("\n", "\r\n"), id="nfd-crlf"
        ),
    ],
)
def test_encoding_variants_parse_identically(
    seed_raw: str, seed_metadata: Metadata, seed_document: Document, change: object
) -> None:
    assert callable(change)
    variant = change(seed_raw)
    assert variant != seed_raw
    assert parse_document(SEED_ID, variant, seed_metadata) == seed_document


def test_letter_moved_to_another_page(seed_structure: Structure) -> None:
    source = seed_structure.source
    start = source.index("Ankara, 9.5.1336 (1920)")
    end = source.index("I.B.b.  Türk  Heyeti")
    letter = source[start:end]
    assert letter.endswith("Mustafa  Kemal \n\n")
    moved = source[:start] + source[end:]
    target = moved.index("3 Aralık 1920 tarihli, Gümrü Andlaşması")
    moved = moved[:target] + letter + moved[target:]
    variant = parse_structure(moved)

    assert len(variant.pages) == 17
    assert _notes(variant) == _notes(seed_structure)
    assert [(s.id, s.title, s.page_start) for s in variant.sections] == [
        (s.id, s.title, s.page_start) for s in seed_structure.sections
    ]
    (heading,) = [p for p in variant.paragraphs if p.text == "Ankara, 9.5.1336 (1920)"]
    (signed,) = [p for p in variant.paragraphs if p.text.startswith("Berayı vazife")]
    assert (heading.page, signed.page, heading.section_id) == (15, 15, "II.B")
    assert len(variant.paragraphs) == len(seed_structure.paragraphs)


def test_rewrapped_paragraphs_read_the_same(seed_structure: Structure) -> None:
    """A plain speech made of the seed's closing paragraphs, wrapped at another width."""
    conclusion = next(s for s in seed_structure.sections if s.id == "sonuc")
    paragraphs = {p.id: p.text for p in seed_structure.paragraphs}
    texts = [paragraphs[pid] for pid in conclusion.paragraph_ids[1:]]
    speech = "\n\n".join(
        textwrap.fill(text, width=60, break_on_hyphens=False, break_long_words=False)
        for text in texts
    )
    structure = parse_structure(speech)
    assert len(structure.pages) == 1 and structure.sections == []
    assert [p.text for p in structure.paragraphs] == texts
    assert structure.footnotes == []


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "empty"),
        ("   \n\n\t  \r\n", "empty"),
        ("\ufeff\n", "empty"),
        (" GİRİŞ\n\nRusya\x00\x00\x00", "NUL"),
        ("\x00\x00\x00\x00", "NUL"),
    ],
)
def test_bad_inputs(text: str, words: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse_document("bozuk", text)
    assert caught.value.source == "bozuk" and words in caught.value.message


def test_control_characters_are_dropped(seed_structure: Structure) -> None:
    noisy = seed_structure.source.replace("GİRİŞ", "GİR\x07İŞ", 1).replace("oldu.", "oldu.\x1b")
    assert parse_structure(noisy).text == seed_structure.text


def test_unreadable_definitions_are_skipped(seed_structure: Structure) -> None:
    """Note 3 lost inside a block, and the whole block of page 5 (notes 14-16) lost."""
    source = seed_structure.source
    note3 = source.index("\n3. Bilge") + 1
    source = source[:note3] + source[source.index("\n", note3) + 1 :]
    block = source.index("14. Şevket Süreyya Aydemir")
    source = source[:block] + source[source.index("s.72. \n", block) + len("s.72. \n") :]
    variant = parse_structure(source)
    lost = {"3", "14", "15", "16"}
    assert _notes(variant) == [note for note in _notes(seed_structure) if note[0] not in lost]
    assert "diyebiliriz14." in variant.text  # a marker without a note stays as printed
    assert variant.text.count("\n\n") == seed_structure.text.count("\n\n")
