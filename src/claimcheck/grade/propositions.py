"""Read a sentence into proposition slots (docs/seams.md §4): subject, relation, object, value, window.

    read(text, lang, start, end, numbers) -> list[Reading]

The words are concepts (`claimcheck.concepts`: intervention, condition, population, place and
relation kinds), so every inflected form counts and a new word form is a data change. The reader
understands:

- negation: "not recommended" is advised-against, "niet beter dan" no-better-than, "gebruikt geen TENS"
  advised-against (a negation word shortly before the relation, or in Dutch shortly after it);
- direction: "sham did worse than acupuncture" is acupuncture better-than sham (`converse`), and
  as-good-as is symmetric;
- Dutch separable verbs: "raadt acupunctuur af" / "raadt ... aan" (`particles`);
- a negative relation scoping over a later positive one ("no evidence that acupuncture works");
- vague amounts ("nearly all") and windows ("within a few weeks") as ranges.

It never looks at the register: matching a reading with the register's propositions is
`claimcheck.grade.recurring`'s job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from claimcheck import concepts
from claimcheck.concepts import Hit

#: Concept kinds the reader looks for, in one pass (the longest phrase wins across kinds).
KINDS = frozenset({"intervention", "condition", "population", "place", "journal", "relation", "negation",
                   "quantity", "window", "alone", "hedge", "qualifier"})
#: Kinds that can fill a subject or object slot.
ENTITY_KINDS = frozenset({"intervention", "condition"})
#: How many words before a relation a negation still negates it (English and Dutch), and after it (Dutch).
NEG_BEFORE = 3
NEG_AFTER_NL = 3
#: How far (words) a Dutch separable verb's particle may stand from the verb.
PARTICLE_WINDOW = 10
#: Clause boundaries inside a sentence: a negation or a relation does not reach across them.
_CLAUSE = re.compile(r"[;]|\s[-\u2013\u2014]\s|,?\s(?:but|whereas|while|although|though|yet|maar|terwijl|"
                     r"hoewel|echter)\s", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Number:
    """A number stated in the sentence (from extract's claims): value or range, unit, window."""

    value: float
    unit: str
    low: float | None = None
    high: float | None = None
    qualifier: str | None = None
    claim_id: str | None = None
    start: int = 0
    end: int = 0


@dataclass(slots=True)
class Reading:
    """One relation the clause states, with the concepts around it."""

    relation: str
    negated: bool
    #: The clause and the relation phrase (offsets into the document's text).
    start: int
    end: int
    relation_start: int
    relation_end: int
    #: Entity concept ids before / after the relation in the clause, nearest first.
    before: list[str] = field(default_factory=list)
    after: list[str] = field(default_factory=list)
    #: Every concept id of the clause (any kind), and the entity hits with their spans.
    present: set[str] = field(default_factory=set)
    hits: list[Hit] = field(default_factory=list)
    #: A vague amount (% range) or window (weeks range) the clause states in words.
    quantity: tuple[float, float] | None = None
    window: tuple[float, float] | None = None
    #: The clause only wonders whether or how ("could work", "how it might work") or asks.
    hedged: bool = False

    @property
    def subject(self) -> str | None:
        """The nearest intervention before the relation (else the nearest entity, else the first after)."""
        return _first_intervention(self.before) or (self.before[0] if self.before else
                                                    (self.after[0] if self.after else None))

    @property
    def object(self) -> str | None:
        """The first intervention after the relation (a comparison's comparator), else the first entity."""
        return _first_intervention(self.after) or (self.after[0] if self.after else None)


def _first_intervention(ids: list[str]) -> str | None:
    return next((i for i in ids if _is_intervention([i])), None)


@lru_cache(maxsize=256)
def broader_chain(concept_id: str) -> tuple[str, ...]:
    """The concept and every concept it is narrower than: chronic-low-back-pain -> ... -> back-pain."""
    out = [concept_id]
    seen = {concept_id}
    current = concepts.concept(concept_id)
    while current is not None:
        up = current.get("broader")
        if not up or up in seen:
            break
        out.append(up)
        seen.add(up)
        current = concepts.concept(up)
    return tuple(out)


def clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The clauses of `text[start:end]` (split at ; : dashes and contrastive conjunctions)."""
    out: list[tuple[int, int]] = []
    pos = start
    for m in _CLAUSE.finditer(text, start, end):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if pos < end:
        out.append((pos, end))
    return out


def _tok_index(toks: concepts.Tokens, offset: int) -> int:
    return toks.index_at(offset)


def _relation_data(cid: str) -> dict:
    c = concepts.concept(cid)
    return c.data if c is not None else {}


def read(text: str, lang: str, start: int, end: int, hits: list[Hit] | None = None,
         times: list[Hit] | None = None) -> list[Reading]:
    """The readings of the sentence `text[start:end]`: one per relation it states, clause by clause.

    `hits` are the concept hits of the sentence (of `KINDS`) when the caller found them already for the
    whole document; otherwise they are found here. `times` are its time-concept hits (time.toml: "a
    whole year", "a fortnight"), whose `weeks` give a window when no number states one.
    """
    if hits is None:
        hits = concepts.find(text, lang, KINDS, start, end)
    if times is None:
        times = concepts.find(text, lang, {"time"}, start, end)
    hits = sorted([*hits, *(t for t in times if _relation_data(t.concept).get("weeks"))], key=lambda h: h.start)
    toks = concepts.tokens(text)
    out: list[Reading] = []
    for c_start, c_end in clauses(text, start, end):
        here = [h for h in hits if c_start <= h.start and h.end <= c_end]
        if not any(h.kind == "relation" or _relation_data(h.concept).get("implies") for h in here):
            continue
        out.extend(_read_clause(text, lang, toks, c_start, c_end, here))
    return out


def _read_clause(text: str, lang: str, toks: concepts.Tokens, start: int, end: int,
                 hits: list[Hit]) -> list[Reading]:
    present: set[str] = set()
    for h in hits:
        present.update(broader_chain(h.concept))
    quantity = window = None
    for h in hits:
        data = _relation_data(h.concept)
        if h.kind == "quantity" and quantity is None:
            quantity = (float(data.get("low", 0.0)), float(data.get("high", 100.0)))
        elif h.kind == "window" and window is None:
            window = (float(data.get("weeks_low", 0.0)), float(data.get("weeks_high", 0.0)))
        elif h.kind == "time" and window is None and data.get("weeks"):
            window = (float(data["weeks"]), float(data["weeks"]))
    negations = [h for h in hits if h.kind == "negation"]
    entities = [h for h in hits if h.kind in ENTITY_KINDS]
    readings: list[Reading] = []
    stated = {h.concept for h in hits if h.kind == "relation"}
    for h in hits:
        implied = _relation_data(h.concept).get("implies") if h.kind != "relation" else None
        if implied and implied in stated:
            continue
        if implied and implied not in stated:
            stated.add(implied)  # one implied reading per relation and clause
            # "a serious cause", "non-specific": the phrase itself says the relation
            readings.append(Reading(relation=implied, negated=False, start=start, end=end, relation_start=h.start,
                                    relation_end=h.end, before=[e.concept for e in entities if e.end <= h.end][::-1],
                                    after=[e.concept for e in entities if e.start >= h.end], present=set(present),
                                    hits=entities, quantity=quantity, window=window))
            continue
        if h.kind != "relation":
            continue
        data = _relation_data(h.concept)
        relation = h.concept
        rel_start, rel_end = h.start, h.end
        negated = False
        first_tok = _tok_index(toks, h.start)
        last_tok = _tok_index(toks, h.end) - 1
        particles = data.get("particles")
        if particles:
            found = _particle(toks, last_tok + 1, end, particles)
            if found is None:
                continue
            relation, particle_end, particle_tok = found
            negated = any(first_tok < _tok_index(toks, n.start) < particle_tok for n in negations)
            rel_end = max(rel_end, particle_end)
        else:
            negated = _negated(toks, negations, first_tok, last_tok, lang)
        needs = data.get("needs_object")
        if needs:
            following = [e for e in entities if e.start >= h.end and _tok_index(toks, e.start) - last_tok <= needs
                         and _is_intervention([e.concept])]
            if not following:
                continue
        if negated:
            flipped = _relation_data(relation).get("negated")
            if not flipped:
                continue
            relation = flipped
        before = [e.concept for e in sorted((e for e in entities if e.end <= h.start), key=lambda e: -e.start)]
        after = [e.concept for e in entities if e.start >= rel_end or (e.start >= h.end and e.end <= rel_end)]
        if particles:
            # "raadt acupunctuur af": the entity between verb and particle is the verb's object/subject
            inside = [e.concept for e in entities if h.end <= e.start and e.end <= rel_end]
            after = inside + [c for c in after if c not in inside]
        # "PRT geneest rugpijn" is a cure; "half of them will have recovered" (a share) is the natural course
        if _relation_data(relation).get("with_intervention") and entities and entities[0].end <= h.start \
                and _is_intervention([entities[0].concept]) and quantity is None \
                and not any(ch.isdigit() for ch in text[start:end]):
            relation = _relation_data(relation)["with_intervention"]
        hedged = any(x.kind == "hedge" and x.end <= h.start for x in hits) or text[end:end + 2].strip()[:1] == "?"
        readings.append(Reading(relation=relation, negated=negated, start=start, end=end, relation_start=rel_start,
                                relation_end=rel_end, before=before, after=after, present=set(present),
                                hits=entities, quantity=quantity, window=window, hedged=hedged))
    return _drop_scoped(readings)


def _is_intervention(ids: list[str]) -> bool:
    c = concepts.concept(ids[0]) if ids else None
    return c is not None and c.kind == "intervention"


def _negated(toks: concepts.Tokens, negations: list[Hit], first_tok: int, last_tok: int, lang: str) -> bool:
    for n in negations:
        n_first = _tok_index(toks, n.start)
        n_last = _tok_index(toks, n.end) - 1
        if n_last < first_tok and first_tok - n_last <= NEG_BEFORE:
            return True
        if lang == "nl" and n_first > last_tok and n_first - last_tok <= NEG_AFTER_NL:
            return True
    return False


def _particle(toks: concepts.Tokens, first: int, end: int, particles: dict) -> tuple[str, int, int] | None:
    """The relation a separable verb takes from the particle after it in the clause, if any."""
    limit = min(len(toks), first + PARTICLE_WINDOW)
    for i in range(first, limit):
        if toks.starts[i] >= end:
            break
        relation = particles.get(toks.words[i])
        if relation:
            return relation, toks.ends[i], i
    return None


def _drop_scoped(readings: list[Reading]) -> list[Reading]:
    """A negative relation scopes over a later one it opposes: "no evidence that acupuncture works"."""
    kept: list[Reading] = []
    for r in readings:
        if any(r.relation in _relation_data(k.relation).get("opposes", ()) and k.relation_end <= r.relation_start
               for k in kept):
            continue
        kept.append(r)
    return kept


def relation_accepts(wanted: str, stated: str) -> bool:
    """Whether a stated relation says what a proposition's relation says (itself, `same_as`, `broader`)."""
    if wanted == stated:
        return True
    data = _relation_data(stated)
    return bool(wanted in data.get("same_as", ()) or wanted == data.get("broader"))


def opposes(recommended: str, stated: str) -> bool:
    """Whether `stated` contradicts a recommendation's relation (`opposes` in relation.toml)."""
    against = _relation_data(recommended).get("opposes", ())
    return stated in against or _relation_data(stated).get("broader") in against
