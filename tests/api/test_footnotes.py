"""GET /documents/{doc_id}/footnotes: notes by label, linked to anchors and cited works."""

from __future__ import annotations

from flask.testing import FlaskClient

from .helpers import DOC, HOST, follow, get_json, problem


def test_all_labels(client: FlaskClient) -> None:
    body = get_json(client, f"{DOC}/footnotes?per_page=100")
    labels = [n["label"] for n in body["items"]]
    assert body["total"] == 41
    assert sorted(labels) == sorted([str(n) for n in range(1, 41)] + ["*"])
    # The "*" note is printed between notes 8 and 9.
    assert labels.index("*") == labels.index("8") + 1


def test_anchor_of_a_glued_marker(client: FlaskClient) -> None:
    note = get_json(client, f"{DOC}/footnotes/2")
    assert note["id"] == "note-2"
    assert note["url"] == f"{HOST}{DOC}/footnotes/2"
    assert note["page"] == 2
    assert note["recovered"] is False
    assert note["anchor"]["word"] == "girdiler"
    assert "Suat Bilge" in note["text"]


def test_star_note_under_every_spelling(client: FlaskClient) -> None:
    bodies = [
        get_json(client, f"{DOC}/footnotes/{label}")
        for label in ("*", "%2A", "%2a", "star", "note-star")
    ]
    assert all(b == bodies[0] for b in bodies)
    star = bodies[0]
    assert star["id"] == "note-star" and star["label"] == "*"
    assert "Brest-Litovsk" in star["text"]
    assert star["anchor"]["word"].startswith("Li")  # "Brest- Li-tovsk'ta*"


def test_recovered_label(client: FlaskClient) -> None:
    note = get_json(client, f"{DOC}/footnotes/31")
    assert note["recovered"] is True
    assert "Atatürk'ün Milli Dış" in note["text"]
    assert note["page"] == 11


def test_op_cit_resolves_to_the_authors_work(client: FlaskClient) -> None:
    full = get_json(client, f"{DOC}/footnotes/2")["citations"][0]
    op_cit = get_json(client, f"{DOC}/footnotes/3")["citations"][0]
    assert full["kind"] == "full" and op_cit["kind"] == "op_cit"
    assert op_cit["work_id"] == full["work_id"] is not None
    work = follow(client, op_cit["work_url"])
    assert work["id"] == full["work_id"]
    assert {"2", "3"} <= set(work["cited_in"])


def test_ibid_kinds(client: FlaskClient) -> None:
    ibid = get_json(client, f"{DOC}/footnotes/19")["citations"][0]
    previous = get_json(client, f"{DOC}/footnotes/18")["citations"][0]
    assert ibid["kind"] == "ibid"
    assert ibid["work_id"] == previous["work_id"]
    same_page = get_json(client, f"{DOC}/footnotes/27")["citations"][0]
    assert same_page["kind"] == "ibid_page"
    assert (
        same_page["work_id"] == get_json(client, f"{DOC}/footnotes/26")["citations"][0]["work_id"]
    )


def test_several_citations_in_one_note(client: FlaskClient) -> None:
    note = get_json(client, f"{DOC}/footnotes/32")
    assert len(note["citations"]) == 2
    assert "Gizli Celse" in note["citations"][1]["text"]


def test_short_form_by_author(client: FlaskClient) -> None:
    citation = get_json(client, f"{DOC}/footnotes/13")["citations"][0]
    assert citation["kind"] == "author_short"
    assert citation["pages"] == "46"


def test_unknown_label_is_404(client: FlaskClient) -> None:
    for label in ("41", "0", "note-41", "starry"):
        body = problem(client, f"{DOC}/footnotes/{label}", 404)
        assert label in body["detail"]
