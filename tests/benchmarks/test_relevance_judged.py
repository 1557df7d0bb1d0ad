"""The judged query files load, name real classes, and score ranked lists as documented."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from relevance_judged import (
    CLASSES,
    ClassScore,
    Filters,
    Hit,
    JudgedQuery,
    JudgmentError,
    check_ids,
    load_judgments,
    unreachable,
)

SEED = "turk-sovyet-iliskileri-1920"


def _query(**kwargs: object) -> JudgedQuery:
    base: dict[str, object] = {
        "id": "t-1",
        "cls": "exact",
        "q": "x",
        "filters": Filters(),
        "relevant": frozenset({f"{SEED}/letters/letter-2"}),
        "documents": frozenset({"atam-c1-1919-003"}),
    }
    base.update(kwargs)
    return JudgedQuery(**base)  # type: ignore[arg-type]


def test_the_committed_judgments_load() -> None:
    queries = load_judgments()
    assert len(queries) >= 120
    assert [q.cls for q in queries] == sorted((q.cls for q in queries), key=CLASSES.index)
    by_id = {q.id: q for q in queries}
    june = by_id["filter-01"]
    assert june.filters == Filters(("letter",), None, "1920-06-01", "1920-06-30", None)
    assert june.relevant == {f"{SEED}/letters/letter-{n}" for n in (2, 3, 4)}
    assert f"{SEED}/letters/letter-2" in by_id["ascii-01"].relevant  # Cicerin: Tchitcherine
    assert by_id["exact-04"].documents == {"atam-c1-1919-003", "atam-c2-1923-013"}


def test_a_hit_counts_by_record_or_by_document() -> None:
    query = _query()
    assert query.is_relevant(Hit(f"{SEED}/letters/letter-2", SEED))
    assert not query.is_relevant(Hit(f"{SEED}/letters/letter-3", SEED))
    assert query.is_relevant(Hit("atam-c1-1919-003/paragraphs/p1", "atam-c1-1919-003"))
    assert query.is_relevant(Hit("atam-c1-1919-003", "atam-c1-1919-003"))


def test_only_the_first_ten_hits_are_scored() -> None:
    query = _query()
    noise = [Hit(f"{SEED}/paragraphs/p{n}", SEED) for n in range(20)]
    found = Hit(f"{SEED}/letters/letter-2", SEED)
    assert query.first_relevant_rank([*noise[:2], found]) == 3
    assert query.first_relevant_rank([*noise[:10], found]) is None
    score = ClassScore()
    score.add(query, 1)
    score.add(query, 4)
    score.add(query, None)
    assert (score.success, score.mrr, score.misses) == (2 / 3, 1.25 / 3, ["t-1"])


def test_bad_files_are_refused_with_the_file_and_query_named(tmp_path: Path) -> None:
    for cls in CLASSES:
        (tmp_path / f"{cls}.yaml").write_text(
            f"class: {cls}\nqueries:\n  - {{id: {cls}-1, q: a, documents: [d]}}\n",
            encoding="utf-8",
        )
    assert len(load_judgments(tmp_path)) == len(CLASSES)
    (tmp_path / "ocr.yaml").write_text(
        "class: ocr\nqueries:\n  - {id: ocr-1, q: a, filters: {sender: x}, documents: [d]}\n",
        encoding="utf-8",
    )
    with pytest.raises(JudgmentError, match=r"ocr\.yaml, ocr-1: filters may only use"):
        load_judgments(tmp_path)
    (tmp_path / "ocr.yaml").write_text(
        "class: ocr\nqueries:\n  - {id: ocr-1, q: a}\n", encoding="utf-8"
    )
    with pytest.raises(JudgmentError, match="names no relevant record"):
        load_judgments(tmp_path)


def test_unknown_and_unreachable_ids_are_reported() -> None:
    query = _query(filters=Filters(types=("footnote",)))
    with pytest.raises(JudgmentError, match="t-1: atam-c1-1919-003"):
        check_ids([query], {f"{SEED}/letters/letter-2"}, {SEED})
    lost = unreachable([query], lambda filters: ({f"{SEED}/footnotes/1"}, {SEED}))
    assert lost == [f"t-1: {SEED}/letters/letter-2, atam-c1-1919-003"]
