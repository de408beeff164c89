"""Strength claims and sentence strength: hype-language, causal-overreach, animal-to-human,
duration-overreach for permanence, and source-type-misdescribed for hype about a review."""

from __future__ import annotations

from typing import Any

from claimcheck.grade.context import Context, has_any, label
from claimcheck.grade.lexicon import lexicon, words
from claimcheck.grade.numeric import overreach
from claimcheck.model import Claim, Match
from claimcheck.textfold import fold


def _design_words(lang: str) -> dict[str, list[str]]:
    table = lexicon()["described_as"]
    out: dict[str, list[str]] = {}
    for code in (lang, "en" if lang == "nl" else "nl"):
        for word, designs in table.get(code, {}).items():
            out.setdefault(fold(word), list(designs))
    return out


def _basis(ctx: Context, source: Any) -> str:
    if source is None:
        return "de aangehaalde bronnen" if ctx.lang == "nl" else "the sources cited"
    return label(source)


def _source_for(ctx: Context, claim: Claim) -> Any:
    start, end = ctx.sentence_of(claim)
    near = [s for s in ctx.resolution.near(start, end) if s in ctx.resolution.discussed()]
    chosen = near[0] if near else ctx.resolution.primary()
    return ctx.source(chosen)


def grade_strength(ctx: Context, claim: Claim) -> None:
    """Grade a strength claim (hype, certainty, permanence or animal cue)."""
    kind = (claim.details or {}).get("type", "hype")
    source = _source_for(ctx, claim)
    if source is not None:
        claim.match = Match(source=source.id, finding=None, score=0.6)
    if kind == "animal":
        # Told of people only when the sentence asserts an effect and the article never says the
        # result is from animals alone.
        if has_any(ctx.folded[: ctx.limit], list(words("human_caveat"))) or ctx.level(claim) < 2:
            claim.verdict = "accurate"
            return
        ctx.issue(claim, "animal-to-human", "overstated", source=source, stated=claim.text)
        return
    if _negated(ctx, claim):
        return
    if kind == "permanence":
        if not has_any(ctx.folded_sentence(claim), list(words("outcome"))):
            return  # "a stent stays in permanently" claims no lasting benefit
        weeks = 52.18 if any(ch.isdigit() for ch in claim.text) or _mentions_year(claim.text) else None
        if overreach(ctx, claim, weeks):
            return
        if weeks is None:
            ctx.issue(claim, "duration-overreach", "overstated", text_key="permanence", source=source,
                      stated=claim.text)
            return
    ctx.issue(claim, "hype-language", "overstated", source=source, stated=claim.text, basis=_basis(ctx, source))
    if source is not None:
        _misdescribed(ctx, claim, source, claim.text)


def _negated(ctx: Context, claim: Claim) -> bool:
    """Whether a negation stands within three words before the cue: "no cure", "geen wondermiddel"."""
    before = ctx.folded[max(0, claim.start - 30) : claim.start].split()[-3:]
    negations = set(words("negation"))
    return any(w.strip(".,;:\"'(") in negations for w in before) or " ".join(before[-2:]) in negations


def _mentions_year(text: str) -> bool:
    folded = fold(text)
    return any(w in folded for w in words("time_words"))


def _misdescribed(ctx: Context, claim: Claim, source: Any, word: str) -> None:
    designs = _design_words(ctx.lang).get(fold(word.strip()))
    if not designs:
        # A hype word ("breakthrough") presents new evidence: wrong for a source that has none.
        if source.type not in lexicon()["source_types"]["no_new_evidence"]:
            return
    elif source.type in designs:
        return
    described = word.strip()
    ctx.issue(claim, "source-type-misdescribed", "overstated", source=source, type=source.type_label,
              described=described)


def check_causal(ctx: Context, claim: Claim) -> None:
    """causal-overreach: the claim's sentence claims more than the matched source's design supports."""
    if claim.match is None or claim.match.source is None:
        return
    source = ctx.source(claim.match.source)
    if source is None:
        return
    level = ctx.level(claim)
    if level > source.max_strength:
        if any(i.rule == "causal-overreach" for i in claim.issues):
            return
        ctx.issue(claim, "causal-overreach", "overstated", source=source, level=level,
                  type=source.type_label, max=source.max_strength)
