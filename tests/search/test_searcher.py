from __future__ import annotations

import json
import multiprocessing
import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from archive_api.errors import IndexUnavailable, NotFound
from archive_api.search.generations import CURRENT, MANIFEST
from archive_api.search.indexer import build_index
from archive_api.search.searcher import Archive, SearchArgumentError
from archive_api.store import DocumentStore

if TYPE_CHECKING:
    from tests.conftest import BuiltIndex

SEED = "turk-sovyet-iliskileri-1920"


@pytest.fixture(scope="module")
def archive(built_index: BuiltIndex) -> Archive:
    return Archive(built_index.index_dir, reload_interval=3600)


def _ids(page: object) -> list[str]:
    return [hit.id for hit in page.hits]  # type: ignore[attr-defined]


def test_documents_come_from_the_generation(archive: Archive) -> None:
    documents = archive.documents()
    assert [d.id for d in documents] == [SEED]
    assert archive.document(SEED).letters[1].sender.name == "Tchitcherine"
    with pytest.raises(NotFound):
        archive.document("yok")


def test_health_reports_the_open_generation(archive: Archive, built_index: BuiltIndex) -> None:
    health = archive.health()
    assert health["status"] == "ok"
    assert health["generation"] == built_index.manifest.generation
    assert health["records"] == built_index.manifest.records
    assert health["counts"]["letter"] == 4
    assert health["documents"] == 1


def test_search_marks_the_words_that_matched(archive: Archive) -> None:
    page = archive.search("Tchitcherine", per_page=50)
    assert page.total == len(page.hits) >= 2
    for hit in page.hits:
        assert "<mark>" in hit.snippet
        assert hit.score > 0
    letters = archive.search("Tchitcherine", types=["letter"])
    assert _ids(letters) == [f"{SEED}/letters/letter-2"]
    assert "<mark>Tchitcherine</mark>" in letters.hits[0].snippet


def test_snippets_mark_folded_and_damaged_forms(archive: Archive) -> None:
    folded = archive.search("kazim karabekir", types=["paragraph"])
    assert folded.total >= 3
    assert any("<mark>Kâzım</mark>" in hit.snippet for hit in folded.hits)
    assert all("<mark>" in hit.snippet for hit in folded.hits)
    damaged = archive.search("barış", types=["paragraph"], per_page=50)
    assert any("<mark>banş</mark>" in hit.snippet for hit in damaged.hits)


def test_hits_carry_what_a_link_needs(archive: Archive) -> None:
    page = archive.search("Osmanlıca Belge", types=["annex"])
    hit = page.hits[0]
    assert (hit.id, hit.type, hit.document_id, hit.record_id) == (
        f"{SEED}/annexes/1",
        "annex",
        SEED,
        "1",
    )
    assert hit.title.startswith("Ek 1")
    assert hit.page == archive.document(SEED).annexes[0].page


def test_type_filter_and_facets(archive: Archive) -> None:
    everything = archive.search("Moskova", per_page=5)
    assert everything.facets_by_type["letter"] >= 1
    assert everything.facets_by_type["paragraph"] >= 1
    assert everything.facets_by_type["document"] == 1  # documents with a matching record
    for record_type, count in everything.facets_by_type.items():
        assert archive.search("Moskova", types=[record_type]).total == count, record_type
    letters = archive.search("Moskova", types=["letter"])
    assert {hit.type for hit in letters.hits} == {"letter"}
    assert letters.facets_by_type == everything.facets_by_type  # the type filter is not applied
    both = archive.search("Moskova", types=["letter", "footnote"])
    expected = everything.facets_by_type["letter"] + everything.facets_by_type.get("footnote", 0)
    assert both.total == expected


def test_document_filter(archive: Archive) -> None:
    assert archive.search("Gümrü", document_ids=[SEED]).total >= 1
    assert archive.search("Gümrü", document_ids=["yok"]).total == 0


def test_date_ranges_match_letters_by_overlap(archive: Archive) -> None:
    june = archive.search(types=["letter"], date_from="1920-06-01", date_to="1920-06-30")
    assert _ids(june) == [f"{SEED}/letters/letter-{n}" for n in (2, 3, 4)]
    may = archive.search(types=["letter"], date_from="1920-05", date_to="1920-05")
    assert _ids(may) == [f"{SEED}/letters/letter-1"]
    after = archive.search(types=["letter"], date_from="1920-06-04")
    assert _ids(after) == [f"{SEED}/letters/letter-3", f"{SEED}/letters/letter-4"]
    assert archive.search(types=["letter"], date_to="1919").total == 0


def test_listing_without_a_query_goes_by_date(archive: Archive) -> None:
    page = archive.search(types=["letter"])
    assert _ids(page) == [f"{SEED}/letters/letter-{n}" for n in (1, 2, 3, 4)]
    assert all(hit.score == 0.0 for hit in page.hits)
    assert "<mark>" not in page.hits[0].snippet


def test_people_place_and_kind_filters(archive: Archive) -> None:
    by_kemal = archive.search(types=["letter"], sender="MUSTAFA KEMAL")
    assert _ids(by_kemal) == [f"{SEED}/letters/letter-{n}" for n in (1, 3, 4)]
    assert _ids(archive.search(types=["letter"], sender="tchitcherine")) == [
        f"{SEED}/letters/letter-2"
    ]
    assert _ids(archive.search(types=["letter"], recipient="Kâzım Karabekir")) == [
        f"{SEED}/letters/letter-4"
    ]
    assert _ids(archive.search(types=["letter"], kind="ŞİFRE")) == [f"{SEED}/letters/letter-4"]
    ankara = archive.search(types=["letter"], place="ankara")
    assert f"{SEED}/letters/letter-1" in _ids(ankara)
    assert f"{SEED}/letters/letter-2" not in _ids(ankara)


def test_pages_do_not_overlap(archive: Archive) -> None:
    first = archive.search("Sovyet", per_page=3, page=1)
    second = archive.search("Sovyet", per_page=3, page=2)
    assert first.total == second.total > 6
    assert len(first.hits) == len(second.hits) == 3
    assert not set(_ids(first)) & set(_ids(second))
    beyond = archive.search("Sovyet", per_page=3, page=first.total)
    assert beyond.hits == [] and beyond.total == first.total


def test_text_that_forms_no_query_finds_nothing(archive: Archive) -> None:
    page = archive.search("!!! ??? ***")
    assert (page.total, page.hits) == (0, [])


@pytest.mark.parametrize(
    ("arguments", "parameter"),
    [
        ({"page": 0}, "page"),
        ({"per_page": 0}, "per_page"),
        ({"types": ["mektup"]}, "type"),
        ({"date_from": "1920-99"}, "date_from"),
    ],
)
def test_bad_arguments(archive: Archive, arguments: dict[str, object], parameter: str) -> None:
    with pytest.raises(SearchArgumentError) as caught:
        archive.search("Ankara", **arguments)  # type: ignore[arg-type]
    assert caught.value.parameter == parameter


def test_snippets_escape_html_in_the_text(documents_dir: Path, tmp_path: Path) -> None:
    (documents_dir / "ek-deneme.txt").write_text(
        "Bu belgede <script>alert(1)</script> & Zümrütanka kelimesi geçer.\n", encoding="utf-8"
    )
    build_index(DocumentStore(documents_dir), tmp_path / "index")
    page = Archive(tmp_path / "index", 0).search("Zümrütanka")
    assert page.total >= 1
    snippet = page.hits[0].snippet
    assert "<mark>Zümrütanka</mark>" in snippet
    assert "&lt;script&gt;" in snippet and "<script>" not in snippet
    assert "&amp;" in snippet


def test_a_rebuild_is_picked_up_without_a_restart(documents_dir: Path, tmp_path: Path) -> None:
    store, root = DocumentStore(documents_dir), tmp_path / "index"
    first = build_index(store, root)
    archive = Archive(root, reload_interval=0)
    assert archive.search("Zümrütanka").total == 0
    with store.text_path(SEED).open("a", encoding="utf-8") as handle:
        handle.write("\nZümrütanka, Gümrü Barışı'ndan sonra anılır.\n")
    second = build_index(store, root)
    assert archive.search("Zümrütanka").total >= 1
    assert archive.health()["generation"] == second.generation != first.generation


def _rebuild(documents: Path, root: Path, times: int) -> None:
    store = DocumentStore(documents)
    for _ in range(times):
        build_index(store, root)


def test_no_search_fails_while_the_index_is_rebuilt(documents_dir: Path, tmp_path: Path) -> None:
    root = tmp_path / "index"
    build_index(DocumentStore(documents_dir), root)
    archive = Archive(root, reload_interval=0)
    expected = archive.search("Çiçerin", per_page=50)
    seen: set[str] = set()
    builder = multiprocessing.get_context("fork").Process(
        target=_rebuild, args=(documents_dir, root, 4)
    )
    builder.start()
    searches = 0
    while builder.is_alive() or searches < 20:
        assert archive.search("Çiçerin", per_page=50) == expected
        seen.add(archive.health()["generation"])
        searches += 1
    builder.join()
    assert builder.exitcode == 0
    assert len(seen) >= 2  # the generation changed under the searches


def test_reload_waits_for_the_interval(documents_dir: Path, tmp_path: Path) -> None:
    store, root = DocumentStore(documents_dir), tmp_path / "index"
    first = build_index(store, root)
    archive = Archive(root, reload_interval=3600)
    assert archive.health()["generation"] == first.generation
    build_index(store, root)
    assert archive.health()["generation"] == first.generation


def test_searches_in_flight_finish_on_the_old_generation(
    documents_dir: Path, tmp_path: Path
) -> None:
    store, root = DocumentStore(documents_dir), tmp_path / "index"
    first = build_index(store, root)
    archive = Archive(root, reload_interval=0)
    with archive._use() as old:  # a request that started before the switch
        second = build_index(store, root)
        assert archive.health()["generation"] == second.generation
        assert old.retired
        assert old.searcher.doc_count() == first.records  # still open and readable
    assert old.users == 0


def test_a_reader_outlives_the_pruning_of_its_generation(
    documents_dir: Path, tmp_path: Path
) -> None:
    store, root = DocumentStore(documents_dir), tmp_path / "index"
    first = build_index(store, root)
    archive = Archive(root, reload_interval=3600)  # will not look at CURRENT again
    before = archive.search("Gümrü", per_page=50)
    assert before.total >= 5
    for _ in range(3):
        build_index(store, root)
    assert not (root / first.generation).exists()
    assert archive.search("Gümrü", per_page=50) == before
    assert archive.search(types=["letter"], sender="kemal").total == 3
    assert archive.health()["generation"] == first.generation


def test_a_vanished_current_keeps_the_open_generation(documents_dir: Path, tmp_path: Path) -> None:
    root = tmp_path / "index"
    manifest = build_index(DocumentStore(documents_dir), root)
    archive = Archive(root, reload_interval=0)
    assert archive.search("Gümrü").total > 0
    (root / CURRENT).unlink()
    assert archive.health()["generation"] == manifest.generation


def test_no_index_is_unavailable(tmp_path: Path) -> None:
    archive = Archive(tmp_path / "index", reload_interval=0)
    with pytest.raises(IndexUnavailable):
        archive.health()
    with pytest.raises(IndexUnavailable):
        archive.documents()
    with pytest.raises(IndexUnavailable):
        archive.search("Ankara")


def test_an_index_from_another_schema_is_unavailable(documents_dir: Path, tmp_path: Path) -> None:
    root = tmp_path / "index"
    manifest = build_index(DocumentStore(documents_dir), root)
    path = root / manifest.generation / MANIFEST
    path.write_text(json.dumps({**json.loads(path.read_text()), "schema_version": 0}))
    with pytest.raises(IndexUnavailable, match="rebuild"):
        Archive(root, reload_interval=0).health()


def test_a_damaged_generation_is_unavailable(documents_dir: Path, tmp_path: Path) -> None:
    root = tmp_path / "index"
    manifest = build_index(DocumentStore(documents_dir), root)
    for suffix in ("trm", "pst"):  # a segment's term index and postings
        for path in (root / manifest.generation).glob(f"*.{suffix}"):
            path.write_bytes(b"\0" * 16)
    with pytest.raises(IndexUnavailable):
        Archive(root, reload_interval=0).health()


def test_the_read_side_writes_nothing(built_index: BuiltIndex) -> None:
    def snapshot() -> dict[str, tuple[int, int]]:
        return {
            str(path): (path.stat().st_size, path.stat().st_mtime_ns)
            for path in sorted(built_index.index_dir.rglob("*"))
        }

    before = snapshot()
    archive = Archive(built_index.index_dir, reload_interval=0)
    assert archive.search("Tchitcherine").total >= 1
    assert archive.search(types=["letter"], sender="kemal").total == 3
    assert archive.health()["status"] == "ok"
    assert len(archive.documents()) == 1
    archive.close()
    assert snapshot() == before


def test_a_forked_child_opens_its_own_generation(archive: Archive) -> None:
    archive.health()
    parent_generation = archive._gen
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: must not reuse the parent's open searcher
        try:
            total = archive.search("Tchitcherine").total
            fresh = archive._gen is not parent_generation
            os.write(write, f"{total} {fresh}".encode())
        finally:
            os._exit(0)
    os.close(write)
    _, status = os.waitpid(pid, 0)
    answer = os.read(read, 100).decode()
    os.close(read)
    assert status == 0
    total, fresh = answer.split()
    assert int(total) >= 1 and fresh == "True"
    assert archive._gen is parent_generation
