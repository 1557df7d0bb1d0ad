"""The JSON-LD objects of DTS 1.0: EntryPoint, Collection, Resource, Navigation, CitableUnit.

Names and shapes follow the 1.0 release (``citationTrees``, ``citeStructure``, ``member``,
``totalParents``/``totalChildren``, ``view`` with ``Pagination``), not the older drafts'
Hydra vocabulary. URLs come in as arguments (``Endpoints``, callables), so nothing here
needs a request.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import quote

from archive_api.dts import CONTEXT, DTS_VERSION, TEI_MEDIA_TYPE
from archive_api.dts.errors import UnknownIdentifier
from archive_api.dts.metadata import (
    document_description,
    document_dublin_core,
    text,
    unit_dublin_core,
)
from archive_api.dts.navigation import Selection
from archive_api.dts.trees import CitationTree, Unit
from archive_api.models import Document

# The archive itself, parent of every document. Document ids are lower-case file names, so
# an id with a colon can never name one.
ROOT_ID = "urn:archive-api:archive"
ROOT_TITLE = "Archive"
ROOT_DESCRIPTION = (
    "OCR'd Turkish scholarly texts and historical documents, parsed into sections, "
    "paragraphs, footnotes and letters."
)

# Members per page; a longer list is paginated and carries a ``view``.
COLLECTION_PAGE_SIZE = 50
NAVIGATION_PAGE_SIZE = 500

T = TypeVar("T")


@dataclass(frozen=True)
class Endpoints:
    """Absolute URLs of the four endpoints, without query strings."""

    entry: str
    collection: str
    navigation: str
    document: str

    def collection_of(self, identifier: str) -> str:
        return f"{self.collection}?id={quote(identifier, safe='')}{{&page,nav}}"

    def navigation_of(self, identifier: str) -> str:
        resource = quote(identifier, safe="")
        return f"{self.navigation}?resource={resource}{{&ref,start,end,down,tree,page}}"

    def document_of(self, identifier: str) -> str:
        resource = quote(identifier, safe="")
        return f"{self.document}?resource={resource}{{&ref,start,end,tree,mediaType}}"


def entry_point(endpoints: Endpoints) -> dict[str, Any]:
    return {
        "@context": CONTEXT,
        "@id": endpoints.entry,
        "@type": "EntryPoint",
        "dtsVersion": DTS_VERSION,
        "collection": f"{endpoints.collection}{{?id,page,nav}}",
        "navigation": f"{endpoints.navigation}{{?resource,ref,start,end,down,tree,page}}",
        "document": f"{endpoints.document}{{?resource,ref,start,end,tree,mediaType}}",
    }


def root_collection(total_children: int, endpoints: Endpoints) -> dict[str, Any]:
    """The archive as a Collection (without members)."""
    return {
        "@id": ROOT_ID,
        "@type": "Collection",
        "title": ROOT_TITLE,
        "description": ROOT_DESCRIPTION,
        "totalParents": 0,
        "totalChildren": total_children,
        "dublinCore": {"title": text(ROOT_TITLE, "en")},
        "collection": endpoints.collection_of(ROOT_ID),
    }


def resource(doc: Document, trees: Sequence[CitationTree], endpoints: Endpoints) -> dict[str, Any]:
    """A document as a Resource: metadata, the three endpoint templates, its citation trees."""
    return {
        "@id": doc.id,
        "@type": "Resource",
        "title": doc.title,
        "description": document_description(doc),
        "totalParents": 1,
        "totalChildren": 0,
        "dublinCore": document_dublin_core(doc),
        "collection": endpoints.collection_of(doc.id),
        "navigation": endpoints.navigation_of(doc.id),
        "document": endpoints.document_of(doc.id),
        "mediaTypes": [TEI_MEDIA_TYPE],
        "citationTrees": [citation_tree(tree) for tree in trees],
    }


def citation_tree(tree: CitationTree) -> dict[str, Any]:
    out: dict[str, Any] = {"@type": "CitationTree"}
    if tree.identifier is not None:
        out["identifier"] = tree.identifier
    out["description"] = tree.description
    out["citeStructure"] = tree.cite_structure()
    return out


def top_level(body: dict[str, Any]) -> dict[str, Any]:
    """An object as the answer of an endpoint: ``@context`` and ``dtsVersion`` first."""
    return {"@context": CONTEXT, "dtsVersion": DTS_VERSION, **body}


def citable_unit(doc: Document, unit: Unit, uri: Callable[[Unit], str | None]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "identifier": unit.identifier,
        "@type": "CitableUnit",
        "level": unit.level,
        "parent": unit.parent,
        "citeType": unit.cite_type,
    }
    link = uri(unit)
    if link is not None:
        out["@id"] = link
    dc = unit_dublin_core(doc, unit)
    if dc:
        out["dublinCore"] = dc
    return out


def navigation(
    request_url: str,
    resource_object: dict[str, Any],
    doc: Document,
    selection: Selection,
    uri: Callable[[Unit], str | None],
    members: Sequence[Unit] | None,
    view: dict[str, Any] | None,
) -> dict[str, Any]:
    """The Navigation object; ``members`` is the (page of the) selection's member list."""
    body: dict[str, Any] = {"@id": request_url, "@type": "Navigation", "resource": resource_object}
    for name in ("ref", "start", "end"):
        unit = getattr(selection, name)
        if unit is not None:
            body[name] = citable_unit(doc, unit, uri)
    if members is not None:
        body["member"] = [citable_unit(doc, unit, uri) for unit in members]
    if view is not None:
        body["view"] = view
    return top_level(body)


def page_of(
    items: Sequence[T], page: int | None, size: int, url: Callable[[int], str]
) -> tuple[list[T], dict[str, Any] | None]:
    """One page of ``items`` and its ``Pagination`` view (None when everything fits).

    ``previous`` and ``next`` are left out on the first and last pages; a page past the
    last is a 404.
    """
    last = max(1, -(-len(items) // size))
    number = page or 1
    if number > last:
        raise UnknownIdentifier(f"page: there are {last} page(s), not {number}")
    chosen = list(items[(number - 1) * size : number * size])
    if last == 1:
        return chosen, None
    view: dict[str, Any] = {"@id": url(number), "@type": "Pagination", "first": url(1)}
    if number > 1:
        view["previous"] = url(number - 1)
    if number < last:
        view["next"] = url(number + 1)
    view["last"] = url(last)
    return chosen, view
