"""Letters transcribed in an article, and documents that are letters themselves."""

from __future__ import annotations

import unicodedata

import pytest

from archive_api.models import Document, Letter, Metadata
from archive_api.parsing import parse_document

SEED_ID = "turk-sovyet-iliskileri-1920"


@pytest.fixture(scope="module")
def seed(seed_raw: str, seed_metadata: Metadata) -> Document:
    return parse_document(SEED_ID, seed_raw, seed_metadata)


@pytest.fixture(scope="module")
def letters(seed: Document) -> list[Letter]:
    return seed.letters


def test_four_letters_in_order(letters: list[Letter]) -> None:
    assert [letter.id for letter in letters] == ["letter-1", "letter-2", "letter-3", "letter-4"]


def test_dates_as_written_and_normalised(letters: list[Letter]) -> None:
    dates = [letter.date for letter in letters]
    assert all(date is not None for date in dates)
    assert [(d.iso, d.calendar) for d in dates if d] == [
        ("1920-05-09", "rumi"),
        ("1920-06-03", "gregorian"),
        ("1920-06-20", "gregorian"),
        ("1920-06-20", "rumi"),
    ]
    assert [d.original for d in dates if d] == [
        "9.5.1336 (1920)",
        "3 Haziran 1920",
        "20 Haziran 1920",
        "20 Haziran 336 (1920)",
    ]


def test_letter_without_date_line_is_dated_from_its_annex_and_says_so(
    letters: list[Letter],
) -> None:
    # Letter 3 has no heading date; "(Ek: 3 20 Haziran 1920 tarihli ...)" dates it.
    assert letters[2].inferred == ["date"]
    assert [letter.inferred for letter in (letters[0], letters[1], letters[3])] == [[], [], []]


def test_places_kinds_and_reference(letters: list[Letter]) -> None:
    # Letter 3 names no place. It was written in Ankara, but only the sender's seat says so:
    # the parse leaves it empty rather than present an inference as read.
    assert [letter.place for letter in letters] == ["Ankara", "Moskova", None, "Ankara"]
    assert "place" not in letters[2].inferred
    assert [letter.kind for letter in letters] == ["Tahrirat", "mektup", "mektup", "Şifre"]
    assert [letter.reference for letter in letters] == [None, "U/851", None, None]


def test_senders(letters: list[Letter]) -> None:
    assert [(letter.sender.name, letter.sender.role) for letter in letters] == [
        ("Mustafa Kemal", "Büyük Millet Meclisi Reisi"),
        ("Tchitcherine", "Umur-u Hariciye Komiseri"),
        ("Mustafa Kemal", "Büyük Millet Meclisi Reisi"),
        ("Mustafa Kemal", "Büyük Millet Meclisi Reisi"),
    ]
    assert letters[0].closing == "Büyük Millet Meclisi Reisi\nMustafa Kemal"
    assert letters[1].closing == "Umur-u Hariciye Komiseri\nTchitcherine"


def test_recipients(letters: list[Letter]) -> None:
    assert [letter.recipient.addressed for letter in letters] == [
        "Umuru Maliye Vekâleti-i Celilesine",
        "Türkiye Büyük Millet Meclisi Reisi Efendiye",
        "Rusya Sovyet Cumhuriyeti Umur-u Hariciye-i Ahali Komiseri Efendiye",
        "Şark Cephesi Kumandanı Kâzım Karabekir Paşa Hazrelerine",
    ]
    assert [letter.recipient.role for letter in letters] == [
        "Umuru Maliye Vekâleti",
        "Türkiye Büyük Millet Meclisi Reisi",
        "Rusya Sovyet Cumhuriyeti Umur-u Hariciye-i Ahali Komiseri",
        "Şark Cephesi Kumandanı",
    ]
    assert [letter.recipient.name for letter in letters] == [None, None, None, "Kâzım Karabekir"]


def test_source_notes_annexes_sections_pages(letters: list[Letter]) -> None:
    assert [letter.footnote for letter in letters] == ["25", "28", "31", "33"]
    assert [letter.annex for letter in letters] == [1, 2, 3, 4]
    assert [letter.section_id for letter in letters] == ["I.B.a", "II", "II.A", "II.A.a"]
    assert [(letter.page_start, letter.page_end) for letter in letters] == [
        (8, 8),
        (9, 10),
        (11, 12),
        (13, 13),
    ]


def test_heading_block_as_printed(letters: list[Letter]) -> None:
    assert letters[0].heading.splitlines()[:2] == ["Ankara, 9.5.1336 (1920)", "Tahrirat"]
    heading = letters[1].heading.splitlines()
    assert heading[:2] == ["3 Haziran 1920", "No: U/851"]
    assert "Moskova" in heading
    assert heading[-1] == "Türkiye Büyük Millet Meclisi Reisi Efendiye"
    assert letters[3].heading.splitlines()[:2] == ["Ankara 20 Haziran 336 (1920)", "Şifre"]


def test_bodies_hold_the_letter_and_nothing_around_it(letters: list[Letter]) -> None:
    first = letters[0].text
    assert first.startswith("Berayı vazife")
    assert first.rstrip().endswith("rica olunur.")
    second = letters[1].text
    assert second.startswith("Sovyet Hükümeti her iki milleti")
    assert "8. Hernevi yabancı" in second  # the numbered list stays in the letter
    assert "Rus Sovyet Hükümeti tazyik" in second  # and so does the next page
    assert second.rstrip().endswith("eylerim.")
    third = letters[2].text
    assert third.startswith("Rus Sovyet Cumhuriyeti Umur-u Hariciye-i Ahali")
    assert "Türk Milletini emperyalizme" in third  # across the page break
    assert letters[3].text.startswith("20 Haziran 36 tarihli vekiller Heyeti")
    for letter in letters:
        assert "Reisi\n" not in letter.text
        assert "Efendiye" not in letter.text.split("\n")[0]
        assert "aynen" not in letter.text


def test_paragraphs_are_claimed_by_their_letter(seed: Document) -> None:
    by_id = {p.id: p for p in seed.paragraphs}
    for letter in seed.letters:
        assert letter.paragraph_ids
        for pid in letter.paragraph_ids:
            assert by_id[pid].letter_id == letter.id
            assert by_id[pid].kind == "letter"
        first, last = by_id[letter.paragraph_ids[0]], by_id[letter.paragraph_ids[-1]]
        assert (letter.start, letter.end) == (first.start, last.end)
    claimed = {pid for letter in seed.letters for pid in letter.paragraph_ids}
    assert {p.id for p in seed.paragraphs if p.letter_id} == claimed


def test_quotations_and_instructions_are_not_letters(seed: Document) -> None:
    # "tâmim metni aynen şöyle idi;" and "Talimatın ... şekli şöyledir:" introduce a quoted
    # sentence and a numbered list: neither has a heading block or a signature.
    for words in ("selâhiyete malik", "Türkiye'nin Batı devletlerinin"):
        (paragraph,) = [p for p in seed.paragraphs if words in p.text]
        assert paragraph.letter_id is None


def test_letters_survive_crlf_and_nfd(
    letters: list[Letter], seed_raw: str, seed_metadata: Metadata
) -> None:
    variant = unicodedata.normalize("NFD", seed_raw).replace("\n", "\r\n")
    again = parse_document(SEED_ID, variant, seed_metadata).letters
    assert [(x.date, x.place, x.sender, x.recipient, x.footnote) for x in again] == [
        (x.date, x.place, x.sender, x.recipient, x.footnote) for x in letters
    ]


def test_letter_moved_to_another_page(
    letters: list[Letter], seed_raw: str, seed_metadata: Metadata
) -> None:
    """Letter 4 pushed to the top of the next page: its pages change, nothing else."""
    text = seed_raw
    note = "33. Atatürk'ün Milli Dış..., s. 165. \n"
    old_break = "Sovyetler \n\n" + note + "t \n Birliği'ni"
    heading = "müsveddesi) \n\nAnkara 20 Haziran 336 (1920)"
    assert text.count(old_break) == 1 and text.count(heading) == 1
    text = text.replace(old_break, "Sovyetler \nBirliği'ni")
    text = text.replace(heading, "müsveddesi) \n\n" + note + " Ankara 20 Haziran 336 (1920)")
    doc = parse_document("moved", text, seed_metadata)
    assert len(doc.pages) == 17
    moved = doc.letters[3]
    assert (moved.page_start, moved.page_end) == (14, 14)
    assert moved.date is not None and moved.date.iso == "1920-06-20"
    assert (moved.place, moved.kind, moved.footnote, moved.annex) == ("Ankara", "Şifre", "33", 4)
    assert moved.recipient.name == "Kâzım Karabekir"
    assert doc.annexes[3].page == 13  # the reference stayed where it was
    assert [(x.page_start, x.page_end) for x in doc.letters[:3]] == [
        (x.page_start, x.page_end) for x in letters[:3]
    ]


# A made-up page in the same genre: another place, date, kind, sender and recipient, and
# an announcement ("şudur:") that introduces a quotation rather than a letter.
TELEGRAM_ARTICLE = """\
 I. Doğu Cephesinden Ankara'ya Gelen Haberler

Sarıkamış'ın geri alınmasından sonra kolordu kumandanı durumu Ankara'ya
hemen bildirmiştir1. Telgrafın metni aynen şöyledir2: (Ek: 5 Telgrafın Rusça
tercümesi)

Sarıkamış, 30 Eylül 1336 (1920)

Telgraf

No: 412

Büyük Millet Meclisi Riyasetine

Kıtaatımız bu sabah Sarıkamış'ı işgal etmiştir. Düşman şimale doğru
çekilmektedir. Zayiatımız azdır.

Ahalinin iaşesi için tedbir alınmıştır. Maruzdur.

On Beşinci Kolordu Kumandanı
Halit

Bu haber Meclis'te büyük bir sevinçle karşılanmıştır. Bir mebusun o gün
hatıratına yazdığı şudur:

"Meclis'te herkes ayağa kalktı, uzun uzun alkışlandı."

Ertesi gün ordunun ileri harekâtı devam etmiştir.

1. Ali Fuat Cebesoy, Milli Mücadele Hatıraları, İstanbul 1953, s.12.
2. Harp Tarihi Vesikaları, Ankara 1953, s.101.
"""


@pytest.fixture(scope="module")
def telegram_article() -> Document:
    return parse_document("dogu-cephesi", TELEGRAM_ARTICLE, Metadata(kind="article"))


def test_made_up_article_has_one_telegram(telegram_article: Document) -> None:
    (letter,) = telegram_article.letters
    assert letter.date is not None
    assert (letter.date.iso, letter.date.calendar) == ("1920-09-30", "rumi")
    assert letter.date.original == "30 Eylül 1336 (1920)"
    assert (letter.place, letter.kind, letter.reference) == ("Sarıkamış", "Telgraf", "412")
    assert (letter.sender.name, letter.sender.role) == ("Halit", "On Beşinci Kolordu Kumandanı")
    assert letter.recipient.addressed == "Büyük Millet Meclisi Riyasetine"
    assert (letter.recipient.role, letter.recipient.name) == (
        "Büyük Millet Meclisi Riyaseti",
        None,
    )
    assert letter.text.startswith("Kıtaatımız bu sabah")
    assert letter.text.rstrip().endswith("Maruzdur.")
    assert (letter.footnote, letter.annex, letter.section_id) == ("2", 5, "I")


def test_made_up_annex_and_quotation(telegram_article: Document) -> None:
    (annex,) = telegram_article.annexes
    assert (annex.number, annex.language, annex.form) == (5, "ru", "translation")
    assert annex.letter_id == "letter-1"
    quoted = [p for p in telegram_article.paragraphs if "ayağa kalktı" in p.text]
    assert len(quoted) == 1 and quoted[0].letter_id is None


SHIFRE = """\
Erzurum, 3 Teşrinievvel 1336

Şifre

Heyet-i Vekile Riyaset-i Celilesine

Ermeni kuvvetleri Kars istikametinde çekilmektedir. Kıtaatımız takibe
devam ediyor.

Şark Cephesi Kumandanı
Kâzım Karabekir
"""


def test_letter_document_takes_its_metadata_first() -> None:
    meta = Metadata(
        kind="telegram",
        date="1920-10-03",
        date_original="3 Teşrinievvel 1336",
        place="Erzurum",
        sender="Kâzım Karabekir",
        sender_role="Şark Cephesi Kumandanı",
        recipient_role="Heyet-i Vekile Reisi",
    )
    doc = parse_document("sifre-1920-10-03", SHIFRE, meta)
    (letter,) = doc.letters
    assert letter.date is not None
    assert (letter.date.iso, letter.date.original, letter.date.calendar) == (
        "1920-10-03",
        "3 Teşrinievvel 1336",
        "rumi",
    )
    assert (letter.place, letter.kind) == ("Erzurum", "Şifre")
    assert (letter.sender.name, letter.sender.role) == ("Kâzım Karabekir", "Şark Cephesi Kumandanı")
    assert letter.recipient.role == "Heyet-i Vekile Reisi"
    assert letter.recipient.addressed == "Heyet-i Vekile Riyaset-i Celilesine"
    assert letter.text.startswith("Ermeni kuvvetleri")
    assert "Kumandanı" not in letter.text
    assert (letter.footnote, letter.annex) == (None, None)
    assert {p.letter_id for p in doc.paragraphs} == {"letter-1"}


def test_plain_telegram_document_is_its_own_body() -> None:
    text = "Heyet-i Vekile toplandı. Kararlar yarın bildirilecektir.\n\nCevap bekliyoruz.\n"
    meta = Metadata(kind="telegram", date="1920-04-26", sender="Mustafa Kemal")
    (letter,) = parse_document("telgraf", text, meta).letters
    assert letter.date is not None
    assert (letter.date.iso, letter.date.original, letter.date.calendar) == (
        "1920-04-26",
        "1920-04-26",
        "gregorian",
    )
    assert letter.kind == "telegram"
    assert letter.sender.name == "Mustafa Kemal"
    assert letter.text == (
        "Heyet-i Vekile toplandı. Kararlar yarın bildirilecektir.\n\nCevap bekliyoruz."
    )
    assert letter.place is None


def test_article_without_letters_has_none() -> None:
    text = "Konuşma metni aynen şöyledir:\n\nEfendiler, bugün büyük bir gündür.\n"
    doc = parse_document("nutuk", text, Metadata(kind="speech"))
    assert doc.letters == []


# Other shapes of the genre: the annex cited on a line of its own, the role and the name in
# separate paragraphs, and the place and date written under the signature.
DATED_BELOW = """\
 I. Sivas'tan Gelen Cevap

Vali Bey'in ertesi gün verdiği cevap şudur:

(Ek: 2 Türkçe telgrafın sureti)

Büyük Millet Meclisi Riyasetine

Heyetin iaşesi temin olunmuş, erzak yola çıkarılmıştır.

Sivas Valisi

Reşit

Sivas, 12 Temmuz 1336

Bu cevap üzerine heyet yola çıktı.
"""


def test_letter_dated_under_its_signature() -> None:
    doc = parse_document("sivas", DATED_BELOW, Metadata(kind="article"))
    (letter,) = doc.letters
    assert letter.date is not None
    assert (letter.date.iso, letter.date.calendar) == ("1920-07-12", "rumi")
    assert letter.place == "Sivas"
    assert letter.kind == "telgraf"  # named by the annex label, the letter has no kind line
    assert (letter.sender.name, letter.sender.role) == ("Reşit", "Sivas Valisi")
    assert letter.recipient.role == "Büyük Millet Meclisi Riyaseti"
    assert letter.text == "Heyetin iaşesi temin olunmuş, erzak yola çıkarılmıştır."
    assert letter.annex == 2 and doc.annexes[0].letter_id == letter.id
    after = [p for p in doc.paragraphs if p.text.startswith("Bu cevap")]
    assert after[0].letter_id is None


def test_letter_document_dated_under_its_signature() -> None:
    text = (
        "Efendim,\n\nErzurum'a vasıl olduk.\n\nHeyet Reisi\nBekir Sami\n\nErzurum, 30 Mayıs 1336\n"
    )
    (letter,) = parse_document("bekir-sami", text, Metadata(kind="letter")).letters
    assert letter.date is not None and letter.date.iso == "1920-05-30"
    assert (letter.place, letter.kind) == ("Erzurum", "mektup")
    assert (letter.sender.name, letter.sender.role) == ("Bekir Sami", "Heyet Reisi")
    assert letter.text == "Efendim,\n\nErzurum'a vasıl olduk."
    assert letter.heading == ""
