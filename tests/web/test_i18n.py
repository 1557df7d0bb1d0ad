"""Labels in both languages, every label the pages use defined, the language choice."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from archive_api.search.schema import RECORD_TYPES
from archive_api.web.i18n import LANGUAGES, STRINGS, TYPE_NAMES, Labels, choose_language

PACKAGE = Path(__file__).resolve().parents[2] / "archive_api"
USES = re.compile(r"""\b(?:t|labels|self\.labels)\(\s*['"]([a-z_]*[a-z])['"]""")


def test_every_label_has_both_languages() -> None:
    for key, texts in STRINGS.items():
        assert set(texts) == set(LANGUAGES), key
        assert all(text.strip() for text in texts.values()), key
        # The same blanks to fill in both languages.
        assert len({frozenset(re.findall(r"{(\w+)}", text)) for text in texts.values()}) == 1, key


def test_every_label_used_is_defined() -> None:
    sources = [*PACKAGE.glob("templates/web_*.html"), *PACKAGE.glob("web/*.py")]
    used = {key for path in sources for key in USES.findall(path.read_text(encoding="utf-8"))}
    assert len(used) > 40
    assert used - set(STRINGS) == set()
    # Labels built from a value: errors, sort orders, calendars.
    built = {k for k in STRINGS if k.startswith(("err_", "sort_", "cal_", "count_"))}
    assert {"err_date", "err_sort", "sort_relevance", "sort_date", "cal_rumi"} <= built


def test_every_record_type_has_a_name() -> None:
    assert set(TYPE_NAMES) == set(RECORD_TYPES)
    assert Labels("tr").type_name("footnote") == "Dipnot"
    assert Labels("en").type_name("footnote") == "Footnote"


def test_labels_fill_their_blanks() -> None:
    assert Labels("tr")("hits_count", total=3) == "3 sonuç"
    assert Labels("en")("page_label", page=12) == "p. 12"
    assert Labels("de")("search") == "Ara"  # an unknown language falls back to Turkish
    assert Labels("en").kind_name("sifre") == "Şifre (cipher)"
    assert Labels("tr").kind_name("unheard-of") == "unheard-of"
    assert Labels("en").counts(pages=1, letters=0, footnotes=2) == "1 page, 2 footnotes"
    assert Labels("tr").counts(pages=17, annexes=4) == "17 sayfa, 4 ek"


@pytest.mark.parametrize(
    ("asked", "accepted", "expected"),
    [
        ("en", {"tr": 1.0}, ("en", True)),
        ("tr", {"en": 1.0}, ("tr", True)),
        (None, {"en-US": 1.0, "tr": 0.5}, ("en", False)),
        (None, {"tr-TR": 0.9, "en": 0.8}, ("tr", False)),
        (None, {"de": 1.0}, ("tr", False)),
        (None, {}, ("tr", False)),
        ("xx", {"EN": 0.3}, ("en", False)),
    ],
)
def test_choose_language(
    asked: str | None, accepted: dict[str, float], expected: tuple[str, bool]
) -> None:
    assert choose_language(asked, accepted) == expected
