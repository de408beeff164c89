"""Baselines: record today's findings, then report only new ones.

A finding's fingerprint does not depend on line numbers, so it survives text moving around: it is a
hash of the input's path (relative to a root folder), the rule, the claim's words, its sentence
(normalised: case and whitespace folded) and - for article-level findings - the caveat and source,
plus an occurrence index that tells identical findings in one file apart. Editing the sentence of a
claim makes its findings new again, which is the point.

    claimcheck check docs/ --write-baseline .claimcheck-baseline.json
    claimcheck check docs/ --baseline .claimcheck-baseline.json   # only what is new
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections import Counter
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from claimcheck.errors import ConfigError
from claimcheck.model import DocumentResult, Finding, Report

T = TypeVar("T")

BASELINE_VERSION = 1
_SPACE = re.compile(r"\s+")


def _norm(text: str | None) -> str:
    return _SPACE.sub(" ", (text or "").casefold()).strip()


def _path_key(input_name: str, root: Path | None) -> str:
    from claimcheck.formats.sarif import display_path

    return display_path(input_name, root)


def fingerprints(result: DocumentResult, root: Path | None = None) -> list[str]:
    """One fingerprint per entry of `result.issues()`, in the same order."""
    path = _path_key(result.document.input, root)
    text = result.document.text
    seen: Counter[str] = Counter()
    out: list[str] = []
    for claim, issue in result.issues():
        if claim is not None:
            parts = [path, issue.rule, _norm(claim.text), _norm(claim.sentence or claim.text)]
        else:
            assert isinstance(issue, Finding)
            span = text[issue.start : issue.end] if issue.start is not None and issue.end is not None else ""
            parts = [path, issue.rule, _norm(issue.caveat), _norm(issue.source), _norm(span)]
        key = "\x1f".join(parts)
        index = seen[key]
        seen[key] += 1
        out.append(hashlib.sha256(f"{key}\x1f{index}".encode()).hexdigest()[:32])
    return out


@dataclass(slots=True)
class Baseline:
    """A loaded baseline: the fingerprints it accepts, and the folder paths in it are relative to."""

    path: Path
    accepted: frozenset[str]

    @property
    def root(self) -> Path:
        """Inputs are identified by their path relative to the baseline file's folder."""
        return self.path.resolve().parent


def load_baseline(path: Path) -> Baseline:
    """Read a baseline file; ConfigError naming the file when it is missing or malformed."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: baseline not found (create it with --write-baseline {path})") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read baseline ({exc})") from None
    except json.JSONDecodeError as exc:
        raise ConfigError(f"{path}: baseline is not valid JSON (line {exc.lineno}: {exc.msg})") from None
    if not isinstance(data, dict) or data.get("version") != BASELINE_VERSION or not isinstance(
        data.get("findings"), list
    ):
        raise ConfigError(f"{path}: not a claimcheck baseline (expected version {BASELINE_VERSION} and 'findings')")
    accepted: set[str] = set()
    for i, entry in enumerate(data["findings"]):
        if not isinstance(entry, dict) or not isinstance(entry.get("fingerprint"), str):
            raise ConfigError(f"{path}: findings[{i}]: needs a 'fingerprint' string")
        accepted.add(entry["fingerprint"])
    return Baseline(path=path, accepted=frozenset(accepted))


def baseline_entries(report: Report, root: Path) -> list[dict[str, Any]]:
    """The findings of `report` as baseline entries (fingerprint plus fields for people reading it)."""
    entries: list[dict[str, Any]] = []
    for result in report.results:
        if result.document.error:
            continue
        prints = fingerprints(result, root=root)
        for (claim, issue), print_ in zip(result.issues(), prints, strict=True):
            entry: dict[str, Any] = {
                "fingerprint": print_,
                "input": _path_key(result.document.input, root),
                "rule": issue.rule,
                "severity": issue.severity,
                "line": claim.line if claim is not None else getattr(issue, "line", None),
                "message": issue.message,
            }
            if claim is not None:
                entry["claim"] = claim.text
            entries.append(entry)
    entries.sort(key=lambda e: (e["input"], e["line"] or 0, e["rule"], e["fingerprint"]))
    return entries


def write_baseline(report: Report, path: Path) -> int:
    """Record every finding of `report` in `path` (atomically); returns how many were recorded."""
    from claimcheck.fileutil import write_atomic

    path = Path(path)
    root = path.resolve().parent
    entries = baseline_entries(report, root)
    data = {
        "version": BASELINE_VERSION,
        "tool": "claimcheck",
        "created": dt.date.today().isoformat(),
        "findings": entries,
    }
    write_atomic(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    return len(entries)


def apply_baseline(report: Report, baseline: Baseline) -> int:
    """Drop the findings `baseline` accepts from `report`; returns how many were dropped."""
    dropped = 0
    for result in report.results:
        if result.document.error:
            continue
        prints = iter(fingerprints(result, root=baseline.root))
        for claim in result.claims:
            claim.issues, gone = _new_only(claim.issues, prints, baseline.accepted)
            dropped += gone
        result.findings, gone = _new_only(result.findings, prints, baseline.accepted)
        dropped += gone
    return dropped


def _new_only(items: list[T], prints: Iterator[str], accepted: Collection[str]) -> tuple[list[T], int]:
    """The items whose fingerprint (the next of `prints`, in order) is not accepted, and how many went."""
    kept = [item for item in items if next(prints) not in accepted]
    return kept, len(items) - len(kept)
