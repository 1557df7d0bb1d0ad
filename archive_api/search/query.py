"""Turn what a user types into a Whoosh query, without ever failing.

Whoosh's ``QueryParser`` is not used on user text: it treats ``a.g.e.``, ``(``, ``:`` and
``AND`` as syntax and raises or silently rewrites the query. Here the language is small and
every input has a meaning:

* plain words, all required (``require_all=False`` asks for any of them, a fallback when
  the strict query finds nothing);
* ``"…"`` a phrase, words in that order;
* ``-word`` / ``-"…"`` (or ``a NOT b``) excludes; ``a OR b`` either; ``a AND b`` is ``a b``;
* ``prefix*`` (at least two letters) on the folded, unstemmed field, so ``İstanb*`` is
  not stemmed into ``istanp*``;
* names and old spellings listed in ``variants.txt`` are expanded (``Cicerin`` also asks
  for ``Tchitcherine``; ``M. Kemal`` for ``Mustafa Kemal``).

Anything else (stray quotes, brackets, colons, emoji, NUL bytes, an operator at an odd
place) is plain text; characters that form no word are ignored.

Each word asks every text field at once (a disjunction-max, so a record is scored by its
best field): the exact form outranks the folded one, which outranks the stemmed one and
the OCR-tolerant one (a whole word misread weighs as much as another form of the word:
``rnuhaberat`` is as good evidence for ``muhaberat`` as ``muhaberata``), and a variant
spelling weighs a quarter of the spelling typed. When nothing holds the words, the
*tolerant* plan also accepts folded words one edit away.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache

from whoosh import query as wq
from whoosh import scoring
from whoosh.fields import Schema
from whoosh.lang import stopwords_for_language
from whoosh.matching import DisjunctionMaxMatcher, Matcher, NullMatcher

from archive_api.text.analysis import exact_analyzer, fold_analyzer
from archive_api.text.turkish import nfc
from archive_api.text.variants import default_table, variants_of

FIELD_BOOSTS: dict[str, float] = {"exact": 4.0, "fold": 2.0, "stem": 1.5, "ocr": 1.5}
# BM25F length normalisation (0: length ignored, 1: fully divided out). Records run from a
# one-line heading to a four-page letter; at Whoosh's 0.75 a letter that names a person
# once sinks below every short paragraph that names him, whatever the letter is about.
LENGTH_NORMALISATION = 0.3
SATURATION = 1.2  # BM25 K1: how fast repeats of a word stop adding to the score
PHRASE_FIELDS = ("exact", "fold", "stem")
PREFIX_FIELD = "fold"
VARIANT_WEIGHT = 0.25
# The tolerant pass (see QueryPlan.tolerant): a word of at least this many letters also
# matches words one edit away on the folded field, keeping its first letter.
TOLERANT_LETTERS = 5
TOLERANT_DISTANCE = 1
TOLERANT_BOOST = 0.25
MIN_PREFIX = 2
MAX_QUERY_CHARS = 1_000
MAX_UNITS = 24

_OPERATORS = frozenset({"OR", "AND", "NOT"})
_QUOTES = str.maketrans(dict.fromkeys("“”„‟«»″", '"'))
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
_CHUNK = re.compile(r'(-?)"([^"]*)"|(\S+)')
# Inside a chunk, only letters, digits and in-word punctuation hold words together;
# ``kind:letter`` or ``(Ek:2)`` fall apart into separate words.
_PIECE_SPLIT = re.compile(r"[^\w.\-'’‘`´ʼ*\u00ad]+")
# A word a speller can correct: letters, perhaps an apostrophe suffix (``Karabekir'e``).
_SPELLABLE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


class _MaxMatcher(DisjunctionMaxMatcher):  # type: ignore[misc]
    """Whoosh 2.7.4's dis-max matcher, mended.

    Its ``score`` takes the max over both sub-matchers even when one of them stands on
    another document (a record matching only the OCR key then scores like an exact
    match), and its ``replace`` drops every posting once either side runs out.
    """

    def score(self) -> float:
        a, b = self.a, self.b
        if not a.is_active():
            return float(b.score())
        if not b.is_active():
            return float(a.score())
        if a.id() == b.id():
            return float(max(a.score(), b.score()))
        return float(a.score() if a.id() < b.id() else b.score())

    def replace(self, minquality: float = 0) -> Matcher:
        a, b = self.a, self.b
        if not a.is_active() and not b.is_active():
            return NullMatcher()
        if minquality and self.max_quality() < minquality:
            return NullMatcher()
        a = a.replace(minquality) if a.is_active() else a
        b = b.replace(minquality) if b.is_active() else b
        if not a.is_active():
            return b if b.is_active() else NullMatcher()
        if not b.is_active():
            return a
        if a is not self.a or b is not self.b:
            return self.__class__(a, b)
        return self


class _DisMax(wq.DisjunctionMax):  # type: ignore[misc]
    """A record scores by its best-matching alternative (see :class:`_MaxMatcher`)."""

    def _matcher(self, subs: list[wq.Query], searcher: object, context: object) -> Matcher:
        reader = searcher.reader()  # type: ignore[attr-defined]
        return self._tree_matcher(
            subs, _MaxMatcher, searcher, context, lambda q: q.estimate_size(reader)
        )


_EXACT = exact_analyzer()
_FOLD = fold_analyzer()


@cache
def _stopwords() -> frozenset[str]:
    return frozenset(stopwords_for_language("tr"))


@dataclass
class _Unit:
    kind: str  # "word", "phrase" or "prefix"
    text: str
    parts: list[_Unit] = field(default_factory=list)  # words merged by a multi-word variant


@dataclass
class _Parsed:
    clauses: list[list[_Unit]]  # all required; the units of one clause are OR-ed
    negated: list[_Unit]


def _clean(text: str) -> str:
    text = nfc(text[:MAX_QUERY_CHARS]).translate(_QUOTES)
    return _CONTROL.sub(" ", text)


def _searchable(unit: _Unit) -> bool:
    return bool(_EXACT.words(unit.text.replace("*", " ")))


def _pieces(chunk: str) -> list[_Unit]:
    units = []
    for piece in _PIECE_SPLIT.split(chunk):
        if piece.endswith("*"):
            body = piece.rstrip("*").replace("*", " ")
            folded = _FOLD.words(body)
            if folded and len(folded[-1]) >= MIN_PREFIX:
                units.append(_Unit("prefix", body))
                continue
            piece = body
        units.append(_Unit("word", piece.replace("*", " ")))
    return [unit for unit in units if _searchable(unit)]


def _items(text: str) -> list[tuple[bool, _Unit | str]]:
    items: list[tuple[bool, _Unit | str]] = []
    for match in _CHUNK.finditer(text):
        minus, phrase, chunk = match.groups()
        if phrase is not None:
            unit = _Unit("phrase", phrase)
            if _searchable(unit):
                items.append((bool(minus), unit))
        elif chunk in _OPERATORS:
            items.append((False, chunk))
        else:
            negated = chunk.startswith("-")
            items.extend((negated, unit) for unit in _pieces(chunk.lstrip("-")))
    return items


def _parse(text: str) -> _Parsed:
    items = _items(_clean(text))
    clauses: list[list[_Unit]] = []
    negated: list[_Unit] = []
    operator: str | None = None
    after_unit = False
    for index, (minus, item) in enumerate(items):
        if isinstance(item, str):
            has_next = any(isinstance(later, _Unit) for _, later in items[index + 1 :])
            if after_unit and has_next and operator is None:
                operator = item
                after_unit = False
                continue
            item = _Unit("word", item)  # an operator at an odd place is a word
        if len(clauses) + len(negated) >= MAX_UNITS:
            break
        if minus or operator == "NOT":
            if item not in negated:
                negated.append(item)
        elif operator == "OR" and clauses:
            clauses[-1].append(item)
        elif [item] not in clauses:  # a word typed twice asks for nothing more
            clauses.append([item])
        operator = None
        after_unit = True
    return _Parsed(_merge_variants(_drop_stopwords(clauses)), negated)


def _is_plain_word(clause: list[_Unit]) -> bool:
    return len(clause) == 1 and clause[0].kind == "word"


def _drop_stopwords(clauses: list[list[_Unit]]) -> list[list[_Unit]]:
    """Drop ``ve``, ``bir``… when other words remain: they match nearly every record."""

    def is_stop(clause: list[_Unit]) -> bool:
        if not _is_plain_word(clause):
            return False
        tokens = _EXACT.words(clause[0].text)
        return len(tokens) == 1 and tokens[0] in _stopwords()

    kept = [clause for clause in clauses if not is_stop(clause)]
    return kept if kept else clauses


def _merge_variants(clauses: list[list[_Unit]]) -> list[list[_Unit]]:
    """Join runs of plain words that form a multi-word variant (``M. Kemal``)."""
    longest = default_table().max_words
    merged: list[list[_Unit]] = []
    index = 0
    while index < len(clauses):
        for size in range(min(longest, len(clauses) - index), 1, -1):
            run = clauses[index : index + size]
            if all(_is_plain_word(clause) for clause in run):
                text = " ".join(clause[0].text for clause in run)
                if variants_of(text):
                    parts = [clause[0] for clause in run]
                    merged.append([_Unit("word", text, parts=parts)])
                    index += size
                    break
        else:
            merged.append(clauses[index])
            index += 1
    return merged


class _Builder:
    """Builds per-field queries with the analyzers the schema declares."""

    def __init__(self, schema: Schema) -> None:
        names = set(schema.names())
        self.schema = schema
        self.fields = [name for name in FIELD_BOOSTS if name in names]

    def _positions(self, fieldname: str, text: str) -> list[list[str]]:
        analyzer = self.schema[fieldname].analyzer
        grouped: dict[int, list[str]] = {}
        for position, token in enumerate(analyzer(text, positions=True, mode="query")):
            pos = getattr(token, "pos", position)
            alternatives = grouped.setdefault(pos, [])
            if token.text not in alternatives:
                alternatives.append(token.text)
        return [grouped[pos] for pos in sorted(grouped)]

    def field_query(self, fieldname: str, text: str, boost: float) -> wq.Query | None:
        """The text's words on one field: a term, a phrase, or their alternatives."""
        positions = self._positions(fieldname, text)
        expected = len(_EXACT.words(text))
        if not positions or len(positions) < expected:
            return None  # a word without a form here (a short word's OCR key) would widen
        if len(positions) == 1:
            terms = [wq.Term(fieldname, word, boost=boost) for word in positions[0]]
            return terms[0] if len(terms) == 1 else _DisMax(terms)
        has_positions = self.schema[fieldname].format.supports("positions")
        if has_positions and all(len(words) == 1 for words in positions):
            return wq.Phrase(fieldname, [words[0] for words in positions], boost=boost)
        per_position: list[wq.Query] = [
            _DisMax([wq.Term(fieldname, word) for word in words]) for words in positions
        ]
        return wq.And(per_position, boost=boost)

    def _alternatives(
        self, text: str, fields: Iterable[str], weight: float = 1.0
    ) -> list[wq.Query]:
        found = []
        for name in fields:
            built = self.field_query(name, text, FIELD_BOOSTS[name] * weight)
            if built is not None:
                found.append(built)
        return found

    def unit_query(self, unit: _Unit, *, negated: bool = False) -> wq.Query | None:
        fields = [name for name in self.fields if not negated or name != "ocr"]
        if unit.kind == "prefix":
            return self._prefix_query(unit.text)
        if unit.kind == "phrase":
            fields = [name for name in fields if name in PHRASE_FIELDS]
        if unit.parts:
            built = [self.unit_query(part, negated=negated) for part in unit.parts]
            required = [query for query in built if query is not None]
            alternatives: list[wq.Query] = [wq.And(required)] if required else []
        else:
            alternatives = self._alternatives(unit.text, fields)
        variant_fields = [name for name in fields if name in PHRASE_FIELDS]
        length = len(_EXACT.words(unit.text))
        for variant in sorted(variants_of(unit.text)):
            # A phrase scores about the sum of its words: weigh a longer variant per word.
            weight = VARIANT_WEIGHT * length / max(length, len(_EXACT.words(variant)))
            alternatives.extend(self._alternatives(variant, variant_fields, weight))
        if not alternatives:
            return None
        if len(alternatives) == 1:
            return alternatives[0]
        return _DisMax(alternatives)

    def _prefix_query(self, text: str) -> wq.Query | None:
        if PREFIX_FIELD not in self.fields:
            return None
        positions = self._positions(PREFIX_FIELD, text)
        if not positions or len(positions[-1][0]) < MIN_PREFIX:
            return None
        boost = FIELD_BOOSTS[PREFIX_FIELD]
        prefix = wq.Prefix(PREFIX_FIELD, positions[-1][0], boost=boost)
        if len(positions) == 1:
            return prefix
        leading: list[wq.Query] = [wq.Term(PREFIX_FIELD, words[0]) for words in positions[:-1]]
        return wq.And([*leading, prefix])


def weighting() -> scoring.BM25F:
    """The scoring model searches use (see ``LENGTH_NORMALISATION``)."""
    return scoring.BM25F(B=LENGTH_NORMALISATION, K1=SATURATION)


@dataclass
class QueryPlan:
    """A parsed search: the clauses a hit must satisfy and what it must not contain.

    The strict query asks for every clause; the loose one for any of them, the fallback
    when the strict one finds nothing (see the searcher's relaxed mode).
    """

    clauses: list[wq.Query]
    excluded: wq.Query | None = None
    # The clauses again, each long plain word also matching words one edit away: what is
    # asked for the words the archive lacks when nothing holds the words as typed.
    tolerant_clauses: list[wq.Query] | None = None

    def tolerant(self, unknown: Callable[[wq.Query], bool]) -> QueryPlan | None:
        """The plan whose words the archive does not hold in any form (``unknown``) also
        match the words one edit away; None when no such word can be widened."""
        if self.tolerant_clauses is None:
            return None
        widened = [
            wide if wide is not clause and unknown(clause) else clause
            for clause, wide in zip(self.clauses, self.tolerant_clauses, strict=True)
        ]
        if all(wide is clause for wide, clause in zip(widened, self.clauses, strict=True)):
            return None
        return QueryPlan(widened, self.excluded)

    def strict(self) -> wq.Query:
        combined = self.clauses[0] if len(self.clauses) == 1 else wq.And(self.clauses)
        return self._without_excluded(combined)

    def loose(self) -> wq.Query:
        combined = self.clauses[0] if len(self.clauses) == 1 else wq.Or(self.clauses)
        return self._without_excluded(combined)

    def _without_excluded(self, query: wq.Query) -> wq.Query:
        return query if self.excluded is None else wq.AndNot(query, self.excluded)


def plan_query(text: str, schema: Schema) -> QueryPlan | None:
    """The clauses of a user's search text, or None when nothing searchable remains.

    Never raises on any text: unknown syntax is read as words.
    """
    parsed = _parse(text)
    builder = _Builder(schema)
    if not builder.fields:
        return None
    positive = [_clause_query(builder, clause) for clause in parsed.clauses]
    required = [query for query in positive if query is not None]
    if not required:
        return None
    excluded = [builder.unit_query(unit, negated=True) for unit in parsed.negated]
    excluded_queries = [query for query in excluded if query is not None]
    plan = QueryPlan(required, wq.Or(excluded_queries) if excluded_queries else None)
    if PREFIX_FIELD in builder.fields:
        tolerant = [
            _tolerant(clause, query)
            for clause, query in zip(parsed.clauses, positive, strict=True)
            if query is not None
        ]
        if any(query is not required[at] for at, query in enumerate(tolerant)):
            plan.tolerant_clauses = tolerant
    return plan


def _tolerant(clause: list[_Unit], query: wq.Query) -> wq.Query:
    """A plain word's query widened to the folded words one edit away (``muhaberat`` also
    finds the OCR's ``rnuhaberat`` and ``muhabcrat``); other clauses as they are."""
    if not _is_plain_word(clause) or clause[0].parts:
        return query
    folded = _FOLD.words(clause[0].text)
    if len(folded) != 1 or len(folded[0]) < TOLERANT_LETTERS:
        return query
    near = wq.FuzzyTerm(
        PREFIX_FIELD,
        folded[0],
        boost=TOLERANT_BOOST,
        maxdist=TOLERANT_DISTANCE,
        prefixlength=1,
    )
    return _DisMax([query, near])


def build_query(text: str, schema: Schema, *, require_all: bool = True) -> wq.Query | None:
    """The Whoosh query for a user's search text, or None when nothing searchable remains.

    ``require_all=False`` asks for any of the words instead of all of them.
    """
    plan = plan_query(text, schema)
    if plan is None:
        return None
    return plan.strict() if require_all else plan.loose()


def _clause_query(builder: _Builder, clause: list[_Unit]) -> wq.Query | None:
    built = [builder.unit_query(unit) for unit in clause]
    alternatives = [query for query in built if query is not None]
    if not alternatives:
        return None
    return alternatives[0] if len(alternatives) == 1 else wq.Or(alternatives)


def query_terms(text: str) -> list[str]:
    """The words a hit should show marked: what the user asked for, excluded words left out.

    Words come in their exact form (Turkish lower-case, apostrophe suffix cut), followed by
    the variant spellings that the query also searched; a prefix ends with ``*``
    (``istanb*``, folded). Compare them with a text's words through the same analyzers.
    """
    terms: dict[str, None] = {}
    for clause in _parse(text).clauses:
        for unit in clause:
            if unit.kind == "prefix":
                folded = _FOLD.words(unit.text)
                terms.update(dict.fromkeys(folded[:-1]))
                terms[folded[-1] + "*"] = None
                continue
            terms.update(dict.fromkeys(_EXACT.words(unit.text)))
            for variant in sorted(variants_of(unit.text)):
                terms.update(dict.fromkeys(_EXACT.words(variant)))
    return list(terms)


def typed_words(text: str) -> list[str]:
    """The words the user asked for, as typed (phrases' words included; prefixes, excluded
    words and multi-word spellings of ``variants.txt`` left out): what a speller may correct."""
    found: dict[str, None] = {}
    for clause in _parse(text).clauses:
        for unit in clause:
            if unit.kind == "prefix" or unit.parts:
                continue  # a prefix is no word; a listed multi-word spelling is known
            for piece in unit.text.split():
                word = piece.strip(".,;:!?()[]{}")
                if _SPELLABLE.fullmatch(word):
                    found[word] = None
    return list(found)
