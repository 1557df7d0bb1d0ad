"""Matches of a query inside one document, as the search itself finds them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from archive_api.models import Document
from archive_api.search.searcher import Archive
from archive_api.web.highlights import find_in_document, located
from archive_api.web.i18n import Labels

from .helpers import SEED


@pytest.fixture(scope="module")
def archive(built_index: Any) -> Iterator[Archive]:
    opened = Archive(built_index.index_dir)
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def doc(archive: Archive) -> Document:
    return archive.document(SEED)


def test_spans_cover_the_words_found(archive: Archive, doc: Document) -> None:
    found = find_in_document(archive, SEED, "Karabekir")
    texts = {p.id: p.text for p in doc.paragraphs}
    notes = {n.label: n.text for n in doc.footnotes}
    words = []
    for (kind, record_id), spans in found.spans.items():
        body = texts[record_id] if kind == "paragraph" else notes.get(record_id, "")
        if kind == "section":
            body = next(s.title for s in doc.sections if s.id == record_id)
        words += [body[start:end] for start, end in spans]
    assert words and {w.split("'")[0] for w in words} == {"Karabekir"}
    assert ("footnote", "23") in found.spans  # Kâzım Karabekir's memoirs, cited in note 23


def test_locations_in_reading_order(archive: Archive, doc: Document) -> None:
    found = find_in_document(archive, SEED, "Çiçerin")
    links = located(doc, found.locations, Labels("tr"))
    anchors = [link.anchor for link in links]
    assert anchors[:2] == ["p26", "sec-II"]  # the heading of II comes before its text
    numbers = [int(a[1:]) for a in anchors if a.startswith("p")]
    assert numbers == sorted(numbers)
    assert [link.label for link in links][:2] == ["¶26", "§ II"]


def test_notes_and_works_are_found_too(archive: Archive, doc: Document) -> None:
    found = find_in_document(archive, SEED, "Kinross")
    labels = [link.label for link in located(doc, found.locations, Labels("en"))]
    assert "Note 1" in labels and "Work: Lord Kinross" in labels


def test_nothing_to_find(archive: Archive) -> None:
    assert find_in_document(archive, SEED, "   ").locations == []
    assert find_in_document(archive, SEED, "zzzyx").spans == {}
    assert find_in_document(archive, "no-such-document", "Karabekir").locations == []
