"""correspDesc building blocks: letters, letter documents, names."""

from __future__ import annotations

from archive_api.export.correspondence import (
    UNKNOWN,
    display_name,
    from_document,
    from_letter,
)
from archive_api.models import Document, Person


def test_from_letter_keeps_links_to_annex_and_source_note(seed: Document) -> None:
    item = from_letter(seed.letters[1], "http://x/letters/letter-2")
    assert (item.key, item.target, item.url) == (
        "letter-2",
        "letter-2",
        "http://x/letters/letter-2",
    )
    assert (item.annex_id, item.annex_label) == ("ek-2", "Ek 2")
    assert (item.note_id, item.note_label) == ("note-28", "28")
    assert item.date is not None and item.date.iso == "1920-06-03"
    assert not item.date_inferred
    assert from_letter(seed.letters[2], None).date_inferred


def test_from_document_only_for_letters(seed: Document, telegram: Document) -> None:
    assert from_document(seed, "http://x") is None  # an article names no sender
    item = from_document(telegram, "http://x/d")
    assert item is not None
    assert (item.sender.name, item.recipient.name) == (
        "Mustafa Kemal",
        "Başkumandanlık Erkân-ı Harbiye Riyaseti",
    )
    assert item.date is not None and item.date.iso == "1918-11-10"


def test_display_name_falls_back_to_role_address_unknown() -> None:
    assert display_name(Person(name="A", role="B")) == "A"
    assert display_name(Person(role="Reis")) == "Reis"
    assert display_name(Person(addressed="...Efendiye")) == "...Efendiye"
    assert display_name(Person()) == UNKNOWN
