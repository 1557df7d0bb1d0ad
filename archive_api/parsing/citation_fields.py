"""The fields of one bibliographic reference, read from its comma-separated parts.

Turkish scholarly notes follow ``Author, Title, Edition, Volume, Publisher, Place Year,
s.Pages`` loosely: parts go missing, a period stands in for a comma (``Siyasi Tarih. Ankara
1988``), a journal follows a quoted article title. So each part is recognised by its own
shape (pages, volume, issue, edition, publisher, place and year) and what is left, in order,
is the author and the title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from archive_api.parsing.dates import parse_date
from archive_api.text.turkish import fold_ascii, turkish_lower

_UPPER = "A-ZÇĞİÖŞÜÂÎÛ"
_LOWER = "a-zçğıöşüâîûéèëäï"
_OPEN_QUOTES = "\"“«'‘"
_CLOSE_QUOTES = {'"': '"', "“": "”", "«": "»", "'": "'", "‘": "’"}

PAGES = re.compile(
    r"(?<![\w.])(?:ss?|sf|pp?)\s*\.\s*(?P<pages>[\dlI](?:[\dlI\s]|[-–](?=\s*[\dlI]))*)"
)
OP_CIT = re.compile(
    r"(?<![\w.])(?:a\.\s?g\.\s?[emy]\.?|age|agm|op\.\s?cit\.?)(?![\w])", re.IGNORECASE
)
_VOLUME = re.compile(r"(?:[Cc]|[Cc]ilt|[Vv]ol|Bd|Band)\s*\.?\s*(?:[IVXLC]+|\d+)")
_ISSUE = re.compile(r"^(?:No|Nr|Sayı)\s*[:.]?\s*(?P<n>\d+)$", re.IGNORECASE)
_EDITION = re.compile(
    r"^\d+\s*\.\s*(?:Baskı|Basım|Bası|Bs|Bsk|ed|edition|Auflage|Aufl)\.?$", re.IGNORECASE
)
_YEAR = r"(?P<year>1[0-9]\d\d|20\d\d)"
_PLACE = rf"(?P<place>[{_UPPER}][\w'’.-]*(?:\s+[{_UPPER}][\w'’.-]*){{0,2}})"
_PLACE_YEAR = re.compile(rf"^(?:{_PLACE}\s*[,:]?\s+)?{_YEAR}(?:\s*\(\s*\d{{4}}\s*\))?$")
_PLACE_PUBLISHER = re.compile(rf"^{_PLACE}\s*:\s*(?P<publisher>[^:]+?)(?:,?\s+{_YEAR})?$")
# Words before a colon that make a series or issue, not "Place: Publisher".
_NOT_PLACES = {"no", "nr", "devre", "donem", "sayi", "cilt", "vol", "yil", "bolum", "sayfa"}
_PUBLISHER_WORDS = (
    "yayin",  # Yayınları, Yayınevi, and the OCR'd Yayınlan
    "basimevi",
    "matbaa",
    "kitabevi",
    "bakanlig",
    "kurumu",
    "dizisi",
    "nesriyat",
    "vakfi",
    "press",
    "verlag",
    "publish",
    "university",
    "universite",
)
# Title and imprint glued by a period: "Siyasi Tarih. Ankara 1988".
_PERIOD_IMPRINT = re.compile(rf"^(?P<left>.*?[^\s.]{{2}})\.\s+(?P<right>[{_UPPER}][^.]*\d{{4}})$")
# Author and title glued by a period: "Yusuf Kemal Tengirşek. Vatan Hizmetinde".
_PERIOD_TITLE = re.compile(rf"^(?P<left>.*?[^\s.]{{2}})\.\s+(?P<right>[{_UPPER}{_OPEN_QUOTES}].*)$")
_NAME_TOKEN = re.compile(rf"^(?:[{_UPPER}]\.){{0,2}}[{_UPPER}][{_LOWER}{_UPPER}’'-]*$")
_INITIAL = re.compile(rf"^(?:[{_UPPER}]\.){{1,2}}$")
_PARTICLES = {"de", "da", "von", "van", "der", "den", "al", "el", "bin", "ibn", "du", "la", "le"}


@dataclass
class Fields:
    """What one reference says, before it is classified."""

    parts: list[str] = field(default_factory=list)  # author and title parts, in order
    op_cit: bool = False
    place: str | None = None
    year: str | None = None
    volume: str | None = None
    pages: str | None = None
    edition: str | None = None
    publisher: str | None = None
    issue: str | None = None

    @property
    def imprint(self) -> bool:
        """Publication facts beyond author and title."""
        return any((self.place, self.year, self.edition, self.publisher, self.issue))


def fold(text: str) -> str:
    return fold_ascii(turkish_lower(text))


def squash(text: str) -> str:
    """Collapse runs of whitespace (OCR doubles spaces) and trim separators."""
    return " ".join(text.split()).strip(" ,;")


def split_top(text: str, separator: str) -> list[str]:
    """Split at ``separator`` outside quotes and brackets."""
    pieces: list[str] = []
    depth, quote, start = 0, "", 0
    for i, char in enumerate(text):
        if quote:
            if char == _CLOSE_QUOTES[quote] and not (quote in "'‘" and _inside_word(text, i)):
                quote = ""
        elif char in _OPEN_QUOTES and not (char in "'‘" and _inside_word(text, i)):
            quote = char
        elif char in "([":
            depth += 1
        elif char in ")]":
            depth = max(0, depth - 1)
        elif char == separator and depth == 0:
            pieces.append(text[start:i])
            start = i + 1
    pieces.append(text[start:])
    return pieces


def _inside_word(text: str, i: int) -> bool:
    """An apostrophe between letters is a suffix mark (Atatürk'ün), not a quote."""
    return 0 < i < len(text) - 1 and text[i - 1].isalnum() and text[i + 1].isalnum()


def normal_pages(raw: str) -> str:
    """``1 - 1 6`` → ``1-16``; ``l`` and ``I`` read as ``1`` (OCR)."""
    return re.sub(r"\s+", "", raw).replace("–", "-").replace("l", "1").replace("I", "1")


def is_person(text: str, max_names: int = 4) -> bool:
    """Whether ``text`` is shaped like a personal name: a few capitalised words."""
    if any(c in text for c in '0123456789()"“”«»:…') or "..." in text:
        return False
    names = 0
    for token in text.split():
        if token in _PARTICLES or token in ("ve", "and", "&"):
            continue
        if _INITIAL.match(token):
            continue
        if not _NAME_TOKEN.match(token) or re.search(rf"['’][{_LOWER}]", token):
            return False
        if token.count(".") > 2 or re.fullmatch(r"[IVXLC]{2,}", token):
            return False  # T.B.M.M., a Roman numeral
        names += 1
    return 0 < names <= max_names


def _is_publisher(part: str) -> bool:
    folded = fold(part)
    return any(word in folded for word in _PUBLISHER_WORDS)


def _take_year(part: str, fields: Fields) -> bool:
    """A part that is a place and year, a bare year, or a date such as ``Ekim 1977``."""
    m = _PLACE_YEAR.match(part)
    if m and not fields.year:
        place = m.group("place")
        if place and parse_date(part) is not None:
            place = None  # "Ekim 1977": a month, not a place
        fields.place = fields.place or place
        fields.year = m.group("year")
        return True
    m = _PLACE_PUBLISHER.match(part) if _titled(fields) else None  # not "Title: Subtitle"
    if (
        m
        and fold(m.group("place")) not in _NOT_PLACES
        and not re.fullmatch(r"[IVXLC\d\s]+", m.group("publisher"))
    ):
        fields.place = fields.place or m.group("place")
        fields.publisher = fields.publisher or squash(m.group("publisher"))
        fields.year = fields.year or m.group("year")
        return True
    return False


def _segments(text: str) -> list[str]:
    """Comma-separated parts, with periods standing in for commas split off too."""
    out: list[str] = []
    for raw in split_top(text, ","):
        part = squash(raw)
        if not part:
            continue
        m = _PERIOD_IMPRINT.match(part)
        if m and (_PLACE_YEAR.match(m.group("right")) or parse_date(m.group("right"))):
            out.extend([m.group("left"), m.group("right")])
            continue
        m = _PERIOD_TITLE.match(part)
        if not out and m and is_person(m.group("left")):
            out.extend([m.group("left"), m.group("right")])
            continue
        out.append(part)
    return out


def read_fields(text: str) -> Fields:
    """Recognise each part of one reference by its shape."""
    fields = Fields()
    m = PAGES.search(text)
    if m:
        fields.pages = normal_pages(m.group("pages"))
        text = text[: m.start()] + text[m.end() :]
    for part in _segments(text):
        _read_part(part, fields)
    return fields


def _read_part(part: str, fields: Fields) -> None:
    op_cit = OP_CIT.search(part)
    if op_cit:
        fields.op_cit = True
        before = squash(part[: op_cit.start()])
        if before:  # "Bilge a.g.e.", with no comma
            fields.parts.append(before)
        return
    part = part if part.endswith("...") else part.rstrip(".")
    issue = _ISSUE.match(part)
    if _VOLUME.fullmatch(part) and not fields.volume:
        fields.volume = squash(part)
    elif issue:
        fields.issue = issue.group("n")
    elif _EDITION.match(part):
        fields.edition = part
    elif fields.parts and _take_year(part, fields):
        pass
    elif _titled(fields) and _is_publisher(part):
        fields.publisher = f"{fields.publisher}, {part}" if fields.publisher else part
    elif part:
        fields.parts.append(part)


def _titled(fields: Fields) -> bool:
    """Whether a title has been read, so a publisher may follow."""
    return len(fields.parts) >= 2 or (len(fields.parts) == 1 and not is_person(fields.parts[0]))


def quoted(text: str) -> tuple[str, str] | None:
    """``"Title" Journal`` → (title, journal); None when ``text`` does not open a quote."""
    if not text or text[0] not in _OPEN_QUOTES:
        return None
    close = _CLOSE_QUOTES[text[0]]
    end = text.find(close, 1)
    if end < 0:
        return None
    return squash(text[1:end]), squash(text[end + 1 :])
