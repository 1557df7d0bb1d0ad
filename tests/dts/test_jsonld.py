"""The JSON-LD objects: entry point, collection, resource, navigation, pagination."""

from __future__ import annotations

from typing import Any

import pytest

from archive_api.dts import CONTEXT, DTS_VERSION, jsonld
from archive_api.dts.errors import UnknownIdentifier
from archive_api.dts.navigation import RangeQuery, select
from archive_api.dts.trees import Unit, citation_trees
from archive_api.models import Document

BASE = "http://example.org/api/dts"
ENDPOINTS = jsonld.Endpoints(
    entry=BASE,
    collection=f"{BASE}/collection",
    navigation=f"{BASE}/navigation",
    document=f"{BASE}/document",
)


def test_entry_point_has_the_three_templates() -> None:
    entry = jsonld.entry_point(ENDPOINTS)
    assert entry == {
        "@context": CONTEXT,
        "@id": BASE,
        "@type": "EntryPoint",
        "dtsVersion": "1.0",
        "collection": f"{BASE}/collection{{?id,page,nav}}",
        "navigation": f"{BASE}/navigation{{?resource,ref,start,end,down,tree,page}}",
        "document": f"{BASE}/document{{?resource,ref,start,end,tree,mediaType}}",
    }


def test_resource_of_the_seed(seed: Document) -> None:
    resource = jsonld.resource(seed, citation_trees(seed), ENDPOINTS)
    assert resource["@id"] == "turk-sovyet-iliskileri-1920"
    assert resource["@type"] == "Resource"
    assert resource["title"] == "İlk Türk–Sovyet Temasları ve Yazışmaları (1920)"
    assert (resource["totalParents"], resource["totalChildren"]) == (1, 0)
    assert resource["document"] == (
        f"{BASE}/document?resource=turk-sovyet-iliskileri-1920{{&ref,start,end,tree,mediaType}}"
    )
    assert resource["navigation"].endswith("{&ref,start,end,down,tree,page}")
    assert resource["mediaTypes"] == ["application/tei+xml"]
    trees = resource["citationTrees"]
    assert [t.get("identifier") for t in trees] == [None, "footnotes", "letters"]
    assert "identifier" not in trees[0]
    assert trees[0]["citeStructure"][0]["citeType"] == "section"


def test_root_collection_template_quotes_its_identifier() -> None:
    root = jsonld.root_collection(3, ENDPOINTS)
    assert root["totalChildren"] == 3 and root["totalParents"] == 0
    assert root["collection"] == f"{BASE}/collection?id=urn%3Aarchive-api%3Aarchive{{&page,nav}}"


def _uri(unit: Unit) -> str:
    return f"http://example.org/records/{unit.record_id}"


def test_navigation_object(seed: Document) -> None:
    tree = citation_trees(seed)[0]
    selection = select(tree, RangeQuery(ref="I.B.a"), 1)
    body = jsonld.navigation(
        f"{BASE}/navigation?resource=x&ref=I.B.a&down=1",
        {"@id": "x"},
        seed,
        selection,
        _uri,
        selection.members,
        None,
    )
    assert body["@context"] == CONTEXT and body["dtsVersion"] == DTS_VERSION
    assert body["@type"] == "Navigation"
    assert body["ref"]["identifier"] == "I.B.a"
    assert body["ref"]["@id"] == "http://example.org/records/I.B.a"
    assert "start" not in body and "view" not in body
    member: list[dict[str, Any]] = body["member"]
    assert [m["identifier"] for m in member][:3] == ["I.B.a", "I.B.a.p56", "I.B.a.p57"]
    assert member[1] == {
        "identifier": "I.B.a.p56",
        "@type": "CitableUnit",
        "level": 4,
        "parent": "I.B.a",
        "citeType": "paragraph",
        "@id": "http://example.org/records/p56",
    }


def _page(number: int) -> str:
    return f"{BASE}/x?page={number}"


def test_pagination_view() -> None:
    items = list(range(12))
    chosen, view = jsonld.page_of(items, 2, 5, _page)
    assert chosen == [5, 6, 7, 8, 9]
    assert view == {
        "@id": _page(2),
        "@type": "Pagination",
        "first": _page(1),
        "previous": _page(1),
        "next": _page(3),
        "last": _page(3),
    }
    first, view1 = jsonld.page_of(items, None, 5, _page)
    assert first == [0, 1, 2, 3, 4] and view1 is not None and "previous" not in view1
    _, view3 = jsonld.page_of(items, 3, 5, _page)
    assert view3 is not None and "next" not in view3


def test_short_lists_are_not_paginated_and_pages_past_the_end_are_404() -> None:
    assert jsonld.page_of([1, 2], 1, 5, _page) == ([1, 2], None)
    assert jsonld.page_of([], None, 5, _page) == ([], None)
    with pytest.raises(UnknownIdentifier, match="page"):
        jsonld.page_of([1, 2], 2, 5, _page)
