"""Dates as late Ottoman and early Republican texts write them.

A date keeps three things: the text as written, its Gregorian ISO form to the precision the
text gives, and the calendar it was written in. Rules, in the order they apply:

* A Hijri month name, or a marker (``H.``, ``hicri``, ``Hicri 1338``), means Hijri. Hijri dates
  are converted with the tabular (arithmetical) Islamic calendar, which can differ from the
  observed calendar by a day or two.
* ``R.``/``Rumi`` means Rumi, ``M.``/``miladi`` Gregorian.
* Otherwise a year in 1250..1341 written with a month is Rumi: the financial calendar used
  from 1840 (1256) to 1925 (1341), which is where such years occur in these archives. A
  Gregorian gloss after the date, ``9.5.1336 (1920)``, picks between Rumi and Hijri.
  Such a year alone (``1299'da``) is ambiguous (Gregorian 1299 is a famous date too) and is
  only read with a marker or a gloss.
* Rumi years start on 1 March: Gregorian year = Rumi + 584 for March–December, + 585 for
  January–February. From 1 Mart 1333 (1917) Rumi days and months equal Gregorian ones; before,
  the Rumi date is a Julian date, converted exactly (12 days behind in the 19th century,
  13 from March 1900).
* Short years: ``336`` is 1336; ``36`` needs the year of the surrounding text and becomes the
  reading closest to it (``36`` in a 1920 text is Rumi 1336, ``20`` is 1920).
* Ranges keep their first day (``27-28 Nisan 1920`` → 1920-04-27) or first month
  (``Mayıs-Haziran 1920`` → 1920-05); ``original`` covers the whole range.
* A date without a year (``30 Ekim'de``) is left out of :func:`find_dates`; :func:`parse_date`
  reads it only when given a context year.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

from archive_api.models import Calendar, DateValue, Precision
from archive_api.parsing.calendars import approx_gregorian_year, gregorian_iso
from archive_api.parsing.date_frames import bracket_gloss, edition_frames, unbracket
from archive_api.text.turkish import fold_ascii, turkish_lower

# Month names as they look after Turkish lowercasing and ASCII folding.
_COMMON_MONTHS: tuple[tuple[str, int], ...] = (
    ("ocak", 1),
    ("subat", 2),
    ("mart", 3),
    ("nisan", 4),
    ("mayis", 5),
    ("haziran", 6),
    ("temmuz", 7),
    ("agustos", 8),
    ("eylul", 9),
    ("ekim", 10),
    ("kasim", 11),
    ("aralik", 12),
    # Ottoman names of the Rumi (and early Republican) months
    (r"kanun[-\s]?[iu]?[-\s]?sani", 1),
    (r"tesrin[-\s]?[iu]?[-\s]?evvel", 10),
    (r"tesrin[-\s]?[iu]?[-\s]?sani", 11),
    (r"kanun[-\s]?[iu]?[-\s]?evvel", 12),
)
_HIJRI_MONTHS: tuple[tuple[str, int], ...] = (
    ("muharrem", 1),
    ("sa?fer", 2),
    (r"rebi[-\s]?[uy]?[-\s]?l?[-\s]?evvel", 3),
    (r"rebi[-\s]?[uy]?[-\s]?l?[-\s]?a(?:hir|har)", 4),
    (r"cemazi[-\s]?y?[eu]?l?[-\s]?(?:evvel|ula)", 5),
    (r"cemazi[-\s]?y?[eu]?l?[-\s]?a(?:hir|har)e?", 6),
    ("rece[pb]", 7),
    ("saban", 8),
    ("ramazan", 9),
    ("sevval", 10),
    (r"zi'?l?[-\s]?ka'?a?de", 11),
    (r"zi'?l?[-\s]?hicce", 12),
)
_MONTH = "|".join(p for p, _ in _COMMON_MONTHS + _HIJRI_MONTHS)
_MONTH_TABLE = [(re.compile(p), n, False) for p, n in _COMMON_MONTHS] + [
    (re.compile(p), n, True) for p, n in _HIJRI_MONTHS
]

_PRE = r"(?:(?P<pre>hicri|rumi|miladi)\s+)?"
_POST = r"(?P<marker>\s*(?:\b[hrm]\.|\bhicri\b|\brumi\b|\bmiladi\b))?"
_GLOSS = r"(?P<gloss>\s*\(\s*(?:m\.?\s*)?(?P<gy>\d{4})\s*\))?"
_MARKERS: dict[str, Calendar] = {
    "h": "hijri",
    "hicri": "hijri",
    "r": "rumi",
    "rumi": "rumi",
    "m": "gregorian",
    "miladi": "gregorian",
}

_NAMED = re.compile(
    rf"(?<![\w.]){_PRE}(?:(?P<d1>\d{{1,2}})(?:\s*[-–]\s*\d{{1,2}})?\s+)?"
    rf"(?P<m1>{_MONTH})(?![a-z])"
    rf"(?:\s*[-–]\s*(?:\d{{1,2}}\s+)?(?P<m2>{_MONTH})(?![a-z]))?"
    rf"(?:\s+(?P<y>\d{{2,4}})(?!\w)(?![.,]\d))?{_POST}{_GLOSS}"
)
_NUMERIC = re.compile(
    rf"(?<![\w.,/:]){_PRE}(?P<d1>\d{{1,2}})(?P<sep>[./])(?P<mo>\d{{1,2}})(?P=sep)"
    rf"(?P<y>\d{{4}}|\d{{3}}|\d{{2}})(?!\d|[./]\d){_POST}{_GLOSS}"
)
_ISO = re.compile(r"(?<![\w.-])(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d1>\d{2})(?![\w-])")
_YEAR_MONTH = re.compile(rf"(?<![\w.,/:–-])(?P<y>\d{{4}})\s+(?P<m1>{_MONTH})(?![a-z])(?!\s*\d)")
_BARE = re.compile(
    rf"(?<![\w.,/:–-]){_PRE}(?P<y>\d{{4}})(?!\w)(?![-–]\d){_POST}{_GLOSS}"
    r"(?=(?P<suffix>['’][a-z]+)|(?P<word>\s+(?:yil(?!lar)|sene|tarih))|)"
)
# What may follow a two-digit year for it to be read as one.
_SHORT_YEAR_END = re.compile(r"['’]|\s+(?:tarih|gun|sene|yil)|\s*(?:[.,;:)]|$)")
# A number right after these is a page, volume or issue, never a date.
_NOT_A_DATE_BEFORE = re.compile(r"(?:\b(?:ss?|sf|pp?|c|no|sayi|cilt|vol)\s*[.:]?\s*)$")
_NAME_INITIAL = re.compile(r"\s*[A-ZÇĞİÖŞÜÂÎÛ][a-zçğıöşüâîû]")
_TRAILER = re.compile(r"(?:['’][^\W\d_]+)?[\s.,;:]*")

_RUMI_YEARS = range(1250, 1342)
_PLAUSIBLE = range(1000, 2100)


@dataclass(frozen=True)
class _Parts:
    """One candidate mention before its calendar is decided."""

    start: int
    end: int
    day: int | None
    month: int | None
    named_month: bool  # the month is a name, not a number
    hijri_month: bool  # ... a Hijri month name
    year: str | None  # digits as written
    marker: Calendar | None
    gloss: int | None
    month_span_back: bool = False  # "Aralık-Ocak 1920": the first month is in the year before


def _composed(text: str) -> tuple[str, list[int] | None]:
    """``text`` in NFC and, unless it was NFC already, where each character came from.

    Matching runs on the composed text; spans are mapped back so that ``original`` stays
    exactly as written (NFD ``ş`` included). The list ends with ``len(text)``.
    """
    if unicodedata.is_normalized("NFC", text):
        return text, None
    pieces: list[str] = []
    offsets: list[int] = []
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or not unicodedata.combining(text[i]):
            piece = unicodedata.normalize("NFC", text[start:i])
            pieces.append(piece)
            offsets.extend([start] * len(piece))
            start = i
    offsets.append(len(text))
    return "".join(pieces), offsets


def _fold(text: str) -> str:
    """Lower-case and fold ``text`` keeping every character at its offset."""
    folded = fold_ascii(turkish_lower(text))
    if len(folded) == len(text):
        return folded
    out = []
    for char in text:
        one = fold_ascii(turkish_lower(char))
        out.append(one if len(one) == 1 else char)
    return "".join(out)


def _month(token: str) -> tuple[int, bool]:
    for pattern, number, hijri in _MONTH_TABLE:
        if pattern.fullmatch(token):
            return number, hijri
    raise ValueError(token)  # unreachable: the token matched the alternation


def _marker(m: re.Match[str], text: str) -> tuple[Calendar | None, bool]:
    """The calendar named around the date, and whether a trailing ``M.`` is a name's initial
    (``1920 M. Kemal``) rather than a mark."""
    groups = m.groupdict()
    calendar, initial = None, False
    post = groups.get("marker")
    if post:
        word = post.strip().rstrip(".")
        letter = m.end("marker") - 2
        if len(word) == 1 and (
            not text[letter].isupper() or _NAME_INITIAL.match(text, m.end("marker"))
        ):
            initial = True
        else:
            calendar = _MARKERS[word]
    if groups.get("pre"):
        calendar = _MARKERS[groups["pre"]]
    return calendar, initial


def _parts(m: re.Match[str], text: str, folded: str) -> _Parts | None:
    groups = m.groupdict()
    if _NOT_A_DATE_BEFORE.search(folded, max(0, m.start() - 8), m.start()):
        return None
    end = m.end()
    marker, initial = _marker(m, text)
    gloss_ok = True
    if initial:
        end, gloss_ok = m.start("marker"), False  # the date ends before the initial
    month: int | None = None
    hijri = month_back = False
    if groups.get("m1"):
        month, hijri = _month(groups["m1"])
        if groups.get("m2"):
            month_back = _month(groups["m2"])[0] < month
    elif groups.get("mo"):
        month = int(groups["mo"])
    year = groups.get("y")
    short = bool(year) and len(year or "") == 2 and bool(groups.get("m1"))
    if short and not _SHORT_YEAR_END.match(folded, m.end("y")):
        year, end, gloss_ok = None, m.end("m2" if groups.get("m2") else "m1"), False
    gy = groups.get("gy")
    return _Parts(
        start=m.start(),
        end=end,
        day=int(groups["d1"]) if groups.get("d1") else None,
        month=month,
        named_month=bool(groups.get("m1")),
        hijri_month=hijri,
        year=year,
        marker=marker,
        gloss=int(gy) if gy and gloss_ok else None,
        month_span_back=month_back,
    )


def _context_gregorian(context_year: int) -> int:
    """A context year in the Rumi window is taken as Rumi (no Gregorian text is that old)."""
    return context_year + 584 if context_year in _RUMI_YEARS else context_year


_CENTURIES: dict[Calendar, tuple[int, ...]] = {
    "gregorian": (1800, 1900, 2000),
    "rumi": (1200, 1300),
    "hijri": (1200, 1300, 1400),
}


def _expand_short(
    digits: int, parts: _Parts, context_year: int | None
) -> tuple[int, Calendar] | None:
    """The reading of a two-digit year closest to the surrounding year."""
    if context_year is None:
        return None
    context = _context_gregorian(context_year)
    calendars: tuple[Calendar, ...]
    if parts.hijri_month or parts.marker == "hijri":
        calendars = ("hijri",)
    elif parts.marker:
        calendars = (parts.marker,)
    else:
        calendars = ("gregorian", "rumi")
    best: tuple[int, int, Calendar] | None = None
    for calendar in calendars:
        for century in _CENTURIES[calendar]:
            year = century + digits
            if calendar == "rumi" and year not in _RUMI_YEARS:
                continue
            distance = abs(approx_gregorian_year(year, calendar) - context)
            if best is None or distance < best[0]:
                best = (distance, year, calendar)
    if best is None or best[0] > 40:
        return None
    return best[1], best[2]


def _choose_calendar(year: int, parts: _Parts) -> Calendar | None:
    if parts.hijri_month and parts.marker not in (None, "hijri"):
        return None  # "Ramazan 1338 M.": contradictory
    if parts.hijri_month or parts.marker == "hijri":
        return "hijri"
    if parts.marker:
        return parts.marker
    if parts.gloss is not None and year not in _RUMI_YEARS and parts.gloss - year > 100:
        return "hijri"  # "Sene 1110 (M 1699)"
    if year not in _RUMI_YEARS:
        return "gregorian"
    if parts.gloss is None:
        return None if parts.month is None else "rumi"
    rumi_gap = abs(approx_gregorian_year(year, "rumi") - parts.gloss)
    hijri_gap = abs(approx_gregorian_year(year, "hijri") - parts.gloss)
    return "rumi" if rumi_gap <= hijri_gap else "hijri"


def _year_and_calendar(parts: _Parts, context_year: int | None) -> tuple[int, Calendar] | None:
    if parts.year is None:  # only a context year can complete it
        if context_year is None or parts.month is None or parts.hijri_month:
            return None
        if context_year in _RUMI_YEARS:
            return context_year, "rumi"
        return context_year, "gregorian"
    if len(parts.year) == 2:
        return _expand_short(int(parts.year), parts, context_year)
    year = int(parts.year) + (1000 if len(parts.year) == 3 else 0)
    if len(parts.year) == 3 and year not in range(1250, 1400):
        return None
    calendar = _choose_calendar(year, parts) if year in _PLAUSIBLE else None
    return None if calendar is None else (year, calendar)


def _resolve(parts: _Parts, text: str, context_year: int | None) -> DateValue | None:
    found = _year_and_calendar(parts, context_year)
    if found is None:
        return None
    year, calendar = found
    if parts.hijri_month != (calendar == "hijri") and parts.named_month:
        return None  # a Hijri month in another calendar, or a Hijri year with "Mayıs"
    if parts.month_span_back:
        year -= 1
    if parts.month is not None and not 1 <= parts.month <= 12:
        return None
    try:
        iso = gregorian_iso(calendar, year, parts.month, parts.day, parts.gloss)
    except ValueError:
        return None
    precision: Precision = (
        "year" if parts.month is None else "month" if parts.day is None else "day"
    )
    return DateValue(text[parts.start : parts.end], iso, calendar, precision)


def _candidates(text: str, folded: str, bare_needs_context: bool) -> list[_Parts]:
    found: list[_Parts] = []
    for pattern in (_NUMERIC, _ISO, _NAMED, _YEAR_MONTH, _BARE):
        for m in pattern.finditer(folded):
            parts = _parts(m, text, folded)
            if parts is None:
                continue
            if pattern is _BARE and bare_needs_context:
                suffix = m.group("suffix") or ""
                decade = suffix[1:2] == "l"  # 1920'li, 1920'lerde: a decade
                signs = parts.marker or parts.gloss or m.group("word") or (suffix and not decade)
                if not signs:
                    continue
            found.append(parts)
    found.sort(key=lambda p: (p.start, p.start - p.end))
    return found


def find_dates(text: str, context_year: int | None = None) -> list[tuple[int, int, DateValue]]:
    """Every date mentioned in ``text``, as (start, end, value), in reading order.

    Spans cover the date and its bracketed gloss, not a case suffix (``1914'de`` → ``1914``).
    A year alone counts only with a sign that it is a date (``1917'de``, ``1917 yılında``,
    ``Hicri 1338``): a year in a range (``1920-1964``) is a period, and a number after ``s.``,
    ``C.`` or ``No:`` a page, volume or issue. Two-digit years are read against the last full
    year seen, else ``context_year``. Dates without a year (``30 Ekim'de``) are left out:
    their year would be a guess.
    """
    composed, offsets = unbracket(*_composed(text))
    folded = _fold(composed)
    context = context_year
    found: list[tuple[int, int, DateValue]] = []
    frames = edition_frames(composed)
    framed = [(frame.start, frame.end) for frame in frames]
    last_end = -1
    for parts in _candidates(composed, folded, bare_needs_context=True):
        if parts.start < last_end or parts.year is None:
            continue
        if any(start < parts.end and parts.start < end for start, end in framed):
            continue
        value = _resolve(parts, composed, context)
        if value is None:
            continue
        end = parts.end
        if gloss := bracket_gloss(composed, end, parse_date):
            end, equivalent = gloss  # "8 Temmuz 1335 [8 Temmuz 1919]": the editor's reading
            value = replace(value, original=composed[parts.start : end], iso=equivalent.iso)
        last_end = end
        if len(parts.year) > 2:
            context = int(value.iso[:4])
        found.append((parts.start, end, value))
    found += [(frame.start, frame.end, frame.value) for frame in frames]
    found.sort(key=lambda item: item[0])
    if offsets is None:
        return found
    return [
        (offsets[start], offsets[end], replace(value, original=text[offsets[start] : offsets[end]]))
        for start, end, value in found
    ]


def parse_date(text: str, context_year: int | None = None) -> DateValue | None:
    """Read ``text`` as one date, or return None when it is not exactly one date.

    A trailing case suffix or punctuation is allowed (``1914'de``); anything else around the
    date (a place, a verb) makes it not a date. ``context_year`` (Gregorian, or Rumi when in
    1250..1341) completes two-digit years and dates written without a year.
    """
    stripped = text.strip()
    if not stripped:
        return None
    composed, offsets = unbracket(*_composed(stripped))
    folded = _fold(composed)
    frames = edition_frames(composed)
    if frames and frames[0].start == 0 and _TRAILER.fullmatch(composed, frames[0].end):
        framed = frames[0].value
        return replace(framed, original=stripped[: offsets[frames[0].end]]) if offsets else framed
    best: DateValue | None = None
    best_end = -1
    for parts in _candidates(composed, folded, bare_needs_context=False):
        if parts.start != 0 or parts.end <= best_end:
            continue
        end, equivalent = parts.end, None
        if gloss := bracket_gloss(composed, end, parse_date):
            end, equivalent = gloss
        if _TRAILER.fullmatch(composed, end) is None:
            continue
        value = _resolve(parts, composed, context_year)
        if value is not None:
            best, best_end = value, end
            if equivalent is not None:
                best = replace(best, iso=equivalent.iso)
    if best is not None:
        original = stripped[: offsets[best_end]] if offsets is not None else stripped[:best_end]
        best = replace(best, original=original)
    return best
