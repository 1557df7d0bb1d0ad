from __future__ import annotations

from pathlib import Path

import pytest

from archive_api.config import Settings


def test_defaults_are_relative_to_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    settings = Settings.from_env({})
    assert settings.documents_dir == tmp_path.resolve() / "documents"
    assert settings.index_dir == tmp_path.resolve() / "index"
    assert settings.reload_interval == 1.0


def test_environment_overrides(tmp_path: Path) -> None:
    settings = Settings.from_env(
        {
            "ARCHIVE_DOCUMENTS_DIR": str(tmp_path / "docs"),
            "ARCHIVE_INDEX_DIR": str(tmp_path / "ix"),
            "ARCHIVE_RELOAD_INTERVAL": "0.25",
        }
    )
    assert settings == Settings(tmp_path / "docs", tmp_path / "ix", 0.25)


def test_reads_the_process_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARCHIVE_INDEX_DIR", str(tmp_path / "elsewhere"))
    assert Settings.from_env().index_dir == tmp_path / "elsewhere"


@pytest.mark.parametrize("value", ["soon", "-1", "nan", "inf"])
def test_a_bad_interval_names_the_variable(value: str) -> None:
    with pytest.raises(ValueError, match="ARCHIVE_RELOAD_INTERVAL"):
        Settings.from_env({"ARCHIVE_RELOAD_INTERVAL": value})


def test_the_worker_memory_limit_is_read_and_checked() -> None:
    assert Settings.from_env({}).worker_memory_mb == 280
    assert Settings.from_env({"ARCHIVE_WORKER_MEMORY_MB": "0"}).worker_memory_mb == 0
    assert Settings.from_env({"ARCHIVE_WORKER_MEMORY_MB": " 512 "}).worker_memory_mb == 512
    for bad in ("-1", "lots", "1.5"):
        with pytest.raises(ValueError, match="ARCHIVE_WORKER_MEMORY_MB"):
            Settings.from_env({"ARCHIVE_WORKER_MEMORY_MB": bad})


def test_the_database_url_is_read_and_kept_out_of_repr() -> None:
    assert Settings.from_env({}).database_url is None
    url = "postgresql://archive:secret@db.example/archive"
    settings = Settings.from_env({"ARCHIVE_DATABASE_URL": f" {url} "})
    assert settings.database_url == url
    assert "secret" not in repr(settings)
