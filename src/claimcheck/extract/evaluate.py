"""Scoring the extractor: against hand-marked gold paragraphs and against the seed expectations.

Used by `benchmarks/extraction.py` and the test suite. Standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from claimcheck.model import NUMERIC_KINDS, Claim


def find_span(text: str, span: str, nth: int = 1) -> tuple[int, int] | None:
    """The [start, end) of the nth occurrence (from 1) of `span` in `text`."""
    pos = -1
    for _ in range(max(1, nth)):
        pos = text.find(span, pos + 1)
        if pos < 0:
            return None
    return pos, pos + len(span)


def overlapping(claims: list[Claim], start: int, end: int) -> list[Claim]:
    """Claims whose span overlaps [start, end)."""
    return [c for c in claims if c.start < end and start < c.end]


def value_close(got: float | None, want: float) -> bool:
    """Equal within 1% (or 0.5 for small numbers, 0.005 for values below 1)."""
    if got is None:
        return False
    tol = 0.005 if abs(want) < 1 else max(0.5, abs(want) * 0.01)
    return abs(got - want) <= tol


@dataclass
class GoldScore:
    """Span-overlap recall and precision, and how often kind/value/qualifier were right."""

    gold: int = 0
    found: int = 0
    predicted: int = 0
    correct_predicted: int = 0
    kind_ok: int = 0
    value_total: int = 0
    value_ok: int = 0
    qualifier_total: int = 0
    qualifier_ok: int = 0
    misses: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return self.correct_predicted / self.predicted if self.predicted else 1.0


def score_paragraph(pid: str, text: str, claims: list[Claim], gold: list[dict[str, Any]], score: GoldScore) -> None:
    """Add one paragraph's comparison to `score`."""
    spans = []
    for g in gold:
        span = find_span(text, g["span"], g.get("nth", 1))
        if span is None:
            raise ValueError(f"{pid}: span {g['span']!r} not in the text")
        spans.append(span)
        score.gold += 1
        hits = overlapping(claims, *span)
        if not hits:
            score.misses.append(f"{pid}: {g['span']!r} ({g['kind']})")
            continue
        score.found += 1
        same_kind = [c for c in hits if c.kind == g["kind"]]
        if same_kind:
            score.kind_ok += 1
        else:
            score.wrong.append(f"{pid}: {g['span']!r} kind {g['kind']} got {[c.kind for c in hits]}")
        pool = same_kind or hits
        if "value" in g:
            score.value_total += 1
            if any(value_close(c.value, float(g["value"])) for c in pool):
                score.value_ok += 1
            else:
                score.wrong.append(f"{pid}: {g['span']!r} value {g['value']} got {[c.value for c in pool]}")
        if g["kind"] in NUMERIC_KINDS:
            score.qualifier_total += 1
            want = g.get("qualifier")
            if any(c.qualifier == want for c in pool):
                score.qualifier_ok += 1
            else:
                score.wrong.append(f"{pid}: {g['span']!r} qualifier {want} got {[c.qualifier for c in pool]}")
    for c in claims:
        score.predicted += 1
        if any(c.start < e and s < c.end for s, e in spans):
            score.correct_predicted += 1
        else:
            score.false_positives.append(f"{pid}: {c.text!r} ({c.kind})")


def check_seed_claim(exp: dict[str, Any], text: str, claims: list[Claim]) -> list[str]:
    """Why a seed expectation (anchor, kinds, value, qualifier) is not met; empty when it is."""
    span = find_span(text, exp["anchor"], exp.get("nth", 1))
    if span is None:
        return [f"anchor {exp['anchor']!r} not in the seed"]
    found = overlapping(claims, *span)
    kinds = exp.get("kinds")
    if kinds:
        found = [c for c in found if c.kind in kinds]
    if not found:
        return [f"no claim{' of kind ' + '/'.join(kinds) if kinds else ''} at {exp['anchor']!r}"]
    problems = []
    if "value" in exp and not any(
            c.value is not None and abs(c.value - float(exp["value"])) <= max(0.5, abs(float(exp["value"])) * 0.01)
            for c in found):
        problems.append(f"value {exp['value']} (got {[c.value for c in found]})")
    if "qualifier" in exp and not any(c.qualifier == exp["qualifier"] for c in found):
        problems.append(f"qualifier {exp['qualifier']} (got {[c.qualifier for c in found]})")
    return problems
