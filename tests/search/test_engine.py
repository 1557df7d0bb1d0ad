"""The numpy engine against Whoosh itself: same records, same scores, for every query the
benchmarks and the judged set ask, on an index the real indexer builds; deleted records
stay out; the postings cache keeps to its budget.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from whoosh import query as wq
from whoosh import scoring
from whoosh.formats import Positions
from whoosh.index import open_dir

from archive_api.search import postings as postings_module
from archive_api.search.engine import Matches, evaluate, records, restrict
from archive_api.search.filters import SearchFilters
from archive_api.search.generations import current_name
from archive_api.search.incremental import Change, update_index
from archive_api.search.indexer import build_index
from archive_api.search.postings import PostingsReader
from archive_api.search.query import plan_query, weighting
from archive_api.search.whoosh_blocks import decode_positions
from archive_api.store import DocumentStore
from tests.support.filters import judged_filters, search_filters

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from relevance_judged import load_judgments
from speed_queries import QUERIES, search_kwargs

ROOT = Path(__file__).resolve().parents[2]
SEED = "turk-sovyet-iliskileri-1920"
ATATURK = sorted((ROOT / "corpora" / "ataturk").glob("*.txt"))[::6]  # every sixth text
EXTRA = (
    "Ankara -İstanbul Moskova",
    '"Türkiye Büyük Millet Meclisi" OR Lozan',
    "a.g.e. Bilge",
    '-"Mustafa Kemal" millet',
    "milli* -millet",
    "Kazim Karabekir Erzurum",
    "TBMM Ankara",
)


@dataclass(frozen=True)
class Case:
    label: str
    q: str
    filters: SearchFilters


def _cases() -> list[Case]:
    cases = []
    for query in QUERIES:
        if query.q:
            built = search_filters(search_kwargs(query))
            cases.append(Case(f"speed:{query.label()}", query.q, built))
    for judged in load_judgments():
        cases.append(Case(f"judged:{judged.id}", judged.q, judged_filters(judged.filters)))
    cases.extend(Case(f"extra:{text}", text, SearchFilters()) for text in EXTRA)
    return cases


CASES = _cases()


@pytest.fixture(scope="module")
def index_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("engine")
    documents = folder / "documents"
    documents.mkdir()
    for source in [ROOT / "documents" / f"{SEED}.txt", *ATATURK]:
        shutil.copy(source, documents / source.name)
        meta = source.with_suffix(".json")
        if meta.exists():
            shutil.copy(meta, documents / meta.name)
    build_index(DocumentStore(documents), folder / "index")
    return folder / "index"


@pytest.fixture(scope="module", autouse=True)
def whoosh_scores_every_union() -> Iterator[None]:
    """On indexes under 5,000 records Whoosh evaluates a union of three or more parts with a
    preloading matcher that gives a prefix's expansion a constant score of 1; above that it
    scores each expanded term. The engine always scores them: compare with that path."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(wq.Or, "matcher_type", wq.Or.DEFAULT_MATCHER)
        yield


@pytest.fixture(scope="module")
def generation(index_root: Path) -> Path:
    return index_root / str(current_name(index_root))


@pytest.fixture(scope="module")
def opened(generation: Path) -> Iterator[tuple[Any, PostingsReader]]:
    index = open_dir(str(generation), readonly=True)
    with index.searcher(weighting=weighting()) as searcher:
        reader = PostingsReader(searcher, generation)
        yield searcher, reader
    index.close()


def _whoosh(searcher: Any, query: wq.Query, filters: wq.Query | None) -> dict[int, float]:
    """Whoosh's matches and scores. Whoosh's own ``AndNot`` keeps some records its second
    part matches (with a disjunction-max there, it skips past them), so an exclusion is
    taken as what it means: the first part's matches less every record of the second."""
    if isinstance(query, wq.AndNot):
        kept = _whoosh(searcher, query.a, filters)
        dropped = set(searcher.docs_for_query(query.b))
        return {number: score for number, score in kept.items() if number not in dropped}
    results = searcher.search(query, filter=filters, limit=None)
    return {number: float(score) for score, number in results.top_n}


def _ours(reader: PostingsReader, query: wq.Query, filters: wq.Query | None) -> dict[int, float]:
    found: Matches = evaluate(query, reader)
    if filters is not None:
        found = restrict(found, records(filters, reader))
    return dict(zip(found.docs.tolist(), found.scores.tolist(), strict=True))


def _assert_same(expected: dict[int, float], got: dict[int, float], label: str) -> None:
    assert set(got) == set(expected), f"{label}: {len(got)} records, Whoosh {len(expected)}"
    for number, score in expected.items():
        assert got[number] == pytest.approx(score, rel=1e-9), f"{label}: record {number}"


def test_every_query_matches_and_scores_as_whoosh(opened: tuple[Any, PostingsReader]) -> None:
    searcher, reader = opened
    assert len(CASES) > 150
    compared = nonempty = 0
    for case in CASES:
        plan = plan_query(case.q, searcher.schema)
        if plan is None:
            continue
        filters = case.filters.without_types()
        for query in (plan.strict(), plan.loose(), *plan.clauses):
            expected = _whoosh(searcher, query, filters)
            _assert_same(expected, _ours(reader, query, filters), case.label)
            compared += 1
            nonempty += bool(expected)
    assert compared > 400
    assert nonempty > compared * 0.8  # the comparison is about real matches


def test_an_excluded_word_leaves_no_record_that_holds_it(
    opened: tuple[Any, PostingsReader],
) -> None:
    searcher, reader = opened
    plan = plan_query("milli* -millet", searcher.schema)
    assert plan is not None and plan.excluded is not None
    found = evaluate(plan.strict(), reader).docs.tolist()
    holding = set(records(plan.excluded, reader).tolist())
    assert found and holding
    assert not holding & set(found)
    # Whoosh's own AndNot, with a disjunction-max on its right, lets some of them through.
    kept_by_whoosh = {n for _, n in searcher.search(plan.strict(), limit=None).top_n}
    assert kept_by_whoosh - set(found) <= holding


def test_filters_alone_select_what_whoosh_selects(opened: tuple[Any, PostingsReader]) -> None:
    searcher, reader = opened
    for built in (
        SearchFilters.build(types=["letter"], date_from="1920-06-01", date_to="1920-06-30"),
        SearchFilters.build(kind="speech", date_from="1921", date_to="1922"),
        SearchFilters.build(place="Ankara"),
        SearchFilters.build(sender="Çiçerin"),
        SearchFilters.build(document_ids=[SEED], types=["footnote", "work"]),
    ):
        query = built.query()
        assert query is not None
        expected = sorted(searcher.docs_for_query(query))
        assert expected, built
        assert records(query, reader).tolist() == expected


def test_phrases_need_the_words_in_order(opened: tuple[Any, PostingsReader]) -> None:
    searcher, reader = opened
    forward = wq.Phrase("fold", ["turk", "milleti"])
    backward = wq.Phrase("fold", ["milleti", "turk"])
    words = wq.And([wq.Term("fold", "turk"), wq.Term("fold", "milleti")])
    assert len(evaluate(forward, reader)) > 10
    assert len(evaluate(forward, reader)) < len(evaluate(words, reader))
    _assert_same(_whoosh(searcher, backward, None), _ours(reader, backward, None), "backward")
    assert len(evaluate(wq.Phrase("fold", ["mustafa", "yokboylebirsoz"]), reader)) == 0


PHRASES = (
    ("fold", ["turk", "milleti"]),
    ("fold", ["buyuk", "millet", "meclisi"]),
    ("exact", ["mustafa", "kemal"]),
    ("stem", ["sovyet", "rusya"]),
    ("fold", ["milleti", "turk"]),
)


def test_phrases_match_as_whoosh(opened: tuple[Any, PostingsReader]) -> None:
    searcher, reader = opened
    matched = 0
    for fieldname, words in PHRASES:
        query = wq.Phrase(fieldname, words)
        expected = _whoosh(searcher, query, None)
        _assert_same(expected, _ours(reader, query, None), f"{fieldname}:{words}")
        matched += bool(expected)
    assert matched >= 4


def test_positions_within_records_are_those_of_the_whole_term(
    opened: tuple[Any, PostingsReader],
) -> None:
    _, reader = opened
    for word in ("millet", "turk", "ankara"):
        every = reader.position_keys("fold", word)
        records = np.unique(every >> 32)
        assert len(records) > 20
        within = records[::3].astype(np.int32)
        some = reader.position_keys("fold", word, within=within)
        assert np.array_equal(some, every[np.isin(every >> 32, within)])


def test_a_phrase_asked_again_reads_no_positions(
    opened: tuple[Any, PostingsReader], generation: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    searcher, _ = opened
    reader = PostingsReader(searcher, generation)
    query = wq.Phrase("fold", ["buyuk", "millet", "meclisi"])
    first = evaluate(query, reader)
    assert len(first) > 0

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("positions read again")

    monkeypatch.setattr(reader, "position_keys", refuse)
    again = evaluate(query, reader)
    assert np.array_equal(first.docs, again.docs) and np.array_equal(first.scores, again.scores)


def test_positions_are_read_as_whoosh_reads_them() -> None:
    field_format = Positions()
    lists = [[0], [3, 17, 300], [5, 70_000], list(range(7, 3_007, 2)), [1, 2]]
    values = [field_format.encode(places) for places in lists]
    counts = np.array([len(places) for places in lists], dtype=np.float64)
    flat = [position for places in lists for position in places]
    for given in (values, [values[0][:-1], *values[1:]]):  # the second: no pickle STOP
        lengths, positions = decode_positions(given, counts, field_format)
        assert lengths.tolist() == [len(places) for places in lists]
        assert positions.tolist() == flat
    wrong = counts.copy()
    wrong[1] = 2  # counts that disagree with the values: read one by one, as they are
    lengths, positions = decode_positions(values, wrong, field_format)
    assert positions.tolist() == flat


def test_a_query_type_it_cannot_score_is_refused(opened: tuple[Any, PostingsReader]) -> None:
    _, reader = opened
    with pytest.raises(TypeError, match="Require"):
        evaluate(wq.Require(wq.Term("fold", "ankara"), wq.Term("fold", "moskova")), reader)
    with pytest.raises(TypeError, match="slop 3"):
        evaluate(wq.Phrase("fold", ["mustafa", "kemal"], slop=3), reader)


def test_scores_follow_the_searchers_bm25f_and_nothing_else(generation: Path) -> None:
    index = open_dir(str(generation), readonly=True)
    with index.searcher(weighting=scoring.BM25F(B=0.5, K1=2.0)) as searcher:
        reader = PostingsReader(searcher, generation)
        assert (reader.b, reader.k1) == (0.5, 2.0)
        query = wq.Term("fold", "ankara")
        _assert_same(_whoosh(searcher, query, None), _ours(reader, query, None), "B=0.5")
    with (
        index.searcher(weighting=scoring.TF_IDF()) as searcher,
        pytest.raises(TypeError, match="TF_IDF"),
    ):
        PostingsReader(searcher, generation)
    index.close()


def test_unknown_fields_and_terms_match_nothing(opened: tuple[Any, PostingsReader]) -> None:
    _, reader = opened
    for query in (wq.Term("nosuchfield", "x"), wq.Term("fold", "yokboylebirsoz")):
        found = evaluate(query, reader)
        assert len(found) == 0 and found.docs.dtype == np.int32


def test_the_cache_keeps_to_its_budget(
    opened: tuple[Any, PostingsReader], generation: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    searcher, _ = opened
    monkeypatch.setattr(postings_module, "CACHE_ITEMS", 2_000)
    reader = PostingsReader(searcher, generation)
    for word in ("millet", "türk", "ankara", "büyük", "meclis", "hükümet", "ordu"):
        first = reader.term("fold", word)
        again = reader.term("fold", word)
        assert np.array_equal(first.docs, again.docs)
        assert reader._cache.held <= 2_000
    sizes = [len(evaluate(wq.Phrase(f, words), reader)) for f, words in PHRASES]
    budget = sum(max(1, size) for size in sizes) // 2  # not every answer fits
    assert min(sizes) <= budget // 4  # but some do
    monkeypatch.setattr(postings_module, "ANSWER_ITEMS", budget)
    reader = PostingsReader(searcher, generation)
    for fieldname, words in PHRASES * 2:
        evaluate(wq.Phrase(fieldname, words), reader)
        assert 0 < reader._answers.held <= budget


def test_deleted_records_are_left_out(tmp_path: Path) -> None:
    documents = tmp_path / "documents"
    documents.mkdir()
    for source in [ROOT / "documents" / f"{SEED}.txt", *ATATURK[:8]]:
        shutil.copy(source, documents / source.name)
        meta = source.with_suffix(".json")
        if meta.exists():
            shutil.copy(meta, documents / meta.name)
    root = tmp_path / "index"
    build_index(DocumentStore(documents), root)
    assert update_index(root, {SEED: Change(None)}) is not None
    folder = root / str(current_name(root))
    index = open_dir(str(folder), readonly=True)
    with index.searcher(weighting=weighting()) as searcher:
        reader = PostingsReader(searcher, folder)
        assert reader.live is not None and not reader.live.all()  # the seed's rows
        for text in ("Çiçerin", '"Sovyet Rusya"', "Ankara", "millet", "istanb*"):
            plan = plan_query(text, searcher.schema)
            assert plan is not None
            query = plan.strict()
            _assert_same(_whoosh(searcher, query, None), _ours(reader, query, None), text)
        seed = wq.Term("document_id", SEED)
        assert len(records(seed, reader)) == 0
    index.close()


def test_records_alone_are_the_records_scoring_finds(opened: tuple[Any, PostingsReader]) -> None:
    searcher, reader = opened
    compared = 0
    for case in CASES[::3]:
        plan = plan_query(case.q, searcher.schema)
        filters = case.filters.without_types()
        queries = [] if plan is None else [plan.strict(), plan.loose(), *plan.clauses]
        for query in [*queries, *([filters] if filters is not None else [])]:
            assert np.array_equal(records(query, reader), evaluate(query, reader).docs), case
            compared += 1
    assert compared > 100


def test_contains_answers_as_a_search_would_on_every_path() -> None:
    rng = np.random.default_rng(7)
    for _ in range(300):
        size = int(rng.integers(1, 5_000))
        wanted = np.unique(rng.integers(-3, size, int(rng.integers(0, size))))
        docs = np.sort(rng.integers(-5, size + 5, int(rng.integers(0, 2 * size))))
        expected = np.isin(docs, wanted)
        assert np.array_equal(postings_module.contains(docs, wanted), expected)
        if len(wanted) and wanted[0] >= 0:  # the path of flags, for records
            big = np.unique(rng.integers(0, size, size))
            assert np.array_equal(postings_module.contains(big, big), np.ones(len(big), bool))


def test_a_filter_asked_again_is_not_computed_again(
    opened: tuple[Any, PostingsReader], generation: Path
) -> None:
    searcher, _ = opened
    reader = PostingsReader(searcher, generation)
    built = SearchFilters.build(kind="speech", date_from="1921", date_to="1922")
    query = built.query()
    assert query is not None
    computed: list[int] = []

    def compute() -> Any:
        computed.append(1)
        return records(query, reader)

    first = reader.filter_records(query, compute)
    same = SearchFilters.build(kind="speech", date_from="1921", date_to="1922").query()
    again = reader.filter_records(same, compute)
    assert len(first) and np.array_equal(first, again) and computed == [1]
    other = SearchFilters.build(kind="speech", date_from="1921", date_to="1921").query()
    assert other is not None and other != query
    reader.filter_records(other, compute)  # another filter is another answer
    assert computed == [1, 1]
