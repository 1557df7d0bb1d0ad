"""GET /documents/{doc_id}/works: distinct cited works and the notes citing them."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

from .helpers import DOC, follow, get_json, problem


def _all_works(client: FlaskClient) -> list[dict[str, Any]]:
    works: list[dict[str, Any]] = get_json(client, f"{DOC}/works?per_page=100")["items"]
    return works


def test_works_link_back_to_their_notes(client: FlaskClient) -> None:
    works = _all_works(client)
    assert len({w["id"] for w in works}) == len(works)
    for work in works:
        assert work["type"] == "work"
        assert len(work["cited_in"]) == len(work["cited_in_urls"]) >= 1
        note = follow(client, work["cited_in_urls"][0])
        assert note["label"] == work["cited_in"][0]
        assert work["id"] in [c["work_id"] for c in note["citations"]]


def test_bilge_is_cited_many_times(client: FlaskClient) -> None:
    [bilge] = [w for w in _all_works(client) if w["author"] == "Suat Bilge"]
    assert "Türkiye-Sovyetler Birliği İlişkileri" in bilge["title"]
    assert {"2", "3", "6", "8", "9", "26", "30"} <= set(bilge["cited_in"])
    assert get_json(client, f"{DOC}/works/{bilge['id']}") == bilge


def test_work_with_place_and_year(client: FlaskClient) -> None:
    [kurat] = [w for w in _all_works(client) if "Türkiye ve Rusya" in w["title"]]
    assert kurat["place"] == "Ankara"
    assert kurat["year"] == "1970"
    assert "5" in kurat["cited_in"] and "7" in kurat["cited_in"]  # "Kuı at, a.g.e."


def test_unknown_work_is_404(client: FlaskClient) -> None:
    problem(client, f"{DOC}/works/no-such-work", 404)
