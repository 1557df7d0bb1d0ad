"""Where a query matched inside one document, for the reading view's highlights.

The reading view asks the search itself (the same analysis as the search page: stems,
folding, OCR damage) rather than looking for the typed words again, so a highlighted word
is always one the search counted as a match.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from archive_api.backend import ArchiveReader as Archive
from archive_api.models import Document
from archive_api.search.searcher import SearchArgumentError
from archive_api.web.i18n import Labels
from archive_api.web.inline import Span
from archive_api.web.reading import record_label, section_anchor, work_anchor

# Records the reading view links to when they match, and those whose text it shows
# exactly as they were indexed, so that their match offsets can mark it.
MARKED_TYPES = ("paragraph", "footnote", "section", "work")
SPANNED_TYPES = ("paragraph", "footnote", "section")
MAX_LOCATIONS = 1000


@dataclass
class Location:
    type: str
    record_id: str
    page: int | None


@dataclass
class Found:
    spans: dict[tuple[str, str], list[Span]] = field(default_factory=dict)
    locations: list[Location] = field(default_factory=list)  # best first; see located()


def find_in_document(archive: Archive, doc_id: str, q: str) -> Found:
    """The matches of ``q`` in the records of ``doc_id``, with their character spans."""
    found = Found()
    if not q.strip():
        return found
    try:
        result = archive.search(
            q,
            types=list(MARKED_TYPES),
            document_ids=[doc_id],
            per_page=MAX_LOCATIONS,
        )
    except SearchArgumentError:
        return found
    for hit in result.hits:
        key = (hit.type, hit.record_id)
        if hit.type in SPANNED_TYPES:
            found.spans[key] = [(m.start, m.end) for m in hit.record_matches]
        found.locations.append(Location(hit.type, hit.record_id, hit.page))
    return found


@dataclass
class FoundLink:
    anchor: str
    label: str


def located(doc: Document, locations: list[Location], labels: Labels) -> list[FoundLink]:
    """Links to the places a query matched, in reading order (headings, text, notes)."""
    position = {p.id: p.start for p in doc.paragraphs}
    notes = {n.label: n for n in doc.footnotes}
    sections = {s.id: s for s in doc.sections}
    end = len(doc.text) + 1

    def order(item: Location) -> tuple[int, int]:
        if item.type == "paragraph":
            return position.get(item.record_id, end), 1
        if item.type == "section":
            section = sections.get(item.record_id)
            first = section.paragraph_ids[0] if section and section.paragraph_ids else ""
            return position.get(first, end), 0
        if item.type == "footnote":
            note = notes.get(item.record_id)
            return (note.anchor.offset if note and note.anchor else end), 2
        return end, 3

    links = []
    for item in sorted(locations, key=order):
        label = record_label(item.type, item.record_id, labels)
        if item.type == "paragraph":
            links.append(FoundLink(item.record_id, label))
        elif item.type == "section":
            section = sections.get(item.record_id)
            name = section.number if section and section.number else item.record_id
            links.append(FoundLink(section_anchor(item.record_id), f"§ {name}"))
        elif item.type == "footnote":
            note = notes.get(item.record_id)
            anchor = note.id if note else f"note-{item.record_id}"
            links.append(FoundLink(anchor, label))
        elif item.type == "work":
            work = next((w for w in doc.works if w.id == item.record_id), None)
            name = (work.author or work.title) if work else item.record_id
            links.append(
                FoundLink(work_anchor(item.record_id), f"{labels.type_name('work')}: {name}")
            )
    return links
