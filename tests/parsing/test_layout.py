"""Pages, page debris, and the split of each page into body and footnote block."""

from __future__ import annotations

import pytest

from archive_api.parsing.layout import is_debris, page_spans, parse_layout
from archive_api.parsing.normalize import normalize_text
from archive_api.parsing.structure import Structure

SEED_LABELS = [str(n) for n in range(1, 9)] + ["*"] + [str(n) for n in range(9, 41)]


def test_seed_has_seventeen_pages(seed_structure: Structure) -> None:
    assert [page.number for page in seed_structure.pages] == list(range(1, 18))


def test_pages_cover_the_source_exactly(seed_structure: Structure) -> None:
    pages = seed_structure.pages
    assert "".join(page.text for page in pages) == seed_structure.source
    for page in pages:
        assert seed_structure.source[page.start : page.end] == page.text
    assert [p.end for p in pages[:-1]] == [p.start for p in pages[1:]]


def test_pages_begin_where_printed(seed_structure: Structure) -> None:
    firsts = [page.text.split("\n", 1)[0].strip() for page in seed_structure.pages]
    assert firsts[0] == "GİRİŞ"
    assert firsts[2] == "bu arada, Kafkasya'daki  cephelerde Rus askerleri zaman zaman siperlerin"
    assert firsts[4] == "I. Türk-Sovyet İlişkilerinin Başlaması ve Gelişimi"
    assert firsts[16].startswith("önerileri ilke olarak kabul eden Mustafa")
    assert all(page.text.startswith(" ") and page.text[1] != " " for page in seed_structure.pages)


def test_page_debris(seed_structure: Structure) -> None:
    debris = {page.number: page.debris for page in seed_structure.pages if page.debris}
    assert debris == {3: ["-"], 4: ["I"], 5: ["/"], 12: [". /"], 13: ["t"]}


def test_debris_stays_in_page_text_but_leaves_reading(seed_structure: Structure) -> None:
    page = seed_structure.pages[11]
    assert "\n. / \n" in page.text
    assert ". /" not in seed_structure.text
    assert "düşmanıydı." in seed_structure.text and "düşmanıydı. -" not in seed_structure.text


@pytest.mark.parametrize("line", ["I", "/", "t", ". /", "-", "*"])
def test_debris_lines(line: str) -> None:
    assert is_debris(line)


@pytest.mark.parametrize("line", ["I.", "s.", "Bu", "12", "SONUÇ", "a.g.e.", ""])
def test_not_debris(line: str) -> None:
    assert not is_debris(line)


def test_seed_note_definitions_found_on_their_pages(seed_raw: str) -> None:
    layout = parse_layout(normalize_text(seed_raw))
    assert [note.label for note in layout.notes] == SEED_LABELS
    pages = {note.label: note.page for note in layout.notes}
    assert (pages["1"], pages["2"], pages["7"], pages["8"], pages["*"]) == (1, 2, 2, 3, 3)
    assert (pages["25"], pages["28"], pages["31"], pages["33"], pages["40"]) == (8, 9, 11, 13, 15)


def test_numbered_lines_in_the_body_stay_in_the_body(seed_raw: str) -> None:
    layout = parse_layout(normalize_text(seed_raw))
    body = [line.text for line in layout.body]
    assert "1. Diğer ülkelerden, yeni Türkiye'nin davasına maddi manevi destek" in body
    assert "8. Hernevi yabancı nüfus  muntıkalannın ilgası." in body
    assert "23 Nisan 1920'de Türkiye Büyük Millet Meclisi (T.B.M.M) açılmış-" in body
    assert "1917 yılında Çarlık Rusyası yıkılmış, Bolşevikler Rus Çarını tutukla-" in body
    assert not any(
        text.startswith(("12. Mustafa", "8 Bilge", "* Brest", ". Atatürk")) for text in body
    )


def test_footnote_block_without_blank_line_before_it(seed_raw: str) -> None:
    """Page 7's body runs straight into note 22."""
    layout = parse_layout(normalize_text(seed_raw))
    page7 = [line.text for line in layout.body if line.page == 7 and line.text]
    assert page7[-1] == "ne T.B.M.M. Reisi Mustafa  Kemal Atatürk Moskova'ya gidecek heyette"


def test_text_without_page_starts_is_one_page() -> None:
    text = "Bu sırada Milli Mücadele'nin stratejisi belli olmaya başlamıştı.\n\nBu nedenle.\n"
    assert page_spans(text) == [(0, len(text))]
    assert len(parse_layout(text).pages) == 1


def test_blank_lines_before_the_first_page_belong_to_it() -> None:
    text = "\n\n GİRİŞ\n\nRusya, I. Dünya Savaşı'nda yer almıştır.\n Yine, Batı Anadolu'da.\n"
    assert [start for start, _ in page_spans(text)] == [0, text.index(" Yine")]


TRAPS = """\
 Bu durumda, Almanya müttefiki Avusturya-Macaristan'ın yanında yer
alırken, Fransa ve İngiltere de müttefikleri Rusya'nın yanında savaşa
girdiler1. M. Kemal Paşa dış politikada şu öğeleri hedef olarak saptamıştır:

1. Diğer ülkelerden, yeni Türkiye'nin davasına maddi manevi destek
sağlamak,

2. İsteyen her devletle ilişki kurmak.

1. Bilge, a.g.e., s.6.
 23 Nisan 1920'de Türkiye Büyük Millet Meclisi açılmıştır2. Fakat büyük
bir yalnızlık içindedir.

2 Bilge, a.g.e., s. 17.
"""


def test_lists_and_dates_are_not_taken_for_notes() -> None:
    layout = parse_layout(TRAPS)
    assert [(n.label, n.page, [line.text for line in n.lines]) for n in layout.notes] == [
        ("1", 1, ["1. Bilge, a.g.e., s.6."]),
        ("2", 2, ["2 Bilge, a.g.e., s. 17."]),
    ]
    body = [line.text for line in layout.body if line.text]
    assert "2. İsteyen her devletle ilişki kurmak." in body
    assert body[-2].startswith("23 Nisan 1920'de")


def test_a_note_needs_its_marker_in_the_body() -> None:
    """Without a glued ``1`` in the body, a line ``1. …`` at the bottom is body text."""
    layout = parse_layout(TRAPS.replace("girdiler1.", "girdiler."))
    assert [n.label for n in layout.notes] == ["2"]
    assert "1. Bilge, a.g.e., s.6." in [line.text for line in layout.body]
