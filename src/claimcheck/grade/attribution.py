"""Attribution claims: journals, institutions, guideline bodies and bibliographic citations.

An attribution is accurate when a source the article discusses carries the name (and the year, when
one is given); misattribution when the study the sentence is about carries another journal or year;
superseded-source when the guideline named has been replaced.
"""

from __future__ import annotations

import re
from typing import Any

from claimcheck.grade.context import Context, has_any, words_of
from claimcheck.grade.lexicon import words
from claimcheck.grade.numeric import superseded
from claimcheck.link import source_years
from claimcheck.model import Claim, Match
from claimcheck.textfold import fold

#: How much of a link's score must stand outside an attribution for the attribution to confirm it.
OTHERWISE = 0.5
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")
_TOKEN = re.compile(r"\w+")


def _names(source: Any, kind: str) -> list[str]:
    aliases = source.aliases
    if kind in ("journal", "citation", "publication"):
        names = [*aliases.journal, source.journal]
    elif kind == "institution":
        names = [*aliases.institution, *source.institutions]
    else:
        names = [*aliases.en, *aliases.nl, *aliases.institution, *aliases.journal, source.journal]
    return [" ".join(_TOKEN.findall(fold(n))) for n in names if n]


def _fits(name: str, source: Any, kind: str) -> bool:
    folded = " ".join(_TOKEN.findall(fold(name)))
    if not folded:
        return False
    for candidate in _names(source, kind):
        if candidate and (candidate == folded or f" {candidate} " in f" {folded} "):
            return True
    from rapidfuzz import fuzz

    return any(fuzz.ratio(folded, c) >= 90 for c in _names(source, kind) if c)


def _named_otherwise(ctx: Context, source_id: str, claim: Claim) -> bool:
    """Whether the article points to the source by more than this attribution's own words: it is
    linked, and its link holds without the evidence inside the attribution (half the threshold)."""
    link = ctx.links.link(source_id)
    if link is None:
        return False
    if link.cited:
        return True
    own = sum(e.weight for e in link.evidence
              if e.start is not None and e.end is not None and claim.start <= e.start and e.end <= claim.end)
    return link.score - own >= OTHERWISE


def _runs_on(window: str, name: str, source: Any, kind: str) -> bool:
    """Whether a longer name of the source starts with the extracted name inside `window`."""
    short = " ".join(_TOKEN.findall(fold(name)))
    if not short:
        return False
    return any(c.startswith(short) and f" {c} " in f" {window} " for c in _names(source, kind) if c)


def _stated_year(ctx: Context, claim: Claim) -> int | None:
    year = (claim.details or {}).get("year")
    if isinstance(year, int):
        return year
    found = _YEAR.search(claim.text)
    return int(found.group()) if found else None


def grade_attribution(ctx: Context, claim: Claim) -> None:
    """Grade an attribution claim against the sources the article discusses."""
    details = claim.details or {}
    kind = str(details.get("type") or "according_to")
    if not details.get("name"):
        _grade_year_only(ctx, claim)
        return
    name = str(details.get("name"))
    start, end = ctx.sentence_of(claim)
    near = ctx.resolution.near(start, end, window=300)
    ranked = near + [s for s in ctx.resolution.ranked() if s not in near]
    # The name as extracted, or the words running on from it ("JAMA" + " Psychiatry").
    run_on = " ".join(_TOKEN.findall(ctx.folded[claim.start : claim.end + 30])[-8:])
    fitting = [ctx.register.sources[s] for s in ranked
               if (_fits(name, ctx.register.sources[s], kind) or _runs_on(run_on, name, ctx.register.sources[s], kind))
               and _named_otherwise(ctx, s, claim)]
    year = _stated_year(ctx, claim)
    if fitting:
        if year is not None:
            dated = [s for s in fitting if year in source_years(s)]
            if not dated:
                source = fitting[0]
                _accept(ctx, claim, source)
                expected = ", ".join(str(y) for y in sorted(source_years(source)))
                ctx.issue(claim, "misattribution", "inaccurate", text_key="misattribution-year", source=source,
                          expected=expected, stated=str(year))
                return
            fitting = dated
        source = _version(ctx, claim, fitting[0])
        _accept(ctx, claim, source)
        if not ctx.links.historical(*ctx.sentence_of(claim)):
            superseded(ctx, claim, source)  # past advice told as past is not presented as current
        return
    if kind not in ("journal", "citation", "institution", "publication"):
        return
    if kind == "publication" and details.get("entity") not in (None, "journal"):
        return
    _check_misattribution(ctx, claim, kind, name, near)


def _version(ctx: Context, claim: Claim, source: Any) -> Any:
    """The guideline version the claim's sentence speaks of ("NICE no longer ..." is NG59, "in 2009
    NICE advised ..." CG88), when it is one the article discusses."""
    meant = ctx.links.version_for(source.id, *ctx.sentence_of(claim))
    if meant != source.id and meant in ctx.links.discussed():
        return ctx.register.sources[meant]
    return source


def _grade_year_only(ctx: Context, claim: Claim) -> None:
    """'published in 2021': right when a source the sentence names appeared that year."""
    year = _stated_year(ctx, claim)
    if year is None:
        return
    start, end = ctx.sentence_of(claim)
    near = ctx.resolution.near(start, end, window=300)
    for source_id in near + [s for s in ctx.resolution.discussed() if s not in near]:
        source = ctx.register.sources[source_id]
        if year in source_years(source):
            _accept(ctx, claim, source)
            return


def _accept(ctx: Context, claim: Claim, source: Any) -> None:
    claim.match = Match(source=source.id, finding=None, score=0.9)
    claim.verdict = "accurate"
    ctx.note_match(source.id, None)


def _check_misattribution(ctx: Context, claim: Claim, kind: str, name: str, near: list[str]) -> None:
    """The study the sentence is about appeared elsewhere than the article says."""
    sentence = ctx.folded_sentence(claim)
    about = [s for s in near if any(m.kind in ("name", "id") for m in ctx.resolution.mentions[s])]
    if not about and has_any(sentence, list(words("this_study", ctx.lang))):
        primary = ctx.resolution.primary()
        about = [primary] if primary else []
    if not about:
        return
    source = ctx.register.sources[about[0]]  # the best-ranked source the sentence names
    expected = source.journal if kind != "institution" else ", ".join(source.institutions)
    if not expected:
        return
    # Another discussed source that fits would have been chosen above; a known name of a
    # different journal or institution is a misattribution.
    if has_any(sentence, words_of(source.aliases, ctx.lang)) or has_any(sentence, list(words("this_study"))):
        claim.match = Match(source=source.id, finding=None, score=0.6)
        ctx.issue(claim, "misattribution", "inaccurate", source=source, expected=expected, stated=name)
