"""Crash safety: SIGKILL a write at each of its moments, restart, check, and lose nothing.

A round copies a built archive, starts one write (``archive-api ingest`` / ``remove``, or
``POST`` / ``PUT`` / ``DELETE`` to a gunicorn), kills it at a moment it reaches on disk (see
``crash.py``) or after a delay, then runs ``archive-api index --check`` (after restarting the
server, for HTTP rounds) and requires:

- the document is wholly as before or wholly as after the write (text and metadata from the
  same version), and as after whenever the write was acknowledged (exit 0, or 2xx);
- no hidden file of the write is left, and the other documents are untouched;
- the index opens and serves exactly what ``documents/`` holds; a second check finds nothing.

The seven moments of one command per scenario run in ``make test``; every moment of every
scenario over both channels, and kills after delays, need ``ROBUSTNESS_SLOW=1``
(``make test-robustness``): they take minutes.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from archive_api import create_app
from archive_api.check import check_and_repair
from archive_api.store import DocumentStore

from .crash import (
    MOMENTS,
    Scenario,
    Watch,
    as_disk,
    fresh_copy,
    kill_after,
    kill_when,
    leftovers,
    on_disk,
    scenarios,
    sigkill,
    source_file,
    untouched_ids,
)
from .harness import (
    CLI,
    REPO,
    SEED,
    TOKEN,
    ArchiveDirs,
    gunicorn,
    kill_group,
    make_archive,
    record_figure,
    run_cli,
)

SLOW = os.environ.get("ROBUSTNESS_SLOW") == "1"
SCENARIOS = scenarios()
NAMES = list(SCENARIOS)
DELAYS = tuple(round(0.25 * step, 2) for step in range(1, 9))  # seconds after the start
TALLY: Counter[str] = Counter()

# In ``make test``: each moment once, the scenarios taking turns.
QUICK = [("cli", NAMES[i % len(NAMES)], moment) for i, moment in enumerate(MOMENTS)]
ALL_MOMENTS = [(ch, name, m) for ch in ("cli", "http") for name in NAMES for m in MOMENTS]
slow = pytest.mark.skipif(not SLOW, reason="minutes long: make test-robustness")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ArchiveDirs]:
    """The archive every round starts from (built once)."""
    yield make_archive(tmp_path_factory.mktemp("kill-template"))
    rounds = TALLY["rounds"]
    if rounds:
        record_figure(
            "kill",
            f"{rounds} rounds: {TALLY['killed']} writes SIGKILLed mid-way, "
            f"{TALLY['acknowledged']} acknowledged before the kill came; "
            f"index --check repaired {TALLY['repaired']}; nothing lost or half-written "
            f"(moments: {', '.join(f'{m} {TALLY[m]}' for m in MOMENTS if TALLY[m])})",
        )


def _write_command(dirs: ArchiveDirs, scenario: Scenario) -> list[str]:
    if scenario.after is None:
        return ["remove", scenario.doc_id]
    return ["ingest", str(source_file(dirs.root / "src", scenario.after, scenario.doc_id))]


Killer = Callable[[Callable[[], bool], Callable[[], None]], bool]


def _killer(dirs: ArchiveDirs, scenario: Scenario, moment: str | None, delay: float) -> Killer:
    """How to kill this round's write; made just before the write starts."""
    if moment is None:
        return lambda finished, kill: kill_after(delay, finished, kill)
    ready = Watch(dirs, scenario).predicate(moment)
    return lambda finished, kill: kill_when(ready, finished, kill)


def _cli_round(dirs: ArchiveDirs, scenario: Scenario, make_killer: Callable[[], Killer]) -> bool:
    """Run the command and kill it; True when the write was acknowledged (exit 0)."""
    command = [sys.executable, "-c", CLI, *_write_command(dirs, scenario)]
    killer = make_killer()
    process = subprocess.Popen(
        command, cwd=REPO, env=dirs.env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        killer(lambda: process.poll() is not None, lambda: sigkill(process))
    finally:
        sigkill(process)
        _, err = process.communicate(timeout=10)
    assert process.returncode in (0, -9), err.decode(errors="replace")
    return process.returncode == 0


def _http_round(dirs: ArchiveDirs, scenario: Scenario, make_killer: Callable[[], Killer]) -> bool:
    """Send the write to a one-worker gunicorn and kill the server (master and worker)."""
    answer: dict[str, Any] = {}

    def send(base: str) -> None:
        auth = {"Authorization": f"Bearer {TOKEN}"}
        url = f"{base}/api/v1/documents/{scenario.doc_id}"
        try:
            if scenario.after is None:
                response = requests.delete(url, headers=auth, timeout=60)
            else:
                body = {"text": scenario.after.text.decode(), "metadata": scenario.after.metadata}
                if scenario.before is None:
                    body["id"] = scenario.doc_id
                    url = f"{base}/api/v1/documents"
                send_ = requests.post if scenario.before is None else requests.put
                response = send_(url, json=body, headers=auth, timeout=60)
            answer["status"] = response.status_code
        except requests.RequestException as exc:
            answer["error"] = str(exc)

    with gunicorn(dirs, workers=1, ARCHIVE_API_TOKEN=TOKEN) as server:
        killer = make_killer()  # after the server's start, which may touch the index
        sender = threading.Thread(target=send, args=(server.base,))
        sender.start()
        killer(lambda: not sender.is_alive(), lambda: kill_group(server.process))
        sender.join(timeout=60)
    assert answer.get("status") in (200, 201, 204) or "error" in answer, answer
    acknowledged = answer.get("status") in (200, 201, 204)
    with gunicorn(dirs, workers=1) as server:  # the restart finishes and repairs
        record = requests.get(f"{server.base}/api/v1/documents/{scenario.doc_id}", timeout=30)
        present = (dirs.documents / f"{scenario.doc_id}.txt").is_file()
        assert record.status_code == (200 if present else 404), record.text[:300]
    return acknowledged


def _verify(
    dirs: ArchiveDirs, template: ArchiveDirs, scenario: Scenario, acked: bool, channel: str
) -> None:
    check = run_cli(["index", "--check"], dirs.env())
    # After an HTTP round the restarted server has already repaired everything.
    assert check.returncode in ((0,) if channel == "http" else (0, 1)), check.stdout + check.stderr
    TALLY["repaired"] += check.returncode
    assert leftovers(dirs.documents) == [], check.stdout
    state = on_disk(dirs.documents, scenario.doc_id)
    assert state in (as_disk(scenario.before), as_disk(scenario.after)), state
    if acked:
        assert state == as_disk(scenario.after), "an acknowledged write was lost"
    for doc_id in (SEED, *untouched_ids()):
        assert on_disk(dirs.documents, doc_id) == on_disk(template.documents, doc_id), doc_id
    report = check_and_repair(DocumentStore(dirs.documents), dirs.index)
    assert not report.found_anything, report.lines()
    _index_serves_the_files(dirs, scenario, state[0] is not None)


def _index_serves_the_files(dirs: ArchiveDirs, scenario: Scenario, present: bool) -> None:
    app = create_app(
        {
            "TESTING": True,
            "ARCHIVE_DOCUMENTS_DIR": str(dirs.documents),
            "ARCHIVE_INDEX_DIR": str(dirs.index),
        }
    )
    with app.test_client() as client:
        health = client.get("/api/v1/health")
        assert health.status_code == 200, health.get_data(as_text=True)
        assert health.get_json()["documents"] == len(DocumentStore(dirs.documents).ids())
        record = client.get(f"/api/v1/documents/{scenario.doc_id}")
        assert record.status_code == (200 if present else 404)
        hits = client.get(f"/api/v1/search?document={scenario.doc_id}").get_json()
        assert (hits["total"] > 0) == present, hits["total"]
        if present:
            _, metadata = on_disk(dirs.documents, scenario.doc_id)
            assert record.get_json()["title"] == metadata["title"]
        if scenario.marker is not None:
            found = client.get(f"/api/v1/search?q={scenario.marker}").get_json()
            new_version = on_disk(dirs.documents, scenario.doc_id) == as_disk(scenario.after)
            assert (found["total"] > 0) == new_version, found["total"]


def _round(
    template: ArchiveDirs, root: Path, channel: str, name: str, moment: str | None, delay: float
) -> None:
    scenario = SCENARIOS[name]
    dirs = fresh_copy(template, root)
    run = _cli_round if channel == "cli" else _http_round
    acknowledged = run(dirs, scenario, lambda: _killer(dirs, scenario, moment, delay))
    TALLY["rounds"] += 1
    TALLY["acknowledged" if acknowledged else "killed"] += 1
    TALLY[moment or "delay"] += 1
    _verify(dirs, template, scenario, acknowledged, channel)


def _params(rounds: list[tuple[str, str, str]]) -> list[Any]:
    return [pytest.param(*r, id="-".join(r)) for r in rounds]


@pytest.mark.parametrize(("channel", "name", "moment"), _params(QUICK))
def test_kill_at_each_moment(
    template: ArchiveDirs, tmp_path: Path, channel: str, name: str, moment: str
) -> None:
    _round(template, tmp_path, channel, name, moment, 0.0)


@slow
@pytest.mark.parametrize(
    ("channel", "name", "moment"), _params([r for r in ALL_MOMENTS if r not in QUICK])
)
def test_kill_at_every_moment(
    template: ArchiveDirs, tmp_path: Path, channel: str, name: str, moment: str
) -> None:
    _round(template, tmp_path, channel, name, moment, 0.0)


@slow
@pytest.mark.parametrize("channel", ["cli", "http"])
@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("delay", DELAYS)
def test_kill_after_a_delay(
    template: ArchiveDirs, tmp_path: Path, channel: str, name: str, delay: float
) -> None:
    _round(template, tmp_path, channel, name, None, delay)


def test_a_write_left_alone_is_acknowledged(template: ArchiveDirs, tmp_path: Path) -> None:
    """The same round without a kill: the baseline the killed rounds are held to."""
    scenario = SCENARIOS["replace"]
    dirs = fresh_copy(template, tmp_path)
    started = time.monotonic()
    assert _cli_round(dirs, scenario, lambda: _killer(dirs, scenario, None, 60.0))
    assert time.monotonic() - started < 30
    _verify(dirs, template, scenario, True, "cli")
