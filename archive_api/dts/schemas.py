"""The DTS 1.0 JSON-LD shapes as marshmallow schemas, for the contract (openapi.yaml) only.

The DTS views build their JSON-LD in ``archive_api.dts.jsonld`` and return it as
``application/ld+json``; these schemas describe those objects in ``openapi.yaml``. JSON-LD
keys (``@context``, ``@id``, ``@type``) are data keys; optional properties are those the
specification marks optional (or that are left out when empty).
"""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields

from archive_api.dts import CONTEXT, DTS_VERSION


def _jsonld(key: str, description: str, *, required: bool = True, **meta: Any) -> fields.String:
    return fields.String(
        required=required, data_key=key, metadata={"description": description, **meta}
    )


def _type(name: str | list[str]) -> fields.String:
    names = [name] if isinstance(name, str) else name
    return _jsonld("@type", "The JSON-LD class.", enum=names)


def _string(description: str, *, required: bool = True, **meta: Any) -> fields.String:
    return fields.String(required=required, metadata={"description": description, **meta})


def _integer(description: str) -> fields.Integer:
    return fields.Integer(required=True, metadata={"description": description})


def _metadata_object(description: str) -> fields.Dict:
    return fields.Dict(
        keys=fields.String(), values=fields.Raw(), metadata={"description": description}
    )


class _TopLevel(Schema):
    context = _jsonld("@context", "The DTS 1.0 JSON-LD context.", enum=[CONTEXT])
    dtsVersion = _string("Version of the specification.", enum=[DTS_VERSION])


class DtsEntryPointSchema(_TopLevel):
    id = _jsonld("@id", "This endpoint's URL.", format="uri")
    type = _type("EntryPoint")
    collection = _string("URI template (RFC 6570) of the Collection endpoint.")
    navigation = _string("URI template of the Navigation endpoint.")
    document = _string("URI template of the Document endpoint.")


class DtsPaginationSchema(Schema):
    id = _jsonld("@id", "This page.", format="uri")
    type = _type("Pagination")
    first = _string("The first page.", format="uri")
    previous = _string("The previous page; absent on the first.", required=False, format="uri")
    next = _string("The next page; absent on the last.", required=False, format="uri")
    last = _string("The last page.", format="uri")


class DtsCiteStructureSchema(Schema):
    type = _type("CiteStructure")
    citeType = _string("Kind of unit at this level: section, paragraph, note, letter.")
    citeStructure = fields.List(
        fields.Nested(lambda: DtsCiteStructureSchema()),
        metadata={"description": "The kinds of unit found below this one."},
    )


class DtsCitationTreeSchema(Schema):
    type = _type("CitationTree")
    identifier = _string(
        "Name of the tree (`tree` parameter); absent on the default tree.", required=False
    )
    description = _string("What the tree cites.")
    citeStructure = fields.List(
        fields.Nested(DtsCiteStructureSchema),
        required=True,
        metadata={"description": "The kinds of unit at the top of the tree."},
    )


class DtsMemberSchema(Schema):
    """A Collection or a Resource; the last five properties are a Resource's."""

    id = _jsonld("@id", "Identifier: a document id, or the archive's URN.")
    type = _type(["Collection", "Resource"])
    title = _string("Title.")
    description = _string("Short description.")
    totalParents = _integer("Number of parent collections.")
    totalChildren = _integer("Number of children (0 for a Resource).")
    dublinCore = _metadata_object("Dublin Core terms.")
    collection = _string("URI template of its Collection endpoint.")
    navigation = _string("URI template of its Navigation endpoint.", required=False)
    document = _string("URI template of its Document endpoint.", required=False)
    mediaTypes = fields.List(
        fields.String(), metadata={"description": "Media types of the Document endpoint."}
    )
    citationTrees = fields.List(
        fields.Nested(DtsCitationTreeSchema),
        metadata={"description": "Its citation trees, the default first."},
    )


class DtsCollectionSchema(_TopLevel, DtsMemberSchema):
    member = fields.List(
        fields.Nested(DtsMemberSchema),
        metadata={"description": "Children (or parents with `nav=parents`), one page of them."},
    )
    view = fields.Nested(DtsPaginationSchema, metadata={"description": "Links to the other pages."})


class DtsResourceSchema(DtsMemberSchema):
    """A Resource as the Navigation endpoint repeats it."""


class DtsCitableUnitSchema(Schema):
    identifier = _string("Its reference: `I.B.a`, `I.B.a.p57`, `12`, `letter-2.p70`...")
    type = _type("CitableUnit")
    level = _integer("Depth in the tree, from 1.")
    parent = fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "Identifier of the parent unit; null at the top."},
    )
    citeType = _string("Kind of unit: section, paragraph, note, letter.")
    id = _jsonld("@id", "URL of the record in the JSON API.", required=False, format="uri")
    dublinCore = _metadata_object("Title (sections, letters), writer and date (letters).")


class DtsNavigationSchema(_TopLevel):
    id = _jsonld("@id", "The URL of this request.", format="uri")
    type = _type("Navigation")
    resource = fields.Nested(
        DtsResourceSchema, required=True, metadata={"description": "The document."}
    )
    ref = fields.Nested(DtsCitableUnitSchema, metadata={"description": "The unit named by `ref`."})
    start = fields.Nested(
        DtsCitableUnitSchema, metadata={"description": "The unit named by `start`."}
    )
    end = fields.Nested(DtsCitableUnitSchema, metadata={"description": "The unit named by `end`."})
    member = fields.List(
        fields.Nested(DtsCitableUnitSchema),
        metadata={"description": "The selected units in document order (only with `down`)."},
    )
    view = fields.Nested(DtsPaginationSchema, metadata={"description": "Links to the other pages."})
