"""The parse benchmark runs on a small folder and reports what the parser found."""

from __future__ import annotations

from pathlib import Path

from archive_api.parsing import parse_document
from benchmarks import parse_corpus

ARTICLE = (
    "GİRİŞ\n\nHeyet Berlin'de toplandı.1 Sonra dağıldı.\n\n1. BOA, HR.SYS, 12/3.\n"
    "\x0cAnkara'da 23 Nisan 1920'de Meclis açıldı.\n"
)
COLLECTION = (
    "Erzurum, 8 Temmuz 1335\n\nHarbiye Nezaretine,\n\nKongre hazırlıkları tamamlanmıştır.\n\n"
    "Mustafa Kemal\n"
)


def test_rows_count_what_the_parser_finds(tmp_path: Path) -> None:
    documents, corpora, dev = tmp_path / "documents", tmp_path / "corpora", tmp_path / "dev"
    (corpora / "small").mkdir(parents=True)
    documents.mkdir()
    dev.mkdir()
    (documents / "article.txt").write_text(ARTICLE, encoding="utf-8")
    (corpora / "small" / "collection.txt").write_text(COLLECTION, encoding="utf-8")
    (corpora / "small" / "SOURCES.md").write_text("not a text", encoding="utf-8")
    (dev / "edition.md").write_text(ARTICLE, encoding="utf-8")
    sections = dict(parse_corpus.run(documents, corpora, dev, 1, False, 0.001))

    article = parse_document("article", ARTICLE)
    row = sections["documents/"][0]
    assert (row.pages, row.notes, row.anchored, row.dates, row.sections) == (
        len(article.pages),
        len(article.footnotes),
        sum(1 for n in article.footnotes if n.anchor),
        len(article.dates),
        len(article.sections),
    )
    summary = sections["corpora/"][0]
    assert summary.documents == 1  # SOURCES.md is no text
    assert summary.letters == len(parse_document("c", COLLECTION).letters) == 1
    assert sections["development folder"][0].name == "edition.md"
    assert [r.chars >= 1000 for r in sections["scale"]] == [True, True]
    table = parse_corpus.format_table(list(sections.items()))
    assert "article.txt" in table and "corpora/small (all)" in table
