"""Pages and footnotes in the layouts real editions reach us in, one small text per layout.

Each text is written by hand the way the layout prints it: PDF text with form feeds and
indented notes, Markdown made from a PDF, footnotes numbered page by page with superscripts,
starred notes, roman front matter. The tests assert every page's printed number and every
note's label, page and anchor word.
"""

from __future__ import annotations

from archive_api.models import Document
from archive_api.parsing import parse_document


def _notes(doc: Document) -> list[tuple[str, int, str | None]]:
    return [(n.label, n.page, n.anchor.word if n.anchor else None) for n in doc.footnotes]


# pdftotext -layout: a running head, the printed number alone at the foot, notes indented
# under the body, markers glued after a comma or a full stop.
PDF_LAYOUT = (
    "              OSMANLI ARAŞTIRMALARI DERGİSİ\n"
    "\n"
    "    Berlin'de toplanan heyet ile görüşmeler Kolleg,1 sonra da Viyana'da\n"
    "    sürdürüldü. Elçi bu sırada İstanbul'a döndü ve raporunu sundu.2 Rapor\n"
    "    uzun süre okunmadı.\n"
    "\n"
    "    1 Kolleg: Berlin'deki Doğu Dilleri Seminerinin toplantısı.\n"
    "    2 BOA, HR.SYS, 12/3, lef 4.\n"
    "\n"
    "                                  17\n"
    "\x0c              OSMANLI ARAŞTIRMALARI DERGİSİ\n"
    "\n"
    "    Heyet ertesi yıl yeniden toplandı ve kararlar yazıya geçirildi.3 Bu\n"
    "    karar hakkında başka bilgi yoktur. Elçinin notları kayboldu.4\n"
    "\n"
    "    3 Aynı dosya, lef 7.\n"
    "    4 Bkz. Ek 2.\n"
    "\n"
    "                                  18\n"
    "\x0c              OSMANLI ARAŞTIRMALARI DERGİSİ\n"
    "\n"
    "    Sonuç olarak görüşmeler bir anlaşma ile bitmedi.\n"
    "\n"
    "                                  19\n"
    "\x0c"
)


def test_pdf_layout_pages_and_printed_numbers() -> None:
    doc = parse_document("pdf", PDF_LAYOUT)
    assert [page.printed for page in doc.pages] == ["17", "18", "19"]
    assert "ARAŞTIRMALARI" not in doc.text  # the running head is not reading text
    assert "17" not in doc.text.split()


def test_pdf_layout_notes_after_punctuation() -> None:
    doc = parse_document("pdf", PDF_LAYOUT)
    assert _notes(doc) == [
        ("1", 1, "Kolleg"),
        ("2", 1, "sundu"),
        ("3", 2, "geçirildi"),
        ("4", 2, "kayboldu"),
    ]
    assert doc.footnotes[0].text == "Kolleg: Berlin'deki Doğu Dilleri Seminerinin toplantısı."
    assert "Kolleg, sonra" in doc.text and "sundu. Rapor" in doc.text


# Markdown from a PDF: a rule ends each page, the printed number opens the next, markers in
# brackets, definitions at the foot without a period, folio references that are no markers.
MARKDOWN = (
    "# Bir Mecmua\n"
    "\n"
    "**T.C. KÜLTÜR BAKANLIĞI**\n"
    "\n"
    "**Adres:** Cumhuriyet Caddesi No: 4, Ulus\n"
    "\n"
    "-----\n"
    "\n"
    "1\n"
    "\n"
    "## GİRİŞ\n"
    "\n"
    "Müellif hakkında kaynaklarda bilgi yoktur.[1] Eserini 1699 yılında yazmıştır. [1b-2a]\n"
    "\n"
    "Nüshaların en eskisi _Nuruosmaniye_ kitaplığındadır.[2] [2a]\n"
    "\n"
    "1 Sicil-i Osmanî ve tezkirelerde adı geçmez.\n"
    "2 Nuruosmaniye 4079, 70 varak.\n"
    "\n"
    "-----\n"
    "\n"
    "2\n"
    "\n"
    "Metin bu nüshaya göre kurulmuştur.[3]\n"
    "\n"
    "3 Farklar dipnotlarda gösterilmiştir.\n"
    "\n"
    "-----\n"
)


def test_markdown_pages_rules_and_numbers() -> None:
    doc = parse_document("md", MARKDOWN)
    assert [page.printed for page in doc.pages] == [None, "1", "2"]
    assert "-----" not in doc.text


def test_markdown_bracket_markers_and_folios() -> None:
    doc = parse_document("md", MARKDOWN)
    assert _notes(doc) == [("1", 2, "yoktur"), ("2", 2, "kitaplığındadır"), ("3", 3, "kurulmuştur")]
    assert "[1b-2a]" in doc.text and "[2a]" in doc.text  # folio references stay
    assert "[1]" not in doc.text
    assert all("Adres" not in note.text for note in doc.footnotes)  # the colophon is no note


# Notes numbered page by page, with superscript markers and labels.
PER_PAGE = (
    "Sadrazam bu teklifi kabul etmedi.¹ Meclis ise konuyu ertesi güne bıraktı.²\n"
    "\n"
    "¹ Takvim-i Vekayi, 12 Mart 1877.\n"
    "² Zabıt Ceridesi, 3. inikad.\n"
    "\x0c"
    "Ertesi gün yapılan oylamada teklif reddedildi.¹\n"
    "\n"
    "¹ Aynı eser, 4. inikad.\n"
)


def test_numbering_restarting_on_each_page() -> None:
    doc = parse_document("per-page", PER_PAGE)
    assert _notes(doc) == [("1", 1, "etmedi"), ("2", 1, "bıraktı"), ("1", 2, "reddedildi")]
    assert [note.id for note in doc.footnotes] == ["note-1-1", "note-2", "note-2-1"]
    assert "etmedi. Meclis" in doc.text


# Starred notes on two pages, and roman front matter before the arabic numbering.
STARRED = (
    "iii\n"
    "\n"
    "Bu çeviri ilk kez 1911'de basılmıştır.*\n"
    "\n"
    "* Yayıncının notu.\n"
    "\x0c"
    "iv\n"
    "\n"
    "Metin yeni harflere aktarılmıştır.**\n"
    "\n"
    "** Çevirmenin notu.\n"
    "\x0c"
    "1\n"
    "\n"
    "Birinci bölüm burada başlar.\n"
    "\x0c"
    "2\n"
    "\n"
    "İkinci sayfa.\n"
)


def test_starred_notes_and_roman_front_matter() -> None:
    doc = parse_document("starred", STARRED)
    assert [page.printed for page in doc.pages] == ["iii", "iv", "1", "2"]
    assert _notes(doc) == [("*", 1, "basılmıştır"), ("**", 2, "aktarılmıştır")]


def test_a_numbered_list_is_not_a_footnote_block() -> None:
    text = (
        "Nüshalar şunlardır:\n"
        "\n"
        "1. Süleymaniye, Nuruosmaniye 4079.\n"
        "2. Millet, Ali Emiri 162.\n"
        "\x0c"
        "3. İstanbul Üniversitesi, TY 1234.\n"
    )
    doc = parse_document("list", text)
    assert doc.footnotes == []
    assert "Süleymaniye" in doc.text and "TY 1234" in doc.text


def test_markdown_headings_and_emphasis() -> None:
    text = (
        "# Netâyicü’l-Ezhâr\n"
        "\n"
        "## Giriş\n"
        "\n"
        "Ubeydî eserini _Netâyicü’l-ezhâr_ adıyla **1699** yılında yazmıştır.\n"
        "\n"
        "**I. ÇİÇEK YETİŞTİRİCİLERİ**\n"
        "\n"
        "Metin burada başlar.\n"
    )
    doc = parse_document("md", text)
    assert [(s.title, s.level, s.parent) for s in doc.sections] == [
        ("Netâyicü’l-Ezhâr", 1, None),
        ("Giriş", 2, "netayicu-l-ezhar"),
        ("ÇİÇEK YETİŞTİRİCİLERİ", 1, None),
    ]
    assert "eserini Netâyicü’l-ezhâr adıyla 1699 yılında" in doc.text
    assert "#" not in doc.text and "*" not in doc.text and "_" not in doc.text


def test_folio_numbers_of_a_manuscript_transcription() -> None:
    text = "\x0c".join(
        f"{folio}\n\nMetnin {n}. yaprağı burada okunur ve sayfa sonuna kadar sürer.\n"
        for n, folio in enumerate(["1a", "1b", "2a", "2b"], start=1)
    )
    doc = parse_document("folios", text)
    assert [page.printed for page in doc.pages] == ["1a", "1b", "2a", "2b"]
    assert "1b" not in doc.text.split()
