"""Numeric claims: match each to a finding of a discussed source and compare.

A claim is matched by kind and unit, the finding's measure and arm words in its sentence, and its
value; the sources the article names near the claim come first. Rules here: number-mismatch,
rounded-up, denominator-mismatch, arm-confusion, duration-overreach, superseded-source.
"""

from __future__ import annotations

from typing import Any

from claimcheck.grade.context import Context, arm_label, has_any, label, text_in, words_of
from claimcheck.grade.lexicon import timepoint, unit_group, unit_groups, words
from claimcheck.grade.numbers import Agreement, compare, to_weeks
from claimcheck.model import Claim, Match

#: Finding kinds a claim kind may be compared with.
COMPATIBLE = {
    "percentage": {"percentage", "ratio"},
    "ratio": {"percentage", "ratio"},
    "count": {"count", "sample_size"},
    "sample_size": {"sample_size", "count"},
    "duration": {"duration"},
    "range": {"count", "duration", "percentage"},
    "effect_size": {"effect_size"},
}
#: How many of the best-scoring sources are searched for a claim's finding.
MAX_SOURCES = 12


def _value_of(claim: Claim) -> float | None:
    if claim.value is not None:
        return claim.value
    high = claim.details.get("high") if claim.details else None
    return float(high) if isinstance(high, int | float) else None


def _closeness(stated: float, actual: float) -> float:
    rel = abs(stated - actual) / max(abs(actual), 1.0)
    if rel <= 0.01:
        return 1.0
    if rel <= 0.1:
        return 0.35
    if rel <= 0.25:
        return 0.1
    return 0.0


def _units_agree(claim: Claim, finding: Any) -> bool:
    if claim.kind == "duration" or finding.kind == "duration":
        return to_weeks(1, claim.unit) is not None and to_weeks(1, finding.unit) is not None
    a, b = unit_group(claim.unit), unit_group(finding.unit)
    if claim.kind in ("percentage", "ratio"):
        return b in (None, "percent")
    if a is None or b is None:
        return True
    if claim.kind == "sample_size" and b == "people":
        return True
    return a == b


def _finding_value(claim: Claim, finding: Any) -> float | None:
    if finding.value is None:
        return finding.high
    if claim.kind == "duration" and finding.kind == "duration":
        return to_weeks(finding.value, finding.unit)
    return finding.value


def _stated(claim: Claim) -> float | None:
    value = _value_of(claim)
    if value is None:
        return None
    if claim.kind == "duration":
        return to_weeks(value, claim.unit)
    return value


def candidates(ctx: Context, claim: Claim) -> list[tuple[float, Any, Any]]:
    """(score, source, finding) for the findings this claim may be about, best first."""
    stated = _stated(claim)
    if stated is None:
        return []
    sentence = ctx.folded_sentence(claim)
    start, end = ctx.sentence_of(claim)
    nearby = set(ctx.resolution.near(start, end, window=400))
    primary = ctx.resolution.primary()
    out: list[tuple[float, Any, Any]] = []
    for source_id in ctx.resolution.ranked()[:MAX_SOURCES]:
        source = ctx.register.sources[source_id]
        # A source named far from the claim must be pointed to by the claim's own words.
        needs_words = source_id not in nearby and source_id != primary
        base = min(ctx.resolution.scores[source_id], 3.0) / 6.0 + (0.3 if source_id in nearby else 0.0)
        for finding in source.findings:
            if finding.kind not in COMPATIBLE.get(claim.kind, ()) or not _units_agree(claim, finding):
                continue
            actual = _finding_value(claim, finding)
            if actual is None:
                continue
            measure_words = words_of(finding.words, ctx.lang)
            measure = has_any(sentence, measure_words)
            if needs_words and not has_any(sentence, _specific(measure_words)):
                continue  # only unit nouns ("sessions") in common: not enough for a source named elsewhere
            arm = source.arm(finding.arm) if finding.arm else None
            arm_words = has_any(sentence, words_of(arm.words, ctx.lang)) if arm else False
            close = _closeness(stated, actual)
            if (close == 0.0 or needs_words) and not measure:
                continue
            score = base + close + (0.5 if measure else 0.0) + (0.15 if arm_words else 0.0)
            out.append((score, source, finding))
    out.sort(key=lambda row: (-row[0], row[1].id, row[2].id))
    return out


def _describe(finding: Any, source: Any, lang: str) -> str:
    """The finding's number in words: '66% (33 of 50, Pain Reprocessing Therapy)'."""
    unit = finding.unit or ""
    value = finding.value if finding.value is not None else finding.high
    number = f"{value:g}{unit}" if unit == "%" else f"{value:g} {unit}".strip()
    parts = []
    if finding.numerator is not None and finding.denominator is not None:
        parts.append(f"{finding.numerator} {'van de' if lang == 'nl' else 'of'} {finding.denominator}")
    arm = source.arm(finding.arm) if finding.arm else None
    if arm is not None:
        parts.append(arm_label(arm))
    if finding.timepoint:
        parts.append(timepoint(finding.timepoint, finding.timepoint_weeks, lang))
    return number + (f" ({', '.join(parts)})" if parts else "")


def _grade_people(ctx: Context, claim: Claim) -> bool:
    """A number of people that equals a discussed study's total or one of its arms."""
    if claim.kind not in ("sample_size", "count") or claim.value is None or claim.qualifier:
        return False
    if claim.kind == "count" and unit_group(claim.unit) not in (None, "people"):
        return False
    start, end = ctx.sentence_of(claim)
    near = ctx.resolution.near(start, end, window=400)
    primary = ctx.resolution.primary()
    for source_id in near + ([primary] if primary and primary not in near else []):
        source = ctx.register.sources[source_id]
        total = source.population.n if source.population else None
        arms = [a for a in source.arms if a.n and abs(a.n - claim.value) < 0.5]
        if (total is not None and abs(total - claim.value) < 0.5) or arms:
            claim.match = Match(source=source.id, finding=None, score=0.8)
        else:
            continue
        claim.verdict = "accurate"
        ctx.note_match(source.id, None)
        _check_arm_confusion(ctx, claim, source)
        return True
    return False


def grade_numeric(ctx: Context, claim: Claim) -> bool:
    """Grade a numeric claim against the best finding; False when none fits."""
    if (claim.details or {}).get("rate_per"):
        return False  # "9.1 per 100,000": a rate is not a count to compare with the register's counts
    if _grade_people(ctx, claim):
        return True
    found = candidates(ctx, claim)
    if not found:
        return False
    score, source, finding = found[0]
    stated = _stated(claim)
    actual = _finding_value(claim, finding)
    assert stated is not None and actual is not None
    confident = score >= 0.9
    if claim.kind == "duration":
        return _grade_duration(ctx, claim, source, finding, stated, actual, confident)
    agreement = compare(stated, claim.qualifier, actual)
    if agreement is Agreement.MISMATCH and not (confident and _about_this_study(ctx, claim, source, finding)):
        return False
    claim.match = Match(source=source.id, finding=finding.id, score=min(score / 2.0, 1.0))
    ctx.note_match(source.id, finding.id)
    claim.verdict = "accurate"
    expected = _describe(finding, source, ctx.lang)
    if agreement is Agreement.MISMATCH:
        ctx.issue(claim, "number-mismatch", "inaccurate", source=source, finding=finding,
                  expected=expected, stated=claim.text)
    elif agreement is Agreement.ROUNDED_UP:
        ctx.issue(claim, "rounded-up", "imprecise", source=source, finding=finding,
                  expected=expected, stated=claim.text)
    elif agreement is Agreement.LOOSE:
        ctx.issue(claim, "rounded-up", "imprecise", text_key="imprecise", severity="info", source=source,
                  finding=finding, expected=expected, stated=claim.text)
    _check_denominator(ctx, claim, source, finding)
    _check_arm_confusion(ctx, claim, source)
    superseded(ctx, claim, source)
    return True


def _specific(measure_words: list[str]) -> list[str]:
    """The measure words that are not mere unit nouns ("studies", "patients", "sessions")."""
    units = unit_groups()
    return [w for w in measure_words if w not in units]


def _about_this_study(ctx: Context, claim: Claim, source: Any, finding: Any) -> bool:
    """Whether the sentence is about this source's result, not only sharing a unit noun ("twee
    interessante studies" is no count of the meta-analysis's 97): the sentence names the source, uses
    a measure word that is not a unit noun, or states another of the source's numbers exactly."""
    start, end = ctx.sentence_of(claim)
    if source.id in ctx.resolution.near(start, end):
        return True
    sentence = ctx.folded_sentence(claim)
    if has_any(sentence, _specific(words_of(finding.words, ctx.lang))):
        return True
    return any(other is not claim and other.sentence_start == claim.sentence_start and other.match is not None
               and other.match.source == source.id and other.verdict == "accurate" for other in ctx.result.claims)


def _people_subject(ctx: Context, claim: Claim) -> bool:
    people = words("people")
    subject = (claim.subject or "").strip()
    if subject:
        from claimcheck.textfold import fold

        return any(fold(subject).endswith(p) for p in people)
    after = ctx.folded[claim.end : claim.end + 24]
    if any(f" {p}" in f" {after}" for p in people) and (" van de " in after or " of the " in after):
        return True
    sentence = ctx.folded_sentence(claim)
    return any(f"{quant} {p}" in sentence for p in people for quant in words("everyone"))


def _check_denominator(ctx: Context, claim: Claim, source: Any, finding: Any) -> None:
    """One arm's figure told of everyone in the study."""
    if claim.kind not in ("percentage", "ratio") or not finding.arm or len(source.arms) < 2:
        return
    arm = source.arm(finding.arm)
    if arm is None or has_any(ctx.folded_sentence(claim), words_of(arm.words, ctx.lang)):
        return
    if not _people_subject(ctx, claim):
        return
    total = source.population.n if source.population and source.population.n else sum(a.n or 0 for a in source.arms)
    ctx.issue(claim, "denominator-mismatch", "overstated", severity="error", source=source, finding=finding,
              expected=_describe(finding, source, ctx.lang).split(" (")[0], arm=arm_label(arm),
              num=finding.numerator if finding.numerator is not None else "?",
              den=finding.denominator or arm.n or "?", total=total)


def _check_arm_confusion(ctx: Context, claim: Claim, source: Any) -> None:
    """The total number randomised told as the number who received the treatment."""
    if claim.kind not in ("sample_size", "count") or len(source.arms) < 2 or claim.value is None:
        return
    total = source.population.n if source.population and source.population.n else None
    if total is None or abs(claim.value - total) > 0.5:
        return
    sentence = ctx.folded_sentence(claim)
    if not has_any(sentence, list(words("treated", ctx.lang)) + list(words("treated"))):
        return
    treated = [a for a in source.arms if has_any(sentence, words_of(a.words, ctx.lang))]
    arm = treated[0] if treated else _active_arm(ctx, claim, source)
    if arm is None or not arm.n or arm.n >= total:
        return
    ctx.issue(claim, "arm-confusion", "inaccurate", source=source, finding=None, total=total,
              narms=len(source.arms), armn=arm.n, arm=arm_label(arm))


def _active_arm(ctx: Context, claim: Claim, source: Any) -> Any:
    """The arm whose dose (a count or duration finding) the sentence states, if any."""
    sentence = ctx.folded_sentence(claim)
    for finding in source.findings:
        if finding.arm and finding.kind in ("count", "duration") and has_any(sentence, words_of(finding.words)):
            return source.arm(finding.arm)
    dosed = {f.arm for f in source.findings if f.arm and f.kind in ("count", "duration")}
    if len(dosed) == 1 and any(w in sentence for w in words("treated")):
        return source.arm(next(iter(dosed)))
    return None


def _grade_duration(ctx: Context, claim: Claim, source: Any, finding: Any, stated: float, actual: float,
                    confident: bool) -> bool:
    if abs(stated - actual) <= max(0.5, actual * 0.1):
        claim.match = Match(source=source.id, finding=finding.id, score=0.9)
        claim.verdict = "accurate"
        ctx.note_match(source.id, finding.id)
        superseded(ctx, claim, source)
        return True
    return overreach(ctx, claim, stated)


def overreach(ctx: Context, claim: Claim, stated_weeks: float | None) -> bool:
    """duration-overreach: the sentence says an outcome lasted longer than any source measured it.

    The outcome is a finding whose measure words the sentence uses; when a discussed source measured
    it long enough (a 5-year follow-up), the claim is supported and nothing is said.
    """
    sentence = ctx.folded_sentence(claim)
    measured: list[tuple[float, Any, Any]] = []
    for source_id in ctx.resolution.discussed():
        source = ctx.register.sources[source_id]
        for finding in source.findings:
            if finding.timepoint_weeks is None or finding.kind not in ("percentage", "ratio"):
                continue
            if has_any(sentence, words_of(finding.words, ctx.lang)):
                measured.append((finding.timepoint_weeks, source, finding))
    if not measured:
        return False
    longest, source, finding = max(measured, key=lambda row: (row[0], row[1].id, row[2].id))
    if stated_weeks is not None and stated_weeks <= longest * 1.5:
        return False
    claim.match = claim.match or Match(source=source.id, finding=finding.id, score=0.7)
    ctx.note_match(source.id, finding.id)
    ctx.issue(claim, "duration-overreach", "overstated", source=source, finding=finding,
              timepoint=timepoint(finding.timepoint, finding.timepoint_weeks, ctx.lang), stated=claim.text)
    return True


def superseded(ctx: Context, claim: Claim, source: Any) -> None:
    """superseded-source: the claim is true of a source that has been replaced or retracted."""
    if source.retracted:
        ctx.issue(claim, "superseded-source", "outdated", text_key="retracted", source=source)
        return
    if not source.superseded_by:
        return
    successor = ctx.register.sources.get(source.superseded_by)
    if successor is None:
        return
    sentence = ctx.folded_sentence(claim)
    verdict, change = "outdated", ""
    for rec in successor.recommendations:
        rec_words = words_of(rec.words) or [rec.intervention.lower()]
        mentioned = has_any(sentence, rec_words) or has_any(ctx.folded[: ctx.limit], rec_words)
        if not mentioned:
            continue
        if rec.verb in ("recommend", "consider"):
            verdict = "accurate"
        else:
            said = text_in(rec.text, ctx.lang)
            change = f": {said}" if said else ""
        break
    if verdict == "accurate":
        ctx.issue(claim, "superseded-source", "accurate", text_key="superseded-still-holds", severity="info",
                  source=source, successor=label(successor))
    else:
        ctx.issue(claim, "superseded-source", "outdated", source=source, successor=label(successor), change=change)
