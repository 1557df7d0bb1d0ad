"""The relevance evaluation, run whole: our search against the judged queries and the two
baselines, on an index the real indexer builds from the seed and the Atatürk corpus, and
the same search on PostgreSQL where its server programs are installed.

This is the issue's bar: every class at success@10 >= 0.95 for our analysis, and better
than each baseline on every class where that baseline stays below 0.95; on PostgreSQL,
every class within 0.02 of the embedded search.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from relevance import OURS, Report, evaluate, format_table
from relevance_judged import CLASSES
from relevance_pg import Postgres, available

BAR = 0.95
BACKEND_GAP = 0.02  # how far the PostgreSQL backend may fall behind, per class


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    return evaluate(tmp_path_factory.mktemp("relevance"))


def _misses(report: Report, engine: str, cls: str) -> str:
    lines = []
    for outcome in report.outcomes[engine]:
        if outcome.query.cls == cls and outcome.rank is None:
            got = ", ".join(hit.id for hit in outcome.hits[:3]) or "nothing"
            lines.append(f"{outcome.query.id} {outcome.query.q!r}: got {got}")
    return "; ".join(lines)


def test_the_whole_judged_set_runs_on_every_engine(report: Report) -> None:
    backends = [Postgres.name] if available() else []
    assert report.engines == [OURS, "Whoosh standard", "SQLite FTS5", *backends]
    assert len(report.queries) >= 120
    assert report.classes() == list(CLASSES)
    assert all(report.score(OURS, cls).queries >= 12 for cls in CLASSES)
    assert report.documents == 371  # the seed article and the 370 Atatürk texts
    for engine in report.engines:
        assert len(report.outcomes[engine]) == len(report.queries)
    assert report.unreachable == []  # every judged id can still pass its query's filters


@pytest.mark.parametrize("cls", CLASSES)
def test_ours_finds_a_relevant_record_for_almost_every_query(report: Report, cls: str) -> None:
    score = report.score(OURS, cls)
    assert score.success >= BAR, f"{cls}: {score.success:.2f}; {_misses(report, OURS, cls)}"


@pytest.mark.parametrize("baseline", ["Whoosh standard", "SQLite FTS5"])
def test_ours_beats_a_baseline_wherever_it_falls_short(report: Report, baseline: str) -> None:
    behind = []
    for cls in CLASSES:
        theirs, ours = report.score(baseline, cls), report.score(OURS, cls)
        if theirs.success < BAR and ours.success <= theirs.success:
            behind.append(f"{cls}: ours {ours.success:.2f}, {baseline} {theirs.success:.2f}")
    assert not behind, "; ".join(behind) + "\n" + format_table(report)


def test_baselines_fail_where_the_issue_says_generic_engines_fail(report: Report) -> None:
    def rank(engine: str, query_id: str) -> int | None:
        return next(o.rank for o in report.outcomes[engine] if o.query.id == query_id)

    # kadin / kadın: FTS5 does not take ı for a diacritic, Whoosh lower-cases only.
    assert rank("SQLite FTS5", "ascii-02") is None
    assert rank("Whoosh standard", "ascii-02") is None
    assert rank(OURS, "ascii-02") == 1
    # The OCR'd aynntılan is found by the word typed right only through our OCR keys.
    assert rank("SQLite FTS5", "ocr-02") is None  # ayrıntıları -> aynntılan
    assert rank(OURS, "ocr-02") == 1
    # Both baselines find a bare name under an apostrophe suffix: no class is rigged.
    assert report.score("SQLite FTS5", "bare").success == 1.0
    assert report.score("Whoosh standard", "bare").success == 1.0


def test_the_table_shows_every_class_and_engine(report: Report) -> None:
    table = format_table(report)
    for name in [*CLASSES, "overall", *report.engines]:
        assert name in table


def test_postgresql_ranks_within_its_gap_of_the_embedded_search(report: Report) -> None:
    if Postgres.name not in report.engines:
        if os.environ.get("ARCHIVE_REQUIRE_POSTGRES"):
            pytest.fail("PostgreSQL's server programs are not installed")
        pytest.skip("PostgreSQL's server programs are not installed")
    behind = []
    for cls in CLASSES:
        ours, theirs = report.score(OURS, cls), report.score(Postgres.name, cls)
        for measure in ("success", "mrr"):
            gap = getattr(ours, measure) - getattr(theirs, measure)
            if gap > BACKEND_GAP:
                behind.append(f"{cls} {measure}: ours {getattr(ours, measure):.2f}, {gap:.2f} more")
    assert not behind, "; ".join(behind) + "\n" + format_table(report)
