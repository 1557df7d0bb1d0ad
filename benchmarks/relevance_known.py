"""Known-item evaluation built from the corpora themselves: can a document be found again by
two words rare in the corpus that occur in it, however they are typed?

For sampled documents, two words that occur in at most ``RARE_DF`` documents of the
corpus are drawn from different paragraphs where the document has several; each query
class then types them its own way:

* ``exact``: as printed; ``ascii``: Turkish letters typed on a foreign keyboard
  (``ş`` → ``s``, ``ı`` → ``i``, circumflexes dropped); ``upper``: that, in capitals;
* ``bare``: a name printed with a suffix (``Erzurum'a``) asked for bare (``Erzurum``);
* ``case``: a noun printed in one case asked for in another the document does not use
  (``hükümetten`` → ``hükümette``);
* ``ocr``: the words as printed, but the *indexed* text is damaged: every occurrence of
  the two words in that document gets one typical OCR confusion (``rı`` → ``n``, ``m`` →
  ``rn``, ``ş`` → ``s``…), so the query is clean and the archive is not.

Every engine is asked for documents (ours with ``type=document``; the baselines index
each document as one row), and the first ``CUTOFF`` hits are scored: success@10 and MRR.

The precision check asks for single rare words as printed: of the first ten documents
returned, the share that holds the word or a true form of it, i.e. a word that begins
with the query word's root (the word less its inflectional endings, read with a list of
Turkish endings of its own, not with the engine's stemmer: ``zafer`` for ``zaferlere``).
OCR tolerance and folding must not fill the list with other words.
"""

from __future__ import annotations

import json
import random
import re
import shutil
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from relevance_judged import CUTOFF, Filters, Hit

from archive_api.text.turkish import fold_ascii, nfc, strip_circumflex, turkish_lower

KNOWN_CLASSES = ("exact", "ascii", "upper", "bare", "case", "ocr")
RARE_DF = 3  # a word in at most this many documents of the corpus is rare
MIN_LETTERS = 6
PER_CLASS = 100
PRECISION_QUERIES = 150
SEED = 20261206

_WORD = re.compile(r"(?<![\w\-’'])([^\W\d_]+)(?:(['’])([^\W\d_]+))?(?![\w\-’'])")
_PARAGRAPHS = re.compile(r"\n\s*\n")
_BACK = frozenset("aıou")
_VOWELS = frozenset("aıoueiöüâîû")
_VOICELESS = frozenset("çfhkpsşt")
# Case endings read off a noun and put back in another case: locative and ablative.
_ENDINGS = ("ndan", "nden", "dan", "den", "tan", "ten", "nda", "nde", "da", "de", "ta", "te")
# One OCR confusion per word, tried in this order from a random start: the confusions of
# Turkish print (``banş`` for ``barış``) and of the letters foreign OCR models lack.
_CONFUSIONS = (
    ("rı", "n"),
    ("ri", "n"),
    ("m", "rn"),
    ("ş", "s"),
    ("ı", "i"),
    ("ğ", "g"),
    ("ç", "c"),
    ("h", "b"),
    ("e", "c"),
    ("ü", "ii"),
    ("l", "I"),
    ("n", "ri"),
)


@dataclass(frozen=True)
class Word:
    surface: str  # as printed, suffix included (``Erzurum'a``)
    base: str  # before the apostrophe (``Erzurum``)
    key: str  # lower-case, folded: what rarity is counted on
    paragraph: int


@dataclass(frozen=True)
class KnownItem:
    cls: str
    q: str
    target: str  # the document id


@dataclass
class Corpus:
    """Texts by document id, with what the known-item set needs of them."""

    texts: dict[str, str]
    titles: dict[str, str] = field(default_factory=dict)
    words: dict[str, list[Word]] = field(default_factory=dict)
    df: Counter[str] = field(default_factory=Counter)

    def __post_init__(self) -> None:
        for doc_id, text in self.texts.items():
            found = list(_words(text))
            self.words[doc_id] = found
            self.df.update({word.key for word in found})

    def rare(self, doc_id: str) -> list[Word]:
        seen: set[str] = set()
        kept = []
        for word in self.words[doc_id]:
            if word.key not in seen and self.df[word.key] <= RARE_DF:
                seen.add(word.key)
                kept.append(word)
        return kept


def _key(text: str) -> str:
    return fold_ascii(turkish_lower(text))


def _words(text: str) -> Iterable[Word]:
    for number, paragraph in enumerate(_PARAGRAPHS.split(text)):
        for match in _WORD.finditer(paragraph):
            base = match.group(1)
            if len(base) >= MIN_LETTERS:
                yield Word(match.group(0), base, _key(base), number)


def read_corpus(folder: Path) -> Corpus:
    """Every ``<id>.txt`` of ``folder`` (titles from ``<id>.json`` when there is one)."""
    texts, titles = {}, {}
    for path in sorted(folder.glob("*.txt")):
        texts[path.stem] = nfc(path.read_text(encoding="utf-8"))
        metadata = path.with_suffix(".json")
        if metadata.is_file():
            titles[path.stem] = str(
                json.loads(metadata.read_text(encoding="utf-8")).get("title", "")
            )
    return Corpus(texts, titles)


def ascii_typed(word: str) -> str:
    return fold_ascii(strip_circumflex(word))


def other_case(word: str) -> str | None:
    """The noun in another case (locative ↔ ablative), by vowel harmony and voicing."""
    lower = turkish_lower(word)
    if lower != word:
        return None  # names and sentence starts: the ``bare`` class asks for names
    for ending in _ENDINGS:
        stem = lower[: -len(ending)]
        if lower.endswith(ending) and len(stem) >= 4 and any(c in _VOWELS for c in stem):
            vowels = [c for c in strip_circumflex(stem) if c in _VOWELS]
            back = vowels[-1] in _BACK
            buffer = "n" if ending.startswith("n") else ""
            consonant = "t" if stem[-1] in _VOICELESS and not buffer else "d"
            locative = ending.endswith(("da", "de", "ta", "te"))
            vowel = "a" if back else "e"
            new = buffer + consonant + vowel + ("" if not locative else "n")
            return stem + new
    return None


def damaged(word: str, rng: random.Random) -> str | None:
    """The word with one OCR confusion, or None when none applies."""
    start = rng.randrange(len(_CONFUSIONS))
    for offset in range(len(_CONFUSIONS)):
        wrong, right = _CONFUSIONS[(start + offset) % len(_CONFUSIONS)]
        at = word.find(wrong, 1)  # keep the first letter: a capital stays a capital
        if at > 0:
            return word[:at] + right + word[at + len(wrong) :]
    return None


def _pair(
    words: list[Word], rng: random.Random, first: Callable[[Word], bool]
) -> tuple[Word, Word] | None:
    """A word passing ``first`` and another rare word, from another paragraph if any."""
    leading = [word for word in words if first(word)]
    if not leading:
        return None
    one = rng.choice(leading)
    others = [w for w in words if w.key != one.key and w.base != one.base]
    apart = [w for w in others if w.paragraph != one.paragraph]
    pool = apart or others
    return (one, rng.choice(pool)) if pool else None


def _has_token(text: str, token: str) -> bool:
    """Whether ``token`` stands in ``text`` as a word of its own (no letter or apostrophe
    suffix attached)."""
    pattern = rf"(?<![^\W\d_]){re.escape(token)}(?![^\W\d_]|['’])"
    return re.search(pattern, text) is not None


def known_items(
    corpus: Corpus, *, per_class: int = PER_CLASS, seed: int = SEED
) -> tuple[list[KnownItem], dict[str, dict[str, str]]]:
    """The known-item queries, and the damage to apply to the indexed texts (document ->
    word -> its damaged form) for the ``ocr`` class."""
    rng = random.Random(seed)
    order = sorted(corpus.texts)
    rng.shuffle(order)
    items: list[KnownItem] = []
    damage: dict[str, dict[str, str]] = {}
    used: set[str] = set()
    # The ocr class first: its documents serve no other class, so it takes at most half of
    # a small corpus and leaves the other half to the rest.
    damaged_at_most = min(per_class, len(order) // 2)
    for doc_id in order:
        if len(damage) == damaged_at_most:
            break
        pair = _pair(corpus.rare(doc_id), rng, lambda w: w.surface == w.base)
        if pair is None or pair[1].surface != pair[1].base:
            continue
        wrong = [damaged(word.surface, rng) for word in pair]
        if None in wrong:
            continue
        damage[doc_id] = {word.surface: str(bad) for word, bad in zip(pair, wrong, strict=True)}
        items.append(KnownItem("ocr", f"{pair[0].surface} {pair[1].surface}", doc_id))
        used.add(doc_id)
    rest = [doc_id for doc_id in order if doc_id not in used]
    for cls in KNOWN_CLASSES[:-1]:
        made = 0
        for doc_id in rng.sample(rest, len(rest)):
            if made == per_class:
                break
            query = _typed(cls, corpus, doc_id, rng)
            if query is not None:
                items.append(KnownItem(cls, query, doc_id))
                made += 1
    return items, damage


def _typed(cls: str, corpus: Corpus, doc_id: str, rng: random.Random) -> str | None:
    words, text = corpus.rare(doc_id), corpus.texts[doc_id]
    if cls == "bare":
        pair = _pair(words, rng, lambda w: w.surface != w.base and not _has_token(text, w.base))
        return None if pair is None else f"{pair[0].base} {pair[1].surface}"
    if cls == "case":

        def inflectable(word: Word) -> bool:
            other = other_case(word.surface)
            return other is not None and not _has_token(text, other)

        pair = _pair(words, rng, inflectable)
        return None if pair is None else f"{other_case(pair[0].surface)} {pair[1].surface}"
    pair = _pair(words, rng, lambda w: True)
    if pair is None:
        return None
    typed = [word.surface for word in pair]
    if cls == "ascii":
        typed = [ascii_typed(word) for word in typed]
    elif cls == "upper":
        typed = [ascii_typed(word).upper() for word in typed]
    return " ".join(typed)


def apply_damage(folder: Path, damage: dict[str, dict[str, str]]) -> None:
    """Damage the words of ``damage`` in the ``<id>.txt`` files of ``folder``, in place."""
    for doc_id, words in damage.items():
        path = folder / f"{doc_id}.txt"
        text = path.read_text(encoding="utf-8")
        for word, wrong in words.items():
            text = re.sub(rf"(?<![^\W\d_]){re.escape(word)}(?![^\W\d_])", wrong, text)
        path.write_text(text, encoding="utf-8")


def copy_corpus(sources: Sequence[Path], target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for source in sources:
        for path in sorted(source.glob("*.txt")):
            shutil.copyfile(path, target / path.name)
            if path.with_suffix(".json").is_file():
                shutil.copyfile(path.with_suffix(".json"), target / f"{path.stem}.json")


def precision_words(
    corpus: Corpus,
    damage: dict[str, dict[str, str]],
    *,
    count: int = PRECISION_QUERIES,
    seed: int = SEED,
) -> list[str]:
    """Rare words as printed, from documents the ocr class left undamaged."""
    rng = random.Random(seed + 1)
    pool = sorted(
        {
            word.base
            for doc_id in corpus.texts
            if doc_id not in damage
            for word in corpus.rare(doc_id)
        }
    )
    return rng.sample(pool, min(count, len(pool)))


# Inflectional endings a true form may differ by, longest first (nominal: plural,
# possessive, case, copula; verbal: tense, person), for ``root`` below.
_INFLECTIONS = sorted(
    (
        "lar",
        "ler",
        "ları",
        "leri",
        "ımız",
        "imiz",
        "umuz",
        "ümüz",
        "ınız",
        "iniz",
        "unuz",
        "ünüz",
        "mız",
        "miz",
        "muz",
        "müz",
        "nız",
        "niz",
        "nuz",
        "nüz",
        "nın",
        "nin",
        "nun",
        "nün",
        "dan",
        "den",
        "tan",
        "ten",
        "nda",
        "nde",
        "yla",
        "yle",
        "la",
        "le",
        "da",
        "de",
        "ta",
        "te",
        "dır",
        "dir",
        "dur",
        "dür",
        "tır",
        "tir",
        "tur",
        "tür",
        "sı",
        "si",
        "su",
        "sü",
        "ın",
        "in",
        "un",
        "ün",
        "ım",
        "im",
        "um",
        "üm",
        "ki",
        "ya",
        "ye",
        "yı",
        "yi",
        "yu",
        "yü",
        "na",
        "ne",
        "nı",
        "ni",
        "ydi",
        "ydı",
        "dı",
        "di",
        "du",
        "dü",
        "tı",
        "ti",
        "tu",
        "tü",
        "se",
        "sa",
        "me",
        "ma",
        "mış",
        "miş",
        "muş",
        "müş",
        "a",
        "e",
        "ı",
        "i",
        "u",
        "ü",
    ),
    key=len,
    reverse=True,
)
_SOFTENED = {"p": "b", "ç": "c", "t": "d", "k": "ğ"}
MIN_ROOT = 4


def root(word: str) -> str:
    """The word less its inflectional endings, as long as four letters remain."""
    current = strip_circumflex(turkish_lower(word.split("'")[0].split("’")[0]))
    stripped = True
    while stripped:
        stripped = False
        for ending in _INFLECTIONS:
            if current.endswith(ending) and len(current) - len(ending) >= MIN_ROOT:
                current = current[: -len(ending)]
                stripped = True
                break
    return current


def holds_form(text: str, word: str) -> bool:
    """Whether ``text`` holds ``word`` or an inflected form of it: a word that begins with
    its root (``zafer`` for ``zaferlere``), a final p/ç/t/k softened before a vowel
    (``mektebe`` for ``mekteplerdeki``). Independent of the engine's stemmer."""
    lower = strip_circumflex(turkish_lower(text))
    base = root(word)
    starts = [base]
    if base[-1] in _SOFTENED:
        starts.append(base[:-1] + _SOFTENED[base[-1]])
    pattern = "|".join(re.escape(start) for start in starts)
    return re.search(rf"(?<![^\W\d_])(?:{pattern})", lower) is not None


@dataclass
class KnownScore:
    queries: int = 0
    found: int = 0
    reciprocal: float = 0.0

    def add(self, rank: int | None) -> None:
        self.queries += 1
        if rank is not None:
            self.found += 1
            self.reciprocal += 1.0 / rank

    @property
    def success(self) -> float:
        return self.found / self.queries if self.queries else 0.0

    @property
    def mrr(self) -> float:
        return self.reciprocal / self.queries if self.queries else 0.0


DOCUMENTS = Filters(types=("document",))


def rank_of(hits: Sequence[Hit], target: str) -> int | None:
    for rank, hit in enumerate(hits[:CUTOFF], start=1):
        if hit.document_id == target:
            return rank
    return None
