"""Reading an index through memory maps, and the allocator thresholds a reader sets."""

from __future__ import annotations

from typing import TYPE_CHECKING

from whoosh.index import open_dir
from whoosh.query import Term

from archive_api.search.allocator import keep_search_memory
from archive_api.search.generations import current_generation
from archive_api.search.mapped import open_mapped

if TYPE_CHECKING:
    from tests.conftest import BuiltIndex

SEED_ID = "turk-sovyet-iliskileri-1920"


def test_a_mapped_index_reads_what_whoosh_reads(built_index: BuiltIndex) -> None:
    folder = current_generation(built_index.index_dir)
    assert folder is not None
    plain, mapped = open_dir(str(folder), readonly=True), open_mapped(folder)
    with plain.searcher() as ours, mapped.searcher() as theirs:
        assert list(theirs.reader().all_stored_fields()) == list(ours.reader().all_stored_fields())
        query = Term("fold", "tchitcherine")
        found = [(hit["id"], hit.score) for hit in theirs.search(query, limit=None)]
        assert found == [(hit["id"], hit.score) for hit in ours.search(query, limit=None)]
        assert f"{SEED_ID}/letters/letter-2" in {doc_id for doc_id, _ in found}
    plain.close()
    mapped.close()


def test_the_allocator_thresholds_are_set_once() -> None:
    assert keep_search_memory() is True  # glibc, as on every machine this runs on
    assert keep_search_memory() is True
