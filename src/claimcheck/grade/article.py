"""Article-level findings: missing caveats, no citation, how each source is described and graded."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from claimcheck.grade.context import Context, label
from claimcheck.grade.language import _design_words
from claimcheck.grade.lexicon import fix, message
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
    """Caveats the article owes and does not give (grade/caveats.py)."""
    from claimcheck.grade.caveats import missing_caveats as owed_and_missing

    return owed_and_missing(ctx)


#: Attribution types that name a source a reader can find.
_NAMED = frozenset({"journal", "citation", "publication", "institution", "guideline_body"})


@lru_cache(maxsize=1)
def _citation_data() -> dict[str, Any]:
    import tomllib
    from importlib.resources import files

    return tomllib.loads(files("claimcheck.grade").joinpath("data/citation.toml").read_text("utf-8"))


@lru_cache(maxsize=1)
def _named_source_patterns() -> tuple[re.Pattern[str], ...]:
    """Patterns of a source named in the text: author with year, 'et al.', a journal, an institution."""
    data = _citation_data()
    pats = [re.compile(p) for p in data["patterns"]]
    words = [w for code in ("en", "nl") for w in data["names"].get(code, [])]
    if words:
        body = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
        pats.append(re.compile(rf"(?<!\w)(?:{body})(?!\w)"))
    return tuple(pats)


def _link_is_source(url: str) -> bool:
    return any(host in url.lower() for host in _citation_data()["link_hosts"])


def names_a_source(ctx: Context) -> bool:
    """Whether the article names any source a reader could find: a register source it discusses or
    cites, a DOI or PubMed reference, a journal, institution or author with year, or a link to one."""
    result = ctx.result
    if ctx.resolution.cited or ctx.resolution.discussed() or result.citations:
        return True
    if any(c.kind == "attribution" and (c.match is not None or (c.details or {}).get("type") in _NAMED)
           for c in result.claims):
        return True
    if any(_link_is_source(link.url) for link in result.document.links):
        return True
    body = result.document.text[: ctx.limit]
    return any(p.search(body) for p in _named_source_patterns())


def _effect_claim(ctx: Context) -> tuple[int, int, str] | None:
    """The claim of an effect that needed a source: the first sentence that names a treatment and that
    the strength classifier reads as causal (hedged or direct), else the first causal sentence that
    holds a claim, else the first causal sentence at all. (start, end, text)."""
    from claimcheck import concepts
    from claimcheck.extract.sentences import split_sentences
    from claimcheck.strength import classify

    text = ctx.result.document.text
    body = text[: ctx.limit]
    sentences = [(s.start, s.end) for s in split_sentences(body)][:300]
    treated = {h.start for h in concepts.find(body, ctx.lang, {"omission"})
               if h.concept in ("treatment", "new-product")}
    starts = sorted(treated)
    claimed = {c.start for c in ctx.result.claims if c.kind != "attribution" and c.start < ctx.limit}
    shares = {c.start for c in ctx.result.claims if c.kind in ("percentage", "ratio") and c.start < ctx.limit}
    fallback: list[tuple[int, int]] = []
    from bisect import bisect_left

    for lo, hi in sentences:
        sentence = body[lo:hi].strip()
        if len(sentence) <= 25:
            continue
        names_treatment = bisect_left(starts, lo) < len(starts) and starts[bisect_left(starts, lo)] < hi
        holds_claim = any(lo <= c < hi for c in claimed)
        # A share of the people given a treatment is an effect claim whatever its verb ("60% of those
        # who had the new treatment had no pain").
        if names_treatment and any(lo <= c < hi for c in shares):
            return lo, hi, sentence
        if not (names_treatment or holds_claim or not fallback):
            continue
        if classify(sentence, ctx.lang).level < 2:
            continue
        if names_treatment:
            return lo, hi, sentence
        fallback.append((lo, hi))
    if not fallback:
        return None
    lo, hi = fallback[0]
    return lo, hi, body[lo:hi].strip()


def _strong(ctx: Context) -> bool:
    """Whether the article's own claims are strong ones: a claim carries a language rule's issue
    (hype, causal overreach, animal-to-human, permanence) — citation.toml `strong_rules`."""
    rules = set(_citation_data()["strong_rules"])
    return any(i.rule in rules for c in ctx.result.claims for i in c.issues)


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def no_citation(ctx: Context) -> list[Finding]:
    """An article that claims an effect and names no identifiable source anywhere: info, or a warning
    when its claims are strong ones (a strength claim graded overstated: hype, certainty, overreach)."""
    if names_a_source(ctx):
        return []
    claim = _effect_claim(ctx)
    if claim is None:
        return []
    start, end, sentence = claim
    severity = "warning" if _strong(ctx) else "info"
    finding = _finding(ctx, "no-citation", severity, message("no-citation", ctx.lang, claim=_short(sentence)),
                       span=(start, end))
    finding.fix = fix("no-citation", ctx.lang, claim=_short(sentence, 60))
    return [finding]


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
