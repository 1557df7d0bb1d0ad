"""The speed benchmark runs end to end on a small corpus and reports every figure."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "benchmarks" / "speed.py"
BUDGET_SECONDS = 30


def test_quick_run_reports_our_figures_beside_fts5(tmp_path: Path) -> None:
    report = tmp_path / "speed.json"
    started = time.monotonic()
    command = [sys.executable, "-W", "ignore", str(SCRIPT), "--quick", "--seconds", "1.5"]
    done = subprocess.run(
        [*command, "--json", str(report)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    elapsed = time.monotonic() - started
    assert done.returncode == 0, done.stderr[-3000:]
    assert elapsed < BUDGET_SECONDS, f"--quick took {elapsed:.1f} s"

    figures = json.loads(report.read_text(encoding="utf-8"))
    corpus, ours, fts5, http = figures["corpus"], figures["ours"], figures["fts5"], figures["http"]
    assert corpus["documents"] >= 10 and corpus["paragraphs"] >= 100
    assert ours["records"] == corpus["records"] > corpus["paragraphs"]
    assert ours["build_s"] > 0 and ours["size_mb"] > 0 and fts5["build_s"] > 0
    assert 0 < ours["p50"] <= ours["p95"] <= ours["max"]
    assert 0 < fts5["p50"] <= fts5["p95"] <= fts5["max"]
    assert 0 < ours["first"]["p50"] <= ours["first"]["p95"] <= ours["first"]["max"]
    for load in (http["one"], http["sixteen"]):
        assert load["errors"] == 0, load["first_errors"]
        assert load["requests"] > 0 and load["rps"] > 0
    assert set(figures["per_class"]) >= {"exact", "ascii", "ocr", "phrase", "prefix", "filter"}

    table = done.stdout
    assert "ratio" in table and "HTTP 16 connections req/s" in table
    assert "build, parsing included (s)" in table
    assert "first pass, p95 (ms)" in table
