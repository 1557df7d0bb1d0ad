"""A segment's arrays file: what is written is read back, and a torn file is refused."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
from whoosh.index import open_dir

from archive_api.search.generations import current_generation
from archive_api.search.indexer import build_index
from archive_api.search.segment_arrays import SAMPLE, ArraysReader, ArraysWriter
from archive_api.search.whoosh_blocks import leaf_arrays, term_offset, write_segment_arrays
from archive_api.store import DocumentStore

ROOT = Path(__file__).resolve().parents[2]
SEED = "turk-sovyet-iliskileri-1920"


def test_terms_read_back_as_written_in_any_order(tmp_path: Path) -> None:
    path = tmp_path / "MAIN_x.arrays"
    writer = ArraysWriter(path)
    terms = {}
    for key in reversed(range(0, 40 * SAMPLE, 40)):  # more than one sample, keys given out of order
        count = 1 + key % 7
        docs = list(range(key, key + count))
        weights = [float(1 + n % 3) for n in range(count)]
        positions = [n * 5 + i for n, w in enumerate(weights) for i in range(int(w))]
        terms[key] = (docs, weights, positions)
        writer.add(key, docs, weights, positions)
    writer.add(7, [3], [2.0], [1, 70_000])  # a long record: four-byte positions
    writer.add(9, np.array([1, 2]), np.array([1.0, 1.0]), None)  # a field without positions
    writer.close()
    reader = ArraysReader(path)
    try:
        assert reader.terms == len(terms) + 2
        for key, (docs, weights, positions) in terms.items():
            found = reader.postings(key)
            assert found.docs.tolist() == docs
            assert found.weights.tolist() == weights
            assert found.positions.tolist() == positions
        wide = reader.postings(7)
        assert wide.positions.tolist() == [1, 70_000] and wide.docs.tolist() == [3]
        bare = reader.postings(9)
        assert bare.docs.tolist() == [1, 2] and len(bare.positions) == 0
        for missing in (-1, 1, 8, 10**9):
            assert len(reader.postings(missing).docs) == 0
    finally:
        reader.close()


def test_two_terms_at_one_offset_are_refused(tmp_path: Path) -> None:
    writer = ArraysWriter(tmp_path / "MAIN_x.arrays")
    writer.add(5, [1], [1.0], None)
    writer.add(5, [2], [1.0], None)
    with pytest.raises(ValueError, match="same offset"):
        writer.close()
    assert not (tmp_path / "MAIN_x.arrays").exists()


def test_a_torn_or_foreign_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "MAIN_x.arrays"
    writer = ArraysWriter(path)
    writer.add(0, [1, 2, 3], [1.0, 1.0, 2.0], [4, 5, 6, 9])
    writer.close()
    whole = path.read_bytes()
    path.write_bytes(whole[:-3])
    with pytest.raises(ValueError):
        ArraysReader(path)
    path.write_bytes(b"x" * len(whole))
    with pytest.raises(ValueError):
        ArraysReader(path)


def test_arrays_made_from_whoosh_blocks_equal_those_the_build_wrote(tmp_path: Path) -> None:
    documents = tmp_path / "documents"
    documents.mkdir()
    shutil.copy(ROOT / "documents" / f"{SEED}.txt", documents)
    build_index(DocumentStore(documents), tmp_path / "index")
    generation = current_generation(tmp_path / "index")
    assert generation is not None
    index = open_dir(str(generation), readonly=True)
    try:
        with index.reader() as reader:
            (leaf, _), *_ = list(reader.leaf_readers())
            built = leaf_arrays(generation, leaf)
            assert built is not None
            copy = tmp_path / "copy"
            copy.mkdir()
            ours, derived = ArraysReader(built), ArraysReader(write_segment_arrays(copy, leaf))
            try:
                assert ours.terms == derived.terms > 1_000
                for fieldname, btext in leaf.all_terms():
                    key = term_offset(leaf, fieldname, btext)
                    assert key is not None
                    a, b = ours.postings(key), derived.postings(key)
                    assert len(a.docs) == leaf.doc_frequency(fieldname, btext)
                    for name in ("docs", "weights", "positions"):
                        assert getattr(a, name).tolist() == getattr(b, name).tolist()
            finally:
                ours.close()
                derived.close()
    finally:
        index.close()
