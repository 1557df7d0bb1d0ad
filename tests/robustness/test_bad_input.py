"""Hostile requests, one named case each: a clear 4xx problem document, never a 5xx.

The catalogue (``bad_inputs.py``) goes through the app in process, where every byte of the
URL and body is under the test's control. The requests no HTTP client library would send
(raw bytes in the request line, lying lengths, oversized lines) go over a socket to a real
gunicorn: those that gunicorn itself refuses get its plain 4xx page, which must still be
a 4xx without a traceback or a path.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from archive_api import create_app

from .bad_inputs import AUTH, CATALOGUE, Bad
from .harness import PROBLEM_JSON, SEED, TOKEN, ArchiveDirs, Server, gunicorn, leaks, make_archive


@pytest.fixture(scope="module")
def archive_dirs(tmp_path_factory: pytest.TempPathFactory) -> ArchiveDirs:
    return make_archive(tmp_path_factory.mktemp("bad-input"))


def _app(dirs: ArchiveDirs, token: str | None) -> Flask:
    return create_app(
        {
            "TESTING": True,
            "ARCHIVE_DOCUMENTS_DIR": str(dirs.documents),
            "ARCHIVE_INDEX_DIR": str(dirs.index),
            "ARCHIVE_API_TOKEN": token,
            "ARCHIVE_RELOAD_INTERVAL": 0.0,
        }
    )


@pytest.fixture(scope="module")
def app(archive_dirs: ArchiveDirs) -> Flask:
    """Writes are on (with the token), so hostile writes meet every rule."""
    return _app(archive_dirs, TOKEN)


@pytest.fixture
def client(app: Flask) -> Iterator[FlaskClient]:
    with app.test_client() as client:
        yield client


def _params() -> list[Any]:
    params = []
    for case in CATALOGUE:
        marks = [pytest.mark.xfail(reason=case.bug, strict=True)] if case.bug else []
        params.append(pytest.param(case, id=case.name, marks=marks))
    return params


def test_catalogue_names_are_unique() -> None:
    names = [case.name for case in CATALOGUE]
    assert len(names) == len(set(names))
    assert len(names) >= 100


@pytest.mark.parametrize("case", _params())
def test_bad_input(client: FlaskClient, archive_dirs: ArchiveDirs, case: Bad) -> None:
    response = client.open(
        case.url,
        method=case.method,
        data=case.body,
        content_type=case.content_type,
        headers=case.headers,
    )
    text = response.get_data(as_text=True)
    assert response.status_code < 500, (case.url[:200], response.status_code, text[:500])
    assert response.status_code in case.expect, (response.status_code, text[:500])
    assert leaks(text) == [] and str(archive_dirs.root) not in text, text[:500]
    if response.status_code >= 400:
        _check_problem(response.mimetype or "", response.get_json(), response.status_code, case)
        if response.status_code == 405:
            assert "GET" in response.headers["Allow"], response.headers
    elif case.method != "HEAD":
        assert response.mimetype == "application/json", response.mimetype
        if case.check is not None:
            case.check(response.get_json())


def _check_problem(mimetype: str, body: Any, status: int, case: Bad) -> None:
    assert mimetype == PROBLEM_JSON, mimetype
    assert body["status"] == status
    assert body["type"].startswith("/docs#problem-")
    assert body["title"] and body["detail"]
    if case.blames is not None:
        assert case.blames in [e["name"] for e in body.get("errors", [])], body


def test_nothing_escaped_the_archive(archive_dirs: ArchiveDirs) -> None:
    """After the catalogue (file order): every file is a document or part of the index."""
    outside = [
        path.relative_to(archive_dirs.root)
        for path in archive_dirs.root.rglob("*")
        if path.is_file()
        and archive_dirs.documents not in path.parents
        and archive_dirs.index not in path.parents
    ]
    assert outside == []
    names = [path.name for path in archive_dirs.documents.iterdir()]
    assert all(name.endswith((".txt", ".json")) and not name.startswith(".") for name in names)
    assert not any("passwd" in name for name in names), names


def test_writes_are_off_without_a_token(archive_dirs: ArchiveDirs) -> None:
    with _app(archive_dirs, None).test_client() as client:
        for method, url in [("POST", "/api/v1/documents"), ("DELETE", f"/api/v1/documents/{SEED}")]:
            response = client.open(url, method=method, json={"text": "x"}, headers=AUTH)
            assert response.status_code == 403, response.get_data(as_text=True)
            assert response.mimetype == PROBLEM_JSON
            assert "ARCHIVE_API_TOKEN" in response.get_json()["detail"]
    assert (archive_dirs.documents / f"{SEED}.txt").is_file()


def test_options_lists_the_methods(client: FlaskClient) -> None:
    response = client.options("/api/v1/documents")
    assert response.status_code in (200, 204)
    assert {"GET", "HEAD"} <= {m.strip() for m in response.headers["Allow"].split(",")}


def test_head_has_no_body(client: FlaskClient) -> None:
    response = client.head(f"/api/v1/documents/{SEED}")
    assert response.status_code == 200
    assert response.get_data() == b""


# --- over the wire -----------------------------------------------------------------------


@dataclass(frozen=True)
class Raw:
    name: str
    data: bytes
    expect: tuple[int, ...]
    by_app: bool  # answered by the app (a problem document), not by gunicorn's parser


def _get(target: bytes, *headers: bytes) -> bytes:
    lines = [b"GET " + target + b" HTTP/1.1", b"Host: 127.0.0.1", *headers, b"Connection: close"]
    return b"\r\n".join(lines) + b"\r\n\r\n"


def _post(target: bytes, *headers: bytes, body: bytes = b"") -> bytes:
    lines = [b"POST " + target + b" HTTP/1.1", b"Host: 127.0.0.1", *headers, b"Connection: close"]
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


WIRE: list[Raw] = [
    Raw("raw-0xff-in-path", _get(b"/api/v1/documents/\xff\xfe"), (400,), by_app=False),
    Raw("raw-0xff-in-query", _get(b"/api/v1/search?q=\xff\xfe"), (400,), by_app=False),
    Raw("raw-nul-in-request-line", _get(b"/api/v1/search?q=a\x00b"), (400,), by_app=False),
    Raw("request-line-of-100-kb", _get(b"/api/v1/search?q=" + b"a" * 100_000), (414,), False),
    Raw("query-of-4-kb", _get(b"/api/v1/search?q=" + b"a" * 4000), (400,), by_app=True),
    Raw("raw-dotdot-path", _get(b"/api/v1/documents/../../../etc/passwd"), (404,), True),
    Raw("raw-dotdot-root", _get(b"/../../etc/passwd"), (404,), by_app=True),
    Raw("header-of-20-kb", _get(b"/api/v1/health", b"X-A: " + b"a" * 20_000), (431,), False),
    Raw(
        "eighty-headers",
        _get(b"/api/v1/health", *(b"X-%d: a" % i for i in range(80))),
        (431,),
        by_app=False,
    ),
    Raw("content-length-words", _post(b"/api/v1/documents", b"Content-Length: abc"), (400,), False),
    Raw(
        "content-length-negative", _post(b"/api/v1/documents", b"Content-Length: -1"), (400,), False
    ),
    Raw(
        "content-length-and-chunked",
        _post(
            b"/api/v1/documents",
            b"Content-Length: 3",
            b"Transfer-Encoding: chunked",
            body=b"0\r\n\r\n",
        ),
        (400,),
        by_app=False,
    ),
    Raw(
        "tls-hello-on-plain-port",
        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n",
        (400,),
        False,
    ),
    Raw("http-0.9", b"GET /api/v1/health\r\n\r\n", (400,), by_app=False),
    Raw("http-version-9.9", b"GET /api/v1/health HTTP/9.9\r\nHost: x\r\n\r\n", (400,), False),
    Raw("lower-case-method", b"get /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n", (400,), False),
]


def _exchange(port: int, data: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(data)
        chunks = []
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            chunks.append(chunk)
    return b"".join(chunks)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with gunicorn(make_archive(Path(tmp_path_factory.mktemp("bad-wire")))) as server:
        yield server


@pytest.mark.parametrize("case", [pytest.param(c, id=c.name) for c in WIRE])
def test_bad_request_over_the_wire(server: Server, case: Raw) -> None:
    answer = _exchange(server.port, case.data)
    head, _, body = answer.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    status = int(status_line.split()[1])
    headers = {k.strip().lower(): v.strip() for k, _, v in (h.partition(":") for h in header_lines)}
    text = body.decode("utf-8", errors="replace")
    assert status in case.expect, (status_line, text[:300])
    assert leaks(text) == [], text[:300]
    if case.by_app:
        assert headers["content-type"] == PROBLEM_JSON, headers
    assert server.process.poll() is None, server.log_text()
    assert "Traceback" not in server.log_text()
