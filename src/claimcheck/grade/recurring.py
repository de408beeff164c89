"""Recurring claims (`claims/`): match a claim's sentence to a known wording, fuzzily.

Candidates come from an inverted index of the wordings' content words (built once per register), so a
sentence is compared with rapidfuzz only against the few entries that share words with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from claimcheck.grade.context import SEVERITY, Context, has_any, text_in, words_of
from claimcheck.grade.lexicon import message, words
from claimcheck.model import Claim, Issue, Match
from claimcheck.textfold import fold

if TYPE_CHECKING:
    from claimcheck.register import Register

_TOKEN = re.compile(r"[^\W\d_]{4,}")
#: A word in more wordings than this (or 2% of them) is too common to pick candidates with.
COMMON_MIN = 40
#: Fuzzy similarity (0-100) from which a sentence says a recurring claim.
THRESHOLD = 72
#: Default rule reported for a recurring claim's verdict when the entry names none.
DEFAULT_RULE = {"inaccurate": "number-mismatch", "outdated": "superseded-source", "overstated": "hype-language",
                "imprecise": "rounded-up"}


@dataclass(slots=True)
class Wording:
    entry: str
    text: str
    tokens: frozenset[str]


_INDEXES: dict[str, tuple[dict[str, list[int]], list[Wording]]] = {}


def _index(register: Register) -> tuple[dict[str, list[int]], list[Wording]]:
    cached = _INDEXES.get(register.version)
    if cached is not None:
        return cached
    wordings: list[Wording] = []
    inverted: dict[str, list[int]] = {}
    for entry in register.claims.values():
        for text in [*entry.wordings.nl, *entry.wordings.en]:
            folded = fold(text)
            tokens = frozenset(_TOKEN.findall(folded))
            wordings.append(Wording(entry.id, folded, tokens))
            for token in tokens:
                inverted.setdefault(token, []).append(len(wordings) - 1)
    _INDEXES[register.version] = (inverted, wordings)
    return inverted, wordings


def best_entry(register: Register, sentence: str) -> tuple[Any, float] | None:
    """The recurring claim `sentence` (folded) says best, with its similarity, or None."""
    key = (register.version, sentence)
    if key not in _BEST:
        if len(_BEST) > 4096:
            _BEST.clear()
        _BEST[key] = _best_entry(register, sentence)
    return _BEST[key]


_BEST: dict[tuple[str, str], tuple[Any, float] | None] = {}


def _best_entry(register: Register, sentence: str) -> tuple[Any, float] | None:
    from rapidfuzz import fuzz

    inverted, wordings = _index(register)
    tokens = set(_TOKEN.findall(sentence))
    # Words in very many wordings ("pain", "patients") tell no claim apart: skip them for candidates.
    common = max(COMMON_MIN, len(wordings) // 50)
    counts: dict[int, int] = {}
    for token in tokens:
        postings = inverted.get(token, ())
        if len(postings) > common:
            continue
        for i in postings:
            counts[i] = counts.get(i, 0) + 1
    best: tuple[float, str] | None = None
    for i, shared in counts.items():
        wording = wordings[i]
        if shared < min(2, len(wording.tokens)):
            continue
        score = fuzz.token_set_ratio(sentence, wording.text, score_cutoff=THRESHOLD)
        if score:
            score = min(score, fuzz.partial_ratio(wording.text, sentence, score_cutoff=THRESHOLD - 10) + 10)
        if best is None or (score, wording.entry) > best:
            best = (score, wording.entry)
    if best is None or best[0] < THRESHOLD:
        return None
    return register.claims[best[1]], best[0]


def _value_fits(entry: Any, claim: Claim) -> bool:
    if entry.value is None or claim.value is None:
        return True
    return abs(entry.value - claim.value) <= max(1.0, abs(entry.value) * 0.1)


def _keywords_fit(entry: Any, sentence: str, lang: str) -> bool:
    keywords = words_of(entry.keywords)
    return not keywords or any(k in sentence for k in keywords)


def grade_recurring(ctx: Context, claim: Claim) -> bool:
    """Grade `claim` by the recurring claim its sentence says; False when there is none."""
    sentence = ctx.folded_sentence(claim)
    found = best_entry(ctx.register, sentence)
    if found is None:
        return False
    entry, score = found
    if not _value_fits(entry, claim) or not _keywords_fit(entry, sentence, ctx.lang):
        return False
    if claim.kind == "duration" and entry.unit != claim.unit:
        return False  # a duration is only the substance of a recurring claim that states one
    if has_any(sentence, list(words("refuting"))):
        return False  # the article repeats the claim to refute it
    source_id, finding_id = None, None
    if entry.findings:
        source_id, _, finding_id = entry.findings[0].partition("#")
    elif entry.sources:
        source_id = entry.sources[0]
    claim.match = Match(source=source_id, finding=finding_id, score=score / 100, claim=entry.id)
    claim.verdict = entry.verdict
    if source_id:
        ctx.note_match(source_id, finding_id)
    explanation = text_in(entry.explanation, ctx.lang)
    if entry.verdict not in ("accurate", "unverified"):
        rule = entry.rule or DEFAULT_RULE.get(entry.verdict, "number-mismatch")
        claim.issues.append(Issue(rule=rule, severity=SEVERITY[entry.verdict],
                                  message=message("recurring", ctx.lang, explanation=explanation),
                                  source=source_id, finding=finding_id))
    if entry.conflicting:
        claim.issues.append(Issue(rule="conflicting-evidence", severity="info",
                                  message=message("conflicting-evidence", ctx.lang, detail=explanation),
                                  source=source_id, finding=finding_id))
    return True
