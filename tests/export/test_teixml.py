"""ElementTree helpers: ids, mixed content, indentation that leaves text alone."""

from __future__ import annotations

from archive_api.export.teixml import append_text, element, serialize, sub, xml_id

from .helpers import parse_xml, xpath


def test_xml_ids_are_names() -> None:
    assert xml_id("sec", "I.B.a") == "sec-I.B.a"
    assert xml_id("work", "a b/ç") == "work-a-b-ç"
    assert xml_id("", "1920 metni") == "1920-metni"  # no prefix: the caller's value
    assert xml_id("source", "") == "source-x"


def test_mixed_content_is_not_reindented() -> None:
    root = element("TEI")
    body = sub(sub(root, "text"), "body")
    p = sub(body, "p")
    append_text(p, "girdiler")
    sub(p, "note", {"n": "2"}, "Bilge")
    append_text(p, ". Sonra")
    text = serialize(root)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<TEI xmlns=')
    assert '<p>girdiler<note n="2">Bilge</note>. Sonra</p>' in text
    tree = parse_xml(text)
    assert xpath(tree, "//t:p/t:note/@n") == ["2"]
