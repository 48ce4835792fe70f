"""One way through indexing: the pipeline works from what it is handed (a catalog, an index, an
embedding function) and never reaches back into a Library; the store writes each batch in one
call; "done" is sent by whoever ran it, once its own work is done."""

from __future__ import annotations

import numpy as np

from photorec.core.index.hnsw import VectorIndex
from photorec.core.index.pipeline import IndexingPipeline
from photorec.core.store import Catalog
from photorec.core.store import indexing as store
from tests.conftest import copy_photos

DIM = 8


def _embed(pixels: np.ndarray) -> np.ndarray:
    """A stand-in model: a unit vector per photo from the means of its input (no onnxruntime)."""
    x = np.asarray(pixels, np.float32).reshape(len(pixels), -1)
    v = np.stack([part.mean(1) for part in np.array_split(x, DIM - 1, axis=1)], axis=1)
    v = np.concatenate([v, np.ones((len(x), 1), np.float32)], axis=1)
    return (v / np.linalg.norm(v, axis=1, keepdims=True)).astype(np.float32)


def test_the_pipeline_indexes_a_folder_without_a_library(tmp_path, monkeypatch):
    photos = copy_photos(tmp_path / "p", n=5, step=9)
    (tmp_path / "p" / "copy.jpg").write_bytes(photos[0].read_bytes())  # same content: one vector
    (tmp_path / "p" / "bad.jpg").write_bytes(b"not a photo")
    cat = Catalog(tmp_path / "c.sqlite3")
    cat.add_folder(str(tmp_path / "p"))
    index = VectorIndex(DIM, tmp_path / "index-m.hnsw", "m")
    batches: list[int] = []
    calls: list[int] = []
    real = store.commit_batch
    monkeypatch.setattr(store, "commit_batch", lambda *a, **k: calls.append(1) or real(*a, **k))
    phases: list[str] = []
    run = IndexingPipeline(cat, index, "m", embed=_embed,
                           thumb_path=lambda ck: tmp_path / "thumbs" / f"{ck}.jpg",
                           progress=lambda p: phases.append(p.phase),
                           on_batch=lambda ps: batches.append(len(ps)), workers=2)
    report = run.run()
    assert (report.new, report.failed, report.embedded) == (6, 1, 5)
    assert [path for path, _ in report.errors] == [str(tmp_path / "p" / "bad.jpg")]
    assert len(index) == 5 and cat.vector_count("m") == 5
    assert len(cat.photos()) == 6 and len(cat.photos(status="error")) == 1
    assert sum(batches) == 7 and len(calls) == len(batches)  # one store call per batch
    assert "done" not in phases and phases[-1] == "finishing"
    run.finish()
    assert phases[-1] == "done"
    assert cat.indexing() is None  # the marker is cleared once the run is over
    # A second run finds everything unchanged and embeds nothing.
    again = IndexingPipeline(cat, index, "m", embed=_embed, thumb_path=lambda ck: tmp_path / ck)
    rep2 = again.run()
    assert (rep2.unchanged, rep2.new, rep2.embedded) == (7, 0, 0)
    cat.close()


def test_commit_batch_stores_vectors_then_files_and_says_what_it_stored(tmp_path):
    cat = Catalog(tmp_path / "c.sqlite3")
    fid = cat.add_folder(str(tmp_path))
    v = np.ones(DIM, np.float32) / np.sqrt(DIM)
    files = [store.FileRow(fid, str(tmp_path / "a.jpg"), 10, 1, "k1", None),
             store.FileRow(fid, str(tmp_path / "b.jpg"), 10, 1, "k1", None),  # a copy
             store.FileRow(fid, str(tmp_path / "c.jpg"), 10, 1, "k2", None),  # no vector
             store.FileRow(fid, str(tmp_path / "d.jpg"), 3, 1, None, "broken")]
    cat.set_meta("indexing", "0/4")  # as a run starts
    out = store.commit_batch(cat, "m", [store.NewVector("k1", v, 4, 3, None)], files,
                             progress="4/4", lost_error="lost")
    assert len(out.new_ids) == 1 and out.ckeys == {"k1"}
    assert [f.path[-5:] for f in out.stored] == ["a.jpg", "b.jpg", "c.jpg", "d.jpg"]
    assert files[2].error == "lost" and out.looked_up == set()
    assert {p.name: (p.width, p.height) for p in cat.photos()} == {"a.jpg": (4, 3), "b.jpg": (4, 3)}
    assert cat.indexing() == "4/4"  # the progress marker, in the same transaction
    # The same content again: no second vector, its size found in the stored one.
    again = store.commit_batch(cat, "m", [store.NewVector("k1", v, 4, 3, None)],
                               [store.FileRow(fid, str(tmp_path / "e.jpg"), 10, 1, "k1", None)],
                               progress="", lost_error="lost")
    assert again.new_ids == [] and cat.vector_count("m") == 1
    assert store.known_contents(cat, "m") == {"k1"}
    cat.close()
