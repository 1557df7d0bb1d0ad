"""Citations in footnotes, and the bibliography they add up to.

:func:`parse_citations` reads one note: it splits several references (``;``, or a source
quoted via another, ``nakleden``), drops explanatory prose around them and classifies each.
:func:`resolve_works` then reads the notes in order, as a reader does, to find what the short
forms point to: ``a.g.e.`` the work last cited by that author, ``Aynı eser`` the previous
reference, ``Aynı s.`` that reference and its page, an author's name or a title's first words
the work they begin. Names are compared tolerantly because OCR damages them (``Kuı at`` for
``Kurat``); a reference nothing fits keeps ``work_id=None`` rather than a guess.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from archive_api.models import Citation, CitationKind, Work
from archive_api.parsing.citation_fields import (
    OP_CIT,
    PAGES,
    Fields,
    fold,
    is_person,
    quoted,
    read_fields,
    split_top,
    squash,
)
from archive_api.text.ocr import stroke_key
from archive_api.text.turkish import slugify

# Matched on folded text (see :func:`fold`).
_SEE = re.compile(
    r"(?:ayrica\s+)?(?:bkz|bak|bakiniz|krs|kars|karsilastiriniz|cf|see|vgl)(?:\s*[.:])*\s+"
)
_IBID = re.compile(r"(?:ayni\s+eser|ibid(?:em)?)(?![a-z])")
_IBID_PAGE = re.compile(r"(?:ayni\s+(?:s(?:\s*\.|(?![a-z]))|sayfa|yer)|a\.\s?y\.)")
_SAME_AUTHOR = {"ayni yazar", "ayni muellif"}
_ARTICLE_REF = re.compile(r"a\.\s?g\.\s?m|(?<![a-z])agm(?![a-z])")
_VIA = re.compile(r"[\s,]*\b(?:nakleden|naklen|aktaran|zikreden|cited in|quoted in)\b:?\s*")
_SENTENCE_END = re.compile(r"(?<=[a-zçğıöşüâîû]{3}\.)\s+(?=[A-ZÇĞİÖŞÜ\"“])")
_YEAR = re.compile(r"(?<!\d)1\d{3}(?!\d)|(?<!\d)20\d\d(?!\d)")
_LEAD = " \t\n.,;:*-–"


def parse_citations(note_text: str) -> list[Citation]:
    """The references in one note's text, in order; prose around them is left out."""
    found: list[Citation] = []
    for chunk in _chunks(note_text):
        reference = _drop_prose(chunk)
        if reference is None:
            continue
        for piece in _VIA.split(reference):
            citation = _classify(piece)
            if citation is not None:
                found.append(citation)
    return found


def _complete(chunk: str) -> bool:
    """Whether ``chunk`` ends a reference, so a ``;`` after it starts a new one."""
    folded = fold(chunk)
    return bool(
        PAGES.search(chunk)
        or _YEAR.search(chunk)
        or OP_CIT.search(chunk)
        or _IBID.search(folded)
        or _IBID_PAGE.search(folded)
    )


def _chunks(text: str) -> list[str]:
    """Split at ``;`` where the left part is a whole reference (not inside a title)."""
    chunks: list[str] = []
    current = ""
    for piece in split_top(text, ";"):
        current = f"{current};{piece}" if current else piece
        if _complete(current):
            chunks.append(current)
            current = ""
    if current.strip(_LEAD):
        chunks.append(current)
    return chunks


def _drop_see(text: str) -> str:
    """Drop a leading "see" (``Bkz.``, ``Ayrıca bakınız``) before a reference."""
    folded = fold(text)
    m = _SEE.match(folded)
    if m and len(folded) == len(text):
        return text[m.end() :]
    return text


def _starts_reference(sentence: str) -> bool:
    body = _drop_see(sentence.lstrip(_LEAD).rstrip())
    folded = fold(body)
    if _IBID.match(folded) or _IBID_PAGE.match(folded) or OP_CIT.search(body):
        return True
    fields = read_fields(body)
    if fields.pages or fields.volume or fields.imprint:
        return True
    # "Jane Degras, Soviet Document...", or a name alone before a period ("Yusuf Kemal
    # Tengirşek. Vatan Hizmetinde"): a reference begins with its author
    return bool(fields.parts) and is_person(fields.parts[0])


def _drop_prose(chunk: str) -> str | None:
    """The chunk from the first sentence that opens a reference; None if there is none."""
    starts = [0] + [m.end() for m in _SENTENCE_END.finditer(chunk)]
    ends = [*starts[1:], len(chunk)]
    for start, end in zip(starts, ends, strict=True):
        if _starts_reference(chunk[start:end]):
            return chunk[start:]
    return None


def _classify(piece: str) -> Citation | None:
    text = piece.strip().lstrip(_LEAD).rstrip(" ,;")
    if not text:
        return None
    body = _drop_see(text)
    folded = fold(body)
    same: tuple[tuple[re.Pattern[str], CitationKind], ...] = (
        (_IBID_PAGE, "ibid_page"),
        (_IBID, "ibid"),
    )
    for pattern, kind in same:
        m = pattern.match(folded)
        if m:
            rest = read_fields(body[m.end() :])
            return Citation(text, kind, volume=rest.volume, pages=rest.pages)
    fields = read_fields(body)
    parts = [squash(part) for part in fields.parts if squash(part)]
    if fields.op_cit:
        author = parts[0] if parts else None
        title = ", ".join(parts[1:]) or None
        return _citation(text, "op_cit", fields, author, title)
    if not parts:
        return None
    if len(parts) == 1:
        if fields.imprint:
            return _full(text, fields, None, parts)
        if not (fields.pages or fields.volume):
            return None
        if is_person(parts[0], max_names=3):
            return _citation(text, "author_short", fields, parts[0], None)
        return _citation(text, "title_short", fields, None, parts[0])
    if is_person(parts[0]) or fold(parts[0]) in _SAME_AUTHOR:
        return _full(text, fields, parts[0], parts[1:])
    return _full(text, fields, None, parts)


def _full(text: str, fields: Fields, author: str | None, rest: list[str]) -> Citation | None:
    journal = None
    title_and_journal = quoted(rest[0])
    if title_and_journal is not None:
        title, journal = title_and_journal
        journal = journal or ", ".join(rest[1:]) or None
    else:
        title = ", ".join(rest)
    bare = not (fields.imprint or fields.pages or fields.volume)
    # no publication facts: only "Author, Title" with a capitalised title is a reference
    if bare and (author is None or not title or not (title[0].isupper() or title_and_journal)):
        return None
    short = not fields.imprint and title.rstrip().endswith(("...", "…"))
    kind: CitationKind = "title_short" if short else "full"  # "İnalcık, Osmanlı Tarihi..."
    citation = _citation(text, kind, fields, author, title or None)
    citation.journal = journal
    return citation


def _citation(
    text: str, kind: CitationKind, fields: Fields, author: str | None, title: str | None
) -> Citation:
    return Citation(
        text=text,
        kind=kind,
        author=author,
        title=title,
        place=fields.place,
        year=fields.year,
        volume=fields.volume,
        pages=fields.pages,
        edition=fields.edition,
        publisher=fields.publisher,
        issue=fields.issue,
    )


# --- resolution -------------------------------------------------------------------------


@dataclass
class _Entry:
    work: Work
    surname: str | None  # folded letters of the author's last name
    title_words: list[str]
    last_use: int = 0


def _letters(text: str) -> str:
    return re.sub(r"[^a-z]", "", fold(text))


def surname(author: str) -> str:
    """The last name: ``Salâhi R.Sonyel`` → ``Sonyel``."""
    tokens = [t for t in re.split(r"[\s.]+", author) if t]
    return tokens[-1] if tokens else author


def _title_words(title: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", fold(title))


def _distance(a: str, b: str) -> int:
    """Levenshtein distance (short names only, so the plain table is fine)."""
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


def _name_tier(query: str, known: str) -> int | None:
    """0 same name, 1 same OCR stroke key, 2 within a small edit distance, None otherwise."""
    if not query or not known:
        return None
    if query == known:
        return 0
    if min(len(query), len(known)) >= 4 and stroke_key(query) == stroke_key(known):
        return 1
    shortest = min(len(query), len(known))
    limit = 2 if shortest >= 8 else 1 if shortest >= 6 else 0
    if not limit or abs(len(query) - len(known)) > limit:
        return None
    return 2 if _distance(query, known) <= limit else None


def _by_author(author: str, entries: list[_Entry]) -> list[_Entry]:
    """Works by ``author``, best-matching name first, then the latest cited."""
    forms = {_letters(author), _letters(surname(author))}
    scored: list[tuple[int, int, _Entry]] = []
    for entry in entries:
        tiers = [_name_tier(form, entry.surname or "") for form in forms]
        found = [t for t in tiers if t is not None]
        if found:
            scored.append((min(found), -entry.last_use, entry))
    scored.sort(key=lambda s: (s[0], s[1]))
    best = scored[0][0] if scored else None
    return [entry for tier, _, entry in scored if tier == best]


def _same_given_names(a: str, b: str) -> bool:
    """Whether two names of the same surname may be one person: the first given names agree,
    or one is the other's initial, or one name has none (``Atatürk``)."""
    given_a = [t for t in re.split(r"[\s.]+", a) if t][:-1]
    given_b = [t for t in re.split(r"[\s.]+", b) if t][:-1]
    if not given_a or not given_b:
        return True
    first_a, first_b = _letters(given_a[0]), _letters(given_b[0])
    if len(first_a) == 1 or len(first_b) == 1:
        return first_a[:1] == first_b[:1]
    return first_a == first_b


def _title_matches(short: str, full_words: list[str]) -> bool:
    """Whether ``short`` is the title, or its first words (the last maybe cut: ``Dış...``)."""
    words = _title_words(short)
    if not words or len(words) > len(full_words):
        return False
    n = len(words)
    if words[:-1] != full_words[: n - 1]:
        return False
    cut = short.rstrip().endswith(("...", "…", "."))
    return full_words[n - 1] == words[-1] or (cut and full_words[n - 1].startswith(words[-1]))


def _by_title(title: str, entries: list[_Entry]) -> list[_Entry]:
    hits = [e for e in entries if _title_matches(title, e.title_words)]
    return sorted(hits, key=lambda e: -e.last_use)


def _enrich(work: Work, citation: Citation) -> None:
    """A work cited in full again: keep the fuller text and fill what was missing."""
    if len(citation.text) > len(work.text):
        work.text = citation.text
    work.place = work.place or citation.place
    work.year = work.year or citation.year
    work.publisher = work.publisher or citation.publisher
    work.edition = work.edition or citation.edition
    work.journal = work.journal or citation.journal


class _Resolver:
    """Reads the references in order, keeping what the short forms refer back to."""

    def __init__(self) -> None:
        self.entries: list[_Entry] = []
        self.by_id: dict[str, _Entry] = {}
        self.previous: Citation | None = None
        self.clock = 0

    def resolve(self, citation: Citation) -> _Entry | None:
        previous = self.by_id.get(self.previous.work_id or "") if self.previous else None
        if citation.kind == "ibid":
            return previous
        if citation.kind == "ibid_page":
            if self.previous is not None:  # the same page, whether or not its work is known
                citation.pages = citation.pages or self.previous.pages
                citation.volume = citation.volume or self.previous.volume
            return previous
        if citation.kind == "op_cit":
            return self._op_cit(citation, previous)
        if citation.kind in ("author_short", "title_short"):
            return self._short(citation)
        return self._full(citation, previous)

    def _op_cit(self, citation: Citation, previous: _Entry | None) -> _Entry | None:
        if not citation.author:
            return previous  # a bare "a.g.e.": the work just cited
        hits = _by_author(citation.author, self.entries)
        if citation.title:
            hits = [e for e in hits if _title_matches(citation.title, e.title_words)]
        if _ARTICLE_REF.search(fold(citation.text)):
            hits = sorted(hits, key=lambda e: e.work.journal is None)  # stable: articles first
        return hits[0] if hits else None

    def _short(self, citation: Citation) -> _Entry | None:
        if citation.author and citation.title:  # an author and the first words of a title
            hits = _by_author(citation.author, self.entries)
            hits = [e for e in hits if _title_matches(citation.title, e.title_words)]
            return hits[0] if hits else None
        name = citation.author or citation.title or ""
        by_author = _by_author(name, self.entries) if is_person(name) else []
        by_title = _by_title(name, self.entries)
        order = (by_title, by_author) if citation.kind == "title_short" else (by_author, by_title)
        for hits in order:
            if hits:
                # what matched decides the kind: "Nutuk, s.5" is a title, "Kinross, s.5" a name
                if hits is by_title:
                    citation.kind, citation.author, citation.title = "title_short", None, name
                else:
                    citation.kind, citation.author, citation.title = "author_short", name, None
                return hits[0]
        return None

    def _full(self, citation: Citation, previous: _Entry | None) -> _Entry | None:
        if not citation.title:
            return None
        author = citation.author
        if author and fold(author) in _SAME_AUTHOR:
            author = previous.work.author if previous else None
        words = _title_words(citation.title)
        pool = _by_author(author, self.entries) if author else self.entries
        for entry in pool:
            if (entry.surname is None) != (author is None):
                continue
            if author and entry.work.author and not _same_given_names(author, entry.work.author):
                continue  # Ali Kaya and Veli Kaya
            shorter = min(len(words), len(entry.title_words))
            if words == entry.title_words or (
                shorter >= 2 and words[:shorter] == entry.title_words[:shorter]
            ):
                _enrich(entry.work, citation)
                return entry
        return self._new(citation, author)

    def _new(self, citation: Citation, author: str | None) -> _Entry:
        name = surname(author) if author else None
        # "T.B.M.M." → "TBMM", "Atatürk'ün" → "Atatürkün": one word each in the id
        title = re.sub(r"\b([A-ZÇĞİÖŞÜ])\.(?=[A-ZÇĞİÖŞÜ]\.)", r"\1", citation.title or "")
        title = re.sub(r"(?<=\w)['’](?=\w)", "", title)
        base = slugify(f"{name or ''} {title}", max_words=4 if name else 5) or "work"
        work_id, n = base, 1
        while work_id in self.by_id:
            n += 1
            work_id = f"{base}-{n}"
        work = Work(
            id=work_id,
            author=author,
            title=citation.title or "",
            place=citation.place,
            year=citation.year,
            publisher=citation.publisher,
            volume=citation.volume,
            edition=citation.edition,
            text=citation.text,
            journal=citation.journal,
            issue=citation.issue,
        )
        entry = _Entry(work, _letters(name) if name else None, _title_words(work.title))
        self.entries.append(entry)
        self.by_id[work_id] = entry
        return entry

    def cite(self, label: str, citation: Citation) -> None:
        self.clock += 1
        entry = self.resolve(citation)
        if entry is not None:
            citation.work_id = entry.work.id
            entry.last_use = self.clock
            if label not in entry.work.cited_in:
                entry.work.cited_in.append(label)
        self.previous = citation


def resolve_works(notes: Sequence[tuple[str, list[Citation]]]) -> list[Work]:
    """Resolve every reference of the notes (label, citations) given in document order.

    Sets ``work_id`` on each citation that can be resolved (and, for ``Aynı s.``, the pages
    it repeats; for a short form, ``kind`` by whether a name or a title matched) and
    returns each distinct work once, in order of first citation.
    """
    resolver = _Resolver()
    for label, citations in notes:
        for citation in citations:
            resolver.cite(label, citation)
    return [entry.work for entry in resolver.entries]
