"""The variants file: its format, its lookup, and the packaged groups."""

from __future__ import annotations

from importlib import resources

from archive_api.text.variants import default_table, normalise, parse_variants, variants_of


def test_normalise_cuts_suffix_lowers_and_folds() -> None:
    assert normalise("Çiçerin'in") == normalise("CICERIN") == "cicerin"
    assert normalise("M.Kemal") == normalise("M. Kemal") == "m kemal"
    assert normalise("( - )") == ""


def test_parse_both_separators_and_comments() -> None:
    table = parse_variants(
        "# a comment line\n"
        "Çiçerin | Chicherin | Tchitcherine   # trailing note\n"
        "antlaşma, andlaşma\n"
        "\n"
        "lonely\n"
    )
    assert len(table.groups) == 2
    assert table.variants_of("Tchitcherine") == {"Çiçerin", "Chicherin"}
    assert table.variants_of("andlaşma") == {"antlaşma"}
    assert table.variants_of("lonely") == set()


def test_lookup_by_any_spelling_and_inflection() -> None:
    assert variants_of("Cicerin") >= {"Chicherin", "Tchitcherine"}
    assert variants_of("Çiçerin'e") >= {"Chicherin", "Tchitcherine"}
    assert "Çiçerin" in variants_of("CHICHERIN")
    assert "antlaşma" in variants_of("Andlaşması")
    assert "andlaşma" in variants_of("antlaşmasının")


def test_the_spelling_asked_for_is_not_returned() -> None:
    assert not any(normalise(v) == "cicerin" for v in variants_of("Çiçerin"))


def test_multi_word_variants_come_once_per_spelling() -> None:
    found = variants_of("M. Kemal")
    assert "Mustafa Kemal" in found
    assert len({normalise(v) for v in found}) == len(found)
    assert "M. Kemal" in variants_of("Mustafa Kemal") or "M.Kemal" in variants_of("Mustafa Kemal")
    assert default_table().max_words >= 2


def test_unlisted_words_have_no_variants() -> None:
    assert variants_of("Erzurum") == set()
    assert variants_of("") == set()


def test_packaged_file_is_plain_utf8_with_the_issue_groups() -> None:
    text = resources.files("archive_api.text").joinpath("variants.txt").read_text("utf-8")
    assert "Çiçerin | Chicherin | Tchitcherine" in text
    assert "antlaşma | andlaşma" in text
    assert "Mustafa Kemal | M. Kemal | M.Kemal" in text
