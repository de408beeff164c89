"""Recurring claims (`claims/`) and current guidance as propositions, matched by meaning.

A register proposition (docs/seams.md §4, docs/register-format.md) names a subject concept, a relation,
an object, and where relevant a value in a time window. A sentence is read into the same slots
(`claimcheck.grade.propositions`); it says a claim when it fills them — same subject concept (or a
narrower one), a relation that says the same (negation and direction understood), the same comparator
— and only then is a number compared: the claim's own number gets the entry's verdict, another number
is checked against the register's `truth` (agreeing, or a contradiction with its own message).

Guideline recommendations carry propositions too. A sentence presenting a treatment a current guideline
advises against as recommended or effective gets `conflicting-evidence`; one stating the advice of a
superseded guideline as current gets `superseded-source`; historical framing is neither.

Candidates come from an index by subject concept (built once per register), so a sentence is compared
only with the propositions about the concepts it names.

    grade_recurring(ctx, claim) -> bool   # a numeric claim, by the propositions its clause states
    grade_propositions(ctx)               # every sentence: claims without numbers, and guidance
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from claimcheck import concepts
from claimcheck.grade.context import SEVERITY, Context, has_any, label, text_in, worsen
from claimcheck.grade.lexicon import fix, message, unit_group, words
from claimcheck.grade.numbers import to_weeks
from claimcheck.grade.propositions import KINDS, Reading, broader_chain, opposes, read, relation_accepts
from claimcheck.grade.spans import starting_in
from claimcheck.model import NUMERIC_KINDS, Claim, Issue, Match

if TYPE_CHECKING:
    from claimcheck.register import Register

#: Default rule reported for a recurring claim's verdict when the entry names none.
DEFAULT_RULE = {"inaccurate": "number-mismatch", "outdated": "superseded-source", "overstated": "hype-language",
                "imprecise": "rounded-up"}
#: Relations whose comparator is a slot of its own (subject RELATION object, direction matters).
COMPARISONS = frozenset({"better-than", "worse-than", "no-better-than", "as-good-as"})
#: A stated time window matches a proposition's when within this factor of it.
WINDOW_FACTOR = 1.5


@dataclass(frozen=True, slots=True)
class Entry:
    """One register proposition with what owns it: a claims/ entry, or a guideline recommendation."""

    prop: Any
    claim: Any = None
    source: Any = None
    recommendation: Any = None

    @property
    def key(self) -> str:
        if self.claim is not None:
            return self.claim.id
        return f"{self.source.id}#{self.recommendation.id}"


@dataclass(slots=True)
class _Index:
    by_subject: dict[str, list[Entry]] = field(default_factory=dict)
    #: relation id -> propositions with it (for clauses whose subject is implicit)
    by_relation: dict[str, list[Entry]] = field(default_factory=dict)


_INDEXES: dict[str, _Index] = {}


def index(register: Register) -> _Index:
    """Propositions of the register's claims and guideline recommendations, by subject concept."""
    cached = _INDEXES.get(register.version)
    if cached is not None:
        return cached
    idx = _Index()
    for entry in register.claims.values():
        for prop in entry.propositions:
            item = Entry(prop, claim=entry)
            idx.by_subject.setdefault(prop.subject, []).append(item)
            idx.by_relation.setdefault(prop.relation, []).append(item)
    for source in register.sources.values():
        for rec in getattr(source, "recommendations", ()) or ():
            for prop in rec.propositions:
                item = Entry(prop, source=source, recommendation=rec)
                idx.by_subject.setdefault(prop.subject, []).append(item)
    _INDEXES[register.version] = idx
    return idx


# --- the document's concepts, found once --------------------------------------------------------


@dataclass(slots=True)
class _Doc:
    hits: list[concepts.Hit]
    starts: list[int]
    present: set[str]
    paragraphs: list[tuple[int, int]]
    #: readings and refutation per sentence span, read once however many claims stand in it
    readings: dict[tuple[int, int], list[Reading]] = field(default_factory=dict)
    refuted: dict[tuple[int, int], bool] = field(default_factory=dict)
    by_paragraph: dict[int, set[str]] = field(default_factory=dict)
    #: guideline recommendations already contradicted in this article (the first is the warning)
    contradicted: set[str] = field(default_factory=set)


_DOCS: dict[int, tuple[str, _Doc]] = {}


def _doc(ctx: Context) -> _Doc:
    text = ctx.result.document.text
    cached = _DOCS.get(id(ctx))
    if cached is not None and cached[0] is text:
        return cached[1]
    hits = concepts.find(text, ctx.lang, KINDS, 0, ctx.limit)
    present: set[str] = set()
    for h in hits:
        present.update(broader_chain(h.concept))
    paragraphs = []
    pos = 0
    for block in text[: ctx.limit].split("\n\n"):
        paragraphs.append((pos, pos + len(block)))
        pos += len(block) + 2
    # what the studies the article is linked to are about counts as named ("the trial of 638 adults"
    # on a study of chronic low back pain speaks of back pain without saying it)
    for source_id in _discussed(ctx):
        present |= _source_concepts(ctx.register.version, source_id, ctx.register.sources.get(source_id))
    doc = _Doc(hits, [h.start for h in hits], present, paragraphs)
    if len(_DOCS) > 64:
        _DOCS.clear()
    _DOCS[id(ctx)] = (text, doc)
    return doc


def _discussed(ctx: Context) -> list[str]:
    try:
        return list(ctx.links.discussed())
    except AttributeError:
        return []


_SOURCE_CONCEPTS: dict[tuple[str, str], set[str]] = {}


def _source_concepts(version: str, source_id: str, source: Any) -> set[str]:
    """Condition concepts of a register source's population and topic words (cached per register)."""
    key = (version, source_id)
    if key not in _SOURCE_CONCEPTS:
        out: set[str] = set()
        if source is not None:
            population = getattr(getattr(source, "population", None), "text", None)
            for lang in ("en", "nl"):
                texts = [getattr(population, lang, None) or "", *(getattr(source.topics, lang, []) or [])]
                text = " . ".join(t for t in texts if t)
                for h in concepts.find(text, lang, {"condition"}) if text else []:
                    out.update(broader_chain(h.concept))
        _SOURCE_CONCEPTS[key] = out
    return _SOURCE_CONCEPTS[key]


def _readings(ctx: Context, doc: _Doc, start: int, end: int) -> list[Reading]:
    """The readings of one sentence (cached per document)."""
    key = (start, end)
    found = doc.readings.get(key)
    if found is None:
        hits = _hits_in(doc, start, end)
        found = []
        if any(h.kind == "relation" or _relation_data(h.concept).get("implies") for h in hits):
            text = ctx.result.document.text
            found = read(text, ctx.lang, start, end, hits)  # time words are looked up only here
        doc.readings[key] = found
    return found


def _refuted_cached(ctx: Context, doc: _Doc, start: int, end: int) -> bool:
    key = (start, end)
    if key not in doc.refuted:
        doc.refuted[key] = _refuted(ctx, start, end)
    return doc.refuted[key]


def _sentences(ctx: Context, doc: _Doc) -> list[tuple[int, int]]:
    """The spans of the sentences holding a relation word: extract's sentences where a claim gives
    them, else the text between sentence ends around the word (no full re-split of the document)."""
    text = ctx.result.document.text
    known = sorted({(c.sentence_start, c.sentence_end) for c in ctx.result.claims
                    if c.sentence_start is not None and c.sentence_end is not None})
    starts = [k[0] for k in known]
    out: list[tuple[int, int]] = []
    for h in doc.hits:
        if h.kind != "relation" and not _relation_data(h.concept).get("implies"):
            continue
        if out and out[-1][0] <= h.start < out[-1][1]:
            continue
        i = bisect_right(starts, h.start) - 1
        if i >= 0 and known[i][0] <= h.start < known[i][1]:
            out.append(known[i])
            continue
        out.append(_sentence_around(text, h.start, h.end, ctx.limit))
    return out


_END = re.compile(r"[.!?](?=\s)|\n\s*\n|\n(?=\s*[-*•\u2022]\s)")


def _sentence_around(text: str, start: int, end: int, limit: int) -> tuple[int, int]:
    left = max((m.end() for m in _END.finditer(text, max(0, start - 600), start)), default=max(0, start - 600))
    m = _END.search(text, end, min(limit, end + 600))
    right = m.end() if m else min(limit, end + 600)
    while left < right and text[left].isspace():
        left += 1
    return left, right


def _hits_in(doc: _Doc, start: int, end: int) -> list[concepts.Hit]:
    i = bisect_right(doc.starts, start - 1)
    out = []
    while i < len(doc.hits) and doc.hits[i].start < end:
        if doc.hits[i].end <= end:
            out.append(doc.hits[i])
        i += 1
    return out


def _near_concepts(doc: _Doc, start: int) -> set[str]:
    """Concepts of the paragraph holding `start` and of the one before it (for implicit subjects)."""
    i = _paragraph_at(doc, start)
    if i is not None:
        out = set(_paragraph_concepts(doc, start))
        if i > 0:
            out |= _paragraph_concepts(doc, doc.paragraphs[i - 1][0])
        return out
    return set()


_PARAGRAPH_STARTS: dict[int, tuple[list[tuple[int, int]], list[int]]] = {}


def _paragraph_at(doc: _Doc, start: int) -> int | None:
    """The index of the paragraph holding `start` (paragraphs are in order and apart, see `_doc`),
    found by bisection: claims x paragraphs on a page of short paragraphs otherwise."""
    held = _PARAGRAPH_STARTS.get(id(doc.paragraphs))
    if held is None or held[0] is not doc.paragraphs or len(held[1]) != len(doc.paragraphs):
        if len(_PARAGRAPH_STARTS) > 64:
            _PARAGRAPH_STARTS.clear()
        held = (doc.paragraphs, [p[0] for p in doc.paragraphs])
        _PARAGRAPH_STARTS[id(doc.paragraphs)] = held
    i = bisect_right(held[1], start) - 1
    return i if i >= 0 and start <= doc.paragraphs[i][1] else None


def _paragraph_concepts(doc: _Doc, start: int) -> set[str]:
    i = _paragraph_at(doc, start)
    for p_start, p_end in doc.paragraphs[i:i + 1] if i is not None else ():
        if p_start <= start <= p_end:
            if p_start not in doc.by_paragraph:
                out: set[str] = set()
                for h in _hits_in(doc, p_start, p_end):
                    out.update(broader_chain(h.concept))
                doc.by_paragraph[p_start] = out
            return doc.by_paragraph[p_start]
    return set()


# --- slot matching ---------------------------------------------------------------------------------


def _related(a: str, b: str) -> bool:
    """Same concept, or one narrower than the other (sham acupuncture is a placebo)."""
    return a == b or b in broader_chain(a) or a in broader_chain(b)


def _relation_data(cid: str) -> dict:
    c = concepts.concept(cid)
    return c.data if c is not None else {}


def slots_match(prop: Any, reading: Reading, article: set[str] | None = None) -> bool:
    """Whether the reading states the proposition's subject, relation and object.

    A clause naming nothing of the subject's kind ("66% of the participants were pain-free", "after
    three months half have recovered") may leave the subject implicit when the claim is a number or a
    time window the clause states, and `article` (the concepts of this and the previous paragraph)
    names the subject.
    """
    wanted = prop.relation
    if wanted in COMPARISONS or reading.relation in COMPARISONS:
        if reading.subject is None or reading.object is None or not prop.object:
            return False
        pairs = []
        if relation_accepts(wanted, reading.relation):
            pairs.append((reading.subject, reading.object))
            if _relation_data(reading.relation).get("symmetric"):
                pairs.append((reading.object, reading.subject))
        converse = _relation_data(reading.relation).get("converse")
        if converse and relation_accepts(wanted, converse):
            pairs.append((reading.object, reading.subject))
        return any(prop.subject in broader_chain(s) and _related(o, prop.object) for s, o in pairs)
    if not relation_accepts(wanted, reading.relation):
        return False
    entities = [*reading.before, *reading.after]
    if not any(prop.subject in broader_chain(e) for e in entities):
        # "66% of the participants were pain-free", "after three months half have recovered": the clause
        # names nothing of the subject's kind and speaks of what the article is about
        subject = concepts.concept(prop.subject)
        implicit = (article is not None and subject is not None and prop.subject in article
                    and (prop.value is not None or prop.time_weeks is not None)
                    and not any(_kind(e) == subject.kind for e in entities))
        if not implicit:
            return False
    return not prop.object or prop.object in reading.present


def _kind(cid: str) -> str | None:
    c = concepts.concept(cid)
    return c.kind if c is not None else None


def context_fits(prop: Any, reading: Reading, doc: _Doc) -> bool:
    """condition named in the article, one of `requires` in the paragraph, none of `excludes` here."""
    if prop.condition and prop.condition not in doc.present:
        return False
    if any(x in reading.present for x in prop.excludes):
        return False
    for wanted in prop.requires:
        c = concepts.concept(wanted)
        # a place or journal may be named anywhere in the paragraph; other requirements in the clause
        around = _paragraph_concepts(doc, reading.start) if c is not None and c.kind in ("place", "journal") else set()
        if wanted in reading.present or wanted in around:
            return True
    return not prop.requires


# --- numbers ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Stated:
    """A number the clause states for the proposition: value or range, in the proposition's unit."""

    low: float
    high: float
    text: str
    claim: Claim | None = None
    vague: bool = False


def _unit_of(claim: Claim) -> str | None:
    if claim.kind in ("ratio", "percentage") or (claim.kind == "range" and (claim.details or {}).get("base") in (
            "percentage", "ratio")):
        return unit_group("%")
    return unit_group(claim.unit)


def _as_unit(claim: Claim, unit: str) -> tuple[float, float] | None:
    """The claim's number (or range) in `unit`, or None when it is a number of something else."""
    if claim.value is None:
        return None
    low = (claim.details or {}).get("low", claim.value) if claim.kind == "range" else claim.value
    high = (claim.details or {}).get("high", claim.value) if claim.kind == "range" else claim.value
    if unit_group(unit) in ("weeks",) or unit in ("weeks", "months", "days", "years"):
        a, b = to_weeks(float(low), claim.unit), to_weeks(float(high), claim.unit)
        if a is None or b is None:
            return None
        return a, b
    if _unit_of(claim) != unit_group(unit):
        return None
    return float(low), float(high)


def _windows(claims: list[Claim], reading: Reading | None) -> list[tuple[float, float]]:
    out = []
    for c in claims:
        if c.kind in ("duration", "range") and c.value is not None:
            w = _as_unit(c, "weeks")
            if w is not None:
                out.append(w)
        elif c.frame is not None and c.frame.timepoint_weeks is not None:
            out.append((c.frame.timepoint_weeks, c.frame.timepoint_weeks))
    if reading is not None and reading.window is not None:
        out.append(reading.window)
    return out


def _window_fits(prop: Any, windows: list[tuple[float, float]]) -> bool:
    """A stated window near the proposition's; without a value the window is the claim and must be stated."""
    if prop.time_weeks is None:
        return True
    if not windows:
        return prop.value is not None
    t = prop.time_weeks
    return any(lo <= t * WINDOW_FACTOR and hi >= t / WINDOW_FACTOR for lo, hi in windows)


def _fits_value(prop: Any, low: float, high: float, vague: bool = False) -> bool:
    """Whether a stated number (or range) is the claim's own; a vague amount must lie near it whole."""
    v = prop.value
    tol = prop.tolerance if prop.tolerance is not None else max(1.0, abs(v) * 0.1)
    if prop.qualifier == "less_than":
        return high <= v + tol
    if prop.qualifier == "more_than":
        return low >= v - tol
    if vague:
        return abs((low + high) / 2 - v) <= tol  # "nearly all" (90-100) is 90%; "most" (50-100) is neither 50 nor 90
    return low - tol <= v <= high + tol


def _fits_truth(truth: Any, low: float, high: float, vague: bool = False) -> bool:
    """Whether a stated number agrees with the register's; a vague amount ("most") must overlap it
    beyond a boundary ("most" is more than half, so it does not fit "fewer than half")."""
    t_low = truth.low if truth.low is not None else truth.value
    t_high = truth.high if truth.high is not None else truth.value
    if t_low is None or t_high is None:
        return True
    if vague:
        return t_low - truth.tolerance < high and low < t_high + truth.tolerance
    return t_low - truth.tolerance <= high and low <= t_high + truth.tolerance


# --- what a match says -------------------------------------------------------------------------------


def _refuted(ctx: Context, start: int, end: int) -> bool:
    return has_any(ctx.folded[start:end], list(words("refuting")))


def _historical(ctx: Context, start: int, end: int, source: Any = None) -> bool:
    links = ctx.links
    try:
        if links.historical(start, end):
            return True
    except (AttributeError, TypeError):
        pass
    if source is not None:
        years = [int(y) for y in re.findall(r"\b(19[5-9]\d|20[0-4]\d)\b", ctx.folded[start:end])]
        return any(y < source.year for y in years)
    return False


def _first_source(entry: Any, discussed: list[str] | None = None) -> tuple[str | None, str | None]:
    """The entry's source (and finding) to name: one the article discusses when there is one."""
    refs = [tuple(f.partition("#")[::2]) for f in entry.findings] + [(s, "") for s in entry.sources]
    for source_id, finding_id in refs:
        if discussed and source_id in discussed:
            return source_id, finding_id or None
    if entry.findings:
        source_id, _, finding_id = entry.findings[0].partition("#")
        return source_id, finding_id
    return (entry.sources[0] if entry.sources else None), None


def _issue(ctx: Context, claim: Claim, rule: str, verdict: str, key: str, severity: str | None = None,
           source: str | None = None, finding: str | None = None, locator: str | None = None,
           **fields: object) -> None:
    claim.issues.append(Issue(rule=rule, severity=severity or SEVERITY[verdict],
                              message=message(key, ctx.lang, **fields), source=source, finding=finding,
                              locator=locator or None, fix=fix(key, ctx.lang, **fields)))
    worsen(claim, verdict)


def _own(prop: Any, stated: Stated | None) -> bool:
    """The stated number is the claim's own number."""
    return stated is None or prop.value is None or _fits_value(prop, stated.low, stated.high, stated.vague)


def _applies(prop: Any, stated: Stated | None) -> bool:
    """The stated number is the claim's own, or one the register's truth can judge."""
    if stated is None or prop.value is None or _fits_value(prop, stated.low, stated.high, stated.vague):
        return True
    return prop.truth is not None


def _say_claim(ctx: Context, claim: Claim, item: Entry, stated: Stated | None, score: float) -> bool:
    """The claim's sentence says the recurring claim `item`: its verdict, or a contradiction of truth.

    False when the sentence states another number and the register holds no figure to compare it with.
    """
    entry, prop = item.claim, item.prop
    if not _applies(prop, stated):
        return False
    own = stated is None or prop.value is None or _fits_value(prop, stated.low, stated.high, stated.vague)
    source_id, finding_id = _first_source(entry, _discussed(ctx))
    claim.match = Match(source=source_id, finding=finding_id, score=score, claim=entry.id)
    if source_id:
        ctx.note_match(source_id, finding_id)
    explanation = text_in(entry.explanation, ctx.lang)
    start, end = ctx.sentence_of(claim)
    if not own:
        truth = prop.truth
        truth_text = text_in(truth.text, ctx.lang)
        if _fits_truth(truth, stated.low, stated.high, stated.vague):
            worsen(claim, "accurate")  # the number agrees with the register's own figure
        else:
            _issue(ctx, claim, "number-mismatch", "inaccurate", "recurring-contradiction", source=source_id,
                   finding=finding_id, stated=stated.text or claim.text, truth=truth_text)
        return True
    verdict = entry.verdict
    if verdict == "outdated" and _historical(ctx, start, end, ctx.source(source_id)):
        verdict = "accurate"  # told as past advice, not presented as current
    worsen(claim, verdict)
    if verdict not in ("accurate", "unverified"):
        rule = entry.rule or DEFAULT_RULE.get(verdict, "number-mismatch")
        truth_text = text_in(prop.truth.text, ctx.lang) if prop.truth is not None else explanation
        _issue(ctx, claim, rule, verdict, "recurring-claim", source=source_id, finding=finding_id,
               explanation=explanation, truth=truth_text, topic=entry.topic)
    if entry.conflicting:
        _issue(ctx, claim, "conflicting-evidence", "accurate", "recurring-sources-disagree", severity="info",
               source=source_id, finding=finding_id, detail=explanation,
               truth=text_in(prop.truth.text, ctx.lang) if prop.truth is not None else explanation)
    return True


def _stated(prop: Any, numbers: list[Claim], reading: Reading) -> tuple[bool, Stated | None]:
    """(numbers fit, the number stated) for a proposition with a value; (True, None) without one."""
    if not _window_fits(prop, _windows(numbers, reading)):
        return False, None
    if prop.value is None:
        return True, None
    for c in numbers:
        span = _as_unit(c, prop.unit) if prop.unit else None
        if span is None:
            continue
        if prop.time_weeks is not None and c.kind in ("duration",) and unit_group(prop.unit) != "weeks" \
                and prop.unit not in ("weeks",):
            continue
        return True, Stated(span[0], span[1], c.text, c)
    if reading.quantity is not None and prop.unit == "%" and (prop.time_weeks is None or _windows(numbers, reading)):
        # a vague amount ("nearly all") is this claim only with the claim's window stated too
        return True, Stated(reading.quantity[0], reading.quantity[1], "", vague=True)
    return False, None


def candidates(register: Register, reading: Reading) -> list[Entry]:
    """Register propositions about a concept the reading names (or a broader one)."""
    idx = index(register)
    seen: set[int] = set()
    out: list[Entry] = []
    for h in reading.hits:
        for cid in broader_chain(h.concept):
            for e in idx.by_subject.get(cid, ()):
                if id(e) not in seen:
                    seen.add(id(e))
                    out.append(e)
    out.sort(key=lambda e: e.claim is None)  # recurring claims first, then guidance
    kinds = {_kind(h.concept) for h in reading.hits}
    for e in idx.by_relation.get(reading.relation, ()):
        # a clause naming nothing of the subject's kind may leave the subject implicit (slots_match)
        if id(e) not in seen and _kind(e.prop.subject) not in kinds:
            seen.add(id(e))
            out.append(e)
    return out


def _numbers_in(ctx: Context, start: int, end: int) -> list[Claim]:
    return [c for c in starting_in(ctx.result.claims, start, end + 1)
            if c.kind in NUMERIC_KINDS and start <= c.start and c.end <= end]


def grade_recurring(ctx: Context, claim: Claim) -> bool:
    """Grade numeric `claim` by the recurring claim its clause states; False when there is none."""
    doc = _doc(ctx)
    start, end = ctx.sentence_of(claim)
    if _refuted_cached(ctx, doc, start, end):
        return False
    readings = [r for r in _readings(ctx, doc, start, end) if r.start <= claim.start and claim.end <= r.end]
    found: list[tuple[bool, Entry, Stated]] = []
    for reading in readings:
        numbers = [claim] + [c for c in _numbers_in(ctx, reading.start, reading.end) if c is not claim]
        for item in candidates(ctx.register, reading):
            if item.claim is None or item.prop.value is None:
                continue
            near = _near_concepts(doc, reading.start)
            if not (slots_match(item.prop, reading, near) and context_fits(item.prop, reading, doc)):
                continue
            fits, stated = _stated(item.prop, numbers, reading)
            if not fits or stated is None or stated.claim is not claim:
                continue
            if _frames_agree(item.claim, claim) and _applies(item.prop, stated):
                found.append((_own(item.prop, stated), item, stated))
    # a claim whose own number the sentence states wins over one whose truth the number contradicts
    for _is_own, item, stated in sorted(found, key=lambda row: not row[0]):
        if _say_claim(ctx, claim, item, stated, 0.9):
            return True
    return False


def _frames_agree(entry: Any, claim: Claim) -> bool:
    """A claims entry's `frames` group must not disagree with the claim's frame (one arm vs everyone).

    The outcome is the proposition's relation ("recovers" takes pain-free, improved, recovered alike).
    """
    frames = entry.frames or {}
    frame = claim.frame
    if frame is None or not frames:
        return True
    group = frames.get("group")
    narrow = {"arm", "subgroup"}
    # "of all participants" vs "of one arm" is a different claim; whole vs population is not told apart
    return not (group and frame.group_scope and (group in narrow) != (frame.group_scope in narrow))


# --- the sentence pass: claims without numbers, and guidance ------------------------------------------


def grade_propositions(ctx: Context) -> None:
    """Every sentence: recurring claims stated without a number, and current guidance contradicted."""
    text = ctx.result.document.text
    doc = _doc(ctx)
    if not doc.hits:
        return
    made = 0
    claim_starts = sorted(ctx.result.claims, key=lambda c: c.start)
    positions = [c.start for c in claim_starts]
    for start, end in _sentences(ctx, doc):
        readings = _readings(ctx, doc, start, end)
        if not readings:
            continue
        lo, hi = bisect_right(positions, start - 1), bisect_right(positions, end - 1)
        in_sentence = claim_starts[lo:hi]
        said = {c.match.claim for c in in_sentence if c.match is not None and c.match.claim}
        refuted = _refuted_cached(ctx, doc, start, end)
        asked = text[start:end].rstrip().endswith("?")
        for reading in readings:
            if reading.hedged or asked:
                continue
            items = candidates(ctx.register, reading)
            retold = _retold(ctx, items, reading, doc, in_sentence)
            for item in items:
                if item.source is not None and item.source.id in retold:
                    continue  # the sentence retells the advice this guideline replaced: superseded-source
                agrees = slots_match(item.prop, reading, _near_concepts(doc, reading.start))
                if not (agrees or _opposed(item, reading)) or not context_fits(item.prop, reading, doc):
                    continue
                if item.claim is not None:
                    if item.claim.id in said or refuted or not agrees:
                        continue
                    if item.claim.verdict == "outdated" and _historical(
                            ctx, start, end, ctx.source(_first_source(item.claim)[0])):
                        continue  # told as past advice: not the claim presented as current
                    fits, stated = _stated(item.prop, _numbers_in(ctx, reading.start, reading.end), reading)
                    if not fits:
                        continue
                    if stated is not None and stated.claim is not None:
                        # a number the numeric grader left without a finding: the recurring claim grades it
                        number = stated.claim
                        if number.match is not None and number.match.claim is None and item.claim.rule and any(
                                i.rule == item.claim.rule for i in number.issues):
                            number.match.claim = item.claim.id  # the numeric grader found what the entry says
                            said.add(item.claim.id)
                        elif (number.match is None or (number.match.finding is None and number.match.claim is None
                                                       and number.verdict == "unverified")) \
                                and _frames_agree(item.claim, number) and _say_claim(ctx, number, item, stated, 0.9):
                            said.add(item.claim.id)
                        continue
                    rule = item.claim.rule
                    holder = next((c for c in in_sentence for i in c.issues if rule and i.rule == rule
                                   and reading.start <= c.start < reading.end), None)
                    if holder is not None:
                        # the clause already carries this rule (the language or attribution grader's):
                        # say which recurring claim it is, without repeating the issue
                        if holder.match is None:
                            holder.match = Match(source=_first_source(item.claim)[0], finding=None, score=0.8,
                                                 claim=item.claim.id)
                        elif holder.match.claim is None:
                            holder.match.claim = item.claim.id
                        said.add(item.claim.id)
                        continue
                    if not _applies(item.prop, stated):
                        continue
                    carrier, made = _carrier(ctx, reading, in_sentence, made, bounds=(start, end))
                    _say_claim(ctx, carrier, item, stated, 0.8)
                    said.add(item.claim.id)
                else:
                    made = _guidance(ctx, item, reading, in_sentence, made, refuted, (start, end))
    if made:
        ctx.result.claims.sort(key=lambda c: (c.start, c.end))


def _retold(ctx: Context, items: list[Entry], reading: Reading, doc: _Doc, in_sentence: list[Claim]) -> set[str]:
    """Guidelines whose predecessor's advice the sentence retells (their conflict is the old advice's)."""
    out: set[str] = set()
    near = _near_concepts(doc, reading.start)
    for item in items:
        if item.source is not None and item.source.superseded_by and slots_match(item.prop, reading, near) \
                and context_fits(item.prop, reading, doc):
            out.add(item.source.superseded_by)
    for c in in_sentence:
        for issue in c.issues:
            old = ctx.source(issue.source) if issue.rule == "superseded-source" else None
            if old is not None and old.superseded_by:
                out.add(old.superseded_by)
    return out


def _opposed(item: Entry, reading: Reading) -> bool:
    if item.recommendation is None or not opposes(item.prop.relation, reading.relation):
        return False
    entities = [*reading.before, *reading.after]
    if item.prop.object and item.prop.object not in reading.present:
        return False
    return any(item.prop.subject in broader_chain(e) for e in entities)


def _guidance(ctx: Context, item: Entry, reading: Reading, in_sentence: list[Claim], made: int,
              refuted: bool, bounds: tuple[int, int]) -> int:
    """A sentence about a guideline recommendation's subject: agreement, contradiction, or old advice."""
    source, rec = item.source, item.recommendation
    start, end = reading.start, reading.end
    agrees = slots_match(item.prop, reading, _near_concepts(_doc(ctx), reading.start))
    historical = _historical(ctx, start, end, source)
    rec_text = text_in(rec.text, ctx.lang) or rec.intervention
    where = f" ({rec.locator})" if rec.locator else ""
    if source.superseded_by:
        successor = ctx.register.sources.get(source.superseded_by)
        if not agrees or historical or refuted or successor is None:
            return made
        current = _successor_rec(successor, item.prop)
        if current is None or relation_accepts(current.propositions[0].relation, reading.relation):
            return made
        carrier, made = _carrier(ctx, reading, in_sentence, made, bounds=bounds)
        if any(i.rule == "superseded-source" for i in carrier.issues):
            return made
        now = text_in(current.text, ctx.lang) or current.intervention
        carrier.match = carrier.match or Match(source=source.id, finding=None, score=0.8)
        _issue(ctx, carrier, "superseded-source", "outdated", "guidance-superseded", source=source.id,
               locator=current.locator, src=label(source), successor=label(successor), rec=now,
               where=f" ({current.locator})" if current.locator else "")
        return made
    if agrees:
        carrier, made = _carrier(ctx, reading, in_sentence, made, create=False)
        if carrier is not None and carrier.match is None:
            carrier.match = Match(source=source.id, finding=None, score=0.7)
            worsen(carrier, "accurate")
        return made
    if historical or refuted:
        return made
    carrier, made = _carrier(ctx, reading, in_sentence, made, bounds=bounds)
    if any(i.rule in ("conflicting-evidence", "superseded-source") for i in carrier.issues):
        return made  # one contradiction of guidance per claim is enough
    carrier.match = carrier.match or Match(source=source.id, finding=None, score=0.7)
    doc = _doc(ctx)
    again = item.key in doc.contradicted  # the article's first contradiction of it is the warning
    doc.contradicted.add(item.key)
    _issue(ctx, carrier, "conflicting-evidence", "accurate" if again else "overstated", "guidance-conflict",
           severity="info" if again else "warning", source=source.id, locator=rec.locator, src=label(source),
           rec=rec_text, where=where)
    return made


def _successor_rec(successor: Any, prop: Any) -> Any:
    """The successor guideline's recommendation about the same subject, if it has one."""
    for rec in successor.recommendations:
        for p in rec.propositions:
            if p.subject == prop.subject or prop.subject in broader_chain(p.subject):
                return rec
    return None


def _carrier(ctx: Context, reading: Reading, in_sentence: list[Claim], made: int,
             create: bool = True, bounds: tuple[int, int] | None = None) -> tuple[Any, int]:
    """The claim that carries a proposition's verdict: one in the clause, else a new strength claim."""
    here = [c for c in in_sentence if reading.start <= c.start and c.end <= reading.end]
    for kind in ("strength", "attribution"):
        for c in here:
            if c.kind == kind:
                return c, made
    if not create:
        return (here[0] if here else None), made
    spans = [(h.start, h.end) for h in reading.hits] + [(reading.relation_start, reading.relation_end)]
    s = min(a for a, _ in spans)
    e = max(b for _, b in spans)
    text = ctx.result.document.text
    made += 1
    line, column = ctx.result.document.position(s)
    sentence_start, sentence_end = bounds or _sentence_bounds(in_sentence, reading)
    claim = Claim(id=f"p{made}", kind="strength", text=text[s:e], start=s, end=e,
                  sentence=text[sentence_start:sentence_end], line=line, column=column,
                  details={"type": "proposition", "relation": reading.relation},
                  sentence_start=sentence_start, sentence_end=sentence_end, verdict="unverified")
    ctx.result.claims.append(claim)
    in_sentence.append(claim)
    return claim, made


def _sentence_bounds(in_sentence: list[Claim], reading: Reading) -> tuple[int, int]:
    for c in in_sentence:
        if c.sentence_start is not None and c.sentence_end is not None:
            return c.sentence_start, c.sentence_end
    return reading.start, reading.end
