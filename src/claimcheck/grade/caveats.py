"""Missing caveats: which caveats of the register an article owes, and whether it gives them.

A caveat (``[[caveats]]`` of a source, docs/seams.md §5) is *owed* only when the article reports a
result the caveat qualifies:

- a claim matched to one of the findings in ``caveat.qualifies`` (set by the numeric grader), or
- an effect or strength claim about the caveat's intervention (``about``, else the qualified findings'
  arms, else the source's names) in a sentence linked to the source, when ``effect_claims`` is true.

A mention of the intervention, an offer of treatment or a background sentence owes nothing.

It is *given* when one of its concepts (``concepts/data/caveat.toml``) stands near a claim that owes it
(that claim's paragraph and the paragraphs either side), or anywhere in the article for concepts with
``reach = "article"``; a concept after a negation cue in the same clause does not count unless a
comparative word stands between them ("no better than a placebo" gives the sham comparison, "there was
no placebo group" does not).

Severity is the caveat's policy (docs/caveats.md): ``warning`` when the omission changes what a reader
concludes from the reported result, ``info`` for context, raised to ``warning`` when an owing claim makes
the claim the caveat undercuts (``undercut_by``: "proves", "for good", "works for everyone"). One finding
per caveat per article, placed at the first claim that owes it, with what to add (``fix``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from claimcheck import concepts
from claimcheck.grade.context import label, text_in
from claimcheck.grade.lexicon import fix as fix_template
from claimcheck.grade.lexicon import message
from claimcheck.model import NUMERIC_KINDS, Claim, Finding
from claimcheck.textfold import fold, phrase_pattern

if TYPE_CHECKING:
    from claimcheck.grade.context import Context

__all__ = ["given_near", "missing_caveats", "negated", "paragraphs", "sources_at"]

#: Paragraphs either side of an owing claim that count as "near" it.
NEAR_PARAGRAPHS = 1
#: Words a negation cue may stand before a concept and still govern it (same clause).
NEGATION_REACH = 5
_PARAGRAPH = re.compile(r"\n\s*\n")
#: A negation's scope ends at the end of its clause: a sentence mark, or a comma.
_CLAUSE_STOP = re.compile(r"[.;:!?,]")
#: Strength-claim types that are not effect claims about an intervention.
_NOT_EFFECT = frozenset({"animal"})
_LANGS = ("en", "nl")


@dataclass(slots=True)
class _Owed:
    """The claims of an article that owe one caveat of one source."""

    source: Any
    caveat: Any
    claims: list[Claim] = field(default_factory=list)


# --- text geometry --------------------------------------------------------------------------------


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph: blank-line separated, else line separated."""
    splitter = _PARAGRAPH if _PARAGRAPH.search(text) else re.compile(r"\n")
    out: list[tuple[int, int]] = []
    pos = 0
    for m in splitter.finditer(text):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        out.append((pos, len(text)))
    return out or [(0, len(text))]


def _paragraph_index(paras: list[tuple[int, int]], offset: int) -> int:
    from bisect import bisect_right

    i = bisect_right([p[0] for p in paras], offset) - 1
    return max(0, min(i, len(paras) - 1))


def _window(paras: list[tuple[int, int]], offset: int, reach: int = NEAR_PARAGRAPHS) -> tuple[int, int]:
    i = _paragraph_index(paras, offset)
    return paras[max(0, i - reach)][0], paras[min(len(paras) - 1, i + reach)][1]


# --- which sources a sentence speaks of ---------------------------------------------------------------


def sources_at(ctx: Context, start: int, end: int, paras: list[tuple[int, int]]) -> list[str]:
    """Register sources whose link holds for [start, end): the link stage's scopes when present, else
    the sources named in the sentence's paragraph or the one before it."""
    links = getattr(ctx, "links", None)
    if links is not None and hasattr(links, "for_span"):
        return list(links.for_span(start, end))
    resolution = ctx.resolution
    if hasattr(resolution, "for_span"):
        return list(resolution.for_span(start, end))
    lo, hi = _window(paras, start, 0)
    i = _paragraph_index(paras, start)
    if i > 0:
        lo = paras[i - 1][0]
    discussed = set(resolution.discussed())
    return [s for s in resolution.near(lo, hi) if s in discussed]


# --- negation ---------------------------------------------------------------------------------------


def negated(text: str, lang: str, start: int) -> bool:
    """Whether a negation cue governs the word at `start`: it stands at most NEGATION_REACH words
    before it in the same clause, with no comparative word between ("no better than" does not negate)."""
    lo = max(0, start - 80)
    stop = None
    for m in _CLAUSE_STOP.finditer(text, lo, start):
        stop = m.end()
    if stop is not None:
        lo = stop
    cues = [h for code in _both(lang) for h in concepts.find(text, code, {"caveat-cue"}, lo, start)]
    cues.sort(key=lambda h: h.start)
    toks = concepts.tokens(text)
    first = toks.index_at(lo)
    last = toks.index_at(start)
    window = set(range(max(first, last - NEGATION_REACH), last))
    last_negation = None
    for hit in cues:
        if hit.concept == "negation" and toks.index_at(hit.start) in window:
            last_negation = hit
    if last_negation is None:
        return False
    return not any(h.concept == "comparative" and h.start > last_negation.start for h in cues)


def _both(lang: str) -> tuple[str, ...]:
    return (lang, *(code for code in _LANGS if code != lang)) if lang in _LANGS else _LANGS


# --- given-ness ---------------------------------------------------------------------------------------


@lru_cache(maxsize=256)
def _reach(concept_id: str) -> str:
    found = concepts.concept(concept_id)
    return str(found.get("reach", "near")) if found else "near"


@lru_cache(maxsize=256)
def _kinds_of(ids: frozenset[str]) -> tuple[str, ...]:
    """The concept kinds of `ids` (searched one kind at a time: kinds do not compete for words)."""
    found = {c.kind for i in ids if (c := concepts.concept(i)) is not None}
    return tuple(sorted(found))


def given_near(ctx: Context, caveat: Any, spans: list[tuple[int, int]]) -> bool:
    """Whether a concept (or, for caveats with none, a phrase) of `caveat` stands in one of `spans`,
    or anywhere in the article body for `reach = "article"` concepts, and is not negated."""
    text = ctx.result.document.text
    wanted = set(caveat.concepts)
    if wanted:
        article_wide = {c for c in wanted if _reach(c) == "article"}
        areas = [(lo, hi, wanted) for lo, hi in spans]
        if article_wide:
            areas.append((0, ctx.limit, article_wide))
        for lo, hi, allowed in areas:
            for code, kind in ((c, k) for c in _both(ctx.lang) for k in _kinds_of(frozenset(allowed))):
                for hit in concepts.find(text, code, {kind}, lo, hi):
                    if hit.concept in allowed and not negated(text, ctx.lang, hit.start):
                        return True
        return False
    # A caveat written with phrases only (the older format): the phrases count near the result.
    phrases = [p for code in _both(ctx.lang) for p in getattr(caveat.phrases, code, []) or []]
    for lo, hi in spans:
        window = ctx.folded[lo:hi]
        for phrase in phrases:
            for m in phrase_pattern(phrase).finditer(window):
                if not negated(text, ctx.lang, lo + m.start()):
                    return True
    return False


# --- which claims owe a caveat ------------------------------------------------------------------------


def _qualified(caveat: Any) -> set[str]:
    return set(caveat.qualifies) | set(getattr(caveat, "findings", []) or [])


def _reports_finding(claim: Claim, source: Any, caveat: Any) -> bool:
    """A numeric claim matched to a finding the caveat qualifies (or, for `unmatched_numbers`
    caveats, a number attributed to the source that matches none of its findings)."""
    match = claim.match
    if match is None or match.source != source.id:
        return False
    qualified = _qualified(caveat)
    if match.finding:
        return match.finding in qualified
    return bool(caveat.unmatched_numbers)


def _intervention_phrases(source: Any, caveat: Any) -> tuple[set[str], list[str]]:
    """(intervention concept ids, folded words) that name what the caveat's effect claims are about."""
    # Intervention concepts the data does not (yet) define fall back to the source's own names.
    ids = {i for i in getattr(caveat, "about", []) or [] if concepts.concept(i) is not None}
    words: list[str] = []
    arms = {f.arm for f in source.findings if f.id in _qualified(caveat) and getattr(f, "arm", "")}
    for arm in source.arms:
        if arm.id in arms:
            words += [fold(w) for w in arm.words.all()]
    if not ids and not words:
        words = [fold(w) for w in [*source.aliases.en, *source.aliases.nl]]
    return ids, words


def _about_intervention(ctx: Context, claim: Claim, source: Any, caveat: Any) -> bool:
    start, end = ctx.sentence_of(claim)
    ids, words = _intervention_phrases(source, caveat)
    if ids:
        text = ctx.result.document.text
        for code in _both(ctx.lang):
            if any(h.concept in ids for h in concepts.find(text, code, {"intervention"}, start, end)):
                return True
    sentence = ctx.folded[start:end]
    return any(w and phrase_pattern(w).search(sentence) for w in words)


def _historical(ctx: Context, claim: Claim) -> bool:
    """Whether the link stage reads the claim's sentence as past advice ("in 2009 NICE recommended"):
    history told as history reports no current result."""
    links = getattr(ctx, "links", None) or ctx.resolution
    told = getattr(links, "historical", None)
    return bool(told is not None and told(*ctx.sentence_of(claim)))


def _effect_claim(claim: Claim) -> bool:
    return claim.kind == "strength" and (claim.details or {}).get("type") not in _NOT_EFFECT


def _owed(ctx: Context, paras: list[tuple[int, int]]) -> list[_Owed]:
    owed: dict[tuple[str, str], _Owed] = {}
    register = ctx.register.sources
    for claim in sorted(ctx.result.claims, key=lambda c: c.start):
        if claim.start >= ctx.limit:
            continue
        candidates: list[tuple[Any, bool]] = []
        match = claim.match
        # A match through a recurring claim (claims/) reports the study's result only where the article
        # is linked to the study; elsewhere the number is the recurring claim's, not the study's.
        if match is not None and match.source in register and claim.kind in NUMERIC_KINDS and (
                not match.claim or match.source in sources_at(ctx, *ctx.sentence_of(claim), paras)):
            candidates.append((register[match.source], False))
        if _effect_claim(claim) and not _historical(ctx, claim):
            start, end = ctx.sentence_of(claim)
            candidates += [(register[s], True) for s in sources_at(ctx, start, end, paras) if s in register]
        for source, by_effect in candidates:
            for caveat in source.caveats:
                if by_effect:
                    if not caveat.effect_claims or not _about_intervention(ctx, claim, source, caveat):
                        continue
                elif not _reports_finding(claim, source, caveat):
                    continue
                entry = owed.setdefault((source.id, caveat.id), _Owed(source, caveat))
                if claim not in entry.claims:
                    entry.claims.append(claim)
    return list(owed.values())


# --- severity and the finding -------------------------------------------------------------------------


def _undercut(ctx: Context, caveat: Any, claims: list[Claim]) -> bool:
    """Whether an owing claim makes a claim the caveat undercuts."""
    wanted = set(caveat.undercut_by)
    if not wanted:
        return False
    text = ctx.result.document.text
    for claim in claims:
        frame = claim.frame
        if "lasting-claim" in wanted and frame is not None and frame.timepoint_relation == "lasting":
            return True
        start, end = ctx.sentence_of(claim)
        for code in _both(ctx.lang):
            for hit in concepts.find(text, code, {"caveat-claim"}, start, end):
                if hit.concept in wanted and not negated(text, ctx.lang, hit.start):
                    return True
    return False


def _result_text(claim: Claim) -> str:
    return claim.text.strip()


def _fix(ctx: Context, source: Any, caveat: Any) -> str | None:
    if caveat.fix is not None:
        return text_in(caveat.fix, ctx.lang)
    return fix_template("missing-caveat", ctx.lang, caveat=text_in(caveat.text, ctx.lang), src=label(source))


def missing_caveats(ctx: Context) -> list[Finding]:
    """One finding per caveat that the article owes and does not give, at the first claim owing it."""
    text = ctx.result.document.text[: ctx.limit]
    paras = paragraphs(text)
    out: list[Finding] = []
    seen: set[str] = set()
    for entry in _owed(ctx, paras):
        source, caveat, claims = entry.source, entry.caveat, entry.claims
        # The same caveat (e.g. sham-comparison) from two sources is one omission.
        if caveat.id in seen:
            continue
        spans = [_window(paras, c.start) for c in claims]
        if given_near(ctx, caveat, spans):
            seen.add(caveat.id)
            continue
        seen.add(caveat.id)
        severity = caveat.severity
        if severity == "info" and _undercut(ctx, caveat, claims):
            severity = "warning"
        first = claims[0]
        line, column = ctx.result.document.position(first.start)
        out.append(Finding(
            rule="missing-caveat", severity=severity,
            message=message("missing-caveat", ctx.lang, result=_result_text(first), src=label(source),
                            caveat=text_in(caveat.text, ctx.lang)),
            source=source.id, caveat=caveat.id, start=first.start, end=first.end, line=line, column=column,
            details={"claim": first.id, "finding": first.match.finding if first.match else None,
                     "concepts": list(caveat.concepts)},
            fix=_fix(ctx, source, caveat),
        ))
    return out
