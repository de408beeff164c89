"""The extractor's working form of a claim, before it gets an id and a sentence."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class Candidate:
    """A claim found by one rule; `rules` lists every rule that shaped it, the finding rule first."""

    kind: str
    start: int
    end: int
    rules: list[str]
    value: float | None = None
    unit: str | None = None
    qualifier: str | None = None
    subject: str | None = None
    details: dict[str, Any] = field(default_factory=dict)
    priority: int = 0

    @property
    def rule(self) -> str:
        return self.rules[0]

    def overlaps(self, start: int, end: int) -> bool:
        return self.start < end and start < self.end


def tidy(value: float) -> float:
    """Round away float noise (33.33333 -> 33.33) without touching ordinary values."""
    return round(float(value), 2) if not float(value).is_integer() else float(value)
