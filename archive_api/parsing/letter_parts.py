"""The parts of a transcribed letter: heading lines, address and signature.

A letter copied into an article opens with short lines (place and date, the kind of
document, a reference number, the sender's letterhead, the address) and ends with the
signer's role and name. These shapes, not any particular name, are what mark the parts:
an address ends in a Turkish dative of address (``…Efendiye``, ``…Celilesine``,
``…Hazretlerine``), a signature is a few capitalised lines without sentence punctuation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from archive_api.models import DateValue, Paragraph, Person
from archive_api.parsing.dates import parse_date
from archive_api.text.turkish import fold_ascii, turkish_lower

# Kinds of official writing named on a line of their own (ASCII-folded, lower case).
_KIND_WORDS = frozenset(
    {
        "tahrirat",
        "sifre",
        "sifreli",
        "telgraf",
        "telgrafname",
        "tezkere",
        "tezkire",
        "mektup",
        "muzekkere",
        "tamim",
        "tamimname",
        "buyruldu",
        "nota",
        "muhtira",
        "rapor",
        "arize",
        "irade",
        "ferman",
        "beyanname",
        "emirname",
    }
)

_REFERENCE = re.compile(
    r"^(?:No|NO|Numara|Nr|Sayı|Sayi|SAYI|Aded|Adet)\s*[:.]?\s*(?P<ref>[\w/.\-]*\d[\w/.\-]*)\W*$"
)

# Endings of the last word of an address, on ASCII-folded lower-case text.
_ADDRESS_END = re.compile(
    r"(?:efendi(?:ye|lerine|mize|sine|ne)"
    r"|hazre?t?(?:ler)?ine"
    r"|(?:celile|aliye|aliyye|behiye|samiye|seniye|seniyye|celiliye|fahime)sine"
    r"|(?:pasa|bey|beyefendi|hanimefendi|aga)(?:ya|ye|e)"
    r"|l[iu]g[iu]n[ae]"
    r"|(?:riyaset|vekalet|nezaret|makam|sefaret|reis|komiser|kumandan|komutan|vali|mutasarrif"
    r"|kaymakam|baskan|bakan|mudur|nazir|vekil|sefir)(?:s?[iu]n[ae]|y?[ae]))$"
)

# Nouns of office and of offices; a role ends at the last of them ("... Kumandanı").
_ROLE_HEADS = (
    "reis",
    "baskan",
    "kumandan",
    "komutan",
    "komiser",
    "vekil",
    "nazir",
    "vali",
    "mutasarrif",
    "kaymakam",
    "sefir",
    "elci",
    "bakan",
    "mudur",
    "mustesar",
    "murahhas",
    "mebus",
    "milletvekil",
    "sadrazam",
    "sehbender",
    "konsolos",
    "katip",
    "baskatip",
    "temsilci",
    "sekreter",
    "vekalet",
    "nezaret",
    "riyaset",
    "makam",
    "sefaret",
    "heyet",
    "meclis",
    "hukumet",
    "cemiyet",
    "daire",
)
_ROLE_SUFFIX = re.compile(r"^(?:s?[iu]|l[ae]r[iu]?|l[iu]g[iu]|l[iu]k)?$")
# Words of courtesy around a name; dropped when the name is taken out of an address.
_HONORIFICS = frozenset(
    {"pasa", "bey", "efendi", "aga", "hanim", "beyefendi", "hazretleri", "hazreleri"}
)
_SENTENCE_END = ".:;!?"
_MONTHS = frozenset(
    {
        "ocak",
        "subat",
        "mart",
        "nisan",
        "mayis",
        "haziran",
        "temmuz",
        "agustos",
        "eylul",
        "ekim",
        "kasim",
        "aralik",
        "tesrinievvel",
        "tesrinisani",
        "kanunuevvel",
        "kanunusani",
    }
)


def folded(word: str) -> str:
    """Lower case without Turkish letters, for matching against the word lists."""
    return fold_ascii(turkish_lower(word))


def squash(text: str) -> str:
    """Collapse runs of white space: ``Mustafa  Kemal`` → ``Mustafa Kemal``."""
    return " ".join(text.split())


def paragraph_lines(paragraph: Paragraph) -> list[str]:
    """The printed lines of a paragraph that carry a word or number, spaces collapsed."""
    source = paragraph.printed if paragraph.printed.strip() else paragraph.text
    lines = (squash(line) for line in source.splitlines())
    return [line for line in lines if re.search(r"\w", line)]


def _capitalised(word: str) -> bool:
    first = word.lstrip("\"'“(")[:1]
    return first.isupper() or first.isdigit()


def is_short_line(line: str, max_words: int = 8) -> bool:
    """A line short enough to be a heading or signature line."""
    return 0 < len(line.split()) <= max_words


def kind_of(line: str) -> str | None:
    """The line itself when it only names a kind of document (``Tahrirat``, ``Şifre``)."""
    words = re.findall(r"\w+", line)
    if 0 < len(words) <= 2 and all(folded(word) in _KIND_WORDS for word in words):
        return squash(line).strip(" .,:;")
    return None


def reference_of(line: str) -> str | None:
    """``U/851`` from ``No: U/851``."""
    match = _REFERENCE.match(line.strip())
    return match.group("ref").rstrip(".-") if match else None


def is_address_line(line: str) -> bool:
    """True when the line ends in a dative of address (``…Efendiye``, ``…Celilesine``)."""
    words = line.split()
    if not words:
        return False
    last = folded(words[-1]).strip(",.;:")
    return bool(_ADDRESS_END.search(last))


def _is_place(text: str) -> bool:
    words = text.split()
    return (
        0 < len(words) <= 3
        and all(_capitalised(word) and not any(c.isdigit() for c in word) for word in words)
        and not any(folded(word).strip(",.") in _MONTHS for word in words)
    )


def _whole_date(text: str) -> DateValue | None:
    value = parse_date(text.strip(" ,."))
    if value is None or squash(value.original) != squash(text.strip(" ,.")):
        return None
    return value


@dataclass(frozen=True)
class PlaceDate:
    """The place (when the line names one) and the date of a dating line."""

    place: str | None
    date: DateValue


def place_date_of(line: str) -> PlaceDate | None:
    """Place and date of a heading line: ``Ankara, 9.5.1336 (1920)`` or a date alone."""
    line = squash(line)
    alone = _whole_date(line)
    if alone is not None:
        return PlaceDate(None, alone)
    splits: list[tuple[str, str]] = []
    if "," in line:
        left, right = (part.strip() for part in line.split(",", 1))
        splits += [(left, right), (right, left)]
    lead = re.match(r"^(?P<place>[^\d,]+?)\s+(?P<date>\d.*)$", line)
    if lead:
        splits.append((lead.group("place"), lead.group("date")))
    for place, date_text in splits:
        if _is_place(place):
            date = _whole_date(date_text)
            if date is not None:
                return PlaceDate(place.strip(" ,"), date)
    return None


def is_single_place_line(line: str) -> bool:
    """A line of one capitalised word, as a place closes a letterhead (``Moskova``)."""
    words = line.split()
    return len(words) == 1 and _is_place(line) and kind_of(line) is None


def _is_role_head(word: str) -> bool:
    base = folded(word.split("-")[0]).strip(",.;:'")
    for head in _ROLE_HEADS:
        if base.startswith(head) and _ROLE_SUFFIX.match(base[len(head) :]):
            return True
    return False


def _strip_honorifics(words: list[str]) -> list[str]:
    while words and folded(words[-1]).strip(",.") in _HONORIFICS:
        words = words[:-1]
    return words


def _undative(word: str) -> str | None:
    """``Paşaya`` → ``Paşa``, ``Kumandanlığına`` → ``Kumandanlığı``; None for pure courtesy."""
    base = folded(word)
    for ending in ("na", "ne", "ya", "ye", "a", "e"):
        if base.endswith(ending):
            stem = word[: -len(ending)]
            if _is_role_head(stem) or folded(stem) in _HONORIFICS:
                return stem
    return None


def split_role_name(words: list[str]) -> tuple[str | None, str | None]:
    """Role and name of a person line: the role ends at its last noun of office."""
    words = _strip_honorifics([word.strip(",;:") for word in words if word.strip(",;:")])
    heads = [i for i, word in enumerate(words) if _is_role_head(word)]
    if not heads:
        name = " ".join(words)
        return None, name or None
    cut = heads[-1] + 1
    role = " ".join(words[:cut])
    name = " ".join(_strip_honorifics(words[cut:]))
    return role or None, name or None


def recipient_of(address_lines: list[str]) -> Person:
    """Who a letter is addressed to: the address as written, and its role and name."""
    addressed = squash(" ".join(address_lines)).strip(" ,.;:")
    words = addressed.split()
    # the dative sits on the last word: a word of courtesy ("Celilesine") goes, a title or
    # an office ("Paşaya", "Kumandanlığına") keeps its stem
    while words and is_address_line(words[-1]):
        stem = _undative(words[-1])
        if stem is None:
            words = words[:-1]
            continue
        words[-1] = stem
        break
    if words:
        words[-1] = re.sub(r"-[ıiuü]$", "", words[-1])
    role, name = split_role_name(words)
    return Person(name=name, role=role, addressed=addressed or None)


def is_signature(lines: list[str]) -> bool:
    """A block of signature lines: a role or two and a name, capitalised, unpunctuated."""
    if not 1 <= len(lines) <= 4:
        return False
    for line in lines:
        words = line.split()
        if not is_short_line(line, 7) or line[-1] in _SENTENCE_END or line[0].isdigit():
            return False
        if sum(_capitalised(word) for word in words) * 3 < len(words) * 2:
            return False
        if is_address_line(line):
            return False
    last = lines[-1].split()
    return len(last) <= 4 and all(_capitalised(word) for word in last)


def sender_of(lines: list[str]) -> Person:
    """Signer's role and name from signature lines (role lines first, the name last)."""
    lines = [squash(line).strip(" ,") for line in lines]
    if len(lines) >= 2 and not _is_role_head(lines[-1].split()[-1]):
        return Person(name=lines[-1], role=" ".join(lines[:-1]))
    role, name = split_role_name(" ".join(lines).split())
    return Person(name=name, role=role)


@dataclass
class Heading:
    """What the heading block of a letter says."""

    lines: list[str] = field(default_factory=list)
    place: str | None = None
    date: DateValue | None = None
    kind: str | None = None
    reference: str | None = None
    letterhead: list[str] = field(default_factory=list)
    address: list[str] = field(default_factory=list)
    complete: bool = False  # the address was read: the block is over

    def found(self) -> bool:
        """True when a line was recognised; short lines alone may be the letter's first words."""
        return bool(self.date or self.kind or self.reference or self.complete or self.letterhead)


def is_heading_paragraph(lines: list[str]) -> bool:
    """Short lines with no sentence ending: the shape of a heading block paragraph."""
    if not 1 <= len(lines) <= 5 or sum(len(line.split()) for line in lines) > 25:
        return False
    for line in lines:
        if not is_short_line(line):
            return False
        if (
            line[-1] in _SENTENCE_END
            and reference_of(line) is None
            and place_date_of(line) is None
            and kind_of(line) is None
        ):
            return False
    return True


def read_heading_paragraph(heading: Heading, lines: list[str]) -> None:
    """Fold one heading paragraph into ``heading``, line by line."""
    pending: list[str] = []
    for index, line in enumerate(lines):
        place_date = place_date_of(line)
        if place_date is not None and heading.date is None:
            heading.date = place_date.date
            heading.place = place_date.place or heading.place
            continue
        if kind_of(line) is not None and heading.kind is None:
            heading.kind = kind_of(line)
            continue
        reference = reference_of(line)
        if reference is not None and heading.reference is None:
            heading.reference = reference
            continue
        if is_address_line(line):
            heading.address = [*heading.address, *pending, line]
            heading.complete = True
            pending = []
            continue
        last = index == len(lines) - 1
        if last and is_single_place_line(line):
            heading.letterhead = [*heading.address, *pending]
            heading.place = heading.place or line.strip(" ,.")
            heading.address = []
            pending = []
            continue
        pending.append(line)
    heading.address = [*heading.address, *pending]
    heading.lines.extend(lines)
