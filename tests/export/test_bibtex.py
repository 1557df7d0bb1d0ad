"""BibTeX parsed back with bibtexparser: keys, types, authors, titles, years."""

from __future__ import annotations

from typing import Any

import bibtexparser
import pytest
from bibtexparser.middlewares import SeparateCoAuthors, SplitNameParts

from archive_api.export.bibtex import bibtex, citation_key, escape
from archive_api.export.works import BibItem, Name, bib_item
from archive_api.models import Document


@pytest.fixture(scope="module")
def entries(seed: Document) -> dict[str, Any]:
    text = bibtex([bib_item(w, f"http://x/works/{w.id}") for w in seed.works])
    library = bibtexparser.parse_string(
        text, append_middleware=[SeparateCoAuthors(), SplitNameParts()]
    )
    assert library.failed_blocks == []
    return {e.key: e for e in library.entries}


def _fields(entry: Any) -> dict[str, Any]:
    return {k: v.value for k, v in entry.fields_dict.items()}


def test_every_work_is_an_entry_keyed_by_its_id(entries: dict[str, Any], seed: Document) -> None:
    assert list(entries) == [w.id for w in seed.works]


def test_book_fields(entries: dict[str, Any]) -> None:
    entry = entries["aydemir-tek-adam"]
    fields = _fields(entry)
    assert entry.entry_type == "book"
    [author] = fields["author"]
    assert (author.first, author.last) == (["Şevket", "Süreyya"], ["Aydemir"])
    assert fields["title"].strip("{}") == "Tek Adam"
    assert (fields["year"], fields["edition"], fields["volume"], fields["address"]) == (
        "1977",
        "6",
        "2",
        "İstanbul",
    )
    assert fields["url"] == "http://x/works/aydemir-tek-adam"


def test_article_fields(entries: dict[str, Any]) -> None:
    entry = entries["sonyel-kurtulus-savasi-gunlerinde"]
    fields = _fields(entry)
    assert entry.entry_type == "article"
    assert fields["journal"] == "Belleten"
    assert (fields["volume"], fields["number"], fields["year"]) == ("41", "164", "1977")
    assert [a.last for a in fields["author"]] == [["Sonyel"]]


def test_untitled_author_and_year_are_left_out(entries: dict[str, Any]) -> None:
    fields = _fields(entries["turkiye-buyuk-millet-meclisi-zabit"])
    assert "author" not in fields and "year" not in fields
    assert fields["title"].strip("{}") == "Türkiye Büyük Millet Meclisi Zabıt Cerideleri, Devre: I"


def test_special_characters_are_escaped_and_parse_back() -> None:
    assert escape("50% & #1_{x}") == r"50\% \& \#1\_\{x\}"
    item = BibItem(id="a b/c", kind="book", title="R&D {draft}", authors=[Name("Öz", "Ali")])
    [entry] = bibtexparser.parse_string(bibtex([item])).entries
    assert entry.key == citation_key("a b/c") == "a-b-c"
    assert entry.fields_dict["title"].value == r"{R\&D \{draft\}}"
    assert entry.fields_dict["author"].value == "Öz, Ali"
