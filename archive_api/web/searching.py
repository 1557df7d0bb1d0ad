"""The search page's form: read from the query string, checked, run, shown.

The page runs the same ``Archive.search`` as the JSON API, with the same limits. What a
person typed comes back in the form as typed; a value the search refuses is named next to
its field rather than answered with an error document.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup
from werkzeug.datastructures import MultiDict

from archive_api.api.pagination import MAX_PAGE
from archive_api.api.search import MAX_QUERY_LENGTH
from archive_api.backend import ArchiveReader as Archive
from archive_api.search.schema import RECORD_TYPES, filter_key
from archive_api.search.searcher import SORTS, Hit, SearchArgumentError, SearchPage
from archive_api.web.i18n import Labels
from archive_api.web.inline import mark_snippet
from archive_api.web.reading import record_label, section_anchor, work_anchor

PER_PAGE = 10
FACET_LIMIT = 12  # values shown per facet, most frequent first
TEXT_FIELDS = ("q", "document", "date_from", "date_to", "kind", "sender", "recipient", "place")
FILTER_FIELDS = TEXT_FIELDS[1:]


@dataclass
class SearchForm:
    q: str = ""
    types: list[str] = field(default_factory=list)
    document: str = ""
    date_from: str = ""
    date_to: str = ""
    kind: str = ""
    sender: str = ""
    recipient: str = ""
    place: str = ""
    sort: str = ""  # "" is the default order: relevance, or by date without words
    page: int = 1
    errors: dict[str, str] = field(default_factory=dict)  # field name -> label of the fault

    @classmethod
    def read(cls, args: MultiDict[str, str]) -> SearchForm:
        form = cls()
        for name in TEXT_FIELDS:
            setattr(form, name, (args.get(name) or "").strip())
        form.types = list(
            dict.fromkeys(
                part.strip()
                for value in args.getlist("type")
                for part in value.split(",")
                if part.strip()
            )
        )
        if len(form.q) > MAX_QUERY_LENGTH:
            form.errors["q"] = "err_too_long"
        unknown = [t for t in form.types if t not in RECORD_TYPES]
        if unknown:
            form.errors["type"] = "err_type"
        form.sort = (args.get("sort") or "").strip()
        if form.sort and form.sort not in SORTS:
            form.errors["sort"] = "err_sort"
        page = (args.get("page") or "1").strip()
        if not page.isdigit() or not 1 <= int(page) <= MAX_PAGE:
            form.errors["page"] = "err_page"
        else:
            form.page = int(page)
        return form

    @property
    def filtered(self) -> bool:
        return bool(self.types) or any(getattr(self, name) for name in FILTER_FIELDS)

    @property
    def active(self) -> int:
        """How many filters are set (the types count as one)."""
        return bool(self.types) + sum(1 for name in FILTER_FIELDS if getattr(self, name))

    @property
    def empty(self) -> bool:
        return not self.q and not self.filtered

    def params(self) -> dict[str, Any]:
        """The form as query-string arguments, empty fields left out."""
        out: dict[str, Any] = {name: getattr(self, name) for name in TEXT_FIELDS}
        out["type"] = list(self.types)
        out["sort"] = self.sort
        out["page"] = self.page if self.page > 1 else None
        return {k: v for k, v in out.items() if v}

    def messages(self, labels: Labels) -> list[tuple[str, str, str]]:
        """Each fault as (field id, field label, explanation) in the form's order."""
        names = {"q": "query", "page": "page_field", "sort": "sort"}
        limits = {"q": MAX_QUERY_LENGTH, "page": MAX_PAGE}
        order = ["q", "type", *FILTER_FIELDS, "sort", "page"]
        return [
            (name, labels(names.get(name, name)), labels(code, limit=limits.get(name, 0)))
            for name, code in sorted(self.errors.items(), key=lambda item: _rank(order, item[0]))
        ]

    def run(self, archive: Archive) -> SearchPage | None:
        """The page of hits, or None when there is nothing to search or a field is wrong."""
        if self.errors or self.empty:
            return None
        try:
            return archive.search(
                self.q or None,
                types=self.types or None,
                document_ids=[self.document] if self.document else None,
                date_from=self.date_from or None,
                date_to=self.date_to or None,
                kind=self.kind or None,
                sender=self.sender or None,
                recipient=self.recipient or None,
                place=self.place or None,
                page=self.page,
                per_page=PER_PAGE,
                sort=self.sort or SORTS[0],
            )
        except SearchArgumentError as error:
            self.errors[error.parameter] = _fault(error)
            return None


@dataclass
class HitView:
    type: str
    type_name: str
    title: str
    record: str  # which record of the document: "¶12", "Dipnot 5", "Ek 1"
    snippet: Markup
    url: str
    document_title: str
    page: int | None


@dataclass
class FacetView:
    value: str
    label: str
    count: int
    url: str
    selected: bool


@dataclass
class FacetGroup:
    name: str  # "type", "year", "document", "kind"
    title: str
    values: list[FacetView]


@dataclass
class PageLink:
    number: int
    url: str
    current: bool


@dataclass
class ResultsView:
    total: int
    first: int
    last: int
    hits: list[HitView]
    facets: list[FacetGroup]
    pages: list[PageLink]
    previous: str | None
    next: str | None
    suggestion: str | None = None
    suggestion_url: str | None = None
    relaxed: bool = False
    sorts: list[tuple[str, str | None]] = field(default_factory=list)  # label, link or None


def hit_anchor(hit: Hit) -> str:
    """The element of the reading view that shows the record a hit found."""
    record = hit.record_id
    return {
        "document": "",
        "section": section_anchor(record),
        "paragraph": record,
        "letter": record,
        "footnote": "note-star" if record == "*" else f"note-{record}",
        "work": work_anchor(record),
        "annex": f"ek-{record}",
    }.get(hit.type, "")


def build_results(
    form: SearchForm,
    result: SearchPage,
    labels: Labels,
    titles: Mapping[str, str],
    search_url: Callable[..., str],
    read_url: Callable[..., str],
) -> ResultsView:
    """Hits, facets and page links; ``search_url(**params)`` and ``read_url(doc_id, q)``
    make the links, so the page keeps its language and other arguments."""
    base = form.params()
    hits = [
        HitView(
            type=hit.type,
            type_name=labels.type_name(hit.type),
            title=hit.title or titles.get(hit.document_id, hit.document_id),
            record=record_label(hit.type, hit.record_id, labels),
            snippet=mark_snippet(hit.snippet),
            url=read_url(hit.document_id, form.q) + (f"#{a}" if (a := hit_anchor(hit)) else ""),
            document_title=titles.get(hit.document_id, hit.document_id),
            page=hit.page,
        )
        for hit in result.hits
    ]
    last_page = max(1, -(-result.total // PER_PAGE))
    window = range(max(1, form.page - 3), min(last_page, form.page + 3) + 1)
    pages = [
        PageLink(n, search_url(**{**base, "page": n if n > 1 else None}), n == form.page)
        for n in window
    ]
    first = (form.page - 1) * PER_PAGE + 1
    suggestion = result.suggestion
    return ResultsView(
        total=result.total,
        first=first,
        last=first + len(hits) - 1,
        hits=hits,
        facets=facet_groups(form, result, labels, titles, search_url),
        pages=pages if last_page > 1 else [],
        previous=(
            search_url(**{**base, "page": form.page - 1 if form.page > 2 else None})
            if form.page > 1
            else None
        ),
        next=search_url(**{**base, "page": form.page + 1}) if form.page < last_page else None,
        suggestion=suggestion,
        suggestion_url=search_url(**{**base, "q": suggestion, "page": None})
        if suggestion
        else None,
        relaxed=result.relaxed,
        sorts=_sorts(form, labels, search_url) if form.q and result.total > 1 else [],
    )


def _sorts(
    form: SearchForm, labels: Labels, search_url: Callable[..., str]
) -> list[tuple[str, str | None]]:
    """The orders the hits can be shown in; the current one has no link."""
    current = form.sort or SORTS[0]
    links: list[tuple[str, str | None]] = []
    for value in SORTS:
        params = {**form.params(), "sort": None if value == SORTS[0] else value, "page": None}
        href = None if value == current else search_url(**params)
        links.append((labels(f"sort_{value}"), href))
    return links


def facet_groups(
    form: SearchForm,
    result: SearchPage,
    labels: Labels,
    titles: Mapping[str, str],
    search_url: Callable[..., str],
) -> list[FacetGroup]:
    """Counts by type, year, document and kind; each value links to the search narrowed
    to it, or widened again when it is already the filter."""
    base = {**form.params(), "page": None}
    counts = result.facets or {"type": result.facets_by_type}
    groups: list[FacetGroup] = []

    types = []
    for value in RECORD_TYPES:
        count = counts.get("type", {}).get(value, 0)
        selected = value in form.types
        if count or selected:
            params = {**base, "type": [] if form.types == [value] else [value]}
            types.append(
                FacetView(value, labels.type_name(value), count, search_url(**params), selected)
            )
    groups.append(FacetGroup("type", labels("facet_type"), types))

    years = []
    for value, count in sorted(counts.get("year", {}).items()):
        selected = form.date_from == value and form.date_to == value
        span = None if selected else value
        params = {**base, "date_from": span, "date_to": span}
        years.append(FacetView(value, value, count, search_url(**params), selected))
    groups.append(FacetGroup("year", labels("facet_year"), years))

    documents = []
    for value, count in _by_count(counts.get("document", {})):
        selected = form.document == value
        params = {**base, "document": None if selected else value}
        title = titles.get(value, value)
        documents.append(FacetView(value, title, count, search_url(**params), selected))
    groups.append(FacetGroup("document", labels("facet_document"), documents))

    kinds = []
    for value, count in _by_count(counts.get("kind", {})):
        selected = filter_key(form.kind) == value if form.kind else False
        params = {**base, "kind": None if selected else value}
        kinds.append(
            FacetView(value, labels.kind_name(value), count, search_url(**params), selected)
        )
    named = Counter(view.label for view in kinds)
    for view in kinds:
        if named[view.label] > 1:  # "letter" and "mektup" both read "mektup": say which
            view.label = f"{view.label} ({view.value})"
    groups.append(FacetGroup("kind", labels("facet_kind"), kinds))
    return [group for group in groups if group.values]


def _by_count(counts: Mapping[str, int], limit: int = FACET_LIMIT) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]


def _rank(order: list[str], name: str) -> int:
    return order.index(name) if name in order else len(order)


def _fault(error: SearchArgumentError) -> str:
    """The label explaining a value the search refused."""
    if error.parameter in ("date_from", "date_to"):
        return "err_date_order" if "after" in error.message else "err_date"
    if error.parameter == "type":
        return "err_type"
    if error.parameter in ("page", "per_page"):
        return "err_page"
    if error.parameter == "sort":
        return "err_sort"
    return "err_no_letters"
