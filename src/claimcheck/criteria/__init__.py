"""Tag findings with the HealthNewsReview criteria they bear on (the educator view).

The criteria and the mapping from rule and caveat to criterion are data (`criteria.toml`, documented
in docs/criteria.md). `tag(result)` sets `criteria` on every claim issue and article finding; the
formats only show what is set.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from fnmatch import fnmatchcase
from functools import lru_cache
from importlib.resources import files
from typing import Any

from claimcheck.model import DocumentResult, Finding, Issue

__all__ = ["Criterion", "criteria", "criteria_for", "tag"]


@dataclass(frozen=True, slots=True)
class Criterion:
    """One review criterion: id, HNR number, and its name and question per language."""

    id: str
    number: int
    names: dict[str, str]
    questions: dict[str, str]

    def name(self, lang: str) -> str:
        return self.names.get(lang) or self.names["en"]

    def question(self, lang: str) -> str:
        return self.questions.get(lang) or self.questions["en"]


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    return tomllib.loads(files("claimcheck.criteria").joinpath("criteria.toml").read_text("utf-8"))


@lru_cache(maxsize=1)
def criteria() -> dict[str, Criterion]:
    """Every criterion by id, in HNR's order."""
    rows = _data()["criterion"]
    out = {
        cid: Criterion(cid, int(row["number"]), {k: v["name"] for k, v in row.items() if isinstance(v, dict)},
                       {k: v["question"] for k, v in row.items() if isinstance(v, dict)})
        for cid, row in rows.items()
    }
    return dict(sorted(out.items(), key=lambda kv: kv[1].number))


def _caveat_criteria(keys: list[str]) -> list[str]:
    table: dict[str, list[str]] = _data().get("caveats", {})
    for key in keys:
        if key in table:
            return list(table[key])
    for key in keys:
        for pattern, ids in table.items():
            if any(ch in pattern for ch in "*?[") and fnmatchcase(key, pattern):
                return list(ids)
    return []


def criteria_for(rule: str, caveat: str | None = None, concepts: list[str] | None = None) -> list[str]:
    """The criteria a finding of `rule` (about `caveat`, with its `concepts`) bears on, main one first."""
    if caveat or concepts:
        found = _caveat_criteria([k for k in [caveat, *(concepts or [])] if k])
        if found:
            return found
    return list(_data().get("rules", {}).get(rule, []))


def _concepts_of(finding: Finding) -> list[str]:
    value = finding.details.get("concepts") if finding.details else None
    return [str(v) for v in value] if isinstance(value, list) else []


def tag(result: DocumentResult) -> None:
    """Set `criteria` on every issue and finding of `result`, from the rules and caveats data."""
    for claim in result.claims:
        for issue in claim.issues:
            issue.criteria = criteria_for(issue.rule)
    for finding in result.findings:
        finding.criteria = criteria_for(finding.rule, finding.caveat, _concepts_of(finding))


def _issue_or_finding(item: Issue | Finding) -> list[str]:  # pragma: no cover - helper for formats
    return list(getattr(item, "criteria", []) or [])
