"""The seed articles: every claim the careful check expects must be extractable with the right kind,
value and qualifier (tests/extraction of ../shared/seeds/expected.json). Skips when the seeds are absent.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from claimcheck.extract import extract
from claimcheck.extract.evaluate import check_seed_claim, find_span, overlapping
from claimcheck.model import NUMERIC_KINDS, Document, OffsetMap

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
pytestmark = pytest.mark.skipif(not (SEEDS / "expected.json").exists(), reason="../shared/seeds is absent")

#: expectations without a kind in expected.json that the extractor meets with a strength claim of this type
STRENGTH = {"headline-verdrijft": "hype", "most-free-for-a-year": "permanence", "doorbraak": "hype", "rat": "animal"}


def _spec() -> dict[str, Any]:
    return json.loads((SEEDS / "expected.json").read_text(encoding="utf-8"))["seeds"]


def _extract(name: str, language: str) -> tuple[str, Any]:
    text = (SEEDS / name).read_text(encoding="utf-8")
    doc = Document(input=name, text=text, language=language, offsets=OffsetMap.identity(text))
    return text, extract(doc)


def _claim_cases() -> list[Any]:
    if not (SEEDS / "expected.json").exists():
        return []
    return [pytest.param(name, spec["language"], exp, id=f"{name[:3]}-{exp['id']}")
            for name, spec in _spec().items() for exp in spec.get("claims", [])]


@pytest.mark.parametrize(("name", "language", "exp"), _claim_cases())
def test_seed_claim(name: str, language: str, exp: dict[str, Any]) -> None:
    text, ex = _extract(name, language)
    want = dict(exp)
    if exp["id"] in STRENGTH:
        want["kinds"] = ["strength"]
    problems = check_seed_claim(want, text, ex.claims)
    assert not problems, problems
    if exp["id"] in STRENGTH:
        span = find_span(text, exp["anchor"], exp.get("nth", 1))
        assert span is not None
        types = {c.details.get("type") for c in overlapping(ex.claims, *span) if c.kind == "strength"}
        assert STRENGTH[exp["id"]] in types, types


def test_seed_citations() -> None:
    for name, spec in _spec().items():
        _, ex = _extract(name, spec["language"])
        dois = {c.doi for c in ex.citations}
        for c in spec.get("citations", []):
            assert c["doi"].lower() in dois, (name, dois)


def test_list_numbering_is_not_a_claim() -> None:
    """003 is a numbered list of approaches without any number worth checking."""
    _, ex = _extract("003_dedba034063c9bd1.txt", "en")
    assert [c.text for c in ex.claims if c.kind in NUMERIC_KINDS] == []


@pytest.mark.parametrize(("name", "anchor"), [
    ("000_456d48c4c23ae931.txt", "3 nov 2021"),
    ("001_79eb7175d35973e5.txt", "01 Sep, 2025"),
    ("001_79eb7175d35973e5.txt", "pagina 52"),
    ("001_79eb7175d35973e5.txt", "VNIG 5/25"),
    ("001_79eb7175d35973e5.txt", "€ 3,50"),
    ("001_79eb7175d35973e5.txt", "controle-interventies1"),
    ("002_9f5f30f76dcc9dda.txt", "  3. via de hormonen"),
    ("002_9f5f30f76dcc9dda.txt", "2200 Kernan Dr."),
    ("002_9f5f30f76dcc9dda.txt", "45-year-old"),
    ("004_2bc6ebb823ec1a88.txt", "www.thuisarts.nl"),
])
def test_seed_non_claims(name: str, anchor: str) -> None:
    language = _spec()[name]["language"]
    text, ex = _extract(name, language)
    span = find_span(text, anchor)
    assert span is not None
    assert [c.text for c in overlapping(ex.claims, *span) if c.kind in NUMERIC_KINDS] == []


def test_seed_spans_and_positions() -> None:
    for name, spec in _spec().items():
        text, ex = _extract(name, spec["language"])
        for i, c in enumerate(ex.claims, start=1):
            assert c.id == f"c{i}"
            assert text[c.start:c.end] == c.text
            line = text.count("\n", 0, c.start) + 1
            column = c.start - (text.rfind("\n", 0, c.start) + 1) + 1
            assert (c.line, c.column) == (line, column)
            assert c.sentence_start is not None and c.sentence_end is not None
            assert c.sentence == text[c.sentence_start:c.sentence_end]
            assert c.sentence_start <= c.start < c.sentence_end
