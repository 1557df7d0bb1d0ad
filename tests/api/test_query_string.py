"""Query values that are not text are refused with a 400 naming the parameter."""

from __future__ import annotations

from typing import Any

import pytest

from archive_api.api.query_string import bad_query_values


def test_valid_turkish_values_pass() -> None:
    assert bad_query_values(b"q=%C3%87i%C3%A7erin&sender=K%C3%A2z%C4%B1m+Karabekir") == []


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        (b"q=%FF%FE", "q"),
        (b"q=%C0%AF", "q"),
        (b"q=%ED%A0%80", "q"),
        (b"page=1&sender=Kemal%00", "sender"),
    ],
)
def test_undecodable_or_nul_values_are_named(raw: bytes, name: str) -> None:
    assert [bad[0] for bad in bad_query_values(raw)] == [name]


def test_the_api_answers_400_problem_json(client: Any) -> None:
    response = client.get("/api/v1/search?q=Ankara%00")
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["errors"][0]["name"] == "q"
