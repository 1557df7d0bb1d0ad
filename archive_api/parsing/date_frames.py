"""Dates as editions of Ottoman documents print them, read before the general rules.

* The editor restores digits in square brackets: ``[13]35`` is 1335, ``9.5.[13]36`` is
  9.5.1336. :func:`unbracket` gives the text with such brackets taken out (and where each
  character came from), so every date rule reads through them while ``original`` keeps them.
* Hijri dates with abbreviated months: ``Fî 3 Ra. sene 1274``, ``15 Ş. 1280``. The
  abbreviations (M. S. Ra. R. Ca. C. B. Ş. N. L. Za. Z.) are also initials and page marks
  (``M. Kemal``, ``s. 12``), so they count only in a date frame: a day before, and ``sene``
  or a Hijri-range year after, or ``Fî`` before.
* Double dates: ``H 1110/M 1699``, ``H. 1110 / M. 1699``: the Hijri year as written, the
  Gregorian year the editor gives as its ISO form.
* A Gregorian equivalent the editor adds in brackets after a date, ``8 Temmuz 1335
  [8 Temmuz 1919]``: it confirms or sets the ISO form; :func:`bracket_gloss` finds it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from archive_api.models import DateValue
from archive_api.parsing.calendars import gregorian_iso
from archive_api.text.turkish import turkish_lower

_RESTORED = re.compile(r"\[(\d{1,2})\](?=\d)|(?<=\d)\[(\d{1,2})\]")
_HIJRI_ABBREVIATIONS = {
    "m": 1,
    "s": 2,
    "ra": 3,
    "r": 4,
    "ca": 5,
    "c": 6,
    "b": 7,
    "ş": 8,
    "n": 9,
    "l": 10,
    "za": 11,
    "z": 12,
}
# on Turkish-lowercased text (ş kept apart from s)
_ABBREVIATED = re.compile(
    r"(?<![\w.])(?P<fi>f[iî]\s+)?(?P<d>\d{1,2})\s+(?P<ab>ra|ca|za|[msrcbşnlz])\.\s*"
    r"(?P<sene>sene(?:si)?\s+)?(?P<y>\d{4}|\d{3})(?!\d)"
)
_DOUBLE = re.compile(r"(?<![\w.])h\.?\s*(?P<h>\d{3,4})\s*/\s*m\.?\s*(?P<g>\d{4})(?!\d)(?:\s*\))?")
_BRACKET = re.compile(r"\s*\[(?P<inner>[^\[\]\n]{4,30})\]")


@dataclass(frozen=True)
class Frame:
    """A date an edition's frame gave: its span in the (unbracketed) text and its value."""

    start: int
    end: int
    value: DateValue


def unbracket(text: str, offsets: Sequence[int] | None) -> tuple[str, list[int] | None]:
    """``text`` without the editor's brackets inside numbers, and where each character
    came from (``offsets`` maps ``text`` to the source already, or is None for identity).
    The list ends with the end of the source, as :func:`dates._composed` does."""
    if "[" not in text or not _RESTORED.search(text):
        return text, list(offsets) if offsets is not None else None
    source = list(offsets) if offsets is not None else [*range(len(text)), len(text)]
    kept: list[str] = []
    origin: list[int] = []
    position = 0
    for match in _RESTORED.finditer(text):
        group = 1 if match.group(1) else 2
        kept.append(text[position : match.start()])
        origin.extend(source[position : match.start()])
        kept.append(match.group(group))
        origin.extend(source[match.start(group) : match.end(group)])
        position = match.end()
    kept.append(text[position:])
    origin.extend(source[position:])
    return "".join(kept), origin


def edition_frames(text: str) -> list[Frame]:
    """Hijri abbreviated-month dates and double dates in ``text`` (already unbracketed)."""
    lowered = turkish_lower(text)
    if len(lowered) != len(text):
        return []  # offsets would not line up; the general rules still read the text
    frames: list[Frame] = []
    for m in _ABBREVIATED.finditer(lowered):
        year = int(m.group("y")) + (1000 if len(m.group("y")) == 3 else 0)
        if not 1000 <= year <= 1400:
            continue  # the frame (a day before, a Hijri-range year after) is not a date
        month, day = _HIJRI_ABBREVIATIONS[m.group("ab")], int(m.group("d"))
        try:
            iso = gregorian_iso("hijri", year, month, day)
        except ValueError:
            continue
        start = m.start("fi") if m.group("fi") else m.start("d")
        frames.append(Frame(start, m.end(), DateValue(text[start : m.end()], iso, "hijri")))
    for m in _DOUBLE.finditer(lowered):
        end = m.end("g")
        value = DateValue(text[m.start() : end], m.group("g"), "hijri", "year")
        frames.append(Frame(m.start(), end, value))
    return sorted(frames, key=lambda frame: frame.start)


def bracket_gloss(
    text: str, end: int, parse: Callable[[str], DateValue | None]
) -> tuple[int, DateValue] | None:
    """A Gregorian date in brackets right after ``end`` (``… 1335 [8 Temmuz 1919]``): the end
    of the bracket and the date read in it."""
    match = _BRACKET.match(text, end)
    if match is None:
        return None
    inner = parse(match.group("inner"))
    if inner is None or inner.calendar != "gregorian":
        return None
    return match.end(), inner
