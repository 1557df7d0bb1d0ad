"""Letters of the seed, their links to annexes and notes, and the cross-archive filters."""

from __future__ import annotations

from flask.testing import FlaskClient

from .helpers import DOC, HOST, bad_parameters, follow, get_json, problem


def _ids(client: FlaskClient, url: str) -> list[str]:
    return [letter["id"] for letter in get_json(client, url)["items"]]


def test_four_letters_linked_to_annex_and_note(client: FlaskClient) -> None:
    letters = get_json(client, f"{DOC}/letters")["items"]
    assert [x["id"] for x in letters] == ["letter-1", "letter-2", "letter-3", "letter-4"]
    assert [x["annex"] for x in letters] == [1, 2, 3, 4]
    assert [x["footnote"] for x in letters] == ["25", "28", "31", "33"]
    for letter in letters:
        annex = follow(client, letter["annex_url"])
        assert annex["number"] == letter["annex"]
        assert annex["letter_id"] == letter["id"]
        note = follow(client, letter["footnote_url"])
        assert note["label"] == letter["footnote"]


def test_rumi_dated_letter(client: FlaskClient) -> None:
    letter = get_json(client, f"{DOC}/letters/letter-1")
    assert letter["url"] == f"{HOST}{DOC}/letters/letter-1"
    assert letter["date"] == "1920-05-09"
    assert letter["date_original"] == "9.5.1336 (1920)"
    assert letter["calendar"] == "rumi"
    assert letter["place"] == "Ankara"
    assert letter["kind"] == "Tahrirat"
    assert letter["sender"]["name"] == "Mustafa Kemal"
    assert letter["sender"]["role"] == "Büyük Millet Meclisi Reisi"
    assert "onbin liranın" in letter["text"]
    assert letter["section"] == "I.B.a"


def test_letter_from_moscow(client: FlaskClient) -> None:
    letter = get_json(client, f"{DOC}/letters/letter-2")
    assert letter["date"] == "1920-06-03"
    assert letter["calendar"] == "gregorian"
    assert letter["reference"] == "U/851"
    assert letter["sender"]["name"] == "Tchitcherine"
    assert letter["sender"]["role"] == "Umur-u Hariciye Komiseri"
    assert letter["page_start"] == 9 and letter["page_end"] == 10


def test_cipher_telegram(client: FlaskClient) -> None:
    letter = get_json(client, f"{DOC}/letters/letter-4")
    assert letter["kind"] == "Şifre"
    assert letter["date"] == "1920-06-20"
    assert letter["date_original"].startswith("20 Haziran 336")
    assert "Karabekir" in (letter["recipient"]["name"] or "")


def test_all_letters_across_documents(client: FlaskClient) -> None:
    assert _ids(client, "/api/v1/letters") == _ids(client, f"{DOC}/letters")


def test_filter_by_sender_ignores_case_and_diacritics(client: FlaskClient) -> None:
    assert _ids(client, "/api/v1/letters?sender=tchitcherine") == ["letter-2"]
    assert _ids(client, "/api/v1/letters?sender=TCHITCHERINE") == ["letter-2"]
    kemal = _ids(client, "/api/v1/letters?sender=mustafa%20kemal")
    assert kemal == ["letter-1", "letter-3", "letter-4"]


def test_filter_by_recipient_and_place(client: FlaskClient) -> None:
    assert _ids(client, "/api/v1/letters?recipient=kazim%20karabekir") == ["letter-4"]
    ankara = _ids(client, "/api/v1/letters?place=ankara")
    assert {"letter-1", "letter-4"} <= set(ankara) and "letter-2" not in ankara
    assert _ids(client, "/api/v1/letters?place=ANKARA") == ankara


def test_filter_by_date_overlap(client: FlaskClient) -> None:
    assert _ids(client, "/api/v1/letters?date_to=1920-05") == ["letter-1"]
    june = _ids(client, "/api/v1/letters?date_from=1920-06")
    assert june == ["letter-2", "letter-3", "letter-4"]
    late_june = _ids(client, "/api/v1/letters?date_from=1920-06-04&date_to=1920-06-30")
    assert late_june == ["letter-3", "letter-4"]
    assert _ids(client, "/api/v1/letters?date_from=1920&date_to=1920") == _ids(
        client, "/api/v1/letters"
    )
    assert _ids(client, "/api/v1/letters?date_from=1921") == []


def test_filters_combine(client: FlaskClient) -> None:
    url = "/api/v1/letters?sender=kemal&date_from=1920-06-01&place=ankara"
    assert _ids(client, url) == ["letter-4"]


def test_filters_on_one_document(client: FlaskClient) -> None:
    assert _ids(client, f"{DOC}/letters?sender=tchitcherine") == ["letter-2"]


def test_bad_dates_are_400(client: FlaskClient) -> None:
    for query, name in [
        ("date_from=1920-13", "date_from"),
        ("date_from=20.06.1920", "date_from"),
        ("date_to=1920-02-30", "date_to"),
        ("date_from=1920-07&date_to=1920-06", "date_to"),
    ]:
        body = problem(client, f"/api/v1/letters?{query}", 400)
        assert bad_parameters(body) == [name], query


def test_unknown_letter_is_404(client: FlaskClient) -> None:
    problem(client, f"{DOC}/letters/letter-5", 404)
