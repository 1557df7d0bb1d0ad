"""Dublin Core from the seed's metadata file and from its sections and letters."""

from __future__ import annotations

from dataclasses import replace

from archive_api.dts.metadata import (
    DCMI_TEXT,
    document_description,
    document_dublin_core,
    unit_dublin_core,
)
from archive_api.dts.trees import default_tree, footnotes_tree, letters_tree
from archive_api.models import Document, Metadata


def test_seed_dublin_core_comes_from_its_metadata_file(seed: Document) -> None:
    dc = document_dublin_core(seed)
    assert dc["title"] == [
        {"lang": "tr", "value": "İlk Türk–Sovyet Temasları ve Yazışmaları (1920)"}
    ]
    assert dc["identifier"] == ["turk-sovyet-iliskileri-1920"]
    assert dc["type"] == [DCMI_TEXT]
    assert dc["language"] == ["tr"]
    assert {"lang": "tr", "value": "Gümrü Andlaşması"} in dc["subject"]
    assert len(dc["subject"]) == 7
    assert dc["source"][0]["lang"] == "und"
    assert dc["source"][0]["value"].startswith("OCR'd text of a Turkish scholarly article")
    # The seed names no author and no date: nothing is invented.
    assert "creator" not in dc and "date" not in dc


def test_letter_document_credits_its_sender(seed: Document) -> None:
    meta = Metadata(
        title="Telgraf",
        sender="Mustafa Kemal",
        recipient="Kâzım Karabekir",
        date="1920-06-20",
        language="tr",
        kind="telegram",
    )
    dc = document_dublin_core(replace(seed, metadata=meta))
    assert dc["creator"] == ["Mustafa Kemal"]
    assert dc["audience"] == ["Kâzım Karabekir"]
    assert dc["date"] == "1920-06-20"


def test_text_of_unknown_language_is_undetermined(seed: Document) -> None:
    dc = document_dublin_core(replace(seed, metadata=Metadata(authors=["A. Yazar"])))
    assert dc["title"] == [{"lang": "und", "value": "turk-sovyet-iliskileri-1920"}]
    assert dc["creator"] == ["A. Yazar"]
    assert "language" not in dc and "subject" not in dc


def test_description_counts_what_the_seed_holds(seed: Document) -> None:
    assert document_description(seed) == (
        "Article: 17 pages, 11 sections, 133 paragraphs, 41 footnotes, 4 letters."
    )


def test_sections_and_letters_have_titles_paragraphs_and_notes_none(seed: Document) -> None:
    tree = default_tree(seed)
    section = unit_dublin_core(seed, tree.unit("II.A.a"))
    assert section is not None
    [title] = section["title"]
    assert title["lang"] == "tr" and title["value"].startswith("II.A.a. Sovyet Rusya'ya")
    assert unit_dublin_core(seed, tree.unit("II.A.a.p106")) is None
    assert unit_dublin_core(seed, footnotes_tree(seed).unit("12")) is None
    letter = unit_dublin_core(seed, letters_tree(seed).unit("letter-4"))
    assert letter == {
        "title": [
            {
                "lang": "tr",
                "value": "Mustafa Kemal → Kâzım Karabekir, Ankara, 20 Haziran 336 (1920)",
            }
        ],
        "creator": ["Mustafa Kemal"],
        "audience": ["Kâzım Karabekir"],
        "date": "1920-06-20",
    }


def test_description_keeps_proper_names(seed: Document) -> None:
    meta = Metadata(kind="speech", place="Selanik", date="1906")
    doc = replace(
        seed,
        metadata=meta,
        pages=seed.pages[:1],
        sections=[],
        footnotes=[],
        letters=[],
        paragraphs=seed.paragraphs[:3],
    )
    assert document_description(doc) == "Speech, Selanik, 1906: 1 page, 3 paragraphs."
