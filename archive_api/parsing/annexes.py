"""Annex references such as ``(Ek: 1 Osmanlıca Belge)``.

Articles of this genre reproduce archival documents at the end and point to them from the
prose with a parenthesised ``Ek`` reference. The description says what the annexed copy is:
its language (``Osmanlıca``, ``Fransızca``) and its form (``asıl metni``, ``müsveddesi``).
A bare ``Belge`` (document) says neither whether it is the original nor a copy, so its form
is recorded as ``"document"`` rather than guessed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from archive_api.models import Annex, Footnote, Paragraph
from archive_api.text.turkish import fold_ascii, turkish_lower

# "(Ek: 1 Osmanlıca Belge)", "(Ek:2, Sözkonusu ...)", "(EK-3 ...)", "(Ek 4)"
ANNEX_REF = re.compile(
    r"\(\s*(?:Ek|EK|ek)\s*[:.\-]?\s*(?P<number>\d{1,3})(?!\d)\s*[,.:;\-]?\s*(?P<desc>[^()]*)\)"
)

# Language adjectives (ASCII-folded, lower case) as they open a word: "Fransızcası" too.
_LANGUAGES: tuple[tuple[str, str], ...] = (
    ("osmanlica", "ota"),
    ("turkce", "tr"),
    ("fransizca", "fr"),
    ("ingilizce", "en"),
    ("rusca", "ru"),
    ("almanca", "de"),
    ("arapca", "ar"),
    ("farsca", "fa"),
    ("italyanca", "it"),
    ("ermenice", "hy"),
    ("rumca", "el"),
    ("yunanca", "el"),
    ("gurcuce", "ka"),
    ("bulgarca", "bg"),
    ("latince", "la"),
)

# Word openings that name the form of the annexed copy, most specific first.
_FORMS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("musvedde", "taslak"), "draft"),
    (("suret", "kopya", "fotokopi"), "copy"),
    (("tercume", "ceviri"), "translation"),
    (("asil", "asli", "orijinal", "original"), "original"),
    (("belge", "vesika", "evrak"), "document"),
)


def _folded_words(text: str) -> list[str]:
    return re.findall(r"\w+", fold_ascii(turkish_lower(text)))


def annex_language(description: str) -> str | None:
    """BCP 47 code of the language the description names, or None."""
    for word in _folded_words(description):
        for stem, code in _LANGUAGES:
            if word.startswith(stem):
                return code
    return None


def annex_form(description: str) -> str | None:
    """``original``, ``draft``, ``copy``, ``translation`` or ``document``; None if unsaid."""
    words = _folded_words(description)
    for stems, form in _FORMS:
        if any(word.startswith(stem) for word in words for stem in stems):
            return form
    return None


def _page_at(paragraph: Paragraph, offset: int, footnotes: Sequence[Footnote]) -> int:
    """The page of ``offset`` in a paragraph that may run over a page break.

    Paragraph offsets do not record where the break falls, but a footnote is printed on the
    page of its marker, so the nearest anchored marker in the same paragraph tells the page.
    """
    if paragraph.page == paragraph.page_end:
        return paragraph.page
    anchored = [
        note
        for note in footnotes
        if note.anchor is not None and note.anchor.paragraph_id == paragraph.id
    ]
    if not anchored:
        return paragraph.page
    nearest = min(anchored, key=lambda note: abs(note.anchor.offset - offset) if note.anchor else 0)
    return nearest.page


def find_annexes(paragraphs: Sequence[Paragraph], footnotes: Sequence[Footnote]) -> list[Annex]:
    """Every annex cited in the body, once per number, in order of first citation."""
    annexes: list[Annex] = []
    seen: set[int] = set()
    for paragraph in paragraphs:
        for match in ANNEX_REF.finditer(paragraph.text):
            number = int(match.group("number"))
            if number in seen:
                continue
            seen.add(number)
            description = " ".join(match.group("desc").split()).strip(" ,.;:")
            offset = paragraph.start + match.start()
            annexes.append(
                Annex(
                    id=f"ek-{number}",
                    number=number,
                    label=" ".join(match.group(0).split()),
                    description=description,
                    language=annex_language(description),
                    form=annex_form(description),
                    letter_id=None,
                    paragraph_id=paragraph.id,
                    page=_page_at(paragraph, offset, footnotes),
                    offset=offset,
                )
            )
    return annexes


def strip_annex_refs(text: str) -> str:
    """The text with every annex reference removed (for matching what surrounds them)."""
    return ANNEX_REF.sub(" ", text)
