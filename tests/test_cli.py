from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from archive_api.cli import main
from archive_api.search.generations import current_name

SEED = "turk-sovyet-iliskileri-1920"


def test_parse_prints_the_model_as_json(
    documents_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["parse", str(documents_dir / f"{SEED}.txt")]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["id"] == SEED
    assert data["title"] == "İlk Türk–Sovyet Temasları ve Yazışmaları (1920)"
    assert data["metadata"]["kind"] == "article"
    notes = {note["label"]: note for note in data["footnotes"]}
    assert notes["31"]["id"] == "note-31"
    assert notes["*"]["id"] == "note-star"
    assert [letter["id"] for letter in data["letters"]] == [f"letter-{n}" for n in range(1, 5)]
    assert data["letters"][1]["sender"]["name"] == "Tchitcherine"
    assert [annex["number"] for annex in data["annexes"]] == [1, 2, 3, 4]


def test_parse_without_metadata_beside_the_file(
    tmp_path: Path, seed_text: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "Kopya Metin.txt"
    path.write_text(seed_text, encoding="utf-8")
    assert main(["parse", str(path)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["id"] == "kopya-metin"
    assert data["metadata"]["title"] is None
    assert len(data["letters"]) == 4


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bozuk.txt", "Kâzım".encode("cp1254"), "not valid UTF-8"),
        ("resim.txt", b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
        ("bos.txt", b"", "empty"),
    ],
)
def test_parse_errors_are_one_line_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert main(["parse", str(path)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("archive-api: ")
    assert name in captured.err and message in captured.err
    assert "Traceback" not in captured.err
    assert captured.err.count("\n") == 1


def test_parse_reports_bad_metadata(
    tmp_path: Path, seed_text: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "belge.txt").write_text(seed_text, encoding="utf-8")
    (tmp_path / "belge.json").write_text('{"title": ', encoding="utf-8")
    assert main(["parse", str(tmp_path / "belge.txt")]) == 1
    assert "belge.json" in capsys.readouterr().err


def test_parse_reports_a_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(tmp_path / "yok.txt")]) == 1
    assert "yok.txt" in capsys.readouterr().err


def test_index_builds_then_finds_it_fresh(
    documents_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    index = tmp_path / "index"
    args = ["index", "--documents", str(documents_dir), "--index", str(index)]
    assert main(args) == 0
    out = capsys.readouterr().out
    first = current_name(index)
    assert first is not None
    assert out.startswith(f"built {first} in ")
    assert "1 documents" in out and "letter 4" in out and "annex 4" in out
    assert main([*args, "--if-stale"]) == 0
    assert capsys.readouterr().out.startswith(f"index is fresh: {first}")
    assert current_name(index) == first
    assert main(args) == 0  # without --if-stale it always builds
    assert current_name(index) != first


def test_index_reads_the_environment(
    documents_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("ARCHIVE_DOCUMENTS_DIR", str(documents_dir))
    monkeypatch.setenv("ARCHIVE_INDEX_DIR", str(tmp_path / "env-index"))
    assert main(["index", "--if-stale"]) == 0
    assert current_name(tmp_path / "env-index") is not None
    assert "letter 4" in capsys.readouterr().out


def test_index_fails_cleanly_on_a_bad_document(
    documents_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (documents_dir / "bozuk.txt").write_bytes(b"\xff\xfe")
    assert main(["index", "--documents", str(documents_dir), "--index", str(tmp_path / "i")]) == 1
    err = capsys.readouterr().err
    assert "bozuk.txt" in err and "Traceback" not in err
    assert current_name(tmp_path / "i") is None


def test_index_fails_cleanly_without_documents(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["index", "--documents", str(tmp_path / "yok"), "--index", str(tmp_path)]) == 1
    assert "documents directory not found" in capsys.readouterr().err


def test_the_installed_command(documents_dir: Path, tmp_path: Path) -> None:
    command = Path(sys.executable).parent / "archive-api"
    if not command.exists():
        pytest.skip("the package's console script is not installed in this environment")
    result = subprocess.run(
        [str(command), "index", "--documents", str(documents_dir), "--index", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("built gen-")
    bad = subprocess.run(
        [str(command), "parse", str(tmp_path / "yok.txt")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert bad.returncode == 1
    assert bad.stderr.startswith("archive-api: ") and "Traceback" not in bad.stderr
    usage = subprocess.run([str(command)], capture_output=True, text=True, check=False)
    assert usage.returncode == 2 and "usage: archive-api" in usage.stderr
