"""Tell Dutch from English by counting function words (a data file, not code).

claimcheck supports exactly two languages, so a general-purpose language identifier (with its model
and numpy import) buys nothing here; a function-word vote is fast, deterministic and easy to extend.
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from importlib.resources import files
from typing import Any

SUPPORTED = ("nl", "en")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, frozenset[str]]:
    data = _data()
    return {lang: frozenset(w.casefold() for w in data[lang]) for lang in SUPPORTED}


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    return tomllib.loads(files("claimcheck.ingest").joinpath("data/function_words.toml").read_text("utf-8"))


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    return {name.casefold(): lang for lang, names in _data()["names"].items() for name in names}


def detect_language(text: str, default: str = "en") -> str:
    """'nl' or 'en': the language most lines (paragraphs) lean to by their function words.

    Voting by line rather than by word keeps an article written in Dutch that quotes long English
    passages Dutch; the word totals break ties.
    """
    lexicon = _lexicon()
    votes = dict.fromkeys(SUPPORTED, 0)
    totals = dict.fromkeys(SUPPORTED, 0)
    for line in text[:200_000].split("\n"):
        scores = dict.fromkeys(SUPPORTED, 0)
        for match in _WORD.finditer(line):
            word = match.group().casefold()
            for lang in SUPPORTED:
                if word in lexicon[lang]:
                    scores[lang] += 1
        for lang in SUPPORTED:
            totals[lang] += scores[lang]
        if scores["nl"] != scores["en"]:
            votes[max(scores, key=scores.__getitem__)] += 1
    for tally in (votes, totals):
        if tally["nl"] != tally["en"]:
            return max(tally, key=tally.__getitem__)
    spelling = spelling_scores(text[:20_000])
    if spelling["nl"] != spelling["en"]:
        return max(spelling, key=spelling.__getitem__)
    return default


@lru_cache(maxsize=1)
def _orthography() -> dict[str, tuple[tuple[str, float], ...]]:
    data = tomllib.loads(files("claimcheck.ingest").joinpath("data/orthography.toml").read_text("utf-8"))
    return {lang: tuple((cue, float(weight)) for cue, weight in data[lang].items()) for lang in SUPPORTED}


def spelling_scores(text: str) -> dict[str, float]:
    """Weighted counts of each language's spelling cues (data/orthography.toml) in `text`'s words.

    The tie-breaker for text without function words: a pasted sentence or a headline.
    """
    cues = _orthography()
    scores = dict.fromkeys(SUPPORTED, 0.0)
    lexicon = _lexicon()
    for match in _WORD.finditer(text):
        word = match.group().casefold()
        if word in lexicon["nl"] or word in lexicon["en"]:
            continue
        for lang in SUPPORTED:
            for cue, weight in cues[lang]:
                if cue.endswith("$"):
                    if word.endswith(cue[:-1]):
                        scores[lang] += weight
                else:
                    scores[lang] += word.count(cue) * weight
    return scores


def normalize_language(value: str | None) -> str | None:
    """Map 'nl', 'NL', 'nl-NL', 'dutch', 'en_GB'... to 'nl'/'en'; None for anything else."""
    if not value:
        return None
    head = re.split(r"[-_]", value.strip().casefold())[0]
    return _names().get(head)
