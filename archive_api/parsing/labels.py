"""What a footnote label looks like: at the start of a definition, and glued in the body.

Both the layout (where does a page's footnote block begin?) and the anchoring of notes
(which glued digits are markers?) need the same two recognisers, so they live here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# "12. Author…", "8 Bilge…" (period lost), "1.Lord…"; never "9.5.1336" (a date).
_NUMBERED = re.compile(r"(\d{1,3})(?:(\.)(?!\d)\s*|\s+(?=[^\W\d_]))(?=\S)")
_STARRED = re.compile(r"(\*{1,3})\s*(?=[^\s*])")
# ". Atatürk'ün…": a definition whose number the OCR dropped, only its period is left.
_LOST = re.compile(r"\.\s+(?=[^\W\d_\s])")

# A marker is glued to the end of a word, closing quote or bracket: "girdiler2.",
# 'toplanacaktır"15.', "Belge)25", "Litovsk'ta*". Digits after a space, a period or a
# comma ("1883'te", "C.1,1961", "9.5.1336") or an opening quote ('"200 sene') are numbers.
_MARKER = re.compile(r"(?:(?<=[^\W\d_])|(?<=\S[\"”’'»)\]]))(\d{1,3}|\*{1,3})(?![^\W_])")


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
    if match := _STARRED.match(line):
        return NoteStart("star", match.group(1), False, match.end())
    if match := _LOST.match(line):
        return NoteStart("lost", None, True, match.end())
    return None


def glued_markers(text: str) -> Iterator[tuple[int, int, str]]:
    """Every run of digits or stars glued to a word: ``(start, end, label)``.

    Not all of them are markers; the caller keeps those that fit the note sequence.
    """
    for match in _MARKER.finditer(text):
        yield match.start(1), match.end(1), match.group(1)
