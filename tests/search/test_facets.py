"""Per-record columns read once per generation: facets, type selection and date order."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import numpy as np
import pytest
from whoosh.index import open_dir

from archive_api.search.facets import Coded, Columns
from archive_api.search.generations import current_name
from archive_api.search.schema import UNDATED

if TYPE_CHECKING:
    from tests.conftest import BuiltIndex

SEED = "turk-sovyet-iliskileri-1920"


@pytest.fixture(scope="module")
def columns(built_index: BuiltIndex) -> Iterator[tuple[Columns, dict[str, int]]]:
    root = built_index.index_dir
    index = open_dir(str(root / str(current_name(root))), readonly=True)
    with index.searcher() as searcher:
        numbers = {str(fields["id"]): n for n, fields in enumerate(searcher.all_stored_fields())}
        yield Columns.load(searcher.reader()), numbers
    index.close()


def test_every_record_has_its_type_and_document(
    columns: tuple[Columns, dict[str, int]], built_index: BuiltIndex
) -> None:
    table, _ = columns
    counts: dict[str, int] = {}
    for record_type in table.types:
        counts[record_type] = counts.get(record_type, 0) + 1
    assert counts == built_index.manifest.counts
    assert set(table.documents) == {SEED}
    code = table.documents.values.index(SEED)
    assert [c for c, row in enumerate(table.document_row.tolist()) if row >= 0] == [code]
    assert table.types[int(table.document_row[code])] == "document"


def test_years_and_kinds_of_the_letters(columns: tuple[Columns, dict[str, int]]) -> None:
    table, numbers = columns
    letters = [numbers[f"{SEED}/letters/letter-{n}"] for n in (1, 2, 3, 4)]
    assert [table.years[n] for n in letters] == [1920] * 4
    assert table.kinds[letters[0]] == "tahrirat"
    assert table.kinds[letters[3]] == "sifre"
    assert _counts(table, letters) == {
        "year": {"1920": 4},
        "document": {SEED: 4},
        "kind": {"mektup": 2, "sifre": 1, "tahrirat": 1},
    }


def test_undated_records_have_no_year_and_sort_last(
    columns: tuple[Columns, dict[str, int]],
) -> None:
    table, numbers = columns
    note = numbers[f"{SEED}/footnotes/31"]
    assert table.years[note] is None
    assert table.sort_dates[note] == UNDATED
    assert _counts(table, [note])["year"] == {}
    first, second = numbers[f"{SEED}/letters/letter-1"], numbers[f"{SEED}/letters/letter-2"]
    assert table.date_key(first) < table.date_key(second) < table.date_key(note)
    assert table.date_key(first) == (19200509, SEED, table.orders[first])


def test_a_facet_keeps_its_most_frequent_values(columns: tuple[Columns, dict[str, int]]) -> None:
    table, numbers = columns
    letters = np.array([numbers[f"{SEED}/letters/letter-{n}"] for n in (1, 2, 3, 4)])
    kinds = table.coded["kind"]
    assert kinds.counts(letters) == ({"mektup": 2, "sifre": 1, "tahrirat": 1}, 3)
    assert kinds.counts(letters, 1) == ({"mektup": 2}, 3)
    assert kinds.counts(letters, 2) == ({"mektup": 2, "sifre": 1}, 3)  # ties: key order
    assert table.facets(letters, 1)["kind"] == ({"mektup": 2}, 3)
    assert _counts(table, letters, 1)["year"] == {"1920": 4}


def _counts(table: Columns, numbers: Any, limit: int | None = None) -> dict[str, dict[str, int]]:
    return {name: counts for name, (counts, _) in table.facets(numbers, limit).items()}


def test_the_most_frequent_values_are_cut_as_a_sort_would_cut_them() -> None:
    rng = np.random.default_rng(11)
    for _ in range(500):
        values = [None, *(f"v{n:03d}" for n in range(int(rng.integers(1, 80))))]
        codes = rng.integers(0, len(values), int(rng.integers(1, 400))).astype(np.int32)
        coded = Coded(codes, values)
        everything, distinct = coded.counts(np.arange(len(codes)))
        limit = int(rng.integers(0, distinct + 2))
        cut, before = coded.counts(np.arange(len(codes)), limit)
        ranked = sorted(everything, key=lambda key: (-everything[key], key))[:limit]
        assert cut == {key: everything[key] for key in sorted(ranked)}
        assert before == distinct
