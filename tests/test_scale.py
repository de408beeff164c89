"""claimcheck.scale: the per-document check over a Dask bag (local scheduler), written as JSONL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

dask = pytest.importorskip("dask", reason="the [scale] extra (dask) is not installed")

from claimcheck.checker import CheckOptions, check_paths  # noqa: E402
from claimcheck.scale import check_files, check_records  # noqa: E402

ARTICLES = {
    "a.txt": "In a trial of 151 adults with chronic back pain, 66% of all participants were pain-free.\n",
    "b.txt": "Acupunctuur geneest rugpijn definitief, zeggen onderzoekers.\n",
    "c.txt": "A hospital opened a new car park on Monday.\n",
}


def _lines(paths: list[str]) -> list[dict]:
    out = []
    for p in sorted(paths):
        out += [json.loads(line) for line in Path(p).read_text(encoding="utf-8").splitlines() if line]
    return out


@pytest.mark.parametrize("scheduler", ["synchronous", "threads", "processes"])
def test_files_on_a_local_scheduler_match_check(tmp_path: Path, scheduler: str) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    parts = check_files([str(folder / "*.txt")], tmp_path / "out", npartitions=2, scheduler=scheduler)
    assert len(parts) == 2 and all(Path(p).name.startswith("part-") for p in parts)
    docs = sorted(_lines(parts), key=lambda d: d["input"])
    expected = check_paths(sorted(str(p) for p in folder.glob("*.txt")), CheckOptions(jobs=1))
    assert [d["input"] for d in docs] == [r.document.input for r in expected.results]
    for got, want in zip(docs, expected.results, strict=True):
        assert got == json.loads(json.dumps(want.to_dict()))


def test_records_and_unreadable_files(tmp_path: Path) -> None:
    records = [{"id": "r1", "text": ARTICLES["a.txt"], "url": "https://example.org/r1"},
               {"id": "r2", "text": ARTICLES["c.txt"]}]
    docs = _lines(check_records(records, tmp_path / "rec", npartitions=1, scheduler="synchronous"))
    assert [d["input"] for d in docs] == ["r1", "r2"] and docs[0]["url"] == "https://example.org/r1"
    assert docs[0]["claims"]
    broken = _lines(check_files([str(tmp_path / "missing.txt")], tmp_path / "bad", scheduler="synchronous"))
    assert broken[0]["error"]
