"""Chicago and İSNAD citation strings, checked whole on the seed's records."""

from __future__ import annotations

import pytest

from archive_api.export.cite import (
    EN_MONTHS,
    TR_MONTHS,
    chicago_names,
    chicago_punctuation,
    cite_document,
    cite_footnote,
    cite_letter,
    cite_work,
    isnad_names,
    iso_date,
)
from archive_api.export.works import bib_item
from archive_api.models import Document

ARCHIVE = "Archive API"
TITLE = "[İlk Türk–Sovyet Temasları ve Yazışmaları (1920)]"  # supplied by the archive


def test_document_with_supplied_title_and_no_date(seed: Document) -> None:
    cite = cite_document(seed, "http://x/d", ARCHIVE)
    assert cite.chicago == f"{TITLE}, n.d., Archive API, http://x/d."
    assert cite.isnad == f"{TITLE} (ts.), Archive API, http://x/d."


def test_document_with_author_title_place_date(telegram: Document) -> None:
    cite = cite_document(telegram, "http://x/t", ARCHIVE)
    title = "Başkumandanlık Erkân-ı Harbiye Riyaseti’ne Çektiği Telgraf"
    assert cite.chicago == (
        f"Mustafa Kemal Atatürk, “{title},” November 10, 1918, Archive API, http://x/t."
    )
    assert (
        cite.isnad == f"Mustafa Kemal Atatürk, “{title}” (10 Kasım 1918), Archive API, http://x/t."
    )


def test_letter_in_rumi_with_page_and_double_date(seed: Document) -> None:
    cite = cite_letter(seed, seed.letters[3], "http://x/l4", ARCHIVE)
    assert cite.chicago == (
        "Mustafa Kemal to Kâzım Karabekir, Ankara, June 20, 1920 (Rumi 20 Haziran 336), "
        f"in {TITLE}, 13, Archive API, http://x/l4."
    )
    assert cite.isnad == (
        "Mustafa Kemal, Şark Cephesi Kumandanı Kâzım Karabekir Paşa Hazrelerine "
        "(Şifre, Ankara, Rumi 20 Haziran 336/20 Haziran 1920), "
        f"{TITLE}, 13, Archive API, http://x/l4."
    )


def test_letter_over_two_pages_and_inferred_date(seed: Document) -> None:
    two_pages = cite_letter(seed, seed.letters[1], "u", ARCHIVE)
    assert ", 9–10, " in two_pages.chicago and ", 9-10, " in two_pages.isnad
    assert two_pages.chicago.startswith("Tchitcherine to Türkiye Büyük Millet Meclisi Reisi,")
    dated_by_prose = cite_letter(seed, seed.letters[2], "u", ARCHIVE)
    assert "[June 20, 1920]" in dated_by_prose.chicago
    assert "(Mektup, [20 Haziran 1920])" in dated_by_prose.isnad


def test_footnote_with_page_and_number(seed: Document) -> None:
    note = next(n for n in seed.footnotes if n.label == "25")
    cite = cite_footnote(seed, note, "http://x/n25", ARCHIVE)
    assert cite.chicago == f"{TITLE}, 8n25, Archive API, http://x/n25."
    assert cite.isnad == f"{TITLE}, 8, dn. 25, Archive API, http://x/n25."


@pytest.mark.parametrize(
    ("work_id", "chicago", "isnad"),
    [
        (
            "aydemir-tek-adam",
            "Şevket Süreyya Aydemir, Tek Adam, 6th ed., vol. 2 (İstanbul, 1977).",
            "Şevket Süreyya Aydemir, Tek Adam, 6. Baskı, 2. Cilt (İstanbul, 1977).",
        ),
        (
            "sonyel-kurtulus-savasi-gunlerinde",
            "Salâhi R. Sonyel, “Kurtuluş Savaşı Günlerinde Doğu Siyasamız,” "
            "Belleten 41, no. 164 (1977).",
            "Salâhi R. Sonyel, “Kurtuluş Savaşı Günlerinde Doğu Siyasamız”, "
            "Belleten 41/164 (1977).",
        ),
        (
            "sonyel-turk-kurtulus-savasi",
            "Salâhi R. Sonyel, Türk Kurtuluş Savaşı ve Dış Politika, 2nd ed. "
            "(Ankara: Türk Tarih Kurumu Basımevi, 1991).",
            "Salâhi R. Sonyel, Türk Kurtuluş Savaşı ve Dış Politika, 2. Baskı "
            "(Ankara: Türk Tarih Kurumu Basımevi, 1991).",
        ),
        (
            "jaeckh-the-rising-crescent",
            "Ernest Jaeckh, The Rising Crescent (Yükselen Hilâl) (n.d.).",
            "Ernest Jaeckh, The Rising Crescent (Yükselen Hilâl) (ts.).",
        ),
    ],
)
def test_works(seed: Document, work_id: str, chicago: str, isnad: str) -> None:
    work = next(w for w in seed.works if w.id == work_id)
    cite = cite_work(bib_item(work))
    assert (cite.chicago, cite.isnad) == (chicago, isnad)


def test_names_dates_and_punctuation() -> None:
    assert chicago_names(["A", "B"]) == "A and B"
    assert chicago_names(["A", "B", "C"]) == "A, B, and C"
    assert chicago_names(["A", "B", "C", "D"]) == "A et al."
    assert isnad_names(["A", "B"]) == "A - B"
    assert isnad_names(["A", "B", "C"]) == "A vd."
    assert iso_date("1920-06-03", EN_MONTHS, day_first=False) == "June 3, 1920"
    assert iso_date("1920-06", TR_MONTHS, day_first=True) == "Haziran 1920"
    assert iso_date("1920", TR_MONTHS, day_first=True) == "1920"
    assert iso_date("not a date", EN_MONTHS, day_first=False) is None
    assert chicago_punctuation("“Başlık”, Dergi.") == "“Başlık,” Dergi."
    assert chicago_punctuation("A, “Başlık”.") == "A, “Başlık.”"
