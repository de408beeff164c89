"""Numeric claims: compare each claim's frame with the findings of the study its sentence is about.

A finding is a candidate for a claim only when its frame agrees with the claim's (docs/seams.md §2):
the same outcome concept, the same arm (or the claim names none), the same time point (or the claim
names none); only then is the value compared. A frame that agrees with no finding leaves the claim
unverified (the link stage keeps `match.source`). When the value identifies a finding but one slot
disagrees, that slot's rule says so:

- value: number-mismatch, rounded-up (and imprecise, as info);
- group: denominator-mismatch (one arm's result told of the whole sample);
- arm: arm-confusion (the total told as one arm's size, or a result given to the wrong arm);
- time: timepoint-mismatch (a result moved to another time point), duration-overreach (a result
  said to last longer than any follow-up measured it);
- comparator: missing-comparator (an arm's result given as the benefit while the comparator's
  result in the same study is left out; where the register holds a caveat for that comparator,
  the caveat is the finding raised instead, by grade/caveats.py);
- superseded-source for a result of a replaced source (not for historical framing).

Every issue carries `fix`, what to write instead, from grade/data/messages/numeric.toml.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from claimcheck import concepts
from claimcheck.grade.context import Context, arm_label, has_any, label, text_in, words_of
from claimcheck.grade.lexicon import fix, timepoint, unit_group
from claimcheck.grade.numbers import Agreement, compare, to_weeks
from claimcheck.grade.spans import starting_in
from claimcheck.model import NUMERIC_KINDS, Claim, Frame, Match

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
_NO_CONCEPT = concepts.Concept("", "", {})
#: How many of the sources in a claim's scope are searched for its finding.
MAX_SOURCES = 4
#: A count of people said to take part that is within this factor of the study's size is read as a
#: misstated size ("31,000" for 13,136, "4,010" for 401); further away it is some other number (a
#: country's patients). People screened, invited or counted nationwide are never the sample.
PEOPLE_MISSTATED = 12.0
#: A claimed time point within this share of the finding's (or one week) is the same time point.
TIME_TOLERANCE = 0.25
#: A result claimed to last this many times longer than the longest follow-up overreaches.
OVERREACH_FACTOR = 1.5


# --- the register side: finding frames ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FindingFrame:
    """A finding's frame: outcome concept, arm, group, time point (weeks and label)."""

    outcome: str | None
    arm: str | None
    group: str
    weeks: float | None
    label: str


@lru_cache(maxsize=4096)
def _outcome_of_words(text: str) -> str | None:
    for lang in ("en", "nl"):
        hits = concepts.find(text, lang, {"outcome"})
        hits = [h for h in hits if not (concepts.concept(h.concept) or concepts.Concept("", "", {})).get("counts")]
        if hits:
            return hits[0].concept
    return None


def finding_frame(source: Any, finding: Any) -> FindingFrame:
    """The frame of a register finding: its own `outcome`/`group` fields, else read from its words."""
    outcome = finding.outcome or None
    if outcome is None:
        counted = _counted_by_words(finding) if finding.kind == "count" else None
        if counted is not None:
            outcome = f"count:{counted}"  # "31 authors": people, but not the study's participants
        elif finding.kind == "sample_size" or (finding.kind == "count" and unit_group(finding.unit) == "people"):
            outcome = "participants"
        elif finding.kind == "count" and unit_group(finding.unit) == "sessions":
            outcome = "sessions"
        elif finding.kind == "count":
            outcome = f"count:{_count_unit(finding.unit)}"
        else:
            outcome = _outcome_of_words(str(finding.measure)) or _outcome_of_words(
                " ; ".join([*finding.words.en, *finding.words.nl]))
    group = finding.group or ("arm" if finding.arm and len(source.arms) >= 2 else "whole")
    weeks = finding.timepoint_weeks
    return FindingFrame(outcome, finding.arm or None, group, weeks, finding.timepoint or "")


_ARM_MAPS: dict[str, dict[str, frozenset[str]]] = {}


def arm_map(source: Any) -> dict[str, frozenset[str]]:
    """Intervention concept id -> the source's arms it names (by arm id and by the arm's words)."""
    cached = _ARM_MAPS.get(source.id)
    if cached is not None:
        return cached
    out: dict[str, set[str]] = {}
    for arm in source.arms:
        out.setdefault(arm.id, set()).add(arm.id)
        for lang in ("en", "nl"):
            for word in getattr(arm.words, lang, []) or []:
                for hit in concepts.find(word, lang, {"intervention"}):
                    if hit.end - hit.start >= len(word.strip()) - 1:  # the whole word names the concept
                        out.setdefault(hit.concept, set()).add(arm.id)
    frozen = {k: frozenset(v) for k, v in out.items()}
    _ARM_MAPS[source.id] = frozen
    return frozen


def _covered(source: Any, finding: Any, ff: FindingFrame) -> frozenset[str]:
    """The arms a finding is the result of: its arm, or (no arm) every arm without a finding of its own
    for the same outcome and time ("the three needling arms")."""
    if ff.arm:
        return frozenset({ff.arm})
    own = {f.arm for f in source.findings if f.arm and f.kind == finding.kind
           and finding_frame(source, f).outcome == ff.outcome and f.timepoint_weeks == finding.timepoint_weeks}
    return frozenset(a.id for a in source.arms if a.id not in own)


# --- the claim side ----------------------------------------------------------------------------------


def ensure_frames(ctx: Context) -> None:
    """Claims built without extract (tests, other callers) get their frames here, once."""
    claims = ctx.result.claims
    if all(c.frame is not None and c.frame.clause_start is not None for c in claims if c.kind in NUMERIC_KINDS):
        return
    from claimcheck.extract.frame import fill_frames

    missing = [c for c in claims if c.kind in NUMERIC_KINDS and (c.frame is None or c.frame.clause_start is None)]
    studies = {id(c): c.frame.study for c in missing if c.frame is not None}
    fill_frames(ctx.result.document.text, ctx.lang if ctx.lang in ("en", "nl") else "en", missing, [])
    for c in missing:
        if c.frame is not None and studies.get(id(c)):
            c.frame.study = studies[id(c)]


def _frame(ctx: Context, claim: Claim) -> Frame:
    if claim.frame is None or claim.frame.clause_start is None:
        ensure_frames(ctx)
    return claim.frame or Frame()


def _clause(ctx: Context, claim: Claim, frame: Frame) -> str:
    if frame.clause_start is None or frame.clause_end is None:
        return ctx.folded_sentence(claim)
    return ctx.folded[frame.clause_start:frame.clause_end]


def _claim_arms(ctx: Context, claim: Claim, frame: Frame, source: Any) -> frozenset[str] | None:
    """The source arms the claim's number belongs to, or None when the clause names none."""
    if len(source.arms) < 2:
        return None  # a review or a cohort: no arms to confuse
    arms: set[str] = set()
    amap = arm_map(source)
    if frame.arm and frame.arm in amap:
        arms |= amap[frame.arm]
    elif frame.arm:
        return frozenset({"?" + frame.arm})  # an intervention this study did not test
    if not arms and frame.group:
        group = frame.group.lower()
        for arm in source.arms:
            if has_any(group, words_of(arm.words, ctx.lang)):
                arms.add(arm.id)
    return frozenset(arms) if arms else None


def _stated(claim: Claim) -> float | None:
    if claim.kind == "ratio" and claim.frame is not None and _is_scale_point(claim, claim.frame):
        numerator = claim.details.get("numerator")
        return float(numerator) if isinstance(numerator, int | float) else None
    value = claim.value
    if value is None and isinstance((claim.details or {}).get("high"), int | float):
        value = float(claim.details["high"])
    if value is None:
        return None
    if claim.kind == "duration":
        return to_weeks(value, claim.unit)
    return value


def _finding_value(claim: Claim, finding: Any, frame: Frame) -> float | None:
    if claim.kind in ("count", "sample_size") and _counts_an_outcome(frame) and finding.kind in ("percentage", "ratio"):
        return float(finding.numerator) if finding.numerator is not None else None
    value = finding.value if finding.value is not None else finding.high
    if value is not None and claim.kind == "duration" and finding.kind == "duration":
        return to_weeks(value, finding.unit)
    return value


def _own_words(ctx: Context, claim: Claim, frame: Frame) -> str:
    """The claim's clause with the other claims' spans blanked out: words a finding is recognised by
    must be the claim's own ("151 men and women, a third of whom" does not make the third women)."""
    start = frame.clause_start if frame.clause_start is not None else ctx.sentence_of(claim)[0]
    end = frame.clause_end if frame.clause_end is not None else ctx.sentence_of(claim)[1]
    chars = list(ctx.folded[start:end])
    for other in starting_in(ctx.result.claims, start, end):
        if other is not claim and other.kind in NUMERIC_KINDS and start <= other.start < end:
            for i in range(other.start - start, min(other.end, end) - start):
                chars[i] = " "
    return "".join(chars)


def _qualifier(claim: Claim) -> str | None:
    """A fraction in words ("two-thirds", "twee derde", "nine in ten") is a round figure: read as "about"."""
    if claim.qualifier or claim.kind != "ratio":
        return claim.qualifier
    den = claim.details.get("denominator")
    if isinstance(den, int | float) and den <= 10 and not any(ch.isdigit() for ch in claim.text):
        return "about"
    return None


def _outcome_agrees(frame: Frame, ff: FindingFrame, finding: Any, clause: str, lang: str) -> bool:
    """Same outcome concept; a count agrees on what it counts ("count:studies" is any count of
    studies). A finding whose outcome no concept names ("women among participants") is matched by its
    own specific words in the claim's clause, as long as the claim names no other outcome."""
    if ff.outcome is not None:
        if frame.outcome is None or ff.outcome == frame.outcome:
            return ff.outcome == frame.outcome
        a, b = _count_group(ff.outcome), _count_group(frame.outcome)
        return a is not None and a == b
    return has_any(clause, _specific(words_of(finding.words, lang)))


def _count_group(outcome: str | None) -> str | None:
    if not outcome or not outcome.startswith("count:"):
        return None
    return unit_group(_count_unit(outcome[6:]))


def _counted_by_words(finding: Any) -> str | None:
    """What a count finding counts when its words name a counted noun of another unit than its own."""
    for word in [*finding.words.en, *finding.words.nl]:
        unit = _count_unit(word)
        if unit != word.strip().lower() and unit not in ("people", _count_unit(finding.unit)):
            return unit
    return None


@lru_cache(maxsize=256)
def _count_unit(unit: str | None) -> str:
    """A register unit in the extractor's terms: "countries" and "sites" are counted as centres."""
    from claimcheck.extract.lexicon import load
    from claimcheck.textfold import fold

    key = fold((unit or "").strip())
    for group in load("units")["nouns"]:
        if key in {fold(w) for w in group["words"]} or key == fold(group["unit"]):
            return str(group["unit"])
    return key


def _specific(measure_words: list[str]) -> list[str]:
    """The measure words that are not mere unit nouns ("studies", "patients", "sessions")."""
    from claimcheck.grade.lexicon import unit_groups

    units = unit_groups()
    return [w for w in measure_words if w not in units]


def _counts_an_outcome(frame: Frame) -> bool:
    """A count of people by what happened to them ("33 were pain-free"), not of what it counts."""
    return frame.outcome is not None and frame.outcome not in ("participants", "sessions") \
        and not frame.outcome.startswith("count:")


def _is_scale_point(claim: Claim, frame: Frame) -> bool:
    """ "56 out of 100", "een 3 op 10": a point on a pain scale (extract/frame.py reads it so)."""
    return claim.kind == "ratio" and frame.outcome == "pain-score"


def _kinds_agree(claim: Claim, frame: Frame, finding: Any) -> bool:
    """Kind and unit agree; a count of people with an outcome ("33 were pain-free") is the numerator of
    a share; a point on a scale ("56 out of 100") is a mean score."""
    if _is_scale_point(claim, frame):
        return finding.kind == "mean" and unit_group(finding.unit) in ("points", None)
    if claim.kind in ("count", "sample_size") and _counts_an_outcome(frame):
        return finding.kind in ("percentage", "ratio") and finding.numerator is not None
    return finding.kind in COMPATIBLE.get(claim.kind, ()) and _units_agree(claim, finding)


def _units_agree(claim: Claim, finding: Any) -> bool:
    if claim.kind == "count" and finding.kind == "count" and _counted_by_words(finding) == _count_unit(claim.unit):
        return True  # "31 authors" for a count of people whose words say authors
    if claim.kind == "duration" or finding.kind == "duration":
        return to_weeks(1, claim.unit) is not None and to_weeks(1, finding.unit) is not None
    a, b = unit_group(_count_unit(claim.unit)), unit_group(_count_unit(finding.unit))
    if claim.kind in ("percentage", "ratio"):
        return b in (None, "percent")
    if a is None or b is None:
        return True
    if claim.kind == "sample_size" and b == "people":
        return True
    return a == b


def _time_agrees(frame: Frame, ff: FindingFrame) -> bool | None:
    """True / False, or None when the claim or the finding names no time point."""
    label_ = (frame.timepoint or "").strip().lower()
    if not label_ and frame.timepoint_weeks is None:
        return None
    if ff.weeks is None and not ff.label:
        return None
    if label_ == "post-treatment" and frame.timepoint_weeks is None:
        return ff.label == "post-treatment"
    if frame.timepoint_weeks is None:
        return None if frame.timepoint_relation != "lasting" else False
    if ff.weeks is None:
        return None
    w, fw = frame.timepoint_weeks, ff.weeks
    if frame.timepoint_relation == "lasting" and w > fw * OVERREACH_FACTOR:
        return False
    return abs(w - fw) <= max(1.0, fw * TIME_TOLERANCE)


@dataclass(slots=True)
class Candidate:
    """A finding a claim may report, with how each slot of the frames agrees."""

    source: Any
    finding: Any
    ff: FindingFrame
    arm_ok: bool | None
    time_ok: bool | None
    agreement: Agreement
    actual: float
    #: Neither frame names an outcome: the value alone agrees, which may confirm but never accuse.
    weak: bool = False
    #: How many of the finding's own specific words the sentence uses ("20-year-olds", "verum").
    words: int = 0
    #: The source's place among the studies the claim's sentence is about (0 = the one it is most about).
    rank: int = 0

    @property
    def full(self) -> bool:
        return self.arm_ok is not False and self.time_ok is not False

    def closeness(self, stated: float) -> float:
        return abs(stated - self.actual) / max(abs(self.actual), 1.0)


def _scope(ctx: Context, claim: Claim, frame: Frame) -> list[str]:
    """The studies the claim's sentence is about: its frame's study, then the links covering it."""
    start, end = ctx.sentence_of(claim)
    links = ctx.links
    found = list(links.for_span(start, end)) if hasattr(links, "for_span") else []
    if not found:
        near = links.near(start, end, window=400)
        primary = links.primary()
        found = near + ([primary] if primary and primary not in near else [])
    if frame.study and frame.study in ctx.register.sources:
        found = [frame.study] + [s for s in found if s != frame.study]
    return [s for s in found if s in ctx.register.sources][:MAX_SOURCES]


def candidates(ctx: Context, claim: Claim) -> list[Candidate]:
    """The findings whose outcome agrees with the claim's frame, in the studies the claim is about."""
    frame = _frame(ctx, claim)
    stated = _stated(claim)
    if stated is None:
        return []
    sentence = ctx.folded_sentence(claim)
    own = _own_words(ctx, claim, frame)
    out: list[Candidate] = []
    for rank, source_id in enumerate(_scope(ctx, claim, frame)):
        source = ctx.register.sources[source_id]
        if source.type == "press_release":
            rank += 100  # a press release retells a study: the study itself comes first
        claim_arms = _claim_arms(ctx, claim, frame, source)
        if claim_arms is not None and all(a.startswith("?") for a in claim_arms):
            continue  # an intervention this study did not test: the number is about something else
        for finding in source.findings:
            if not _kinds_agree(claim, frame, finding):
                continue
            ff = finding_frame(source, finding)
            specific = _specific(words_of(finding.words, ctx.lang))
            score = sum(1 for w in specific if has_any(sentence, [w]))
            if _outcome_agrees(frame, ff, finding, own, ctx.lang):
                weak = False
            elif ff.outcome is None and frame.outcome is None:
                weak = True
            else:
                continue
            actual = _finding_value(claim, finding, frame)
            if actual is None:
                continue
            arm_ok = None if claim_arms is None else bool(claim_arms & _covered(source, finding, ff))
            agreement = compare(stated, _qualifier(claim), actual)
            if weak and agreement is not Agreement.EXACT:
                continue
            out.append(Candidate(source, finding, ff, arm_ok, _time_agrees(frame, ff), agreement, float(actual),
                                 weak, score, rank))
    return out


# --- grading -----------------------------------------------------------------------------------------


def _issue(ctx: Context, claim: Claim, rule: str, verdict: str, fixes: dict[str, object] | None = None,
           **kw: Any) -> None:
    """Raise `rule` on `claim` with its message and its fix (what to write instead)."""
    ctx.issue(claim, rule, verdict, **kw)
    issue = claim.issues[-1]
    fields = {k: v for k, v in kw.items() if k not in ("source", "finding", "severity", "text_key")}
    locator = getattr(kw.get("finding"), "locator", None)
    fields.setdefault("where", f" ({locator})" if locator else "")
    if kw.get("source") is not None:
        fields.setdefault("src", label(kw["source"]))
    fields.update(fixes or {})
    issue.fix = fix(kw.get("text_key") or rule, ctx.lang, **fields) or fix(rule, ctx.lang, **fields)


def describe(finding: Any, source: Any, lang: str, with_time: bool = True) -> str:
    """The finding's number in words: '66% (33 of 50, Pain Reprocessing Therapy, right after treatment)'."""
    unit = finding.unit or ""
    value = finding.value if finding.value is not None else finding.high
    number = _num(value, lang) + ("%" if unit == "%" else f" {unit}" if unit else "")
    parts = []
    if finding.numerator is not None and finding.denominator is not None:
        parts.append(f"{finding.numerator} {'van de' if lang == 'nl' else 'of'} {finding.denominator}")
    arm = source.arm(finding.arm) if finding.arm else None
    if arm is not None:
        parts.append(arm_label(arm))
    if with_time and finding.timepoint:
        parts.append(_when(finding, lang))
    return number + (f" ({', '.join(parts)})" if parts else "")


def _num(value: float | None, lang: str) -> str:
    if value is None:
        return "?"
    text = f"{value:g}"
    return text.replace(".", ",") if lang == "nl" else text


def _when(finding: Any, lang: str) -> str:
    """When a finding was measured, as a message says it: "right after treatment", "at 8 weeks"."""
    if not finding.timepoint:
        return ""
    said = timepoint(finding.timepoint, finding.timepoint_weeks, lang)
    if said == finding.timepoint and lang != "nl" and said[:1].isdigit():
        return f"at {said}"
    return said


def _arm_name(source: Any, arm_id: str | None) -> str:
    arm = source.arm(arm_id) if arm_id else None
    return arm_label(arm) if arm is not None else (arm_id or "")


def _total(source: Any) -> int | None:
    if source.population and source.population.n:
        return int(source.population.n)
    total = sum(a.n or 0 for a in source.arms)
    return total or None


def grade_numeric(ctx: Context, claim: Claim) -> bool:
    """Grade a numeric claim against the finding its frame agrees with; False when none does."""
    if (claim.details or {}).get("rate_per"):
        return False  # "9.1 per 100,000": a rate is not a count to compare with the register's counts
    frame = _frame(ctx, claim)
    if _is_people_count(claim, frame):
        return _grade_people(ctx, claim, frame)
    if claim.kind == "duration" or (claim.kind == "range" and claim.details.get("base") == "duration"):
        return _grade_duration(ctx, claim, frame)
    found = candidates(ctx, claim)
    stated = _stated(claim)
    if not found or stated is None:
        return False
    full = [c for c in found if c.full]
    agreeing = [c for c in full if c.agreement is not Agreement.MISMATCH]
    if agreeing:
        best = min(agreeing, key=lambda c: (c.closeness(stated) > 0.02, c.rank >= 100, -c.words, c.rank,
                                            c.closeness(stated),
                                            c.arm_ok is not True, c.source.id, c.finding.id))
        _accept(ctx, claim, frame, best)
        return True
    # the value names a finding whose frame differs in one slot: that slot's rule
    # the value itself (not its qualifier's slack: "at least a third" is no 44%) must name the finding
    slipped = [c for c in found if not c.full and not c.weak and c.agreement is not Agreement.MISMATCH
               and compare(stated, None, c.actual) is not Agreement.MISMATCH
               and (c.arm_ok is False) != (c.time_ok is False)]
    if slipped:
        best = min(slipped, key=lambda c: (c.closeness(stated), c.source.id, c.finding.id))
        _slot_error(ctx, claim, frame, best)
        return True
    mismatch = _mismatch_target(ctx, claim, frame, [c for c in full if not c.weak])
    if mismatch is not None:
        _record(ctx, claim, mismatch, score=0.6)
        _issue(ctx, claim, "number-mismatch", "inaccurate", source=mismatch.source, finding=mismatch.finding,
               expected=describe(mismatch.finding, mismatch.source, ctx.lang), stated=claim.text,
               fixes={"value": describe(mismatch.finding, mismatch.source, ctx.lang)})
        _after_match(ctx, claim, frame, mismatch)
        return True
    if claim.kind in ("percentage", "ratio") and frame.timepoint_relation == "lasting":
        return overreach(ctx, claim, frame.timepoint_weeks)
    return False


def _names_the_study(ctx: Context, claim: Claim, source: Any) -> bool:
    """Whether the claim's sentence carries link evidence for the source (its name, authors, journal)."""
    start, end = ctx.sentence_of(claim)
    return source.id in ctx.links.near(start, end)


def _mismatch_target(ctx: Context, claim: Claim, frame: Frame, full: list[Candidate]) -> Candidate | None:
    """The one finding a wrong number must be about: all slots agree and nothing else fits. With no arm
    named, the study's headline arm (the finding that has a comparator) is meant."""
    if not full:
        return None
    if claim.kind in ("count", "sample_size") and frame.outcome == "participants":
        return None  # counts of people are compared with the study's size in _grade_people
    named = [c for c in full if c.arm_ok is True]
    if named:
        pool = named
    else:
        headline = [c for c in full if c.finding.comparator]
        pool = headline if headline else (full if len({c.finding.arm for c in full}) == 1 else [])
    if not pool:
        return None
    if frame.outcome and frame.outcome.startswith("count:") and not any(c.words for c in pool) \
            and not _names_the_study(ctx, claim, pool[0].source):
        return None  # "two interesting studies" shares only a unit noun with the review's 97 trials
    # a share whose time is unknown while the study measured it at several: not enough to call it wrong
    if frame.timepoint is None and len({c.ff.weeks for c in pool}) > 1:
        return None
    # the finding's own words pick among findings that differ only in what the frame cannot say
    # (an age group, a subgroup); a tie between different values is no reason to call either wrong
    top = max(c.words for c in pool)
    pool = [c for c in pool if c.words == top]
    if len({c.actual for c in pool}) > 1 and any(c.ff.group == "subgroup" for c in pool):
        return None  # "73% of 50-year-olds" may be a subgroup the register does not hold
    # the number agrees with none of the readings, so it is wrong whichever is meant; cite the nearest
    stated = _stated(claim) or 0.0
    return min(pool, key=lambda c: (c.rank, c.closeness(stated), c.source.id, c.finding.id))


def _record(ctx: Context, claim: Claim, cand: Candidate, score: float = 0.9) -> None:
    claim.match = Match(source=cand.source.id, finding=cand.finding.id, score=score)
    ctx.note_match(cand.source.id, cand.finding.id)
    if claim.verdict in (None, "unverified"):
        claim.verdict = "accurate"


def _accept(ctx: Context, claim: Claim, frame: Frame, cand: Candidate) -> None:
    """All slots agree: the value decides, then the group."""
    _record(ctx, claim, cand)
    if cand.weak:
        return  # the value alone agrees: confirmed, but nothing to say about group or comparator
    source, finding = cand.source, cand.finding
    expected = describe(finding, source, ctx.lang)
    if cand.agreement is Agreement.ROUNDED_UP:
        _issue(ctx, claim, "rounded-up", "imprecise", source=source, finding=finding, expected=expected,
               stated=claim.text, fixes={"value": describe(finding, source, ctx.lang, with_time=False)})
    elif cand.agreement is Agreement.LOOSE:
        _issue(ctx, claim, "rounded-up", "imprecise", text_key="imprecise", severity="info", source=source,
               finding=finding, expected=expected, stated=claim.text,
               fixes={"value": describe(finding, source, ctx.lang, with_time=False)})
    _check_denominator(ctx, claim, frame, cand)
    _after_match(ctx, claim, frame, cand)


def _after_match(ctx: Context, claim: Claim, frame: Frame, cand: Candidate) -> None:
    missing_comparator(ctx, claim, frame, cand)
    start, end = ctx.sentence_of(claim)
    links = ctx.links
    if hasattr(links, "historical") and links.historical(start, end):
        return  # "in 2009 NICE advised ...": past advice told as past
    superseded(ctx, claim, cand.source)


def _check_denominator(ctx: Context, claim: Claim, frame: Frame, cand: Candidate) -> None:
    """One arm's result told of everyone in the study (or of people in general)."""
    if claim.kind not in ("percentage", "ratio") or cand.ff.group != "arm" or cand.arm_ok is True:
        return
    source, finding = cand.source, cand.finding
    total = _total(source)
    whole = frame.group_scope in ("whole", "population") or (
        frame.group_size is not None and total is not None and frame.group_size == total)
    if not whole:
        return
    arm = source.arm(finding.arm) if finding.arm else None
    den = finding.denominator or (arm.n if arm is not None else None)
    num = finding.numerator
    value = describe(finding, source, ctx.lang, with_time=False).split(" (")[0]
    arm_name = _arm_name(source, finding.arm) if finding.arm else ""
    _issue(ctx, claim, "denominator-mismatch", "overstated", severity="error", source=source, finding=finding,
           expected=value, arm=arm_name or "?", num=num if num is not None else "?", den=den or "?",
           total=total or "?", fixes={"value": value, "arm": arm_name, "num": num, "den": den})


def _slot_error(ctx: Context, claim: Claim, frame: Frame, cand: Candidate) -> None:
    """The value is a finding's, but its arm or its time point is not the claim's."""
    _record(ctx, claim, cand, score=0.7)
    source, finding = cand.source, cand.finding
    expected = describe(finding, source, ctx.lang)
    if cand.arm_ok is False:
        stated_arm = _stated_arm(ctx, claim, frame, source)
        _issue(ctx, claim, "arm-confusion", "inaccurate", text_key="arm-confusion-result", source=source,
               finding=finding, expected=expected, stated=claim.text, stated_arm=stated_arm,
               arm=_arm_name(source, finding.arm), fixes={"value": describe(finding, source, ctx.lang)})
        return
    when = _when(finding, ctx.lang)
    if frame.timepoint_relation == "lasting":
        _issue(ctx, claim, "duration-overreach", "overstated", source=source, finding=finding, timepoint=when,
               stated=claim.text if not frame.timepoint else f"{claim.text} … {frame.timepoint}",
               fixes={"value": describe(finding, source, ctx.lang, with_time=False), "when": when})
    else:
        _issue(ctx, claim, "timepoint-mismatch", "inaccurate", source=source, finding=finding, expected=expected,
               stated=claim.text, stated_time=frame.timepoint or "?", timepoint=when,
               fixes={"value": describe(finding, source, ctx.lang, with_time=False), "when": when})
    _after_match(ctx, claim, frame, cand)


def _stated_arm(ctx: Context, claim: Claim, frame: Frame, source: Any) -> str:
    arms = _claim_arms(ctx, claim, frame, source) or frozenset()
    names = [_arm_name(source, a) for a in sorted(arms) if not a.startswith("?")]
    if names:
        return " / ".join(names)
    return frame.arm or "?"


# --- counts of people --------------------------------------------------------------------------------


def _is_people_count(claim: Claim, frame: Frame) -> bool:
    if claim.kind not in ("sample_size", "count") or claim.value is None or frame.outcome != "participants":
        return False
    return not (claim.kind == "count" and unit_group(claim.unit) not in (None, "people"))


def _people_findings(source: Any) -> list[Any]:
    """The study's own counts of people: its size, an analysed or pooled sample."""
    return [f for f in source.findings if f.value is not None and (
        f.kind == "sample_size" or (f.kind == "count" and unit_group(f.unit) == "people"))]


def _grade_people(ctx: Context, claim: Claim, frame: Frame) -> bool:
    """A number of people: the study's size, one arm's or another count of its people (accurate), the
    size told as one arm's (arm-confusion), or a misstated size or arm size (number-mismatch). Sizes
    are exact: a loosely stated size agrees only as a round figure ("about 650" for 638)."""
    assert claim.value is not None
    for source_id in _scope(ctx, claim, frame):
        source = ctx.register.sources[source_id]
        total = _total(source)
        counts = _people_findings(source)
        same = [f for f in counts if _size_agrees(claim.value, claim.qualifier, f.value)]
        arms = [a for a in source.arms if a.n and _size_agrees(claim.value, claim.qualifier, a.n)]
        is_total = total is not None and _size_agrees(claim.value, claim.qualifier, total)
        if is_total or arms or same:
            finding = same[0] if same else (
                next((f for f in source.findings if f.kind == "sample_size"), None) if is_total else None)
            claim.match = Match(source=source.id, finding=finding.id if finding else None, score=0.8)
            claim.verdict = "accurate"
            ctx.note_match(source.id, finding.id if finding else None)
            if is_total and total is not None:
                _check_arm_confusion(ctx, claim, frame, source, total)
            return True
        if _not_the_sample(ctx, claim):
            continue
        named = _claim_arms(ctx, claim, frame, source) if frame.group_scope == "arm" else None
        named_arms = [source.arm(a) for a in sorted(named or ()) if not a.startswith("?")]
        if len(named_arms) == 1 and named_arms[0] is not None and named_arms[0].n:
            arm = named_arms[0]  # "The opioid group had 374 people": one arm's size misstated
            expected = f"{arm.n} ({arm_label(arm)})"
        elif total is not None and frame.group_scope != "arm" and (claim.kind == "sample_size" or counts) \
                and total / PEOPLE_MISSTATED <= claim.value <= total * PEOPLE_MISSTATED:
            expected = f"{total} {'deelnemers' if ctx.lang == 'nl' else 'participants'}"
        else:
            continue
        randomised = next((f for f in source.findings if f.kind == "sample_size"), None)
        claim.match = Match(source=source.id, finding=randomised.id if randomised else None, score=0.6)
        ctx.note_match(source.id, randomised.id if randomised else None)
        _issue(ctx, claim, "number-mismatch", "inaccurate", source=source, finding=randomised, expected=expected,
               stated=claim.text, fixes={"value": expected})
        return True
    return False


def _size_agrees(stated: float, qualifier: str | None, total: float) -> bool:
    """A qualified size agrees when it is within its qualifier's reach and, if only loosely, is a round
    figure: "about 650" for 638 is fair, "some 683" (exact digits) is a misstated 638."""
    agreement = compare(stated, qualifier, total)
    if agreement is Agreement.EXACT:
        return True
    return agreement is not Agreement.MISMATCH and (stated % 50 == 0 or stated % 1000 == 0)


@lru_cache(maxsize=2)
def _not_sample_words(lang: str) -> tuple[str, ...]:
    import tomllib
    from importlib.resources import files

    data = tomllib.loads(files("claimcheck.grade").joinpath("data/frames.toml").read_text("utf-8"))
    from claimcheck.textfold import fold

    return tuple(fold(w) for w in data["not_the_sample"].get(lang, []))


def _not_the_sample(ctx: Context, claim: Claim) -> bool:
    """People screened, invited, or counted in a country are not the study's sample."""
    frame = claim.frame
    clause = _clause(ctx, claim, frame) if frame is not None else ctx.folded_sentence(claim)
    return has_any(clause, list(_not_sample_words(ctx.lang if ctx.lang in ("en", "nl") else "en")))


def _check_arm_confusion(ctx: Context, claim: Claim, frame: Frame, source: Any, total: int) -> None:
    """The number randomised told as the number who received one arm's treatment."""
    if len(source.arms) < 2:
        return
    arms = _claim_arms(ctx, claim, frame, source) if frame.group_scope == "arm" else None
    if arms is None and _receives(ctx, frame, claim):
        arms = _dosed_arm(ctx, claim, source)  # "151 kregen acht behandelingen met deze techniek"
    if not arms or len(arms) != 1:
        return
    arm = source.arm(next(iter(arms)))
    if arm is None or not arm.n or arm.n >= total:
        return
    name = arm_label(arm)
    _issue(ctx, claim, "arm-confusion", "inaccurate", source=source, finding=None, total=total,
           narms=len(source.arms), armn=arm.n, arm=name, fixes={"total": total, "armn": arm.n, "arm": name,
                                                                 "narms": len(source.arms)})


def _receives(ctx: Context, frame: Frame, claim: Claim | None = None) -> bool:
    """Whether the clause says its people were given something ("kregen", "were treated with"), or the
    next clause does of them ("151 took part; they received eight sessions")."""
    if frame.clause_start is None or frame.clause_end is None:
        return False
    return _receive_in(ctx, frame.clause_start, frame.clause_end) or (
        claim is not None and _continued_by_them(ctx, claim, frame) is not None)


def _receive_in(ctx: Context, start: int, end: int) -> bool:
    lang = ctx.lang if ctx.lang in ("en", "nl") else "en"
    hits = concepts.find(ctx.result.document.text, lang, {"group"}, start, end)
    return any((concepts.concept(h.concept) or _NO_CONCEPT).get("role") == "receive" for h in hits)


@lru_cache(maxsize=2)
def _they_re(lang: str) -> Any:
    import re
    import tomllib
    from importlib.resources import files

    data = tomllib.loads(files("claimcheck.grade").joinpath("data/frames.toml").read_text("utf-8"))
    words = "|".join(re.escape(w) for w in data["they"].get(lang, []))
    return re.compile(rf"[\s;,:]*(?:and\s+|en\s+)?(?:{words})(?![\w])", re.IGNORECASE)


def _continued_by_them(ctx: Context, claim: Claim, frame: Frame) -> tuple[int, int] | None:
    """The span of the next clause when it opens with a pronoun for the people just counted and says
    they received something."""
    lang = ctx.lang if ctx.lang in ("en", "nl") else "en"
    _, sentence_end = ctx.sentence_of(claim)
    start = frame.clause_end or claim.end
    if not _they_re(lang).match(ctx.result.document.text, start, sentence_end):
        return None
    return (start, sentence_end) if _receive_in(ctx, start, sentence_end) else None


def _dosed_arm(ctx: Context, claim: Claim, source: Any) -> frozenset[str] | None:
    """The one arm whose dose (a number of sessions, a course length) the same clause states."""
    frame = claim.frame
    if frame is None or frame.clause_start is None:
        return None
    found: set[str] = set()
    span = _continued_by_them(ctx, claim, frame)
    end = span[1] if span is not None else (frame.clause_end or claim.end)
    for other in ctx.result.claims:
        if other is claim or other.kind not in ("count", "duration") or other.value is None:
            continue
        if not (frame.clause_start <= other.start and other.end <= end):
            continue
        stated = to_weeks(other.value, other.unit) if other.kind == "duration" else other.value
        for finding in source.findings:
            if not finding.arm or finding.kind != other.kind or finding.value is None:
                continue
            actual = to_weeks(finding.value, finding.unit) if finding.kind == "duration" else finding.value
            if actual is not None and stated is not None and abs(actual - stated) < 0.5 and (
                    other.kind == "duration" or unit_group(other.unit) == unit_group(finding.unit)):
                found.add(finding.arm)
    if not found:
        # a dose in words ("zij kregen acht sessies"), no number claim for it: the one arm whose dose
        # findings' words the clause uses
        said = ctx.folded[frame.clause_start:end]
        found = {f.arm for f in source.findings if f.arm and f.kind in ("count", "duration")
                 and has_any(said, words_of(f.words, ctx.lang))}
    return frozenset(found) if len(found) == 1 else None


# --- durations ---------------------------------------------------------------------------------------


def _grade_duration(ctx: Context, claim: Claim, frame: Frame) -> bool:
    """A duration: a course length the study reports (accurate), or how long an outcome lasted."""
    stated = frame.timepoint_weeks if frame.timepoint_weeks is not None else _stated(claim)
    if stated is None:
        return False
    if frame.timepoint_relation != "lasting" or frame.outcome is None:
        for source_id in _scope(ctx, claim, frame):
            source = ctx.register.sources[source_id]
            arms = _claim_arms(ctx, claim, frame, source)
            sentence = ctx.folded_sentence(claim)
            for finding in source.findings:
                named = [w for w in _specific(words_of(finding.words, ctx.lang)) if w not in _time_words()]
                if finding.value is None or not (finding.kind == "duration" or (
                        finding.kind == "mean" and frame.timepoint_relation == "lasting"
                        and to_weeks(1, finding.unit) is not None and has_any(sentence, named))):
                    continue  # a course length, or a mean duration the sentence names ("had pain for 7.3 years")
                actual = to_weeks(finding.value, finding.unit)
                if actual is None:
                    continue
                if abs(stated - actual) > max(0.5, actual * 0.1):
                    if finding.kind == "mean" and claim.qualifier is None and abs(stated - actual) <= actual * 3:
                        claim.match = Match(source=source.id, finding=finding.id, score=0.6)
                        ctx.note_match(source.id, finding.id)
                        said = f"{_num(finding.value, ctx.lang)} {finding.unit}"
                        _issue(ctx, claim, "number-mismatch", "inaccurate", source=source, finding=finding,
                               expected=said, stated=claim.text, fixes={"value": said})
                        return True
                    continue
                if arms is not None and finding.arm and finding.arm not in arms:
                    continue
                claim.match = Match(source=source.id, finding=finding.id, score=0.9)
                claim.verdict = "accurate"
                ctx.note_match(source.id, finding.id)
                if not (hasattr(ctx.links, "historical") and ctx.links.historical(*ctx.sentence_of(claim))):
                    superseded(ctx, claim, source)
                return True
    if frame.outcome is None:
        return _duration_mismatch(ctx, claim, frame, stated)
    if frame.timepoint_relation is None:
        return False  # "met gemiddeld 10 jaar rugpijn": no word says the outcome held for that long
    return overreach(ctx, claim, stated)


@lru_cache(maxsize=1)
def _time_words() -> frozenset[str]:
    from claimcheck.extract.lexicon import load
    from claimcheck.textfold import fold

    units = load("units")["time"]
    return frozenset(fold(w) for lang in ("en", "nl") for w in units[lang])


def _duration_mismatch(ctx: Context, claim: Claim, frame: Frame, stated: float) -> bool:
    """A course length or follow-up named by the finding's own words, stated with another value ("the
    drug was taken for up to 26 weeks" for a 6-week course)."""
    own = _own_words(ctx, claim, frame)
    for source_id in _scope(ctx, claim, frame):
        source = ctx.register.sources[source_id]
        for finding in source.findings:
            if finding.kind != "duration" or finding.value is None:
                continue
            words = [w for w in _specific(words_of(finding.words, ctx.lang)) if w not in _time_words()]
            actual = to_weeks(finding.value, finding.unit)
            if actual is None or not has_any(own, words):
                continue
            if compare(stated, claim.qualifier, actual) is not Agreement.MISMATCH:
                continue
            said = f"{_num(finding.value, ctx.lang)} {finding.unit}"
            claim.match = Match(source=source.id, finding=finding.id, score=0.6)
            ctx.note_match(source.id, finding.id)
            _issue(ctx, claim, "number-mismatch", "inaccurate", source=source, finding=finding, expected=said,
                   stated=claim.text, fixes={"value": said})
            return True
    return False


def _told_by_a_share(ctx: Context, claim: Claim) -> bool:
    """Whether a share in the same sentence takes this duration as its time point ("66% were pain-free
    a year later"): the share's grading says what the time point does to it."""
    return any(o is not claim and o.kind in ("percentage", "ratio") and o.frame is not None
               and o.frame.timepoint == claim.text and o.sentence_start == claim.sentence_start
               for o in ctx.result.claims)


def _outcome_for(ctx: Context, claim: Claim) -> str | None:
    """The outcome a claim speaks of: its frame's, else the first outcome word of its sentence."""
    if claim.frame is not None and claim.frame.outcome:
        return claim.frame.outcome
    start, end = ctx.sentence_of(claim)
    hit = concepts.first(ctx.result.document.text, ctx.lang if ctx.lang in ("en", "nl") else "en", "outcome",
                         start, end)
    return hit.concept if hit else None


def overreach(ctx: Context, claim: Claim, stated_weeks: float | None) -> bool:
    """duration-overreach: an outcome said to last longer (or for good, `stated_weeks` None) than the
    longest follow-up of the studies the sentence is about measured it.

    The outcome comes from the claim's frame (a strength claim's sentence when it has none); when a
    study measured it long enough (a 5-year follow-up), the claim is supported and nothing is said.
    """
    outcome = _outcome_for(ctx, claim)
    if outcome is None or (claim.kind == "duration" and _told_by_a_share(ctx, claim)):
        return False
    if claim.kind == "duration" and claim.frame is not None and claim.frame.timepoint_relation is None:
        return False  # "met gemiddeld 10 jaar rugpijn": no word says the outcome held for that long
    start, end = ctx.sentence_of(claim)
    scope = ctx.links.for_span(start, end) if hasattr(ctx.links, "for_span") else ctx.links.discussed()
    sources = list(dict.fromkeys([*scope, *ctx.links.discussed()]))
    measured: list[tuple[float, Any, Any]] = []
    for source_id in sources:
        source = ctx.register.sources.get(source_id)
        if source is None:
            continue
        for finding in source.findings:
            if finding.timepoint_weeks is None or finding.kind not in ("percentage", "ratio", "mean"):
                continue
            if finding_frame(source, finding).outcome == outcome:
                measured.append((finding.timepoint_weeks, source, finding))
    if not measured:
        return False
    longest, source, finding = max(measured, key=lambda row: (row[0], bool(row[2].comparator), row[1].id, row[2].id))
    if stated_weeks is not None and stated_weeks <= longest * OVERREACH_FACTOR:
        return False
    claim.match = claim.match or Match(source=source.id, finding=finding.id, score=0.7)
    ctx.note_match(source.id, finding.id)
    when = _when(finding, ctx.lang)
    _issue(ctx, claim, "duration-overreach", "overstated", source=source, finding=finding, timepoint=when,
           stated=claim.text, fixes={"value": describe(finding, source, ctx.lang, with_time=False), "when": when})
    return True


# --- the comparator ----------------------------------------------------------------------------------


def missing_comparator(ctx: Context, claim: Claim, frame: Frame, cand: Candidate) -> None:
    """An arm's result given as the benefit while the comparator's result is left out of the article.

    Raised once per study, at the first claim, and only for comparators no caveat of the study covers
    (the caveat is the finding raised for those: one omission, one finding)."""
    source, finding, ff = cand.source, cand.finding, cand.ff
    if claim.kind not in ("percentage", "ratio") or len(source.arms) < 2:
        return
    own = _covered(source, finding, ff)
    others = [f for f in source.findings if f.kind == finding.kind and f.id != finding.id and f.arm
              and f.arm not in own and finding_frame(source, f).outcome == ff.outcome
              and f.timepoint_weeks == finding.timepoint_weeks]
    if not others or not (finding.comparator or ff.arm is None):
        return  # only a treatment arm's result (one with a comparator) is a benefit
    if any(i.rule == "missing-comparator" and i.source == source.id for c in ctx.result.claims for i in c.issues):
        return
    uncovered = [f for f in others if not _caveat_covers(ctx, source, finding, f.arm)
                 and not _comparator_given(ctx, claim, source, f)]
    if not uncovered:
        return
    lang = ctx.lang
    results = "; ".join(describe(f, source, lang) for f in uncovered)
    _issue(ctx, claim, "missing-comparator", "accurate", severity="warning", source=source, finding=finding,
           stated=claim.text, comparators=results, fixes={"comparators": results,
                                                           "value": describe(finding, source, lang)})


def _comparator_given(ctx: Context, claim: Claim, source: Any, comparator: Any) -> bool:
    """Whether the article states the comparator finding's result: a share whose frame names that arm,
    or one that states its value, or the comparison in words ("no better than sham")."""
    amap = arm_map(source)
    arm = comparator.arm
    for other in ctx.result.claims:
        if other is claim or other.kind not in ("percentage", "ratio", "range", "effect_size") or other.frame is None:
            continue  # a result is a share (or an effect size), not a course length
        f = other.frame
        named: set[str] = set(amap.get(f.arm, ())) if f.arm else set()
        if f.comparator and f.comparator in amap and other.kind == "effect_size":
            named |= amap[f.comparator]
        if arm in named:
            return True
        if other.kind != "effect_size" and other.value is not None and comparator.value is not None \
                and compare(other.value, _qualifier(other), comparator.value) is Agreement.EXACT:
            return True
    sentence = ctx.folded_sentence(claim)
    arm_obj = source.arm(arm) if arm else None
    return arm_obj is not None and has_any(sentence, words_of(arm_obj.words, ctx.lang)) \
        and _compares(sentence, ctx.lang)


def _compares(folded: str, lang: str) -> bool:
    hits = concepts.find(folded, lang if lang in ("en", "nl") else "en", {"relation"})
    # "far more than usual care" names the comparator but not its result; only "no better than" and
    # "as good as" tell the reader what the comparison group did
    return any(h.concept in ("no-better-than", "as-good-as") for h in hits)


def _caveat_covers(ctx: Context, source: Any, finding: Any, arm_id: str | None) -> bool:
    """Whether one of the study's caveats is about this comparator: its concepts name the arm (the
    caveat concepts found in the arm's words, or "control-group" for every comparison group), or, for
    a caveat without concepts, its phrases hold the arm's words."""
    arm = source.arm(arm_id) if arm_id else None
    if arm is None:
        return False
    arm_words = {w.lower() for w in words_of(arm.words)}
    arm_concepts = {"control-group"}
    for lang in ("en", "nl"):
        for word in getattr(arm.words, lang, []) or []:
            arm_concepts |= {h.concept for h in concepts.find(word, lang, {"caveat"})}
    for caveat in source.caveats:
        if caveat.concepts:
            if arm_concepts & set(caveat.concepts):
                return True
            continue
        phrases = {p.lower() for p in words_of(caveat.phrases)}
        if arm_words & phrases:
            return True
    return False


# --- superseded sources ------------------------------------------------------------------------------


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
