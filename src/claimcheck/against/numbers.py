"""Numbers of a draft compared with the source given with `--against`, where frames alone cannot tell.

The register grader compares a number with a finding when their frames agree (outcome, arm, time).
A source read from free text often leaves a frame slot empty, so a number the grader left unverified
is compared here with the source's numbers of the same kind and unit whose sentences say the same
thing (rapidfuzz over the sentences with their numbers taken out): agreeing is accurate, differing is
`number-mismatch`, and a number with no counterpart in the source gets `not-in-source` (info).
"""

from __future__ import annotations

import re
from typing import Any

from claimcheck.grade.lexicon import fix, message
from claimcheck.model import NUMERIC_KINDS, Claim, Issue, Match
from claimcheck.textfold import fold

#: How alike (0-100, token_set_ratio) the claim's sentence and a finding's source sentence must be.
SAME_STATEMENT = 70
#: Kinds that may be compared with each other.
_FAMILY = {"percentage": "share", "ratio": "share", "count": "count", "sample_size": "count",
           "duration": "duration", "effect_size": "effect", "range": "range"}
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*\s*%?")


def _bare(text: str) -> str:
    return _NUMBER.sub(" ", fold(text))


def _same(value: float, expected: float) -> bool:
    return abs(value - expected) <= max(0.5, abs(expected) * 0.005)


def _show(value: float, unit: str | None) -> str:
    text = f"{value:g}"
    return f"{text}%" if unit == "%" else f"{text} {unit}".strip() if unit else text


def compare_numbers(claims: list[Claim], source: Any, lang: str) -> None:
    """Settle the unverified numbers of `claims` that are about `source` (a draft entry)."""
    from rapidfuzz import fuzz

    findings = [f for f in source.findings if f.value is not None]
    for claim in claims:
        if claim.kind not in NUMERIC_KINDS or claim.value is None or claim.issues:
            continue
        if claim.verdict not in (None, "unverified"):
            continue
        if claim.match is not None and claim.match.source not in (None, source.id):
            continue
        family = _FAMILY.get(claim.kind)
        bare = _bare(claim.sentence or claim.text)
        comparable = [f for f in findings if _FAMILY.get(f.kind) == family and (f.unit or None) == (claim.unit or None)]
        scored = sorted(((fuzz.token_set_ratio(bare, _bare(str(f.measure))), i, f) for i, f in enumerate(comparable)),
                        key=lambda t: (-t[0], t[1]))
        best, best_score = (scored[0][2], float(scored[0][0])) if scored else (None, 0.0)
        if best is not None and best_score >= SAME_STATEMENT:
            # Among the findings told in (nearly) the same words, the one with the same value, else
            # the nearest value: a sentence often carries several numbers.
            close = [f for score, _, f in scored if score >= best_score - 5]
            same = [f for f in close if _same(claim.value, f.value)]
            best = same[0] if same else min(close, key=lambda f: abs(f.value - claim.value))
        elif any(_same(claim.value, f.value) for f in comparable):
            # The number is the source's, told in other words.
            best = next(f for f in comparable if _same(claim.value, f.value))
            best_score = float(SAME_STATEMENT)
        where = f" ({best.locator})" if best is not None and best.locator else ""
        if best is None or best_score < SAME_STATEMENT:
            claim.match = Match(source=source.id, finding=None, score=0.0)
            text = message("not-in-source", lang, stated=claim.text)
            claim.issues.append(Issue(rule="not-in-source", severity="info", message=text, source=source.id,
                                      fix=fix("not-in-source", lang, stated=claim.text)))
            continue
        claim.match = Match(source=source.id, finding=best.id, score=best_score / 100)
        if _same(claim.value, best.value):
            claim.verdict = "accurate"
            continue
        fields = {"stated": _show(claim.value, claim.unit), "expected": _show(best.value, best.unit or claim.unit),
                  "where": where}
        claim.verdict = "inaccurate"
        claim.issues.append(Issue(rule="number-mismatch", severity="error",
                                  message=message("against-number", lang, **fields), source=source.id,
                                  finding=best.id, locator=best.locator, fix=fix("against-number", lang, **fields)))
