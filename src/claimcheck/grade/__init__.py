"""Grade an article's claims against the register: verdicts, issues, article findings, source grades.

    grade_result(result, register)

fills in each claim's `match`, `verdict` and `issues`, the citations' `source`, and the result's
`findings` and `sources`. Output is deterministic: the same input and register give the same result.
Order: resolve the sources the article discusses; grade attributions (they confirm sources), then
numbers (findings of the discussed sources first, then recurring claims), then strength language;
then causal-overreach per matched claim; then the article-level findings.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from claimcheck.grade.article import missing_caveats, no_citation, source_grades
from claimcheck.grade.attribution import grade_attribution
from claimcheck.grade.consistency import check_consistency
from claimcheck.grade.context import Context
from claimcheck.grade.language import check_causal, grade_strength
from claimcheck.grade.numbers import to_weeks
from claimcheck.grade.numeric import grade_numeric, overreach
from claimcheck.grade.recurring import grade_propositions, grade_recurring
from claimcheck.link import fill_matches, link_document
from claimcheck.model import NUMERIC_KINDS, DocumentResult, Finding
from claimcheck.textfold import fold

if TYPE_CHECKING:
    from claimcheck.register import Register

__all__ = ["grade_result"]

_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def _one_error_per_sentence(result: DocumentResult) -> None:
    """A sentence retelling a superseded source gets one error; its other claims carry the note as info."""
    seen: set[tuple[int | None, str | None]] = set()
    # Numbers first: "a maximum of 10 sessions" carries the error rather than the body's name.
    for claim in sorted(result.claims, key=lambda c: (c.kind == "attribution", c.start)):
        for issue in claim.issues:
            if issue.rule != "superseded-source" or issue.severity != "error":
                continue
            key = (claim.sentence_start, issue.source)
            if key in seen:
                issue.severity = "info"
            seen.add(key)


def _drop_nested_repeats(result: DocumentResult) -> None:
    """A claim inside a longer one ("een jaar lang" in "een jaar lang klachtenvrij") does not repeat
    the longer claim's issue; it keeps its verdict."""
    from claimcheck.grade.spans import starting_in

    claims = result.claims
    longest = max((c.end - c.start for c in claims), default=0)
    for inner in claims:
        # an outer claim contains inner, so it starts at most `longest` before inner's end
        for outer in starting_in(claims, inner.end - longest, inner.start + 1):
            if outer is inner or not (outer.start <= inner.start and inner.end <= outer.end):
                continue
            if (outer.end - outer.start) <= (inner.end - inner.start):
                continue
            said = {(i.rule, i.source) for i in outer.issues}
            inner.issues = [i for i in inner.issues if (i.rule, i.source) not in said]


def grade_result(result: DocumentResult, register: Register | None,
                 against: Callable[[Any], None] | None = None) -> None:
    """Grade `result` in place against `register` (when None, every claim stays unverified).

    `against`, when given, is called with the document's Links right after linking (before any rule
    runs): `claimcheck.against` uses it to link the sources given with `--against`.
    """
    document = result.document
    limit = document.comments_start if document.comments_start is not None else len(document.text)
    # Reader comments are not the article's claims.
    result.claims = [c for c in result.claims if c.start < limit]
    for claim in result.claims:
        claim.verdict = "unverified"
        claim.issues = []
        claim.match = None
    if register is None:
        return
    folded = fold(document.text)
    ctx = Context(result=result, register=register, lang=document.language or "en", folded=folded, limit=limit,
                  resolution=link_document(result, register, folded))
    if against is not None:
        against(ctx.links)

    for claim in result.claims:
        if claim.kind == "attribution":
            grade_attribution(ctx, claim)
    for claim in result.claims:
        if claim.kind in NUMERIC_KINDS and not grade_numeric(ctx, claim) and not grade_recurring(ctx, claim) \
                and claim.kind == "duration" and claim.value is not None:
            overreach(ctx, claim, to_weeks(claim.value, claim.unit))
    check_consistency(ctx)
    for claim in result.claims:
        if claim.kind == "strength":
            grade_strength(ctx, claim)
    for claim in result.claims:
        if claim.kind != "attribution":
            check_causal(ctx, claim)
    grade_propositions(ctx)  # recurring claims without a number, and current guidance (docs/seams.md §4)
    fill_matches(result, ctx.links)
    _one_error_per_sentence(result)
    _drop_nested_repeats(result)
    for claim in result.claims:
        claim.issues.sort(key=lambda i: (_SEVERITY_ORDER[i.severity], i.rule))

    findings: list[Finding] = []
    findings.extend(missing_caveats(ctx))
    grades, misdescribed = source_grades(ctx)
    findings.extend(misdescribed)
    findings.extend(no_citation(ctx))
    from claimcheck.grade.omissions import omissions  # HealthNewsReview omissions (docs/caveats.md)

    findings.extend(omissions(ctx))
    findings.sort(key=lambda f: (_SEVERITY_ORDER[f.severity], f.start if f.start is not None else -1, f.rule,
                                 f.caveat or ""))
    result.findings = findings
    result.sources = grades
