"""The rule-based claim-strength classifier: cue categories in, one level out."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from claimcheck.strength.lexicon import Category, Lexicon, Rule, languages, load_lexicon, load_rules

#: Level -> label, on the 0-3 scale of the claim-strength benchmark.
LABELS: tuple[str, ...] = ("none", "correlational", "conditional_causal", "direct_causal")

_ESCAPES = re.compile(r"\\+(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4})")
_SPACES = re.compile(r"\s+")
_TOKEN = re.compile(r"[^\W_]+")
_WORD = re.compile(r"[^\W\d_]+")
# A capitalised word (not all capitals) after a word, comma or bracket and a space: not the first
# word of a sentence or of a clause after :;.!?"
_CAPWORD = re.compile(r"(?<=[\w,)\]] )[A-Z][a-z][\w'-]*")
_PREV = re.compile(r"([^\W_]+)[^\w]*$")
_NEXT = re.compile(r"[^\w]*([^\W_]+)")
_TRANSLATE = str.maketrans(
    {"’": "'", "‘": "'", "“": '"', "”": '"', "„": '"', "–": "-", "—": "-", "\u00a0": " ", "\u200a": " ", "\u2009": " "}
)
#: A language whose function words outnumber the others' by this margin is chosen without
#: looking at letter patterns.
_CLEAR_MARGIN = 3


@dataclass(frozen=True, slots=True)
class StrengthResult:
    """How strongly one sentence claims a relationship.

    ``level`` is 0-3 (see :data:`LABELS`), ``label`` its name, ``cues`` the matched words that
    decided it (empty when nothing matched), ``lang`` the lexicon used and ``rule`` the deciding
    rule's name (``default`` when no rule matched).
    """

    level: int
    label: str
    cues: tuple[str, ...]
    lang: str = "en"
    rule: str = "default"


def _mask_names(text: str) -> str:
    """Replace capitalised words inside a sentence by ``name``: "the American Heart Association",
    "the Journal of Risk Factors & Prevention" are names, not cues. Sentence starts (and starts
    after ``:;.!?``) keep their capital; a sentence mostly in Title Case is left alone."""
    masked, count = _CAPWORD.subn("name", text)
    if count and count * 2 > text.count(" ") + 1:
        return text
    return masked


def normalise(sentence: str) -> str:
    """Mask capitalised names, lower-case, straighten quotes and dashes and collapse whitespace."""
    text = _ESCAPES.sub(" ", sentence.translate(_TRANSLATE))
    text = _SPACES.sub(" ", text).strip()
    return _mask_names(text).lower()


def detect_language(sentence: str) -> str:
    """Guess ``en`` or ``nl`` from the lexicons' function words and, when those do not settle it,
    their letter patterns (a function word scores 2, a letter-pattern hit 1).

    Ties (including sentences with no evidence at all) go to the first language in rules.toml.
    """
    codes = languages()
    lowered = sentence.lower()
    words = _WORD.findall(lowered)
    scores = [2 * sum(1 for w in words if w in load_lexicon(code).detect) for code in codes]
    ranked = sorted(scores, reverse=True)
    if len(ranked) < 2 or ranked[0] - ranked[1] < 2 * _CLEAR_MARGIN:
        for i, code in enumerate(codes):
            patterns = load_lexicon(code).detect_patterns
            if patterns is not None:
                scores[i] += len(patterns.findall(lowered))
    best = max(range(len(codes)), key=lambda i: (scores[i], -i))
    return codes[best]


def _keep(category: Category, text: str, match: re.Match[str]) -> str | None:
    """The cue text of ``match`` when no guard of ``category`` discards it, else None."""
    start, end = match.span()
    if start > 1 and text[start - 1] == "-" and text[start - 2].isalnum():
        return None  # part of a hyphenated compound: "all-cause", "diet-induced"
    cue = match.group(0).strip()
    if cue in category.exclude:
        return None
    if category.not_after:
        prev = _PREV.search(text, max(0, start - 40), start)
        if prev is None:
            if "^" in category.not_after:
                return None
        elif prev.group(1) in category.not_after:
            return None
    if category.not_before:
        nxt = _NEXT.match(text, end, end + 40)
        if nxt and nxt.group(1) in category.not_before:
            return None
    return cue


def _candidates(lexicon: Lexicon, text: str) -> dict[int, list[int]]:
    """Category position -> the word starts in ``text`` where one of its triggers begins a word."""
    index, lengths = lexicon.index, lexicon.prefix_lengths
    found: dict[int, list[int]] = {}
    for token in _TOKEN.finditer(text):
        word, start = token.group(), token.start()
        for length in lengths:
            if length > len(word):
                break
            for position in index.get(word[:length], ()):
                starts = found.setdefault(position, [])
                if not starts or starts[-1] != start:
                    starts.append(start)
    return found


def _find_cues(lexicon: Lexicon, text: str) -> dict[str, list[str]]:
    """Map each category that matched ``text`` to its matched strings, guards applied.

    Categories with triggers are only tried where a trigger begins a word (most sentences contain
    few cue words, so this skips most of the regex work); the others are searched everywhere.
    """
    if lexicon.strip is not None:
        text = lexicon.strip.sub(" ", text)
    candidates = _candidates(lexicon, text)
    hits: dict[str, list[str]] = {}
    for position, category in enumerate(lexicon.categories):
        found: list[str] = []
        if position in lexicon.unindexed:
            for match in category.regex.finditer(text):
                cue = _keep(category, text, match)
                if cue is not None:
                    found.append(cue)
        else:
            end = -1
            for start in candidates.get(position, ()):
                if start < end:
                    continue  # inside the previous match: matches do not overlap
                match = category.regex.match(text, start)
                if match is not None and match.end() > start:
                    end = match.end()
                    cue = _keep(category, text, match)
                    if cue is not None:
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


def _code(lang: str | None, sentence: str) -> str:
    """The lexicon code for ``lang`` ("nl", "nl-BE", "en_GB" ...); None or a language without a
    lexicon ("und", "de") falls back to guessing from the sentence."""
    if lang:
        code = lang.lower().replace("_", "-").split("-")[0]
        if code in languages():
            return code
    return detect_language(sentence)


def classify_plain(sentence: str, lang: str | None = None) -> StrengthResult:
    """The cue-lexicon rating alone, without the overstatement candidates (see :func:`classify`)."""
    lexicon = load_lexicon(_code(lang, sentence))
    hits = _find_cues(lexicon, normalise(sentence))
    rule, cues = _decide(load_rules(), hits)
    if rule is None:
        return StrengthResult(0, LABELS[0], (), lexicon.code, "default")
    return StrengthResult(rule.level, LABELS[rule.level], cues, lexicon.code, rule.name)


def classify(sentence: str, lang: str | None = None) -> StrengthResult:
    """Rate how strongly ``sentence`` claims a relationship (0-3) and name the deciding cues.

    ``lang`` is ``"en"`` or ``"nl"`` (``"nl-BE"`` and the like are accepted); when None, or a
    language without a lexicon, the language is guessed per sentence from the lexicons' function
    words. The result's ``lang`` says which lexicon was used.

    A sentence whose overstatement candidates promise a cure, a permanent effect or a result to
    readers ("Deze therapie verdrijft rugpijn.") claims a direct effect: level 3, with rule
    ``overstatement``, the same judgement the grader's hype-language rule makes.
    """
    result = classify_plain(sentence, lang)
    if result.level == 3:
        return result
    from claimcheck.strength.overstatement import CAUSAL_CATEGORIES, raised

    cues = tuple(cue for cue, _ in raised(sentence, CAUSAL_CATEGORIES))
    if cues:
        return StrengthResult(3, LABELS[3], cues, result.lang, "overstatement")
    return result


def classify_many(sentences: Iterable[str], lang: str | None = None) -> list[StrengthResult]:
    """Classify each sentence in turn (the language is guessed per sentence when ``lang`` is None)."""
    return [classify(sentence, lang) for sentence in sentences]


def explain(sentence: str, lang: str | None = None) -> dict[str, list[str]]:
    """Every cue category that matches ``sentence`` (guards applied), for debugging the lexicons."""
    return _find_cues(load_lexicon(_code(lang, sentence)), normalise(sentence))
