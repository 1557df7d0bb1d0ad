"""Every client error is a 4xx problem document; no input yields a 500 or a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask.testing import FlaskClient

from archive_api import create_app

from .helpers import DOC, PROBLEM_JSON, bad_parameters, problem

COLLECTIONS = [
    "/api/v1/documents",
    f"{DOC}/pages",
    f"{DOC}/sections",
    f"{DOC}/paragraphs",
    f"{DOC}/footnotes",
    f"{DOC}/works",
    f"{DOC}/letters",
    f"{DOC}/annexes",
    "/api/v1/letters",
    "/api/v1/search?q=Ankara",
]


@pytest.mark.parametrize("url", COLLECTIONS)
@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("per_page=0", "per_page"),
        ("per_page=101", "per_page"),
        ("per_page=-5", "per_page"),
        ("page=-1", "page"),
        ("page=0", "page"),
        ("page=abc", "page"),
        ("page=1.5", "page"),
        ("page=99999999999999999999999", "page"),
        ("per_page=" + "9" * 5000, "per_page"),
    ],
)
def test_bad_paging_names_the_parameter(
    client: FlaskClient, url: str, query: str, name: str
) -> None:
    sep = "&" if "?" in url else "?"
    body = problem(client, f"{url}{sep}{query}", 400)
    assert bad_parameters(body) == [name]
    assert name in body["detail"]
    assert body["errors"][0]["in"] == "query"


def test_page_past_the_end_is_empty_not_an_error(client: FlaskClient) -> None:
    response = client.get(f"{DOC}/footnotes?page=10000&per_page=100")
    assert response.status_code == 200
    body = response.get_json()
    assert body["items"] == [] and body["total"] == 41
    assert body["links"]["next"] is None


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/documents/no-such-document",
        "/api/v1/documents/no-such-document/letters",
        f"{DOC}/footnotes/99",
        f"{DOC}/letters/letter-99",
        f"{DOC}/annexes/99",
        f"{DOC}/sections/IV",
        f"{DOC}/works/x",
        f"{DOC}/paragraphs/p0",
        "/api/v1/nothing-here",
        "/api/v2/documents",
        "/api/v1/documents/..%2f..%2fetc%2fpasswd",
        "/api/v1/documents/..%2F..%2Fpyproject.toml",
        "/api/v1/documents/%2e%2e/letters",
        f"{DOC}/footnotes/..%2f..%2f",
        "/api/v1/documents/a%00b",
        f"{DOC}/sections/%00",
        "/api/v1/documents/" + "x" * 5000,
        f"{DOC}/pages/99999999999999999999999999",
    ],
)
def test_unknown_paths_are_404(client: FlaskClient, url: str) -> None:
    problem(client, url, 404)


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
@pytest.mark.parametrize("url", ["/api/v1/letters", f"{DOC}/letters/letter-1", "/api/v1/search"])
def test_wrong_method_is_405(client: FlaskClient, method: str, url: str) -> None:
    problem(client, url, 405, method=method)
    assert "GET" in client.open(url, method=method).headers["Allow"]


def test_oversized_body_is_413(client: FlaskClient) -> None:
    response = client.post("/api/v1/documents", data=b"x" * (65 * 1024))
    assert response.status_code in (403, 405, 413)  # this app has writing off: 403 first
    assert response.mimetype == PROBLEM_JSON


@pytest.mark.parametrize(
    "query",
    [
        "q=%00",
        "q=%00%00Ankara%00",
        "q=" + "ş" * 2000,
        "q=%ff%fe",
        "q=Ankara&type=",
        "q=Ankara&type=,,",
        "q=Ankara&document=..%2f..%2f",
        "q=Ankara&sender=%00",
        "q=Ankara&kind=%00",
        "q=Ankara&place=%F0%9F%98%80",
        "q=Ankara&unknown=1",
        "q=Ankara&page=10000&per_page=100",
        "type=letter&date_from=1920&date_to=1920-12-31",
        "q=*:*",
        "q=%22%22",
        "q=NOT",
        "q=a.g.e.",
    ],
)
def test_odd_search_input_never_fails(client: FlaskClient, query: str) -> None:
    response = client.get(f"/api/v1/search?{query}")
    assert response.status_code < 500, (query, response.get_data(True))
    assert response.is_json
    assert "Traceback" not in response.get_data(True)


@pytest.mark.parametrize(
    "query",
    ["sender=%00", "place=" + "x" * 10000, "recipient=%C4%B0", "date_from=%00", "date_to=1920-1"],
)
def test_odd_letter_filters_never_fail(client: FlaskClient, query: str) -> None:
    response = client.get(f"/api/v1/letters?{query}")
    assert response.status_code in (200, 400), (query, response.get_data(True))


def test_unexpected_error_is_a_bare_500(tmp_path: Path) -> None:
    """A real bug answers a problem document that reveals nothing of the code."""
    app = create_app({"TESTING": True, "ARCHIVE_INDEX_DIR": str(tmp_path)})

    def broken() -> str:
        raise RuntimeError("secret internals")

    app.add_url_rule("/api/v1/broken", "broken", broken)
    with app.test_client() as client:
        body = problem(client, "/api/v1/broken", 500)
        assert "secret" not in str(body) and "RuntimeError" not in str(body)


ODD_SEGMENTS = [
    "%00",
    "..",
    "%2e%2e",
    "ş",
    "%F0%9F%98%80",
    "9" * 30,
    "-1",
    "*",
    "%zz",
    "%20",
    "null",
]
TEMPLATES = [
    "/api/v1/documents/{}",
    "/api/v1/documents/{}/letters",
    DOC + "/pages/{}",
    DOC + "/sections/{}",
    DOC + "/paragraphs/{}",
    DOC + "/footnotes/{}",
    DOC + "/works/{}",
    DOC + "/letters/{}",
    DOC + "/annexes/{}",
]


@pytest.mark.parametrize("template", TEMPLATES)
def test_odd_path_segments_are_4xx(client: FlaskClient, template: str) -> None:
    for segment in ODD_SEGMENTS:
        url = template.format(segment)
        response = client.get(url)
        if segment == "*" and "footnotes" in url:
            assert response.status_code == 200
            continue
        assert 400 <= response.status_code < 500, (url, response.status_code)
        assert response.mimetype == PROBLEM_JSON, url
