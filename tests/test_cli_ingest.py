"""``archive-api ingest``, ``remove`` and ``index --check``."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from archive_api.cli import main
from archive_api.search.generations import current_name, read_manifest
from archive_api.search.indexer import build_index
from archive_api.search.searcher import Archive
from archive_api.store import DocumentStore

REPO = Path(__file__).resolve().parents[1]
ATATURK = REPO / "corpora" / "ataturk"
SEED = "turk-sovyet-iliskileri-1920"
LETTER = "atam-c1-1918-002"
SPEECH = "atam-c1-1906-001"
CLI = "import sys; from archive_api.cli import main; sys.exit(main(sys.argv[1:]))"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("cli-ingest")
    shutil.copytree(REPO / "documents", root / "documents")
    build_index(DocumentStore(root / "documents"), root / "index")
    return root


@pytest.fixture
def root(template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(template, tmp_path / "archive")
    monkeypatch.setenv("ARCHIVE_DOCUMENTS_DIR", str(tmp_path / "archive" / "documents"))
    monkeypatch.setenv("ARCHIVE_INDEX_DIR", str(tmp_path / "archive" / "index"))
    return tmp_path / "archive"


@pytest.fixture
def incoming(tmp_path: Path) -> Path:
    """Two Atatürk texts with their metadata, waiting to be added."""
    folder = tmp_path / "incoming"
    folder.mkdir()
    for doc_id in (LETTER, SPEECH):
        for suffix in (".txt", ".json"):
            shutil.copy(ATATURK / f"{doc_id}{suffix}", folder)
    return folder


def _documents(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "documents").iterdir())


def test_ingest_adds_files_in_one_generation(
    root: Path, incoming: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["ingest", str(incoming / f"{LETTER}.txt"), str(incoming / f"{SPEECH}.txt")]
    assert main(args) == 0
    generation = current_name(root / "index")
    assert capsys.readouterr().out == (
        f"added {LETTER}\nadded {SPEECH}\nsearchable in {generation}\n"
    )
    assert read_manifest(root / "index" / str(generation)).documents == 3
    archive = Archive(root / "index", reload_interval=0)
    assert archive.document(LETTER).metadata.date == "1918-11-10"
    assert archive.document(SPEECH).metadata.place == "Selanik"
    archive.close()
    assert main(args[:2]) == 0
    assert capsys.readouterr().out.startswith(f"replaced {LETTER}\n")
    assert main([*args[:2], "--no-replace"]) == 1
    assert f"document '{LETTER}' exists" in capsys.readouterr().err


def test_ingest_names_a_file_without_a_valid_id(
    root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "Kopya Metin.txt"
    shutil.copy(ATATURK / f"{LETTER}.txt", path)
    assert main(["ingest", str(path)]) == 0
    assert capsys.readouterr().out.startswith("added kopya-metin\n")
    assert (root / "documents" / "kopya-metin.txt").read_bytes() == path.read_bytes()
    assert not (root / "documents" / "kopya-metin.json").exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bozuk.txt", b"Ankara\xff", "not valid UTF-8"),
        ("bos.txt", b"  \n", "the text is empty"),
        ("ikili.txt", b"\x89PNG\x00", "NUL"),
        ("notlar.md", b"Ankara", "expected a .txt file"),
        ("yok.txt", None, "no such file"),
    ],
)
def test_a_bad_file_writes_nothing(
    root: Path,
    incoming: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    content: bytes | None,
    message: str,
) -> None:
    if content is not None:
        (incoming / name).write_bytes(content)
    before, generation = _documents(root), current_name(root / "index")
    assert main(["ingest", str(incoming / f"{LETTER}.txt"), str(incoming / name)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("archive-api: ") and name in err and message in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert _documents(root) == before and current_name(root / "index") == generation


def test_bad_metadata_beside_the_file_is_named(
    root: Path, incoming: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (incoming / f"{SPEECH}.json").write_text('{"date": "dün"}', encoding="utf-8")
    assert main(["ingest", str(incoming / f"{SPEECH}.txt")]) == 1
    err = capsys.readouterr().err
    assert f"{SPEECH}.txt" in err and "metadata: field 'date'" in err
    (incoming / f"{SPEECH}.json").write_text("{", encoding="utf-8")
    assert main(["ingest", str(incoming / f"{SPEECH}.txt")]) == 1
    assert f"{SPEECH}.json: invalid JSON" in capsys.readouterr().err


def test_a_text_over_the_limit_is_refused(
    root: Path, incoming: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ARCHIVE_MAX_DOCUMENT_BYTES", "1000")
    assert main(["ingest", str(incoming / f"{LETTER}.txt")]) == 1
    assert "at most 1000 are accepted" in capsys.readouterr().err


def test_remove(root: Path, incoming: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ingest", str(incoming / f"{LETTER}.txt")]) == 0
    capsys.readouterr()
    assert main(["remove", LETTER, "yok"]) == 1
    assert "no document 'yok'" in capsys.readouterr().err
    assert (root / "documents" / f"{LETTER}.txt").exists()
    assert main(["remove", LETTER]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"removed {LETTER}\nindex: gen-") and out.endswith(", 1 documents\n")
    assert _documents(root) == [f"{SEED}.json", f"{SEED}.txt"]


def test_index_check_reports_repairs_and_exits_1(
    root: Path, incoming: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["index", "--check"]) == 0
    assert (
        capsys.readouterr().out == f"index matches the documents: {current_name(root / 'index')}\n"
    )
    shutil.copy(incoming / f"{LETTER}.txt", root / "documents")
    (root / "documents" / f"{SEED}.json").write_text('{"title": "Yeni"}', encoding="utf-8")
    assert main(["index", "--check"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[:2] == [f"missing: {LETTER}", f"stale: {SEED}"]
    generation = current_name(root / "index")
    records = read_manifest(root / "index" / str(generation)).records
    assert out[2:] == [f"repaired: {generation}, 2 documents, {records} records"]
    assert main(["index", "--check"]) == 0


def test_index_if_stale_repairs_by_document(
    root: Path, incoming: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(incoming / f"{LETTER}.txt", root / "documents")
    assert main(["index", "--if-stale"]) == 0
    generation = current_name(root / "index")
    assert capsys.readouterr().out.startswith(f"index is fresh: {generation}")
    assert read_manifest(root / "index" / str(generation)).documents == 2


def test_the_installed_command_reports_a_found_difference(root: Path, incoming: Path) -> None:
    shutil.copy(incoming / f"{LETTER}.txt", root / "documents")
    result = subprocess.run(
        [sys.executable, "-c", CLI, "index", "--check"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert result.stdout.startswith(f"missing: {LETTER}\nrepaired: gen-")
    added = json.loads((incoming / f"{LETTER}.json").read_text(encoding="utf-8"))
    assert added["date"] == "1918-11-10"


def test_ingest_and_remove_write_into_the_database_on_that_backend(
    incoming: Path,
    database_copy: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from archive_api.pg.archive import PgArchive

    monkeypatch.setenv("ARCHIVE_BACKEND", "postgres")
    monkeypatch.setenv("ARCHIVE_DATABASE_URL", database_copy)
    monkeypatch.setenv("ARCHIVE_DOCUMENTS_DIR", str(tmp_path / "nowhere"))  # not needed
    assert main(["ingest", str(incoming / f"{LETTER}.txt")]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"added {LETTER}\nsearchable in db-")
    archive = PgArchive(database_copy)
    assert archive.document(LETTER).metadata.date == "1918-11-10"
    assert main(["remove", LETTER, "yok"]) == 1
    assert "no document 'yok'" in capsys.readouterr().err
    assert main(["remove", LETTER]) == 0
    assert capsys.readouterr().out.startswith(f"removed {LETTER}\ndatabase: db-")
    assert [summary.id for summary in archive.summaries()] == [SEED]
    archive.close()
    assert not (tmp_path / "nowhere").exists()
