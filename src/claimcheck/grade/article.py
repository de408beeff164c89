"""Article-level findings: missing caveats, no citation, how each source is described and graded."""

from __future__ import annotations

import re
from typing import Any

from claimcheck.grade.context import Context, has_any, label, text_in, words_of
from claimcheck.grade.language import _design_words
from claimcheck.grade.lexicon import message
from claimcheck.model import Finding, SourceGrade
from claimcheck.textfold import phrase_pattern

#: How far (characters) a describing word may stand from the source's name.
NEAR = 60
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n\s*\n|\n(?=\s*(?:[-•*]|\d+\.)\s)")


def _first_mention(ctx: Context, source_id: str) -> tuple[int | None, int | None]:
    mentions = ctx.resolution.mentions.get(source_id) or []
    located = [m for m in mentions if m.end > m.start]
    if not located:
        return None, None
    first = min(located, key=lambda m: m.start)
    return first.start, first.end


def _finding(ctx: Context, rule: str, severity: str, text: str, source: str | None = None,
             caveat: str | None = None, span: tuple[int | None, int | None] = (None, None)) -> Finding:
    start, end = span
    line = column = None
    if start is not None:
        line, column = ctx.result.document.position(start)
    return Finding(rule=rule, severity=severity, message=text, source=source, caveat=caveat,
                   start=start, end=end, line=line, column=column)


def discussed_sources(ctx: Context) -> list[str]:
    """Sources the article discusses: cited, named strongly, or behind a matched claim."""
    ids = list(ctx.resolution.discussed())
    for source_id in sorted(ctx.matched):
        if source_id not in ids and source_id in ctx.register.sources:
            ids.append(source_id)
    return ids


def missing_caveats(ctx: Context) -> list[Finding]:
    """A caveat of a discussed source none of whose phrases appears in the article's body."""
    body = ctx.folded[: ctx.limit]
    out: list[Finding] = []
    seen: set[str] = set()
    primary = ctx.resolution.primary()
    central = set(ctx.matched) or ({primary} if primary else set())
    for source_id in discussed_sources(ctx):
        source = ctx.register.sources[source_id]
        for caveat in source.caveats:
            if caveat.id in seen:
                continue
            if caveat.applies == "cited" and source_id not in ctx.resolution.cited:
                continue
            if caveat.applies == "findings" and not set(caveat.findings) & ctx.matched.get(source_id, set()):
                continue
            if has_any(body, words_of(caveat.phrases)):
                continue
            seen.add(caveat.id)
            text = message("missing-caveat", ctx.lang, caveat=text_in(caveat.text, ctx.lang), src=label(source))
            # Only the sources an article reports on must carry their caveats; one cited in passing gets a note.
            severity = caveat.severity if source_id in central else "info"
            out.append(_finding(ctx, "missing-caveat", severity, text, source_id, caveat.id,
                                _first_mention(ctx, source_id)))
    return out


def no_citation(ctx: Context) -> list[Finding]:
    """Health claims with no identifiable source at all."""
    result = ctx.result
    if ctx.resolution.cited or ctx.resolution.discussed():
        return []
    named = ("journal", "citation", "publication", "institution", "guideline_body")
    if any(c.kind == "attribution" and (c.match is not None or (c.details or {}).get("type") in named)
           for c in result.claims) or result.citations:
        return []  # the article names a journal, an institution or a reference: a source a reader can find
    health = [c for c in result.claims if c.kind != "attribution"]
    unverified = [c for c in health if c.kind != "strength" and c.verdict in (None, "unverified")]
    hype = [c for c in health if c.kind == "strength" and c.verdict == "overstated"]
    causal = _has_causal_sentence(ctx)
    if not health and not causal:
        return []
    severity = "warning" if hype or (unverified and causal) else "info"
    return [_finding(ctx, "no-citation", severity, message("no-citation", ctx.lang))]


def _has_causal_sentence(ctx: Context) -> bool:
    """Whether some sentence claims a direct effect (strength level 3); stops at the first."""
    from claimcheck.strength import classify

    text = ctx.result.document.text[: ctx.limit]
    return any(len(body) > 25 and classify(body.strip(), ctx.lang).level >= 3
               for body in _SENTENCE.split(text)[:300])


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around [start, end): from after the previous '. ' or line break to the next one."""
    lo = max(text.rfind(". ", 0, start) + 2, text.rfind("\n", 0, start) + 1, 0)
    stops = [i for i in (text.find(". ", end), text.find("\n", end)) if i >= 0]
    return lo, (min(stops) + 1 if stops else len(text))


def _described_as(ctx: Context, source_id: str) -> list[tuple[str, int, int]]:
    """Words describing the source, in the sentences that name it: (word, start, end)."""
    out: list[tuple[str, int, int]] = []
    designs = _design_words(ctx.lang)
    for mention in ctx.resolution.mentions.get(source_id, []):
        if mention.end <= mention.start or mention.kind == "id":
            continue
        lo, hi = _sentence_bounds(ctx.folded, mention.start, mention.end)
        lo, hi = max(lo, mention.start - NEAR), min(hi, mention.end + NEAR)
        window = ctx.folded[lo:hi]
        for word in designs:
            found = phrase_pattern(word).search(window)
            if found and not any(word == w for w, _, _ in out):
                out.append((word, lo + found.start(), lo + found.end()))
    return out


def source_grades(ctx: Context) -> tuple[list[SourceGrade], list[Finding]]:
    """A grade for each source discussed or cited, and source-type-misdescribed findings."""
    grades: list[SourceGrade] = []
    findings: list[Finding] = []
    designs = _design_words(ctx.lang)
    flagged = {i.source for c in ctx.result.claims for i in c.issues if i.rule == "source-type-misdescribed"}
    for source_id in discussed_sources(ctx):
        source: Any = ctx.register.sources[source_id]
        described = _described_as(ctx, source_id)
        status = "retracted" if source.retracted else "superseded" if source.superseded_by else (
            "withdrawn" if source.withdrawn else "current")
        grades.append(SourceGrade(
            id=source.id, type=source.type, evidence_level=source.evidence_level, status=status,
            cited=source_id in ctx.resolution.cited or any(
                m.kind == "journal+year" for m in ctx.resolution.mentions.get(source_id, [])),
            described_as=[w for w, _, _ in described], title=label(source),
            superseded_by=source.superseded_by or None,
        ))
        for word, start, end in described:
            fits = designs.get(word, [])
            specific = len(fits) <= 3
            if source_id in flagged or not specific or source.type in fits:
                continue
            text = message("source-type-misdescribed", ctx.lang, src=label(source), type=source.type_label,
                           described=ctx.result.document.text[start:end])
            findings.append(_finding(ctx, "source-type-misdescribed", "warning", text, source_id, None, (start, end)))
    return grades, findings
