"""Limits: searches per client (token bucket, RateLimit headers, 429), sizes and lengths."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from archive_api import create_app
from archive_api.api.limits import TokenBuckets
from archive_api.config import Settings

from .helpers import PROBLEM_JSON, bad_parameters, problem

SEARCH = "/api/v1/search?q=Karabekir"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_bucket_allows_a_burst_then_one_request_per_interval() -> None:
    clock = Clock()
    buckets = TokenBuckets(3, period=60.0, clock=clock)
    decisions = [buckets.take("a") for _ in range(4)]
    assert [d.allowed for d in decisions] == [True, True, True, False]
    assert [d.remaining for d in decisions] == [2, 1, 0, 0]
    assert decisions[2].reset == 60  # three tokens at one per 20 s
    assert decisions[3].retry_after == 20
    assert decisions[3].headers() == {
        "RateLimit-Limit": "3",
        "RateLimit-Remaining": "0",
        "RateLimit-Reset": "60",
        "Retry-After": "20",
    }
    assert buckets.take("b").allowed  # every client has its own bucket
    clock.now += 19.5
    assert not buckets.take("a").allowed
    clock.now += 0.5
    again = buckets.take("a")
    assert again.allowed and again.remaining == 0
    clock.now += 3600
    assert buckets.take("a").remaining == 2  # refilled to the limit, not beyond


def test_the_least_recently_seen_client_is_forgotten_first() -> None:
    clock = Clock()
    buckets = TokenBuckets(1, clock=clock, max_keys=2)
    for key in ("a", "b", "a", "c"):
        buckets.take(key)
    assert not buckets.take("a").allowed  # still known: its bucket is empty
    assert buckets.take("b").allowed  # forgotten when "c" came: a fresh bucket


def test_bad_limits_are_refused() -> None:
    with pytest.raises(ValueError):
        TokenBuckets(0)


def _app(built_index: Any, **config: Any) -> Flask:
    return create_app(
        {
            "TESTING": True,
            "ARCHIVE_DOCUMENTS_DIR": str(built_index.documents_dir),
            "ARCHIVE_INDEX_DIR": str(built_index.index_dir),
            **config,
        }
    )


def test_searches_over_the_limit_are_429(built_index: Any) -> None:
    app = _app(built_index, ARCHIVE_SEARCH_RATE_LIMIT=3)
    with app.test_client() as client:
        answers = [client.get(SEARCH) for _ in range(3)]
        assert [r.status_code for r in answers] == [200, 200, 200]
        assert [r.headers["RateLimit-Remaining"] for r in answers] == ["2", "1", "0"]
        assert answers[0].headers["RateLimit-Limit"] == "3"
        refused = client.get(SEARCH)
        body = problem(client, SEARCH, 429)
        assert refused.status_code == 429 and refused.mimetype == PROBLEM_JSON
        assert refused.headers["Retry-After"] == "20"
        assert refused.headers["RateLimit-Remaining"] == "0"
        assert body["type"] == "/docs#problem-rate-limited"
        assert "searches a minute" in body["detail"]
        # Other clients, and reads other than search, are not held back.
        other = client.get(SEARCH, environ_base={"REMOTE_ADDR": "192.0.2.7"})
        assert other.status_code == 200 and other.headers["RateLimit-Remaining"] == "2"
        documents = client.get("/api/v1/documents")
        assert documents.status_code == 200 and "RateLimit-Limit" not in documents.headers


def test_a_bad_search_costs_a_token_and_says_so(built_index: Any) -> None:
    app = _app(built_index, ARCHIVE_SEARCH_RATE_LIMIT=5)
    with app.test_client() as client:
        response = client.get("/api/v1/search?per_page=0&q=x")
        assert response.status_code == 400 and response.headers["RateLimit-Remaining"] == "4"


@pytest.mark.parametrize("config", [{}, {"ARCHIVE_SEARCH_RATE_LIMIT": 0}])
def test_no_limit_in_tests_unless_asked_or_when_zero(built_index: Any, config: Any) -> None:
    with _app(built_index, **config).test_client() as client:
        responses = [client.get(SEARCH) for _ in range(130)]
    assert {r.status_code for r in responses} == {200}
    assert "RateLimit-Limit" not in responses[-1].headers


def test_the_limit_is_on_by_default_outside_tests(
    built_index: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ARCHIVE_INDEX_DIR", str(built_index.index_dir))
    app = create_app()
    assert app.config["ARCHIVE_SEARCH_RATE_LIMIT"] == 120
    with app.test_client() as client:
        assert client.get(SEARCH).headers["RateLimit-Limit"] == "120"


def test_settings_of_the_limits(tmp_path: Path) -> None:
    settings = Settings.from_env({})
    assert settings.max_document_bytes == 5 * 1024 * 1024
    assert settings.write_request_limit == 11 * 1024 * 1024
    assert settings.search_rate_limit == 120 and settings.api_token is None
    custom = Settings.from_env(
        {
            "ARCHIVE_MAX_DOCUMENT_BYTES": "1000",
            "ARCHIVE_MAX_REQUEST_BYTES": "5000",
            "ARCHIVE_SEARCH_RATE_LIMIT": "0",
            "ARCHIVE_API_TOKEN": "  anahtar  ",
        }
    )
    assert (custom.max_document_bytes, custom.write_request_limit) == (1000, 5000)
    assert custom.search_rate_limit == 0 and custom.api_token == "anahtar"
    assert "anahtar" not in repr(custom)  # a secret never lands in a log


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("ARCHIVE_MAX_DOCUMENT_BYTES", "5MB"),
        ("ARCHIVE_MAX_DOCUMENT_BYTES", "0"),
        ("ARCHIVE_MAX_REQUEST_BYTES", "-1"),
        ("ARCHIVE_SEARCH_RATE_LIMIT", "-5"),
        ("ARCHIVE_SEARCH_RATE_LIMIT", "fast"),
        ("ARCHIVE_CORS_ORIGINS", "example.org"),
        ("ARCHIVE_CORS_ORIGINS", "https://a.example/path"),
    ],
)
def test_a_bad_setting_names_the_variable(name: str, value: str) -> None:
    with pytest.raises(ValueError, match=name):
        Settings.from_env({name: value})


def test_reads_keep_their_own_limits(client: Any) -> None:
    assert bad_parameters(problem(client, "/api/v1/documents?per_page=101", 400)) == ["per_page"]
    assert bad_parameters(problem(client, "/api/v1/search?q=" + "a" * 501, 400)) == ["q"]
    # A read has no body to read: a large one is ignored, not an error.
    response = client.get("/api/v1/documents", data=b"x" * 100_000)
    assert response.status_code == 200
