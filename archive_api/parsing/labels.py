"""What a footnote label looks like: at the start of a definition, and glued in the body.

Both the layout (where does a page's footnote block begin?) and the anchoring of notes
(which glued digits are markers?) need the same two recognisers, so they live here.

Editions print labels in several ways, all read here: ``12.``, ``12`` (period lost), ``12)``,
``[12]``, superscript ``¹²``, ``*``/``**``, and in PDF text a number glued to the first word
of the note (``15bin yüz on``). In the body a marker is glued to its word (``girdiler2``),
after a closing quote or bracket (``Belge)25``), bracketed (``yoktur.[1]``), superscript
(``yoktur.¹``) or, weakest, right after a comma or full stop (``Kolleg,1``, ``oldu.7``):
weak markers count only where no strong one fits the note sequence. Folio references such as
``[1b-2a]`` or ``[2a]`` are not markers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# "12. Author…", "12) Author", "8 Bilge…" (period lost), "68 1081 N1]" (a variant reading),
# "1.Lord…"; never "9.5.1336" (a date).
_NUMBERED = re.compile(r"(\d{1,3})(?:([.)])(?!\d)\s*|\s+(?=[^\W_]|[\"“«‘]))(?=\S)")
# "[12] Author", "¹² Author": a label no body line starts with.
_BRACKETED = re.compile(r"\[(\d{1,3})\]\s*(?=\S)")
_SUPERSCRIPT_START = re.compile(r"([¹²³⁴-⁹⁰]{1,3})\s*(?=[^\s¹²³⁴-⁹⁰])")
# "15bin yüz on": PDF text glued the number to the note's first word; not a folio "1b’de".
_GLUED_START = re.compile(r"(\d{1,3})(?![ab](?![^\W\d_]))(?=[^\W\d_]|[\"“«‘])")
_STARRED = re.compile(r"(?!\*\*[^*]+\*\*)(\*{1,3})\s*(?=[^\s*])")  # not "**bold**"
# ". Atatürk'ün…": a definition whose number the OCR dropped, only its period is left.
_LOST = re.compile(r"\.\s+(?=[^\W\d_\s])")

# A marker is glued to the end of a word, closing quote or bracket: "girdiler2.",
# 'toplanacaktır"15.', "Belge)25", "Litovsk'ta*". Digits after a space, a period or a
# comma ("1883'te", "C.1,1961", "9.5.1336") or an opening quote ('"200 sene') are numbers.
_MARKER = re.compile(r"(?:(?<=[^\W\d_])|(?<=\S[\"”’'»)\]]))(\d{1,3}|\*{1,3})(?![^\W_])")
_BRACKET_MARKER = re.compile(r"\[(\d{1,3}|\*{1,3})\]")
_STAR_AFTER_STOP = re.compile(r"(?<=[^\W\d_][.,;:])(\*{1,3})(?![^\W_])")  # "basılmıştır.*"
_SUPERSCRIPT_MARKER = re.compile(r"(?<=\S)([¹²³⁴-⁹⁰]{1,3})")
# weak: "Kolleg,1", "oldu.7 Sonra"; never "C.1,1961" or "s.46." (the digits run on); and a
# marker PDF text moved to the front of the next word ("bunlardan 220Cüce"; not "3b’de")
_AFTER_PUNCTUATION = re.compile(
    r"(?<=[^\W\d_][.,;:])(\d{1,3})(?=[\s\"”’'»)\]]|$)|(?:(?<=\s)|^)(\d{1,3})(?=[^\W\d_]{2})"
)
_SUPERSCRIPTS = "¹²³⁴⁵⁶⁷⁸⁹⁰"
_LABEL_CHAR = re.compile(r"[\d*¹²³⁴-⁹⁰]")  # a line without one holds no marker
_SUPERSCRIPT_DIGITS = str.maketrans(_SUPERSCRIPTS, "1234567890")


@dataclass(frozen=True)
class NoteStart:
    """The label that opens a footnote definition line."""

    kind: str  # "number", "star" or "lost"
    label: str | None  # "12", "*"; None when the number was lost
    has_period: bool
    width: int  # characters of the line taken by the label and the spaces after it

    @property
    def number(self) -> int | None:
        return int(self.label) if self.kind == "number" and self.label else None


def note_start(line: str) -> NoteStart | None:
    """Recognise ``line`` (already stripped) as the first line of a footnote definition."""
    if match := _NUMBERED.match(line):
        return NoteStart("number", match.group(1), match.group(2) is not None, match.end())
    for strong in (_BRACKETED, _SUPERSCRIPT_START):
        if match := strong.match(line):
            label = match.group(1).translate(_SUPERSCRIPT_DIGITS)
            return NoteStart("number", label, True, match.end())
    if match := _GLUED_START.match(line):
        return NoteStart("number", match.group(1), False, match.end())
    if match := _STARRED.match(line):
        return NoteStart("star", match.group(1), False, match.end())
    if match := _LOST.match(line):
        return NoteStart("lost", None, True, match.end())
    return None


def glued_markers(text: str) -> Iterator[tuple[int, int, str]]:
    """Every strong marker candidate: ``(start, end, label)``, in text order.

    Not all of them are markers; the caller keeps those that fit the note sequence.
    """
    if not _LABEL_CHAR.search(text):
        return
    found = [(m.start(1), m.end(1), m.group(1)) for m in _MARKER.finditer(text)]
    if "[" in text:
        found += [(m.start(), m.end(), m.group(1)) for m in _BRACKET_MARKER.finditer(text)]
    if "*" in text:
        found += [(m.start(1), m.end(1), m.group(1)) for m in _STAR_AFTER_STOP.finditer(text)]
    if not text.isascii():
        found += [
            (m.start(1), m.end(1), m.group(1).translate(_SUPERSCRIPT_DIGITS))
            for m in _SUPERSCRIPT_MARKER.finditer(text)
        ]
    if len(found) < 2:
        yield from found
        return
    # a bracketed label also matched as "glued after a bracket": keep the bracketed span
    spans = {(start, end) for start, end, _ in found}
    for start, end, label in sorted(found):
        if (start - 1, end + 1) not in spans:
            yield start, end, label


def is_explicit(text: str, start: int) -> bool:
    """Whether the candidate at ``start`` is bracketed ``[12]`` or superscript ``¹²``: labels
    no other text looks like, tried before glued digits (which sigla such as ``N2`` make)."""
    return text[start] == "[" or text[start] in _SUPERSCRIPTS


def weak_markers(text: str) -> Iterator[tuple[int, int, str]]:
    """Digits right after a comma or full stop ending a word (``Kolleg,1``): markers only when
    the note sequence finds no strong one."""
    for match in _AFTER_PUNCTUATION.finditer(text):
        group = 1 if match.group(1) else 2
        yield match.start(group), match.end(group), match.group(group)
