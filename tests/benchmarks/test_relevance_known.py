"""The known-item set is drawn from the corpus itself: rare words of one document, typed
the way each class types them, and OCR damage applied to the indexed copy only."""

from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from relevance_known import (
    RARE_DF,
    Corpus,
    apply_damage,
    ascii_typed,
    damaged,
    holds_form,
    known_items,
    other_case,
    root,
)

CORPUS = {
    f"doc-{n}": f"Heyet Erzurum'a vardı ve hükümetten haber bekledi {n}.\n\n"
    f"Muhabereleri{chr(97 + n)}zz müzakerede uzadı; mütarekename{chr(97 + n)}yy okundu."
    for n in range(8)
}


def test_other_case_follows_harmony_and_voicing() -> None:
    assert other_case("hükümetten") == "hükümette"
    assert other_case("memlekette") == "memleketten"
    assert other_case("kitaptan") == "kitapta"
    assert other_case("evinden") == "evinde"
    assert other_case("Erzurum'da") is None  # names belong to the bare class
    assert other_case("odada") is None  # too short a stem to be sure


def test_damage_keeps_the_first_letter_and_changes_one_place() -> None:
    rng = random.Random(1)
    for word in ("barış", "memleket", "hükümet", "muhaberat"):
        wrong = damaged(word, rng)
        assert wrong is not None and wrong != word and wrong[0] == word[0]


def test_items_use_rare_words_and_damage_only_their_document(tmp_path: Path) -> None:
    corpus = Corpus(dict(CORPUS))
    items, damage = known_items(corpus, per_class=3, seed=7)
    by_class = {item.cls for item in items}
    assert {"exact", "ascii", "upper", "ocr"} <= by_class
    for item in items:
        words = item.q.split()
        assert len(words) == 2
        if item.cls == "exact":
            assert all(word in CORPUS[item.target] for word in words)
            assert all(corpus.df[ascii_typed(word).lower()] <= RARE_DF for word in words)
        if item.cls == "upper":
            assert item.q == item.q.upper() and item.q.isascii()
    ocr = [item for item in items if item.cls == "ocr"]
    assert {item.target for item in ocr} == set(damage)
    assert len(damage) <= len(CORPUS) // 2  # the other classes keep documents of their own
    assert not {item.target for item in items if item.cls != "ocr"} & set(damage)
    for doc_id, text in CORPUS.items():
        (tmp_path / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    apply_damage(tmp_path, damage)
    for doc_id, words in damage.items():
        text = (tmp_path / f"{doc_id}.txt").read_text(encoding="utf-8")
        for word, wrong in words.items():
            assert word not in text and wrong in text
    untouched = set(CORPUS) - set(damage)
    assert all((tmp_path / f"{d}.txt").read_text(encoding="utf-8") == CORPUS[d] for d in untouched)


def test_true_forms_share_the_root_and_nothing_else_does() -> None:
    assert root("zaferlere") == "zafer"
    assert holds_form("Belediye’nin işi", "belediyelerimizi")
    assert holds_form("Bu zafer büyüktür.", "zaferlere")
    assert holds_form("mektebe gitti", "mekteplerdeki")  # p softened to b
    assert not holds_form("Kars’ta kaldı", "karşımıza")
    assert not holds_form("dursun dedi", "duruma")
