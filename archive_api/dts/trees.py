"""Citation trees of a document: the citable units a DTS client navigates and cites.

The default tree follows the printed headings: sections nest as their numbers say (``I`` →
``I.B`` → ``I.B.a``) and each section holds its paragraphs, so units sit at uneven depths
(the paragraphs of GİRİŞ at level 2, those of ``I.B.a`` at level 4), the case the
specification models with a recursive ``citeStructure``. A paragraph's identifier is its
section's followed by its own stable id (``I.B.a.p57``); a heading paragraph is not a unit,
it is the title of its section. A document without headings has its paragraphs at level 1.

The ``footnotes`` tree lists the notes by label (``1`` … ``40``, ``*``) in document order,
and the ``letters`` tree the transcribed letters with their paragraphs (``letter-1.p57``).

Units are kept in document order (pre-order, depth first) with the position of their last
descendant, so a subtree or a range is a slice of that list.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from archive_api.dts.errors import UnknownIdentifier
from archive_api.models import Document, Letter, Paragraph, Section

RecordKind = Literal["section", "paragraph", "note", "letter"]

FOOTNOTES_TREE = "footnotes"
LETTERS_TREE = "letters"


@dataclass(frozen=True)
class Unit:
    """One citable unit: a node of a citation tree and the record it stands for."""

    identifier: str
    cite_type: str
    level: int  # 1 for the top of the tree
    parent: str | None  # identifier of the parent unit
    kind: RecordKind
    record_id: str  # section id, paragraph id, footnote label or letter id
    title: str | None = None
    position: int = 0  # index in document order
    last: int = 0  # position of its last descendant (itself when it has none)


@dataclass(frozen=True)
class CitationTree:
    """The units of one tree in document order, with a lookup by identifier."""

    identifier: str | None  # None for the default tree
    description: str
    units: tuple[Unit, ...]
    _index: dict[str, Unit] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._index.update((unit.identifier, unit) for unit in self.units)

    def unit(self, identifier: str, parameter: str = "ref") -> Unit:
        """The unit called ``identifier``; an unknown one is a 404 naming the parameter."""
        found = self._index.get(identifier)
        if found is None:
            tree = f"citation tree {self.identifier!r}" if self.identifier else "default tree"
            raise UnknownIdentifier(f"{parameter}: no citable unit {identifier!r} in the {tree}")
        return found

    def get(self, identifier: str) -> Unit | None:
        return self._index.get(identifier)

    def subtree(self, unit: Unit) -> tuple[Unit, ...]:
        """``unit`` and all its descendants, in document order."""
        return self.units[unit.position : unit.last + 1]

    def cover(self, first: Unit, last: Unit) -> list[Unit]:
        """The fewest units that make up the range from ``first`` to the end of ``last``.

        A unit whose whole subtree lies in the range stands for its descendants; one that
        reaches past the range (a letter of which only some paragraphs are asked for) is
        replaced by the descendants inside it.
        """
        chosen: list[Unit] = []
        covered_to = -1
        for unit in self.units[first.position : last.last + 1]:
            if unit.position <= covered_to or unit.last > last.last:
                continue
            chosen.append(unit)
            covered_to = unit.last
        return chosen

    def cite_structure(self) -> list[dict[str, Any]]:
        """The ``citeStructure`` of the tree: every path of cite types found in it, merged."""
        root: dict[str, Any] = {}
        paths: dict[str, list[str]] = {}
        for unit in self.units:
            path = [*paths[unit.parent], unit.cite_type] if unit.parent else [unit.cite_type]
            paths[unit.identifier] = path
            node = root
            for cite_type in path:
                node = node.setdefault(cite_type, {})
        return _structure(root)


def _structure(node: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for cite_type, children in node.items():
        entry: dict[str, Any] = {"@type": "CiteStructure", "citeType": cite_type}
        if children:
            entry["citeStructure"] = _structure(children)
        out.append(entry)
    return out


@dataclass
class _Node:
    unit: Unit
    key: tuple[int, int, int]  # (offset in the text, 0 for a section / 1 otherwise, index)
    children: list[_Node] = field(default_factory=list)


def _numbered(roots: Iterable[_Node]) -> tuple[Unit, ...]:
    """The units of a forest in document order, with their levels, positions and extents."""
    units: list[Unit] = []

    def walk(node: _Node, level: int, parent: str | None) -> None:
        position = len(units)
        units.append(node.unit)  # placeholder until the extent is known
        for child in sorted(node.children, key=lambda n: n.key):
            walk(child, level + 1, node.unit.identifier)
        units[position] = _replace(node.unit, level, parent, position, len(units) - 1)

    for root in sorted(roots, key=lambda n: n.key):
        walk(root, 1, None)
    return tuple(units)


def _replace(unit: Unit, level: int, parent: str | None, position: int, last: int) -> Unit:
    return Unit(
        identifier=unit.identifier,
        cite_type=unit.cite_type,
        level=level,
        parent=parent,
        kind=unit.kind,
        record_id=unit.record_id,
        title=unit.title,
        position=position,
        last=last,
    )


def _cited_paragraphs(doc: Document) -> Iterator[Paragraph]:
    """Paragraphs that are units: all but the heading of a known section."""
    known = {section.id for section in doc.sections}
    for paragraph in doc.paragraphs:
        if paragraph.kind == "heading" and paragraph.section_id in known:
            continue
        yield paragraph


def _section_offsets(doc: Document) -> dict[str, int]:
    """Where each section begins in the text: its first paragraph, heading included.

    A section without paragraphs of its own takes the place of the one before it (its key's
    index keeps it after that one).
    """
    first: dict[str, int] = {}
    for paragraph in doc.paragraphs:
        if paragraph.section_id is not None:
            first.setdefault(paragraph.section_id, paragraph.start)
    offsets: dict[str, int] = {}
    previous = 0
    for section in doc.sections:
        previous = first.get(section.id, previous)
        offsets[section.id] = previous
    return offsets


def default_tree(doc: Document) -> CitationTree:
    """Sections nested by their numbers, each with its paragraphs."""
    offsets = _section_offsets(doc)
    nodes: dict[str, _Node] = {}
    for index, section in enumerate(doc.sections):
        unit = Unit(section.id, "section", 0, None, "section", section.id, _title(section))
        nodes[section.id] = _Node(unit, (offsets[section.id], 0, index))
    roots: list[_Node] = []
    for section in doc.sections:
        parent = nodes.get(section.parent) if section.parent else None
        (parent.children if parent is not None else roots).append(nodes[section.id])
    for index, paragraph in enumerate(_cited_paragraphs(doc)):
        owner = nodes.get(paragraph.section_id) if paragraph.section_id else None
        identifier = f"{owner.unit.identifier}.{paragraph.id}" if owner else paragraph.id
        unit = Unit(identifier, "paragraph", 0, None, "paragraph", paragraph.id)
        node = _Node(unit, (paragraph.start, 1, index))
        (owner.children if owner is not None else roots).append(node)
    description = (
        "Sections by their printed numbers, and their paragraphs."
        if doc.sections
        else "Paragraphs in reading order."
    )
    return CitationTree(None, description, _numbered(roots))


def _title(section: Section) -> str:
    return f"{section.number}. {section.title}" if section.number else section.title


def footnotes_tree(doc: Document) -> CitationTree:
    """The footnotes by label, in the order they are printed."""
    roots = [
        _Node(Unit(note.label, "note", 0, None, "note", note.label), (0, 1, index))
        for index, note in enumerate(doc.footnotes)
    ]
    return CitationTree(FOOTNOTES_TREE, "Footnotes by their printed label.", _numbered(roots))


def letters_tree(doc: Document) -> CitationTree:
    """The transcribed letters, each with its paragraphs."""
    roots = []
    for index, letter in enumerate(doc.letters):
        node = _Node(
            Unit(letter.id, "letter", 0, None, "letter", letter.id, _heading(letter)), (0, 1, index)
        )
        for number, paragraph_id in enumerate(letter.paragraph_ids):
            unit = Unit(
                f"{letter.id}.{paragraph_id}", "paragraph", 0, None, "paragraph", paragraph_id
            )
            node.children.append(_Node(unit, (0, 1, number)))
        roots.append(node)
    return CitationTree(LETTERS_TREE, "Transcribed letters and their paragraphs.", _numbered(roots))


def _heading(letter: Letter) -> str:
    """``sender → recipient, place, date as written``: names, else roles."""
    sender = letter.sender.name or letter.sender.role
    recipient = letter.recipient.name or letter.recipient.role
    who = f"{sender or '?'} → {recipient or '?'}" if sender or recipient else None
    when = letter.date.original if letter.date else None
    return ", ".join(x for x in (who, letter.place, when) if x) or letter.id


def citation_trees(doc: Document) -> list[CitationTree]:
    """The document's trees, the default first; a tree with no unit is left out.

    A document without paragraphs has no text to cite, so it has no tree at all.
    """
    default = default_tree(doc)
    if not default.units:
        return []
    others = [footnotes_tree(doc), letters_tree(doc)]
    return [default, *(tree for tree in others if tree.units)]


def find_tree(trees: list[CitationTree], identifier: str | None) -> CitationTree | None:
    """The tree called ``identifier`` (the default for None); None when the document has none.

    An identifier that names no tree is a 404.
    """
    if identifier is None:
        return trees[0] if trees and trees[0].identifier is None else None
    for tree in trees:
        if tree.identifier == identifier:
            return tree
    known = ", ".join(repr(t.identifier) for t in trees if t.identifier) or "none"
    raise UnknownIdentifier(f"tree: no citation tree {identifier!r} (named trees: {known})")
