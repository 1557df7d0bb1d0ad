"""Two API nodes over one PostgreSQL: separate gunicorn instances on their own ports, with
folders of their own (empty: they share nothing but the database). Node A reads from the
primary; node B reads from a streaming replica and writes to the primary. The primary lists
the replica as a synchronous standby, as the README's deployment does, so a write through
either node is acknowledged once the replica has replayed it.

While both nodes take writes at once and readers search both all the time, every write is
seen through the other node as soon as it is acknowledged, no read fails, and at the end
both nodes serve the same archive with nothing lost.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from tests.support.servers import CLI, REPO, GunicornServer, serve

ATATURK = REPO / "corpora" / "ataturk"
TOKEN = "iki-dugum-anahtari"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
WRITES_PER_NODE = 5
TIMEOUT = 30
STANDBY: dict[int, str] = {}  # the read URL of each node that reads from a standby


def _texts() -> list[tuple[str, dict[str, Any]]]:
    names = sorted(path.stem for path in ATATURK.glob("atam-c1-1920-*.txt"))[: 2 * WRITES_PER_NODE]
    return [
        (
            (ATATURK / f"{name}.txt").read_text(encoding="utf-8"),
            json.loads((ATATURK / f"{name}.json").read_text(encoding="utf-8")),
        )
        for name in names
    ]


@pytest.fixture(scope="module")
def cluster(cluster: Any) -> Iterator[Any]:
    """A primary of this module's own: the synchronous standby set here must not hold up
    the session's cluster once the standby is gone."""
    from pg_cluster import throwaway_cluster

    del cluster  # the session's: it tells whether PostgreSQL is installed
    with throwaway_cluster() as primary:
        yield primary


@pytest.fixture(scope="module")
def nodes(
    cluster: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[GunicornServer, GunicornServer]]:
    import psycopg
    from pg_cluster import throwaway_replica

    root = tmp_path_factory.mktemp("nodes")
    with psycopg.connect(cluster.url(), autocommit=True) as admin:
        admin.execute('CREATE DATABASE "archive_nodes"')
    primary = cluster.url("archive_nodes")
    loaded = subprocess.run(  # the archive's first documents, as an operator loads them
        [sys.executable, "-c", CLI, "database", "--url", primary],
        cwd=REPO,
        env={**os.environ, "ARCHIVE_DOCUMENTS_DIR": str(REPO / "documents")},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert loaded.returncode == 0, loaded.stderr
    with throwaway_replica(cluster) as replica:
        with psycopg.connect(cluster.url(), autocommit=True) as admin:
            admin.execute("ALTER SYSTEM SET synchronous_standby_names = '*'")
            admin.execute("SELECT pg_reload_conf()")
        common = {
            **os.environ,
            "ARCHIVE_BACKEND": "postgres",
            "ARCHIVE_DATABASE_URL": primary,
            "ARCHIVE_API_TOKEN": TOKEN,
            "ARCHIVE_SEARCH_RATE_LIMIT": "0",
        }
        folders = {}
        for name in ("a", "b"):
            folders[name] = root / name
            folders[name].mkdir()
        env_a = {
            **common,
            "ARCHIVE_DOCUMENTS_DIR": str(folders["a"] / "documents"),
            "ARCHIVE_INDEX_DIR": str(folders["a"] / "index"),
        }
        env_b = {
            **common,
            "ARCHIVE_DATABASE_READ_URL": replica.url("archive_nodes"),
            "ARCHIVE_DOCUMENTS_DIR": str(folders["b"] / "documents"),
            "ARCHIVE_INDEX_DIR": str(folders["b"] / "index"),
        }
        with (
            serve(env_a, root / "a.log") as node_a,
            serve(env_b, root / "b.log") as node_b,
        ):
            STANDBY[node_b.port] = env_b["ARCHIVE_DATABASE_READ_URL"]
            yield node_a, node_b
        for folder in folders.values():
            assert not any(folder.iterdir()), "a node wrote files of its own"


def test_writes_through_either_node_are_seen_through_the_other(
    nodes: tuple[GunicornServer, GunicornServer],
) -> None:
    node_a, node_b = nodes
    texts = _texts()
    failures: list[str] = []
    written: dict[str, str] = {}  # id -> title, as acknowledged
    done = threading.Event()
    reads = [0]

    def writer(node: GunicornServer, other: GunicornServer, share: list[Any], tag: str) -> None:
        for number, (text, metadata) in enumerate(share):
            doc_id = f"{tag}-{number}"
            answer = requests.put(
                f"{node.base}/api/v1/documents/{doc_id}",
                json={"text": text, "metadata": metadata},
                headers=AUTH,
                timeout=TIMEOUT,
            )
            if answer.status_code != 201:
                failures.append(f"PUT {doc_id} via {node.port}: {answer.status_code}")
                continue
            written[doc_id] = str(metadata["title"])
            seen = requests.get(f"{other.base}/api/v1/documents/{doc_id}", timeout=TIMEOUT)
            if seen.status_code != 200 or seen.json()["title"] != metadata["title"]:
                failures.append(f"{doc_id} not seen via {other.port}: {seen.status_code}")
            found = requests.get(
                f"{other.base}/api/v1/search",
                params={"type": "document", "document": doc_id},
                timeout=TIMEOUT,
            )
            if found.status_code != 200 or found.json()["total"] != 1:
                failures.append(f"{doc_id} not searchable via {other.port}")

    def reader(node: GunicornServer) -> None:
        queries = ["Ankara", "Moskova", "millet meclisi", '"Türkiye Büyük"', "a.g.e."]
        while not done.is_set():
            for q in queries:
                answer = requests.get(
                    f"{node.base}/api/v1/search", params={"q": q}, timeout=TIMEOUT
                )
                listed = requests.get(f"{node.base}/api/v1/documents", timeout=TIMEOUT)
                reads[0] += 2
                for response in (answer, listed):
                    if response.status_code != 200:
                        failures.append(f"read via {node.port}: {response.status_code}")

    readers = [threading.Thread(target=reader, args=(node,)) for node in nodes]
    writers = [
        threading.Thread(target=writer, args=(node_a, node_b, texts[:WRITES_PER_NODE], "a")),
        threading.Thread(target=writer, args=(node_b, node_a, texts[WRITES_PER_NODE:], "b")),
    ]
    for thread in readers + writers:
        thread.start()
    for thread in writers:
        thread.join(timeout=300)
    done.set()
    for thread in readers:
        thread.join(timeout=60)
    assert not failures, failures[:10]
    assert reads[0] > 20
    assert len(written) == 2 * WRITES_PER_NODE
    expected = {"turk-sovyet-iliskileri-1920", *written}
    for node in nodes:
        listed = requests.get(
            f"{node.base}/api/v1/documents", params={"per_page": 100}, timeout=TIMEOUT
        ).json()
        assert {item["id"] for item in listed["items"]} == expected
        assert {item["title"] for item in listed["items"] if item["id"] in written} == set(
            written.values()
        )
    health = [requests.get(f"{node.base}/api/v1/health", timeout=TIMEOUT).json() for node in nodes]
    assert health[0]["generation"] == health[1]["generation"]
    assert health[0]["documents"] == health[1]["documents"] == len(expected)


def test_a_replace_and_a_delete_are_seen_through_the_other_node(
    nodes: tuple[GunicornServer, GunicornServer],
) -> None:
    node_a, node_b = nodes
    text, metadata = _texts()[0]
    url = "/api/v1/documents/degisen"
    assert requests.put(
        f"{node_b.base}{url}", json={"text": text}, headers=AUTH, timeout=TIMEOUT
    ).status_code in (200, 201)
    replaced = requests.put(
        f"{node_a.base}{url}",
        json={"text": text, "metadata": metadata},
        headers=AUTH,
        timeout=TIMEOUT,
    )
    assert replaced.status_code == 200
    assert requests.get(f"{node_b.base}{url}", timeout=TIMEOUT).json()["title"] == metadata["title"]
    assert requests.delete(f"{node_b.base}{url}", headers=AUTH, timeout=TIMEOUT).status_code == 204
    assert requests.get(f"{node_a.base}{url}", timeout=TIMEOUT).status_code == 404
    assert requests.get(f"{node_b.base}{url}", timeout=TIMEOUT).status_code == 404
    conflict = requests.post(
        f"{node_b.base}/api/v1/documents",
        json={"id": "turk-sovyet-iliskileri-1920", "text": text},
        headers=AUTH,
        timeout=TIMEOUT,
    )
    assert conflict.status_code == 409


def test_node_b_reads_from_a_standby_that_streams_from_the_primary(
    nodes: tuple[GunicornServer, GunicornServer], cluster: Any
) -> None:
    import psycopg

    node_b = nodes[1]
    standby = _standby_url(node_b)
    with psycopg.connect(standby, autocommit=True) as replica:
        row = replica.execute("SELECT pg_is_in_recovery()").fetchone()
        assert row is not None and row[0] is True
        with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
            replica.execute("DELETE FROM documents")
    with psycopg.connect(cluster.url("archive_nodes"), autocommit=True) as primary:
        row = primary.execute("SELECT count(*) FROM pg_stat_replication").fetchone()
        assert row is not None and row[0] >= 1
    assert "Traceback" not in node_b.log_text()


def _standby_url(node: GunicornServer) -> str:
    return STANDBY[node.port]
