"""Bring a decoded text into the one form every later step assumes.

Layout rules work on characters: a page starts at a line beginning with one space, a word
is hyphenated when a line ends in ``-``. Those rules only hold if line ends are ``\\n``,
letters are composed (NFC: ``ş`` is one code point, not ``s`` + cedilla) and stray control
characters are gone, so that NFD or CRLF copies of a text parse exactly like the original.
"""

from __future__ import annotations

import re

from archive_api.errors import ParseError
from archive_api.text.turkish import nfc

_BOM = "\ufeff"
# Line separators other than LF: CRLF, lone CR, NEL, LS, PS, vertical tab. A form feed is
# kept: it is where a page ends.
_LINE_BREAKS = re.compile(r"\r\n|[\r\x85\u2028\u2029\x0b]")
# C0 and C1 controls except TAB and LF (DEL included), and the invisible soft hyphen: they
# carry no text.
_CONTROLS = re.compile(r"[\x01-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\xad]")


def normalize_text(text: str, source: str | None = None) -> str:
    """Return ``text`` as NFC with LF line ends, no BOM and no control characters but ``\\f``.

    A NUL byte means the file is binary (or UTF-16 read as UTF-8), and a text with no
    visible character has nothing to parse: both raise :class:`ParseError` naming ``source``.
    """
    if "\x00" in text:
        raise ParseError("the text contains NUL bytes; is it a binary file?", source)
    text = text.replace(_BOM, "")  # a BOM opens the file; elsewhere it is an invisible space
    text = _LINE_BREAKS.sub("\n", text)
    text = _CONTROLS.sub("", text)
    text = nfc(text)
    if not text.strip():
        raise ParseError("the text is empty", source)
    return text
