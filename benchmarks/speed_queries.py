"""The fixed query mix of the speed benchmark: every class a historian types, 50 queries.

Words come from the seed article and the Atatürk texts, rare and frequent alike: ``millet``
and ``Türk milleti`` match a large share of all paragraphs, ``banş`` two of them per copy.
Filters use the same parameter names as ``/search``; :func:`search_kwargs` turns them into
``Archive.search`` arguments.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Query:
    kind: str  # the class the query belongs to
    q: str  # the text typed ("" for a listing by filters alone)
    filters: dict[str, str] = field(default_factory=dict)  # /search parameters

    def label(self) -> str:
        extra = " ".join(f"{key}={value}" for key, value in self.filters.items())
        return " ".join(part for part in (self.q, extra) if part)

    def params(self, per_page: int = 10) -> dict[str, str]:
        """The query string of ``GET /search``."""
        params = dict(self.filters)
        if self.q:
            params["q"] = self.q
        params["per_page"] = str(per_page)
        return params


def _many(kind: str, *texts: str) -> list[Query]:
    return [Query(kind, text) for text in texts]


QUERIES: tuple[Query, ...] = (
    *_many("exact", "Sakarya", "Lozan", "millet", "hürriyet", "Kâzım Karabekir"),
    *_many("ascii", "kadin", "Cicerin", "hakimiyet", "Turkiye Buyuk", "Dumlupinar"),
    *_many("upper", "ISTANBUL", "IZMIR", "ERZURUM", "TBMM", "INONU"),
    *_many("bare", "Ankara", "Moskova", "Türkiye", "İngiltere", "Yunan"),
    *_many("case", "Türkiye'nin", "milletimize", "orduya", "savaşmışlardır", "antlaşması"),
    *_many("ocr", "barış", "banş", "Başkanı", "yanında", "ayrıntıları"),
    *_many("variant", "Chicherin", "Tchitcherine", "andlaşma", "M. Kemal", "Kazım Karabekir"),
    *_many(
        "phrase",
        '"Büyük Millet Meclisi"',
        '"Mustafa Kemal"',
        '"Türk milleti"',
        '"Sovyet Rusya"',
        '"Cumhuriyet Halk Fırkası"',
    ),
    *_many("prefix", "istanb*", "milli*", "cumhur*", "iktis*", "Çiçer*"),
    Query("filter", "Çiçerin", {"type": "letter"}),
    Query("filter", "", {"type": "letter", "date_from": "1920-06-01", "date_to": "1920-06-30"}),
    Query("filter", "maarif", {"kind": "speech"}),
    Query("filter", "millet", {"place": "Ankara", "date_from": "1921", "date_to": "1922"}),
    Query("filter", "cumhuriyet", {"type": "document"}),
    *_many("operators", "Lozan OR Sevr", "Ankara -İstanbul", "ordu -Yunan"),
)


def search_kwargs(query: Query, per_page: int = 10) -> dict[str, Any]:
    """The ``Archive.search`` arguments of a query."""
    kwargs: dict[str, Any] = {"per_page": per_page}
    for name, value in query.filters.items():
        if name == "type":
            kwargs["types"] = value.split(",")
        elif name == "document":
            kwargs["document_ids"] = value.split(",")
        else:
            kwargs[name] = value
    return kwargs


def classes() -> list[str]:
    """The query classes in the order they are listed."""
    return list(dict.fromkeys(query.kind for query in QUERIES))
