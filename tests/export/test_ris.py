"""RIS: tags, record boundaries, CR LF line ends."""

from __future__ import annotations

from archive_api.export.ris import ris
from archive_api.export.works import bib_item
from archive_api.models import Document


def _records(text: str) -> list[list[tuple[str, str]]]:
    records: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    for line in text.split("\r\n"):
        if not line:
            continue
        tag, value = line[:2], line[6:]
        assert line[2:6] == "  - ", line
        current.append((tag, value))
        if tag == "ER":
            records.append(current)
            current = []
    assert current == []
    return records


def test_one_record_per_work_with_tags(seed: Document) -> None:
    text = ris(bib_item(w, f"http://x/{w.id}") for w in seed.works)
    assert "\n" not in text.replace("\r\n", "")
    records = _records(text)
    assert len(records) == 21
    first = dict(records[0])
    assert records[0][0] == ("TY", "BOOK")
    assert (first["AU"], first["TI"], first["PY"], first["CY"], first["ET"]) == (
        "Kinross, Lord",
        "Atatürk, Bir Milletin Yeniden Doğuşu",
        "1990",
        "İstanbul",
        "11",
    )
    assert first["UR"] == "http://x/kinross-ataturk-bir-milletin"
    article = dict(next(r for r in records if ("TY", "JOUR") in r))
    assert (article["JO"], article["VL"], article["IS"]) == ("Belleten", "41", "164")
