"""`--jobs N`: documents checked in worker processes come back in input order, identical to one job."""

from __future__ import annotations

import importlib.util
import json
import multiprocessing
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimcheck import checker
from claimcheck.checker import CheckOptions, check_paths, default_jobs, map_inputs
from claimcheck.model import Claim, Document, DocumentResult

FIXTURE_REGISTER = Path(__file__).parent / "register_fixtures" / "valid"


def _has_extract() -> bool:
    try:
        spec = importlib.util.find_spec("claimcheck.extract")
    except ImportError:
        return False
    if spec is None:
        return False
    module = importlib.import_module("claimcheck.extract")
    return hasattr(module, "extract")


needs_extract = pytest.mark.skipif(not _has_extract(), reason="claimcheck.extract is not written yet")
needs_fork = pytest.mark.skipif(sys.platform != "linux", reason="the stubbed pipeline reaches workers only by fork")

# Articles written for these tests (fictional studies and numbers), in the three text formats.
ARTICLES = {
    "a-walking.md": """---
title: Walking against back pain
date: 2023-05-02
---

# Walking against back pain

In the Graded Walking trial (WALK-BACK), 40% of the 60 walkers were pain-free after 12 weeks,
against 20% with usual care. The study appeared in the Journal of Fictional Medicine in 2023.
""",
    "b-wandelen.md": """# Wandelen helpt tegen rugpijn

Onderzoekers van de Universiteit van Nergens volgden 120 volwassenen. Bijna de helft van de
wandelaars was na drie maanden pijnvrij; volgens de hoofdonderzoeker geneest wandelen rugpijn.
""",
    "c-plain.txt": """Mice on a treadmill

A study in 40 mice found that running cut inflammation by 35 percent. One in three animals
stopped early. The effect size was 0.6 (95% CI 0.2 to 1.0).
""",
    "d-page.html": """<!doctype html><html lang="en"><head><title>Yoga for backs</title></head><body>
<article><h1>Yoga for backs</h1>
<p>About 70 percent of the 300 participants said their pain had eased after eight weeks of yoga,
researchers reported in a press release.</p>
<p>More than 2 million adults live with chronic back pain, according to the health institute.</p>
</article></body></html>
""",
    "e-empty-ish.txt": "Nothing to check here, just words without numbers.\n",
    "f-numbers.txt": "Between 10 and 20 people; 3 of 4 improved; 12.5% had side effects; twice as many.\n",
}


def _write(folder: Path, copies: int = 2) -> list[str]:
    names = []
    for copy in range(copies):
        for name, text in ARTICLES.items():
            path = folder / f"{copy}-{name}"
            path.write_text(text, encoding="utf-8")
            names.append(str(path))
    return sorted(names)


def _fake_check(document: Document, register: object = None, grade: bool = True,
                against: object = None) -> DocumentResult:
    """A stand-in pipeline: one claim per word of the first line, so results differ per document."""
    first = document.text.strip().split("\n")[0]
    claims = [Claim(id=f"c{i}", kind="count", text=word, start=0, end=len(word))
              for i, word in enumerate(first.split())]
    return DocumentResult(document=document, claims=claims)


def _workers_gone(timeout: float = 5.0) -> bool:
    """Whether every worker process has ended (the pool's own thread may reap one a moment later)."""
    deadline = time.monotonic() + timeout
    while multiprocessing.active_children():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def test_default_jobs_is_at_least_one() -> None:
    assert default_jobs() >= 1


@needs_fork
def test_parallel_results_keep_input_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(checker, "check_document", _fake_check)
    names = _write(tmp_path, copies=5)
    serial = list(map_inputs(names, CheckOptions(grade=False, jobs=1)))
    parallel = list(map_inputs(names, CheckOptions(grade=False, jobs=2)))
    assert [r.document.input for r in parallel] == names
    assert [r.to_dict() for r in parallel] == [r.to_dict() for r in serial]


@needs_fork
def test_more_jobs_than_documents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(checker, "check_document", _fake_check)
    names = _write(tmp_path, copies=1)
    results = list(map_inputs(names, CheckOptions(grade=False, jobs=32)))
    assert [r.document.input for r in results] == names


@needs_fork
def test_unreadable_input_does_not_stop_the_others(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(checker, "check_document", _fake_check)
    names = _write(tmp_path, copies=1)
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    names.insert(2, str(tmp_path / "binary.txt"))
    names.insert(4, str(tmp_path / "missing.md"))
    report = check_paths(names, CheckOptions(grade=False, jobs=2), names=names)
    assert [r.document.input for r in report.results] == names
    errors = {r.document.input: r.document.error for r in report.results if r.document.error}
    assert set(errors) == {str(tmp_path / "binary.txt"), str(tmp_path / "missing.md")}
    assert all(r.claims for r in report.results if not r.document.error)


def _boom(document: Document, register: object = None, grade: bool = True, against: object = None) -> DocumentResult:
    if "Mice" in document.text:
        raise ValueError("extraction bug")
    return _fake_check(document, register, grade)


@needs_fork
@pytest.mark.parametrize("jobs", [1, 2])
def test_a_crash_names_the_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int) -> None:
    monkeypatch.setattr(checker, "check_document", _boom)
    names = _write(tmp_path, copies=1)
    with pytest.raises(ValueError, match="extraction bug") as info:
        list(map_inputs(names, CheckOptions(grade=False, jobs=jobs)))
    assert any("c-plain.txt" in note for note in getattr(info.value, "__notes__", []))
    assert _workers_gone()  # the workers were stopped, not left to finish


@needs_fork
def test_abandoned_run_stops_its_workers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(checker, "check_document", _fake_check)
    names = _write(tmp_path, copies=10)
    results = map_inputs(names, CheckOptions(grade=False, jobs=2))
    assert [next(results).document.input for _ in range(3)] == names[:3]
    started = time.monotonic()
    results.close()
    assert _workers_gone()
    assert time.monotonic() - started < 2.0


def test_register_loaded_once_per_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    original = checker.load_register_for

    def counting(options: CheckOptions) -> object:
        calls.append(1)
        return original(options)

    monkeypatch.setattr(checker, "load_register_for", counting)
    monkeypatch.setattr(checker, "check_document", _fake_check)
    names = _write(tmp_path, copies=2)
    check_paths(names, CheckOptions(register_root=FIXTURE_REGISTER, jobs=1), names=names)
    assert len(calls) == 1


def test_fork_is_used_on_linux_without_threads() -> None:
    import threading

    context = checker._fork_context()
    if sys.platform == "linux" and threading.active_count() == 1:
        assert context is not None and context.get_start_method() == "fork"
    else:
        assert context is None


@needs_extract
@pytest.mark.parametrize("grade", [True, False])
def test_real_pipeline_parallel_equals_serial(tmp_path: Path, grade: bool) -> None:
    names = _write(tmp_path, copies=3)
    options = {"register_root": FIXTURE_REGISTER, "grade": grade}
    serial = check_paths([str(tmp_path)], CheckOptions(jobs=1, **options))
    parallel = check_paths([str(tmp_path)], CheckOptions(jobs=2, **options))
    assert [r.document.input for r in parallel.results] == names
    assert parallel.to_dict() == serial.to_dict()
    assert not any(r.document.error for r in parallel.results)


@needs_extract
def test_spawned_workers_load_the_register_themselves(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(checker, "_fork_context", lambda: multiprocessing.get_context("spawn"))
    names = _write(tmp_path, copies=1)
    options = {"register_root": FIXTURE_REGISTER}
    serial = check_paths([str(tmp_path)], CheckOptions(jobs=1, **options))
    spawned = check_paths([str(tmp_path)], CheckOptions(jobs=2, **options))
    assert [r.document.input for r in spawned.results] == names
    assert spawned.to_dict() == serial.to_dict()


@needs_extract
def test_cli_jobs_output_is_byte_identical(tmp_path: Path) -> None:
    from claimcheck.cli import cli

    _write(tmp_path, copies=3)
    runner = CliRunner()
    outputs = []
    for jobs in ("1", "2", "2"):
        done = runner.invoke(cli, ["check", str(tmp_path), "--format", "json", "--jobs", jobs,
                                   "--register", str(FIXTURE_REGISTER)])
        assert done.exception is None or isinstance(done.exception, SystemExit), done.output
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1] == outputs[2]
    assert len(json.loads(outputs[0])["documents"]) == 3 * len(ARTICLES)
