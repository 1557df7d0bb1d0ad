"""Ready "cite this" strings: Chicago (17th ed., notes) and İSNAD (2nd ed., dipnot).

Each string is the full first-reference footnote a historian pastes under their own text,
so parts of a document carry their locator: a letter its pages, a footnote its page and
number (Chicago ``8n25``, İSNAD ``8, dn. 25``). Plain text cannot carry italics, so titles
of books are unmarked; everything else follows the two styles:

- Chicago: commas and periods inside closing quotation marks, ``n.d.`` for an unknown date,
  ``and`` / ``et al.`` between authors, English month names, a title supplied by the archive
  in square brackets, page ranges with an en dash.
- İSNAD: punctuation after closing quotation marks, ``ts.`` for an unknown date, authors
  joined by `` - `` and ``vd.`` from three on, Turkish month names, volume and issue of a
  journal as ``41/164``, page ranges with a hyphen, no ``s.`` before page numbers.

A book or article is cited for itself; a document, letter or note of the archive ends with
the archive's name and the record's stable URL. Dates written in the Rumi or Hijri calendar
are given in Gregorian with the date as written: ``May 9, 1920 (Rumi 9.5.1336)`` in Chicago,
``Rumi 9.5.1336/9 Mayıs 1920`` in İSNAD, which writes double dates with a slash.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from archive_api.export.works import BibItem
from archive_api.models import DateValue, Document, Footnote, Letter

EN_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
TR_MONTHS = [
    "Ocak",
    "Şubat",
    "Mart",
    "Nisan",
    "Mayıs",
    "Haziran",
    "Temmuz",
    "Ağustos",
    "Eylül",
    "Ekim",
    "Kasım",
    "Aralık",
]
CALENDAR_NAMES = {"rumi": "Rumi", "hijri": "Hicri"}
# Kinds the metadata names in English; a kind read from the letter is kept as written.
TR_KINDS = {"letter": "mektup", "telegram": "telgraf"}

_TRAILING_YEAR = re.compile(r"\s*\(\d{4}\)\s*$")
_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


@dataclass(frozen=True)
class CiteThis:
    chicago: str
    isnad: str


# --- pieces shared by both styles ------------------------------------------------------


def _join(*parts: str | None, sep: str = ", ") -> str:
    return sep.join(part for part in parts if part)


def _sentence(text: str) -> str:
    """End a citation with one period (a URL or a closing bracket still gets it)."""
    return text if text.endswith(".") else text + "."


def iso_date(iso: str | None, months: list[str], *, day_first: bool) -> str | None:
    """``1920-06-03`` as ``June 3, 1920`` (Chicago) or ``3 Haziran 1920`` (İSNAD)."""
    match = _ISO.fullmatch(iso or "")
    if match is None:
        return None
    year, month, day = match.groups()
    if month is None or not 1 <= int(month) <= 12:
        return year
    name = months[int(month) - 1]
    if day is None:
        return f"{name} {year}"
    if day_first:
        return f"{int(day)} {name} {year}"
    return f"{name} {int(day)}, {year}"


def _as_written(value: DateValue) -> str | None:
    """``Rumi 9.5.1336`` for a date not written in the Gregorian calendar."""
    if value.calendar == "gregorian":
        return None
    original = _TRAILING_YEAR.sub("", value.original).strip()
    return f"{CALENDAR_NAMES.get(value.calendar, value.calendar)} {original}"


def _letter_date(value: DateValue | None, months: list[str], day_first: bool) -> str | None:
    if value is None:
        return None
    text = iso_date(value.iso, months, day_first=day_first) or value.original
    written = _as_written(value)
    if not written:
        return text
    # İSNAD writes a double date as Turkish books do (``1432/2011``); Chicago glosses it.
    return f"{written}/{text}" if day_first else f"{text} ({written})"


def _supplied(text: str | None, supplied: bool) -> str | None:
    """Information the archive supplied goes in square brackets."""
    return f"[{text}]" if text and supplied else text


def _pages(first: int, last: int, dash: str) -> str:
    return str(first) if first == last else f"{first}{dash}{last}"


# --- names ------------------------------------------------------------------------------


def chicago_names(names: list[str]) -> str:
    names = [n for n in names if n]
    if len(names) >= 4:
        return f"{names[0]} et al."
    if len(names) == 3:
        return f"{names[0]}, {names[1]}, and {names[2]}"
    return " and ".join(names)


def isnad_names(names: list[str]) -> str:
    names = [n for n in names if n]
    if len(names) >= 3:
        return f"{names[0]} vd."
    return " - ".join(names)


# --- works (books and articles cited in the notes) ---------------------------------------


def _ordinal_en(number: str) -> str:
    if not number.isdigit():
        return number
    value = int(number)
    suffix = "th" if 10 <= value % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")
    return f"{value}{suffix}"


def _imprint(item: BibItem, no_date: str) -> str:
    where = _join(item.place, item.publisher, sep=": ")
    return f"({_join(where, item.year or no_date)})"


def cite_work(item: BibItem) -> CiteThis:
    names = [n.full for n in item.authors]
    if item.kind == "article":
        journal_en = _join(item.journal, item.volume, sep=" ")
        if item.issue:
            journal_en = _join(journal_en, f"no. {item.issue}")
        chicago = _join(
            chicago_names(names), f"“{item.title}”", f"{journal_en} ({item.year or 'n.d.'})"
        )
        number_tr = "/".join(part for part in (item.volume, item.issue) if part)
        isnad = _join(
            isnad_names(names),
            f"“{item.title}”",
            f"{_join(item.journal, number_tr, sep=' ')} ({item.year or 'ts.'})",
        )
        return CiteThis(chicago_punctuation(_sentence(chicago)), _sentence(isnad))
    chicago_head = _join(
        chicago_names(names),
        item.title,
        f"{_ordinal_en(item.edition)} ed." if item.edition else None,
        f"vol. {item.volume}" if item.volume else None,
    )
    isnad_head = _join(
        isnad_names(names),
        item.title,
        f"{item.edition}. Baskı" if item.edition and item.edition.isdigit() else item.edition,
        f"{item.volume}. Cilt" if item.volume and item.volume.isdigit() else item.volume,
    )
    return CiteThis(
        _sentence(f"{chicago_head} {_imprint(item, 'n.d.')}"),
        _sentence(f"{isnad_head} {_imprint(item, 'ts.')}"),
    )


# --- records of the archive -------------------------------------------------------------


def _title_chicago(doc: Document) -> str:
    """The document's title: in quotation marks, or in brackets when the archive wrote it."""
    if "title" in doc.metadata.inferred:
        return f"[{doc.title}]"
    return f"“{doc.title}”"


def _title_isnad(doc: Document) -> str:
    return f"[{doc.title}]" if "title" in doc.metadata.inferred else f"“{doc.title}”"


def _doc_part_chicago(doc: Document) -> str:
    """Author and title of the document a letter or note belongs to."""
    return _join(chicago_names(doc.metadata.authors), _title_chicago(doc))


def chicago_punctuation(text: str) -> str:
    """Chicago puts a comma or period that follows a quotation inside the marks."""
    text = text.replace("”, ", ",” ")
    return text[:-2] + ".”" if text.endswith("”.") else text


def cite_document(doc: Document, url: str, archive: str) -> CiteThis:
    meta = doc.metadata
    inferred = set(meta.inferred)
    date_en = iso_date(meta.date, EN_MONTHS, day_first=False)
    date_tr = iso_date(meta.date, TR_MONTHS, day_first=True)
    place = _supplied(meta.place, "place" in inferred)
    chicago = _join(
        chicago_names(meta.authors),
        _title_chicago(doc),
        place,
        _supplied(date_en, "date" in inferred) or "n.d.",
        archive,
        url,
    )
    isnad_when = _join(place, _supplied(date_tr, "date" in inferred) or "ts.")
    isnad = _join(isnad_names(meta.authors), f"{_title_isnad(doc)} ({isnad_when})", archive, url)
    return CiteThis(chicago_punctuation(_sentence(chicago)), _sentence(isnad))


def _recipient(letter: Letter, *, addressed_first: bool) -> str | None:
    person = letter.recipient
    order = (person.addressed, person.name, person.role)
    if not addressed_first:
        order = (person.name, person.role, person.addressed)
    return next((part for part in order if part), None)


def cite_letter(doc: Document, letter: Letter, url: str, archive: str) -> CiteThis:
    sender = letter.sender.name or letter.sender.role or "Unknown"
    recipient = _recipient(letter, addressed_first=False) or "unknown recipient"
    date_inferred = "date" in letter.inferred
    place_inferred = "place" in letter.inferred
    chicago = _join(
        f"{sender} to {recipient}",
        _supplied(letter.place, place_inferred),
        _supplied(_letter_date(letter.date, EN_MONTHS, False), date_inferred),
        f"in {_doc_part_chicago(doc)}",
        _pages(letter.page_start, letter.page_end, "–"),
        archive,
        url,
    )
    kind = TR_KINDS.get(letter.kind or "", letter.kind)
    kind = kind[:1].upper() + kind[1:] if kind else None
    circumstances = _join(
        kind,
        _supplied(letter.place, place_inferred),
        _supplied(_letter_date(letter.date, TR_MONTHS, True), date_inferred),
    )
    isnad = _join(
        letter.sender.name or letter.sender.role or "Bilinmeyen",
        _join(_recipient(letter, addressed_first=True), f"({circumstances})", sep=" ")
        if circumstances
        else _recipient(letter, addressed_first=True),
        _doc_part_isnad(doc),
        _pages(letter.page_start, letter.page_end, "-"),
        archive,
        url,
    )
    return CiteThis(chicago_punctuation(_sentence(chicago)), _sentence(isnad))


def _doc_part_isnad(doc: Document) -> str:
    return _join(isnad_names(doc.metadata.authors), _title_isnad(doc))


def cite_footnote(doc: Document, note: Footnote, url: str, archive: str) -> CiteThis:
    chicago = _join(_doc_part_chicago(doc), f"{note.page}n{note.label}", archive, url)
    isnad = _join(_doc_part_isnad(doc), str(note.page), f"dn. {note.label}", archive, url)
    return CiteThis(chicago_punctuation(_sentence(chicago)), _sentence(isnad))
