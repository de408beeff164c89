"""Claim frames: what each number is a number *of*, read from its own clause (docs/seams.md §2).

    fill_frames(text, lang, claims, sentences)

sets `claim.frame` on every numeric claim: the clause it stands in (a sentence is cut between two
numbers at the first separator after the first: "90% felt better and 66% were pain-free" is two
clauses), the group it is of (the denominator phrase, its size, its scope: whole / arm / population;
"of them" is resolved to the people counted earlier in the paragraph), the arm (an intervention
named in the clause, not the one that names the trial: "the trial of PRT"), the comparator, the
outcome and the time point (in weeks, with its relation: at / within / after / lasting).

Vocabulary is concept data (`concepts/data/outcome.toml`, `group.toml`, `time.toml`,
`intervention.toml`), matched on every inflected form; separators and unit factors are in
`extract/data/frames.toml`. Concepts are looked up once per sentence and shared by its clauses, so the
cost is linear in the text's length. Nothing here looks at the register.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache
from itertools import pairwise

from claimcheck import concepts
from claimcheck.extract.lexicon import alternation, load
from claimcheck.model import NUMERIC_KINDS, Claim, Frame, Sentence
from claimcheck.textfold import fold

__all__ = ["fill_frames", "weeks_of"]

_NONE = concepts.Concept("", "", {})
#: Concept kinds looked up apart, so that one kind's phrase never hides another's ("mensen die PRT
#: kregen" is a group and holds an intervention); outcomes and conditions share a pass so that
#: "chronic back pain" (a condition) is not read as the outcome "chronic".
_PASSES = (frozenset({"outcome", "condition"}), frozenset({"group"}), frozenset({"time"}),
           frozenset({"intervention"}))
_PEOPLE_UNITS = frozenset({"people"})
_PARAGRAPH = re.compile(r"\n[ \t]*\n")
#: "33 of 50", "33 van de 50": a ratio whose denominator is the group's size (not "two-fifths").
_N_OF_M = re.compile(r"\d\s+(?:of|van|uit|out\s+of)\s+(?:the\s+|de\s+)?\d", re.IGNORECASE)
#: A claim kind that states a share of a group.
_SHARES = frozenset({"percentage", "ratio"})


@cache
def _data() -> dict:
    return load("frames")


@cache
def _separator_res(lang: str) -> tuple[re.Pattern[str], ...]:
    """The separator patterns, strongest tier first."""
    out = []
    for tier in ("strong", "comma", "weak"):
        parts = []
        for sep in sorted(_data()["separators"][tier][lang], key=len, reverse=True):
            body = r"\s+".join(re.escape(w) for w in sep.split())
            if sep.strip()[:1].isalpha():
                body = r"(?<![\w])" + body
            if sep.strip()[-1:].isalpha():
                body += r"(?![\w])"
            parts.append(body)
        out.append(re.compile("|".join(parts), re.IGNORECASE))
    return tuple(out)


def _separator(text: str, lang: str, start: int, end: int) -> re.Match[str] | None:
    """The first separator of the strongest tier found between two numbers."""
    for pattern in _separator_res(lang):
        m = pattern.search(text, start, end)
        if m is not None:
            return m
    return None


@cache
def _comparator_re(lang: str) -> re.Pattern[str]:
    words = _data()["comparator_before"][lang]
    # up to three words between the marker and the intervention: "than those on usual care", "dan met"
    return re.compile(r"(?<![\w])" + alternation(words) + r"(?:\s+[^\W\d_][\w'’-]*){0,3}\s+$", re.IGNORECASE)


def weeks_of(value: float | None, unit: str | None) -> float | None:
    """A duration in weeks (None when the unit is no time unit)."""
    if value is None or not unit:
        return None
    factor = _data()["weeks_per_unit"].get(unit.strip().lower())
    return None if factor is None else round(value * factor, 2)


@dataclass(slots=True)
class _Sentence:
    start: int
    end: int
    hits: list[concepts.Hit]


def _hits(text: str, lang: str, start: int, end: int) -> list[concepts.Hit]:
    hits = [h for kinds in _PASSES for h in concepts.find(text, lang, kinds, start, end)]
    hits.sort(key=lambda h: (h.start, h.end))
    return hits


def _paragraph_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in _PARAGRAPH.finditer(text)]


def fill_frames(text: str, lang: str, claims: list[Claim], sentences: list[Sentence]) -> None:
    """Fill `claim.frame` for every numeric claim of `claims` (in place)."""
    numeric = sorted((c for c in claims if c.kind in NUMERIC_KINDS), key=lambda c: (c.start, c.end))
    if not numeric:
        return
    paragraphs = _paragraph_starts(text)
    by_sentence: dict[tuple[int, int], list[Claim]] = {}
    for c in numeric:
        s, e = (c.sentence_start, c.sentence_end) if c.sentence_start is not None else (c.start, c.end)
        by_sentence.setdefault((s, e), []).append(c)  # type: ignore[arg-type]
    people: list[Claim] = []  # people counted so far, for "of them"
    last_share: Claim | None = None  # the last share with an outcome, for "So did 20% in the placebo group"
    for (s, e), group in sorted(by_sentence.items()):
        sent = _Sentence(s, e, _hits(text, lang, s, e))
        clauses = [_trim(text, lang, c, cs, ce) for c, (cs, ce) in zip(group, _clauses(text, lang, group, s, e),
                                                                         strict=True)]
        frames = [_frame(text, lang, c, cs, ce, sent, group) for c, (cs, ce) in zip(group, clauses, strict=True)]
        for c, f in zip(group, frames, strict=True):
            c.frame = f
        _leading_groups(text, lang, group)
        _inherit(text, lang, group, sent)
        for c in group:
            f = c.frame
            assert f is not None
            if f.group and f.group.startswith("@"):
                _resolve_pronoun(c, f, people, paragraphs)
            if c.kind in ("sample_size", "count") and (c.unit in _PEOPLE_UNITS) and c.value:
                people.append(c)
            if c.kind in _SHARES | {"range"} and f.outcome is None and last_share is not None \
                    and last_share.frame is not None and _same_paragraph(paragraphs, last_share.start, c.start) \
                    and _elliptical(text, lang, c, f, sent, group, whole=True):
                # an ellipsis across sentences: the share before says what was measured, and when
                lf = last_share.frame
                f.outcome = lf.outcome
                if f.timepoint is None:
                    f.timepoint, f.timepoint_weeks, f.timepoint_relation = (
                        lf.timepoint, lf.timepoint_weeks, lf.timepoint_relation)
        for c in group:
            if c.kind in _SHARES and c.frame is not None and c.frame.outcome \
                    and not _is_scale(text, lang, c, c.frame.clause_start or c.start):
                last_share = c


# --- clauses -----------------------------------------------------------------------------------------


def _clauses(text: str, lang: str, claims: list[Claim], s: int, e: int) -> list[tuple[int, int]]:
    """Each claim's clause: cut between neighbouring numbers at the first separator after the first."""
    cuts: list[int] = [s]
    ends: list[int] = []
    prev: Claim | None = None
    for c in claims:
        if prev is not None:
            if c.start < prev.end:  # nested or overlapping claims share a clause
                ends.append(-1)
                cuts.append(-1)
                prev = c if c.end > prev.end else prev
                continue
            m = _separator(text, lang, prev.end, c.start)
            if m is None:
                ends.append(-1)
                cuts.append(-1)
            else:
                ends.append(m.start())
                cuts.append(m.end())
        prev = c
    ends.append(e)
    # merge: a claim without a cut before it shares the previous claim's clause
    out: list[tuple[int, int]] = []
    start = s
    spans: list[list[int]] = []
    for i in range(len(claims)):
        if i > 0 and cuts[i] != -1:
            start = cuts[i]
        spans.append([start, -1])
    end = e
    for i in range(len(claims) - 1, -1, -1):
        if i + 1 < len(claims) and ends[i] != -1:
            end = ends[i]
        spans[i][1] = end
    for a, b in spans:
        out.append((a, max(a, b)))
    return out


@cache
def _relative_re(lang: str) -> re.Pattern[str]:
    seps = _data()["separators"]["relative"][lang]
    return re.compile("|".join(re.escape(x).replace(r"\ ", r"\s+") for x in sorted(seps, key=len, reverse=True)),
                      re.IGNORECASE)


def _trim(text: str, lang: str, claim: Claim, cs: int, ce: int) -> tuple[int, int]:
    """A relative clause after the number closes its clause ("151 men and women, of whom ...")."""
    m = _relative_re(lang).search(text, claim.end, ce)
    return (cs, m.start()) if m is not None else (cs, ce)


# --- one frame ---------------------------------------------------------------------------------------


def _frame(text: str, lang: str, claim: Claim, cs: int, ce: int, sent: _Sentence, siblings: list[Claim]) -> Frame:
    frame = Frame(clause_start=cs, clause_end=ce)
    hits = [h for h in sent.hits if cs <= h.start and h.end <= ce]
    concept = concepts.concept
    study_spans = [h for h in hits if (concept(h.concept) and concept(h.concept).get("role") == "study")]  # type: ignore[union-attr]
    interventions = [h for h in hits if h.kind == "intervention" and not _names_study(text, h, study_spans, ce)]
    # arm and comparator
    comp_re = _comparator_re(lang)
    arms, comparators = [], []
    for h in interventions:
        (comparators if comp_re.search(text, max(cs, h.start - 30), h.start) else arms).append(h)
    if arms:
        frame.arm = _nearest(arms, claim).concept
    if comparators:
        frame.comparator = _nearest(comparators, claim).concept
    # outcome
    conditions = set(_data()["outcomes"]["conditions"])
    outcomes = [h for h in hits if (h.kind == "outcome" or h.concept in conditions) and not _counts_only(h.concept)
                and not (claim.start <= h.start and h.end <= claim.end and claim.kind != "duration")]
    if _is_magnitude(text, lang, claim, ce):
        return frame  # "at least one-third less pain": how much better, not a share of people
    if _is_scale(text, lang, claim, cs):
        frame.outcome = "pain-score"  # "rated their pain 0 or 1 out of 10": a score, not a share
        _time(text, lang, claim, frame, hits, siblings, cs, ce)
        return frame
    counted = _counted_outcome(claim)
    if counted == "participants":
        # "33 of them were pain-free": people counted by what happened to them
        verbs = _people_verb_re(lang)
        after = [h for h in outcomes if 0 <= h.start - claim.end <= 40 and verbs.search(text, claim.end, h.start)]
        frame.outcome = after[0].concept if after and not any(_role(h) == "receive" for h in hits) else counted
    elif counted is not None:
        frame.outcome = counted
    elif outcomes:
        # a score in points reports a scale (function, pain score); a share reports who improved or
        # recovered ("60% had improved function" is the share improved)
        points = claim.unit == "points"
        preferred = [h for h in outcomes if bool((concepts.concept(h.concept) or _NONE).get("scale")) == points]
        frame.outcome = _nearest(preferred or outcomes, claim, prefer_after=True).concept
    # group
    _group(text, lang, claim, frame, hits, arms, siblings)
    # time point
    _time(text, lang, claim, frame, hits, siblings, cs, ce)
    return frame


@cache
def _people_verb_re(lang: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w])" + alternation(_data()["people_outcome"]["verbs"][lang]) + r"(?![\w])", re.IGNORECASE)


@cache
def _scale_before_re(lang: str) -> re.Pattern[str]:
    words = _data()["scale"]["before"][lang]
    return re.compile(r"(?<![\w])" + alternation(words) + r"(?:\s+[\w'’]+){0,3}\s*$", re.IGNORECASE)


@cache
def _magnitude_re(lang: str) -> re.Pattern[str]:
    words = _data()["magnitude"]["after"][lang]
    return re.compile(r"\s*(?:" + alternation(words) + r")(?![\w])", re.IGNORECASE)


def _is_magnitude(text: str, lang: str, claim: Claim, ce: int) -> bool:
    """A share followed by "less", "more", "lower": the size of a change, not a share of a group."""
    return claim.kind in _SHARES and bool(_magnitude_re(lang).match(text, claim.end, ce))


def _is_scale(text: str, lang: str, claim: Claim, cs: int) -> bool:
    """ "0 or 1 out of 10", "een 3 op 10", "scored 4/10": a point on a rating scale."""
    if claim.kind != "ratio" or claim.details.get("denominator") not in _data()["scale"]["maxima"]:
        return False
    before = text[max(cs, claim.start - 40):claim.start]
    first = "|".join([r"\d+", *(re.escape(w) for w in _data()["scale"]["after_number"][lang])])
    return bool(re.search(rf"(?<![\w])(?:{first})\s+(?:or|of|to|tot|-)\s*$", before, re.IGNORECASE)
                or _scale_before_re(lang).search(before))


def _nearest(hits: list[concepts.Hit], claim: Claim, prefer_after: bool = False) -> concepts.Hit:
    def distance(h: concepts.Hit) -> tuple[int, int]:
        if h.start >= claim.end:
            d = h.start - claim.end
        elif h.end <= claim.start:
            d = claim.start - h.end + (15 if prefer_after else 0)
        else:
            d = 0
        return d, h.start
    return min(hits, key=distance)


def _names_study(text: str, hit: concepts.Hit, studies: list[concepts.Hit], ce: int) -> bool:
    """An intervention that names the trial ("the trial of PRT", "the PRT trial"), not an arm."""
    reach = int(_data()["limits"]["study_reach"])
    toks = concepts.tokens(text)
    for s in studies:
        if s.end <= hit.start:
            between = toks.index_at(hit.start) - toks.index_at(s.end)
            if between <= reach and s.text.strip().lower().split()[-1] in ("of", "on", "into", "naar", "over", "met",
                                                                            "testing"):
                return True
        if s.start >= hit.end and toks.index_at(s.start) - toks.index_at(hit.end) == 0:
            return True  # "the PRT trial", "de PRT-studie"
    return False


def _counts_only(concept_id: str) -> bool:
    c = concepts.concept(concept_id)
    return bool(c and c.get("counts"))


def _counted_outcome(claim: Claim) -> str | None:
    """Counts count what their unit says: people are participants, sessions are sessions."""
    counted_range = claim.kind == "range" and claim.unit in ("people", "sessions")
    if claim.kind not in ("sample_size", "count") and not counted_range:
        return None
    if claim.unit in _PEOPLE_UNITS:
        return "participants"
    if claim.unit == "sessions":
        return "sessions"
    # other counts count their unit: studies, centres, cases ("97 trials" reports a number of studies)
    return f"count:{claim.unit}" if claim.unit else None


def _role(h: concepts.Hit) -> str:
    c = concepts.concept(h.concept)
    return str(c.get("role", "")) if c else ""


def _scope(h: concepts.Hit) -> str | None:
    c = concepts.concept(h.concept)
    return c.get("scope") if c else None


def cs_of(frame: Frame) -> int:
    return frame.clause_start or 0


def _group(text: str, lang: str, claim: Claim, frame: Frame, hits: list[concepts.Hit], arms: list[concepts.Hit],
           siblings: list[Claim]) -> None:
    """The denominator phrase of a share, or whose count a count of people is."""
    reach = int(_data()["limits"]["group_reach_chars"])
    if claim.kind in ("sample_size", "count") or (claim.kind == "range" and claim.unit == "people"):
        if claim.unit not in _PEOPLE_UNITS:
            return
        frame.group = claim.subject
        receives = [h for h in hits if _role(h) == "receive"]
        if _leading_re(lang).search(text, max(cs_of(frame), claim.start - 12), claim.start):
            frame.group_scope = "whole"  # "Van de 151 deelnemers kregen er 50 PRT": the 151 are the group
            return
        arm_groups = [h for h in hits if _scope(h) == "arm" and 0 <= h.start - claim.end <= reach
                      and any(abs(a.start - h.end) <= 25 or abs(h.start - a.end) <= 25 for a in arms)]
        if (receives or arm_groups) and len({h.concept for h in arms}) == 1:
            frame.group_scope = "arm"
        else:
            frame.group_scope = "whole"
        # "Of them, 200 ...", "Vijftig van hen kregen PRT": counted out of the people named before
        pronoun = [h for h in hits if _role(h) == "pronoun" and (claim.start - 12 <= h.start <= claim.end + 2 or (
            h.end <= claim.start and not re.search(r"\d", text[h.end:claim.start])))]
        if pronoun:
            frame.group = "@" + pronoun[-1].text
            return
        # "Of the 120 participants, 150 completed": counted out of the group just before
        for other in siblings:
            if other is not claim and other.unit in _PEOPLE_UNITS and other.end <= claim.start \
                    and claim.start - other.end <= 30 and _leading_re(lang).search(text, max(0, other.start - 12),
                                                                                other.start) \
                    and other.value is not None:
                frame.group = text[other.start:other.end]
                frame.group_size = int(other.value) if float(other.value).is_integer() else None
        return
    if claim.kind not in _SHARES and claim.kind != "range":
        return
    groups = [h for h in hits if _role(h) in ("group", "pronoun")
              and (claim.end <= h.start <= claim.end + reach or claim.start - reach <= h.end <= claim.start)]
    if claim.kind == "ratio" and claim.details.get("denominator") and claim.details.get("numerator", 0) > 1 \
            and _N_OF_M.search(claim.text):
        frame.group_size = int(claim.details["denominator"])
    if not groups:
        return
    g = _nearest(groups, claim, prefer_after=True)
    if _role(g) == "pronoun":
        frame.group = "@" + g.text
        return
    start = claim.end if g.start >= claim.end else g.start
    phrase = text[start:g.end].strip(" ,;:()[]\n\t")
    frame.group = phrase or g.text
    scope = _scope(g)
    # an arm word next to a group noun makes it that arm's group ("the PRT group", "those given PRT",
    # "the people in the real and simulated acupuncture groups")
    for h in [g, *(h for h in groups if _scope(h) == "arm")]:
        if any(abs(a.start - h.end) <= 25 or abs(h.start - a.end) <= 25 for a in arms):
            scope = "arm"
    frame.group_scope = scope
    # the group's size when the phrase states it: "of all 151 participants"
    lo, hi = min(claim.end, g.start), g.end
    for other in siblings:
        if other is not claim and other.unit in _PEOPLE_UNITS and lo <= other.start and other.end <= hi + 2 \
                and other.value is not None:
            frame.group_size = int(other.value)


def _time(text: str, lang: str, claim: Claim, frame: Frame, hits: list[concepts.Hit], siblings: list[Claim],
          cs: int, ce: int) -> None:
    times = [h for h in hits if h.kind == "time"]
    markers = [h for h in times if concepts.concept(h.concept) and concepts.concept(h.concept).get("marker")]  # type: ignore[union-attr]
    fixed = [h for h in times if h not in markers]
    if claim.kind == "duration" or (claim.kind == "range" and claim.details.get("base") == "duration"):
        frame.timepoint = claim.text
        value = claim.value if claim.kind == "duration" else claim.details.get("high")
        frame.timepoint_weeks = weeks_of(value, claim.unit)
        # None when no word says how the duration relates ("eight sessions over four weeks")
        frame.timepoint_relation = _relation(text, lang, claim.start, claim.end, markers, fixed)
        return
    durations = [o for o in siblings if o is not claim and _is_duration(o) and cs <= o.start and o.end <= ce
                 and not (o.start < claim.end and claim.start < o.end)]
    if durations:
        # the duration next to the outcome word is when it was measured; another one may be how long
        # the treatment took ("who did the therapy for a month were pain-free up to a year later")
        anchor = _outcome_hit(hits, frame.outcome)
        d = min(durations, key=lambda o: abs(o.start - (anchor.end if anchor is not None else claim.start)))
        frame.timepoint = d.text
        frame.timepoint_weeks = weeks_of(d.value if d.kind == "duration" else d.details.get("high"), d.unit)
        frame.timepoint_relation = _relation(text, lang, d.start, d.end, markers, fixed) or "at"
        return
    if fixed:
        h = _nearest(fixed, claim)
        c = concepts.concept(h.concept)
        frame.timepoint = (c.get("label") if c else None) or h.text
        weeks = c.get("weeks") if c else None
        frame.timepoint_weeks = float(weeks) if weeks is not None else None
        relation = _relation(text, lang, h.start, h.end, markers, [])
        frame.timepoint_relation = relation or (c.get("relation") if c else None) or "at"


def _is_duration(claim: Claim) -> bool:
    return claim.kind == "duration" or (claim.kind == "range" and claim.details.get("base") == "duration")


def _outcome_hit(hits: list[concepts.Hit], outcome: str | None) -> concepts.Hit | None:
    found = [h for h in hits if outcome and h.concept == outcome]
    return found[0] if found else None


def _relation(text: str, lang: str, start: int, end: int, markers: list[concepts.Hit],
              fixed: list[concepts.Hit]) -> str | None:
    """How a duration relates to its result: a marker inside it ("a year later", "een jaar lang"),
    else one just before it ("within", "na", "for") or just after it, else a time phrase inside it
    ("a year later" as one phrase), else a permanence word in the clause ("for good")."""
    own = [(h, concepts.concept(h.concept) or _NONE) for h in concepts.find(text[start:end], lang, {"time"})]
    for _, c in reversed(own):
        if c.get("marker") and c.get("relation"):
            return str(c.get("relation"))
    best: tuple[int, str] | None = None
    for h in markers:
        if start <= h.start and h.end <= end:
            continue
        if h.start < start < h.end:
            gap = 0  # "for a full" + "a full year": the marker reaches into the duration
        elif h.end <= start and start - h.end <= 12:
            gap = start - h.end
        elif h.start >= end and h.start - end <= 3:
            gap = h.start - end
        else:
            continue
        c = concepts.concept(h.concept)
        rel = str(c.get("relation")) if c else None
        if rel and (best is None or gap < best[0]):
            best = (gap, rel)
    if best is not None:
        return best[1]
    for _, c in reversed(own):
        if c.get("relation"):
            return str(c.get("relation"))
    for h in fixed:
        c = concepts.concept(h.concept)
        if c and c.get("relation") == "lasting" and c.get("weeks") is None:
            return "lasting"
    return None


# --- sentence-level inheritance and "of them" ---------------------------------------------------------


@cache
def _leading_re(lang: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w])" + alternation(_data()["leading_group"][lang]) + r"\s+$", re.IGNORECASE)


def _leading_groups(text: str, lang: str, claims: list[Claim]) -> None:
    """ "Of the 151 participants, 66% ...": the people counted right before a share are its group."""
    for prev, claim in pairwise(claims):
        f, pf = claim.frame, prev.frame
        if f is None or pf is None or f.group is not None or claim.kind not in _SHARES:
            continue
        if prev.unit not in _PEOPLE_UNITS or prev.value is None or claim.start - prev.end > 25:
            continue
        if re.search(r"[^\W\d_]{4,}", text[prev.end:claim.start]) and not re.match(r"\s*,", text[prev.end:]):
            continue  # a verb or a noun between them: "151 took part and 66% ..."
        lead = _leading_re(lang).search(text, max(0, prev.start - 12), prev.start)
        if lead is None:
            continue
        f.group = text[lead.start():prev.end]
        f.group_size = int(prev.value) if float(prev.value).is_integer() else None
        f.group_scope = pf.group_scope or "whole"
        if pf.arm and f.arm is None:
            f.arm = pf.arm


def _inherit(text: str, lang: str, claims: list[Claim], sent: _Sentence) -> None:
    """Slots a clause leaves out are read from its sentence: the outcome of a neighbouring clause
    ("66% with PRT were pain-free, against 20% with placebo") and the sentence's time point."""
    frames = [c.frame for c in claims]
    for i, (c, f) in enumerate(zip(claims, frames, strict=True)):
        assert f is not None
        # "50 kregen PRT, 51 een placebo en 50 gebruikelijke zorg": the verb is said once
        if c.unit in _PEOPLE_UNITS and f.arm and f.group_scope == "whole" and any(
                o.unit in _PEOPLE_UNITS and o.frame is not None and o.frame.group_scope == "arm"
                for o in claims[:i]):
            f.group_scope = "arm"
        if f.outcome is None and c.kind in _SHARES | {"range"} and _elliptical(text, lang, c, f, sent, claims):
            for j in sorted(range(len(claims)), key=lambda j: (abs(j - i), j > i)):
                other = frames[j]
                lends = claims[j].kind in _SHARES | {"range", "duration"}
                if j != i and other is not None and other.outcome and lends \
                        and not (claims[j].kind == "ratio" and other.outcome == "pain-score"):
                    f.outcome = other.outcome
                    break
        if f.outcome is None and _is_duration(c) and f.timepoint_relation == "lasting" and i > 0:
            # "..., and they stayed that way for one year": what lasted is the clause before
            prev = frames[i - 1]
            if prev is not None and prev.outcome:
                f.outcome = prev.outcome
        if f.timepoint is None and c.kind != "duration":
            for j in sorted(range(len(claims)), key=lambda j: abs(j - i)):
                other = frames[j]
                # a duration lends its time only when its own clause says what lasted ("een jaar lang
                # klachtenvrij: ..."), not a course length or how long people had pain
                # ("After eight weeks, 60% ...": a time marker makes it the sentence's time point)
                # (or when its clause says nothing else: "For a whole year, 66% had no pain")
                if j != i and other is not None and other.timepoint and (
                        not _is_duration(claims[j]) or other.outcome
                        or other.timepoint_relation in ("at", "within", "after")
                        or _elliptical(text, lang, claims[j], other, sent, claims)):
                    f.timepoint, f.timepoint_weeks, f.timepoint_relation = (
                        other.timepoint, other.timepoint_weeks, other.timepoint_relation)
                    break


@cache
def _ellipsis_sets(lang: str) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    data = _data()["ellipsis"]
    return tuple(frozenset(fold(w) for w in data[key][lang]) for key in ("verbs", "skip", "function"))  # type: ignore[return-value]


def _elliptical(text: str, lang: str, claim: Claim, frame: Frame, sent: _Sentence, claims: list[Claim],
                whole: bool = False) -> bool:
    """Whether the clause (the sentence, with `whole`) has no predicate of its own — no verb together
    with a word of its own besides its numbers and their arm, group and time phrases: then it means what
    the clause before it said ("against 20% with placebo"), not something else ("while 95% were
    satisfied")."""
    start = sent.start if whole else (frame.clause_start or sent.start)
    end = sent.end if whole else (frame.clause_end or sent.end)
    covered = [(c.start, c.end) for c in claims if start <= c.start < end]
    covered += [(h.start, h.end) for h in sent.hits if start <= h.start < end and h.kind != "outcome"]
    verbs, skip, function = _ellipsis_sets(lang)
    copulas = frozenset(fold(w) for w in _data()["ellipsis"]["copulas"][lang])
    toks = concepts.tokens(text)
    words: list[tuple[str, bool, bool]] = []  # (word, the clause's own content, inside a number claim)
    for i in range(toks.index_at(start), len(toks)):
        s, e = toks.starts[i], toks.ends[i]
        if s >= end:
            break
        word = toks.words[i]
        if word in skip:
            continue
        inside = any(a <= s and e <= b for a, b in claims_spans(claims, start, end))
        own = not (any(a <= s and e <= b for a, b in covered) or word.isdigit() or word in function
                   or word in verbs)
        words.append((word, own, inside))
    # a verb and a word of the clause's own anywhere in it (Dutch puts the number between them:
    # "en voelde 80 procent zich hoopvoller"); a copula before the number is no predicate of its own
    predicate = any(w in verbs and not (w in copulas and i + 1 < len(words) and words[i + 1][2])
                    for i, (w, _, _) in enumerate(words))
    return not (predicate and any(own for _, own, _ in words))


def claims_spans(claims: list[Claim], start: int, end: int) -> list[tuple[int, int]]:
    return [(c.start, c.end) for c in claims if start <= c.start < end]


def _same_paragraph(paragraphs: list[int], a: int, b: int) -> bool:
    return bisect_right(paragraphs, a) == bisect_right(paragraphs, b)


def _resolve_pronoun(claim: Claim, frame: Frame, people: list[Claim], paragraphs: list[int]) -> None:
    """ "Of them, 66% ...": the group is the people counted last before, in the same paragraph."""
    written = (frame.group or "@")[1:]
    frame.group = written or None
    para = paragraphs[bisect_right(paragraphs, claim.start) - 1]
    earlier = [p for p in people if para <= p.start < claim.start]
    if not earlier:
        return
    ref = earlier[-1]
    rf = ref.frame
    frame.group_size = int(ref.value) if ref.value is not None and float(ref.value).is_integer() else None
    if frame.group_scope is None:
        frame.group_scope = rf.group_scope if rf is not None else "whole"
    if rf is not None and rf.arm and frame.arm is None:
        frame.arm = rf.arm
    if frame.group:
        frame.group = f"{frame.group} ({fold(ref.text)})"
