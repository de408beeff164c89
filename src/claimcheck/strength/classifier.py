"""The rule-based claim-strength classifier: cue categories in, one level out."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from claimcheck.strength.lexicon import Lexicon, Rule, languages, load_lexicon, load_rules, trigger_keys

#: Level -> label, on the 0-3 scale of the claim-strength benchmark.
LABELS: tuple[str, ...] = ("none", "correlational", "conditional_causal", "direct_causal")

_ESCAPES = re.compile(r"\\+(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4})")
_SPACES = re.compile(r"\s+")
_TOKEN = re.compile(r"[^\W_]+")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
# A capitalised word (not all capitals) that does not open the sentence or a clause after :;.!?"(
_CAPWORD = re.compile(r"(?<![:;.!?\"(] )(?<!^)(?<![:;.!?\"(])\b[A-Z][a-z][\w'-]*")
_PREV = re.compile(r"([^\W_]+)[^\w]*$")
_NEXT = re.compile(r"^[^\w]*([^\W_]+)")
_TRANSLATE = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "„": '"', "–": "-", "—": "-",
                            "\u00a0": " ", "\u200a": " ", "\u2009": " "})


@dataclass(frozen=True, slots=True)
class StrengthResult:
    """How strongly one sentence claims a relationship.

    ``level`` is 0-3 (see :data:`LABELS`), ``label`` its name, ``cues`` the matched words that
    decided it (empty when nothing matched), ``lang`` the lexicon used and ``rule`` the deciding
    rule's name.
    """

    level: int
    label: str
    cues: tuple[str, ...]
    lang: str = "en"
    rule: str = "default"


def _mask_names(text: str) -> str:
    """Replace capitalised words inside a sentence by ``name``: "the American Heart Association",
    "Cancer Epidemiology, Biomarkers & Prevention" are names, not cues. Sentence starts (and starts
    after ``:;.!?``) keep their capital; a sentence mostly in Title Case is left alone."""
    words = _CAPWORD.findall(text)
    if not words:
        return text
    if len(words) * 2 > len(_WORD.findall(text)):
        return text
    return _CAPWORD.sub("name", text)


def normalise(sentence: str) -> str:
    """Mask capitalised names, lower-case, straighten quotes and dashes and collapse whitespace."""
    text = _ESCAPES.sub(" ", sentence.translate(_TRANSLATE))
    text = _SPACES.sub(" ", text).strip()
    return _mask_names(text).lower()


def detect_language(sentence: str) -> str:
    """Guess ``en`` or ``nl``: each lexicon function word scores 2, each letter-pattern hit 1.

    Ties (including sentences with no evidence at all) go to the first language in rules.toml.
    """
    codes = languages()
    lowered = sentence.lower()
    words = _WORD.findall(lowered)
    best, best_score = codes[0], 0
    for code in codes:
        lexicon = load_lexicon(code)
        score = 2 * sum(1 for w in words if w in lexicon.detect)
        if lexicon.detect_patterns is not None:
            score += len(lexicon.detect_patterns.findall(lowered))
        if score > best_score:
            best, best_score = code, score
    return best


def _find_cues(lexicon: Lexicon, text: str) -> dict[str, list[str]]:
    """Map each category that matched ``text`` to its matched strings, guards applied."""
    if lexicon.strip is not None:
        text = lexicon.strip.sub(" ", text)
    keys = trigger_keys(_TOKEN.findall(text))
    hits: dict[str, list[str]] = {}
    for category in lexicon.categories:
        if category.triggers is not None and category.triggers.isdisjoint(keys):
            continue
        found: list[str] = []
        for match in category.regex.finditer(text):
            start, end = match.span()
            if start > 1 and text[start - 1] == "-" and text[start - 2].isalnum():
                continue
            cue = match.group(0).strip()
            if cue in category.exclude:
                continue
            if category.not_after:
                prev = _PREV.search(text, max(0, start - 40), start)
                if prev is None:
                    if "^" in category.not_after:
                        continue
                elif prev.group(1) in category.not_after:
                    continue
            if category.not_before:
                nxt = _NEXT.search(text[end : end + 40])
                if nxt and nxt.group(1) in category.not_before:
                    continue
            found.append(cue)
        if found:
            hits[category.name] = found
    return hits


def _decide(rules: tuple[Rule, ...], hits: dict[str, list[str]]) -> tuple[Rule | None, tuple[str, ...]]:
    for rule in rules:
        if any(name not in hits for name in rule.all):
            continue
        if rule.any and not any(name in hits for name in rule.any):
            continue
        if any(name in hits for name in rule.none):
            continue
        cues: list[str] = []
        for name in (*rule.all, *rule.any):
            for cue in hits.get(name, ()):
                if cue not in cues:
                    cues.append(cue)
        return rule, tuple(cues)
    return None, ()


@cache
def _lexicon_for(lang: str) -> Lexicon:
    code = lang.lower().split("-")[0].split("_")[0]
    if code not in languages():
        raise ValueError(f"no strength lexicon for language {lang!r} (have: {', '.join(languages())})")
    return load_lexicon(code)


def classify(sentence: str, lang: str | None = None) -> StrengthResult:
    """Rate how strongly ``sentence`` claims a relationship (0-3) and name the deciding cues.

    ``lang`` is ``"en"`` or ``"nl"``; when None it is guessed per sentence from the lexicons'
    function words. Raises ValueError for a language without a lexicon.
    """
    code = lang if lang is not None else detect_language(sentence)
    lexicon = _lexicon_for(code)
    hits = _find_cues(lexicon, normalise(sentence))
    rule, cues = _decide(load_rules(), hits)
    if rule is None:
        return StrengthResult(0, LABELS[0], (), lexicon.code, "default")
    return StrengthResult(rule.level, LABELS[rule.level], cues, lexicon.code, rule.name)


def classify_many(sentences: Iterable[str], lang: str | None = None) -> list[StrengthResult]:
    """Classify each sentence in turn (the language is guessed per sentence when ``lang`` is None)."""
    return [classify(sentence, lang) for sentence in sentences]


def explain(sentence: str, lang: str | None = None) -> dict[str, list[str]]:
    """Every cue category that matches ``sentence``, for debugging rules and lexicons."""
    code = lang if lang is not None else detect_language(sentence)
    return _find_cues(_lexicon_for(code), normalise(sentence))
