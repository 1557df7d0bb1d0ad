"""A scaled-up copy of the real Turkish texts, for timing the index and the search.

The corpus is the seed article and the Atatürk texts, copied ``scale`` times. Copy 1 is the
texts unchanged; every further copy gets fresh ids (``<id>--c02``) and light word shuffles,
so that the copies share the vocabulary, the word frequencies and the metadata of real text
(dates, kinds, places, senders) but are not byte-identical, and phrases in them only partly
survive. A fractional scale adds a last, partial copy of whole documents chosen at random
(seeded) until it holds that fraction of one copy's paragraphs; a scale below 1 is that
partial copy alone, unshuffled (a small corpus for smoke tests).

The shuffle, per line and per sentence within the line: only interior words made of
lower-case letters alone may move (never the first or the last word of a line, nor a word
with a digit, a capital or punctuation), so headings, footnote markers, page breaks,
letter headings and line-end hyphenation stay where the parser expects them. In a sentence
with ``n`` such words, ``n // 10`` random pairs of them (at least one pair when ``n >= 2``)
swap places. Everything is driven by one seeded ``random.Random``: the same seed and scale
give the same corpus.
"""

from __future__ import annotations

import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SOURCES = (REPO / "documents", REPO / "corpora" / "ataturk")
SEED = 20_24
COPY_SUFFIX = "--c"
SWAPS_PER_WORDS = 10

_MOVABLE = re.compile(r"[a-zçğıöşüâîû]{2,}")
_SENTENCE_END = re.compile(r"[.!?:;]\W*$")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


@dataclass(frozen=True)
class Source:
    doc_id: str
    text: str
    metadata: str | None  # the JSON file's content, copied as is
    paragraphs: int  # blank-line separated blocks, an estimate for the partial copy


@dataclass(frozen=True)
class CorpusStats:
    documents: int
    characters: int
    copies: float
    moved_words: int


def read_sources(folders: tuple[Path, ...] = SOURCES) -> list[Source]:
    """Every ``<id>.txt`` (and its ``<id>.json``) of the source folders, sorted by id."""
    found: list[Source] = []
    for folder in folders:
        for path in sorted(folder.glob("*.txt")):
            meta = path.with_suffix(".json")
            text = path.read_text(encoding="utf-8")
            found.append(
                Source(
                    doc_id=path.stem,
                    text=text,
                    metadata=meta.read_text(encoding="utf-8") if meta.exists() else None,
                    paragraphs=len([b for b in _PARAGRAPH_BREAK.split(text) if b.strip()]),
                )
            )
    return sorted(found, key=lambda source: source.doc_id)


def shuffle_words(text: str, rng: random.Random) -> tuple[str, int]:
    """The text with light word swaps inside sentences (see the module notes); words moved."""
    moved = 0
    lines = text.split("\n")
    for number, line in enumerate(lines):
        parts = re.split(r"(\s+)", line)  # words at even indexes, whitespace between
        words = parts[0::2]
        if len(words) < 4:
            continue
        sentence: list[int] = []
        for index in range(1, len(words) - 1):
            word = words[index]
            if _MOVABLE.fullmatch(word):
                sentence.append(index)
            if _SENTENCE_END.search(word) or index == len(words) - 2:
                moved += _swap(words, sentence, rng)
                sentence = []
        parts[0::2] = words
        lines[number] = "".join(parts)
    return "\n".join(lines), moved


def _swap(words: list[str], movable: list[int], rng: random.Random) -> int:
    if len(movable) < 2:
        return 0
    moved = 0
    for _ in range(max(1, len(movable) // SWAPS_PER_WORDS)):
        a, b = rng.sample(movable, 2)
        if words[a] != words[b]:
            words[a], words[b] = words[b], words[a]
            moved += 2
    return moved


def copy_id(doc_id: str, copy: int) -> str:
    """Copy 1 keeps the id; copy 2 of ``x`` is ``x--c02``."""
    return doc_id if copy == 1 else f"{doc_id}{COPY_SUFFIX}{copy:02d}"


def build_corpus(target: Path, scale: float, seed: int = SEED) -> CorpusStats:
    """Write ``scale`` copies of the sources into ``target`` (created, emptied first)."""
    if scale <= 0:
        raise ValueError("scale must be above 0")
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    sources = read_sources()
    rng = random.Random(seed)
    whole = int(scale)
    plan = [(copy, source) for copy in range(1, whole + 1) for source in sources]
    fraction = scale - whole
    if fraction > 0:
        wanted = fraction * sum(source.paragraphs for source in sources)
        chosen = 0
        for source in rng.sample(sources, len(sources)):
            if chosen >= wanted:
                break
            plan.append((whole + 1, source))
            chosen += source.paragraphs
    characters = moved = 0
    for copy, source in plan:
        doc_id = copy_id(source.doc_id, copy)
        text = source.text
        if copy > 1:
            text, count = shuffle_words(text, rng)
            moved += count
        (target / f"{doc_id}.txt").write_text(text, encoding="utf-8")
        if source.metadata is not None:
            (target / f"{doc_id}.json").write_text(source.metadata, encoding="utf-8")
        characters += len(text)
    return CorpusStats(documents=len(plan), characters=characters, copies=scale, moved_words=moved)
