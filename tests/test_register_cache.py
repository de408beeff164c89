"""The on-disk cache of large registers: same register back, sources unpickled only when used."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimcheck.register import load, load_register
from claimcheck.register.index import LazySources

FIXTURE = Path(__file__).parent / "register_fixtures" / "valid"


def test_second_load_comes_from_disk_and_agrees(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(load, "DISK_CACHE_MIN", 1)
    load.clear_cache()
    first = load_register(FIXTURE)
    assert list((tmp_path / "cache").rglob("*.pickle")), "the validated register was not cached"
    load.clear_cache()
    second = load_register(FIXTURE)
    load.clear_cache()
    assert isinstance(second.sources, LazySources)
    assert second.version == first.version
    assert sorted(second.sources) == sorted(first.sources)
    for source_id, source in first.sources.items():
        assert second.sources[source_id] == source
        if source.identifiers.doi:
            assert second.by_doi(source.identifiers.doi).id == source_id  # type: ignore[union-attr]


def test_small_registers_are_not_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    load.clear_cache()
    load_register(FIXTURE)
    load.clear_cache()
    assert not (tmp_path / "cache").exists()
