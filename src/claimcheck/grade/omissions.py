"""Omissions any article owes, register or not: HealthNewsReview's criteria read from the text itself.

Each rule is its own rule id, with its policy in ``grade/data/omissions.toml`` and its words in
``concepts/data/omission.toml``:

- ``relative-risk-only``: a benefit or risk given only in relative terms ("halves the risk", "a 20%
  lower risk") with no absolute figure or baseline near it;
- ``no-harms``: a treatment's benefit reported with no word on harms or side effects (a warning when
  the article instead calls it safe or free of side effects);
- ``no-cost``: a new test, drug or device with no word on cost or availability;
- ``no-independent-source``: the study's own people are quoted and nobody independent is;
- ``single-study-settles``: certainty language about one study ("proves", "the strongest evidence")
  with no word on other research or replication (a warning when the article itself says it, not a
  quoted researcher).

They are info unless the article's own claim depends on the omission (docs/caveats.md). One finding
per rule per article, at the sentence that makes it owed. Cost is linear in the article's length: the
concepts are found in one pass per kind, and sentences are classified only where a treatment is named.
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any

from claimcheck import concepts
from claimcheck.grade.caveats import negated
from claimcheck.grade.lexicon import fix, message
from claimcheck.model import Finding

if TYPE_CHECKING:
    from claimcheck.grade.context import Context

__all__ = ["omissions", "policy"]

_QUOTE = re.compile(r"[\"“”„«»]|(?<!\w)['‘’](?=\w)")
_REPORTED = re.compile(r"\b(said|says|told|according to|zegt|zei|aldus|vertelt|volgens|stelt)\b", re.IGNORECASE)
#: Characters after a percentage in which a direction word makes it a change ("20% lower").
_AFTER = 12
#: Characters before a percentage in which "direction ... by" makes it a change ("cut the risk by 20%").
_BEFORE = 60
_BY = re.compile(r"\b(by|met)\s+(about |around |nearly |almost |ongeveer |bijna |zo'n )?$", re.IGNORECASE)
_NAME = re.compile(r"\b[A-Z][a-z]+(?:-[A-Z][a-z]+)?\b")
#: Capitalised words that are not names of people.
_NOT_NAMES = frozenset({"the", "said", "says", "lead", "author", "senior", "study", "dr", "prof", "professor",
                        "university", "medical", "center", "centre", "school", "hospital", "institute", "and", "of",
                        "in", "at", "a", "an", "he", "she", "they", "his", "her", "de", "het", "een", "zegt"})
#: Sentences classified at most, per article (the strength classifier is the costly step).
MAX_CLASSIFIED = 200


@lru_cache(maxsize=1)
def policy() -> dict[str, dict[str, Any]]:
    """grade/data/omissions.toml: rule id -> its policy table."""
    return tomllib.loads(files("claimcheck.grade").joinpath("data/omissions.toml").read_text("utf-8"))


@dataclass(slots=True)
class _Doc:
    """One article's sentences and concept hits, found once and shared by every rule."""

    ctx: Context
    text: str
    sentences: list[tuple[int, int]]
    starts: list[int]
    hits: list[concepts.Hit]
    by_sentence: dict[int, list[concepts.Hit]]
    levels: dict[int, int]

    def sentence_of(self, offset: int) -> int:
        return max(0, bisect_right(self.starts, offset) - 1)

    def concepts_in(self, index: int) -> set[str]:
        return {h.concept for h in self.by_sentence.get(index, [])}

    def anywhere(self, ids: set[str], polarity: bool = True) -> concepts.Hit | None:
        """The first hit of `ids` in the article (not negated when `polarity`)."""
        for hit in self.hits:
            if hit.concept in ids and not (polarity and negated(self.text, self.ctx.lang, hit.start)):
                return hit
        return None

    def level(self, index: int) -> int:
        if index not in self.levels:
            if len(self.levels) >= MAX_CLASSIFIED:
                return 0
            from claimcheck.strength import classify

            lo, hi = self.sentences[index]
            self.levels[index] = classify(self.text[lo:hi]).level
        return self.levels[index]

    def claims_in(self, index: int) -> list[Any]:
        lo, hi = self.sentences[index]
        return [c for c in self.ctx.result.claims if lo <= c.start < hi]


def _doc(ctx: Context) -> _Doc:
    from claimcheck.extract.sentences import split_sentences

    text = ctx.result.document.text[: ctx.limit]
    sentences = [(s.start, s.end) for s in split_sentences(text)] or [(0, len(text))]
    # The article's own language only: word forms of one language misread the other ("halve dag").
    lang = ctx.lang if ctx.lang in ("en", "nl") else "en"
    hits: list[concepts.Hit] = []
    for kinds in ({"omission"}, {"caveat", "caveat-claim"}):
        hits.extend(concepts.find(text, lang, kinds))
    hits.sort(key=lambda h: h.start)
    doc = _Doc(ctx, text, sentences, [s[0] for s in sentences], hits, {}, {})
    for hit in hits:
        doc.by_sentence.setdefault(doc.sentence_of(hit.start), []).append(hit)
    return doc


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _finding(doc: _Doc, rule: str, severity: str, index: int, key: str | None = None) -> Finding:
    lo, hi = doc.sentences[index]
    sentence = _short(doc.text[lo:hi])
    line, column = doc.ctx.result.document.position(lo)
    return Finding(rule=rule, severity=severity, message=message(key or rule, doc.ctx.lang, claim=sentence),
                   start=lo, end=hi, line=line, column=column, details={"policy": rule},
                   fix=fix(key or rule, doc.ctx.lang, claim=_short(sentence, 60)))


def _ids(rule: str, key: str) -> set[str]:
    return set(policy()[rule].get(key, []))


def _quoted(doc: _Doc, index: int) -> bool:
    lo, hi = doc.sentences[index]
    sentence = doc.text[lo:hi]
    return bool(_QUOTE.search(sentence) or _REPORTED.search(sentence))


# --- the rules ------------------------------------------------------------------------------------


def _relative_risk_only(doc: _Doc) -> Finding | None:
    rule = "relative-risk-only"
    given = _ids(rule, "given")
    for index in range(len(doc.sentences)):
        found = doc.concepts_in(index)
        numbers = [c for c in doc.claims_in(index) if c.value is not None]
        relative = "relative-change" in found
        relative = relative or ("relative-verb" in found and "risk-word" in found)
        relative = relative or ("relative-measure" in found and bool(numbers))
        if not relative and {"risk-word", "change-direction"} <= found:
            relative = any(_relative_number(doc, index, c) for c in numbers if c.kind == "percentage")
        if not relative:
            continue
        near = set().union(*(doc.concepts_in(i) for i in range(max(0, index - 1), index + 2)))
        if near & given:
            continue
        return _finding(doc, rule, policy()[rule]["severity"], index)
    return None


def _relative_number(doc: _Doc, index: int, claim: Any) -> bool:
    """Whether a percentage states a change: a direction word right after it ("20% lower", "87 percent
    fewer") or "by" right before it after a direction word ("increases by 18%", "daalde met 30%")."""
    after = [h for h in doc.by_sentence.get(index, [])
             if h.concept == "change-direction" and 0 <= h.start - claim.end <= _AFTER]
    if after:
        return True
    before = doc.text[max(doc.sentences[index][0], claim.start - _BEFORE): claim.start]
    if not _BY.search(before):
        return False
    return any(h.concept == "change-direction" and claim.start - _BEFORE <= h.start < claim.start
               for h in doc.by_sentence.get(index, []))


#: Benefit sentences looked for at most: enough to tell a story about a treatment from a passing mention.
ENOUGH_BENEFITS = 3


def _benefit_sentences(doc: _Doc) -> list[int]:
    """Sentences that name a treatment and claim an effect (strength level 2 or 3), the first few."""
    out: list[int] = []
    for index in range(len(doc.sentences)):
        if {"treatment", "new-product"} & doc.concepts_in(index) and doc.level(index) >= 2:
            out.append(index)
            if len(out) >= ENOUGH_BENEFITS and any(doc.claims_in(i) for i in out):
                break
    return out


def _no_harms(doc: _Doc, benefits: list[int]) -> Finding | None:
    rule = "no-harms"
    if len(benefits) < policy()[rule].get("min_benefit_sentences", 1):
        return None  # a treatment named in passing is not a story about its benefit
    if doc.anywhere(_ids(rule, "given"), polarity=False):
        return None
    safe = doc.anywhere(_ids(rule, "escalate"))
    if safe is not None:
        return _finding(doc, rule, "warning", doc.sentence_of(safe.start), key="no-harms-safe")
    with_claim = [i for i in benefits if doc.claims_in(i)]
    return _finding(doc, rule, policy()[rule]["severity"], (with_claim or benefits)[0])


def _no_cost(doc: _Doc, benefits: list[int]) -> Finding | None:
    rule = "no-cost"
    product = doc.anywhere(_ids(rule, "trigger"))
    if product is None or not benefits or doc.anywhere(_ids(rule, "given"), polarity=False):
        return None
    if product.start > len(doc.text) * policy()[rule].get("within", 1.0):
        return None  # a story about a new product presents it early, not in passing at the end
    return _finding(doc, rule, policy()[rule]["severity"], doc.sentence_of(product.start))


def _own_names(doc: _Doc, trigger: set[str]) -> set[str]:
    """Capitalised words next to the study's own people ("Michael Mithoefer, the lead author"; "said
    lead author Suzanna Zick"): the names that mark a later quote as theirs."""
    names: set[str] = set()
    for hit in doc.hits:
        if hit.concept in trigger:
            before = doc.text[max(0, hit.start - 45): hit.start]
            after = doc.text[hit.end: hit.end + 45]
            names.update(w for w in _NAME.findall(before + " " + after) if w.lower() not in _NOT_NAMES)
    return names


def _independent_quote(doc: _Doc, trigger: set[str]) -> bool:
    """Whether someone described as an expert (or an organisation) is quoted who is not one of the
    study's own people."""
    own = _own_names(doc, trigger)
    for index in range(len(doc.sentences)):
        found = doc.concepts_in(index)
        if not found & _ids("no-independent-source", "speaker") or found & trigger or not _quoted(doc, index):
            continue
        lo, hi = doc.sentences[index]
        if not set(_NAME.findall(doc.text[lo:hi])) & own:
            return True
    return False


def _no_independent_source(doc: _Doc) -> Finding | None:
    rule = "no-independent-source"
    trigger = _ids(rule, "trigger")
    own = doc.anywhere(trigger)
    if own is None or doc.anywhere(_ids(rule, "given")):
        return None
    if doc.anywhere({"study-report"}, polarity=False) is None or _independent_quote(doc, trigger):
        return None
    return _finding(doc, rule, policy()[rule]["severity"], doc.sentence_of(own.start))


def _single_study_settles(doc: _Doc) -> Finding | None:
    rule = "single-study-settles"
    trigger = _ids(rule, "trigger")
    if doc.anywhere(_ids(rule, "given")):
        return None
    for hit in doc.hits:
        if hit.concept not in trigger or negated(doc.text, doc.ctx.lang, hit.start):
            continue
        index = doc.sentence_of(hit.start)
        if "study-report" not in doc.concepts_in(index):
            continue  # certainty about a study, in the sentence that names it
        severity = policy()[rule]["severity"]
        if policy()[rule].get("escalate_unquoted") and not _quoted(doc, index):
            severity = "warning"
        return _finding(doc, rule, severity, index)
    return None


def omissions(ctx: Context) -> list[Finding]:
    """Findings for the omissions the article makes (at most one per rule)."""
    if not ctx.result.document.text[: ctx.limit].strip():
        return []
    doc = _doc(ctx)
    benefits = _benefit_sentences(doc)
    found = [
        _relative_risk_only(doc),
        _no_harms(doc, benefits),
        _no_cost(doc, benefits),
        _no_independent_source(doc),
        _single_study_settles(doc),
    ]
    return [f for f in found if f is not None]
