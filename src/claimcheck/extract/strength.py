"""Strength claims: the phrases that may claim more than a study can show, each with its reason.

The candidates and the context that decides whether each one is raised come from
`claimcheck.strength.overstatement` (lexicons `strength/data/cues-en.toml`, `cues-nl.toml`,
context rules `strength/data/context.toml`): certainty, cure and permanence, promises, superlatives,
novelty, claims of effect, spin and animal findings. A certainty or hype cue that is negated
("geen wondermiddel", "not proven") is no claim; a negated claim of effect ("does not work", "helpen
niet") is one. Each claim's `details` hold `type`, `category`, `cue`, `reason` and, when its context
keeps it from being raised, `context` (negated, asked, conditional, name, literal, ...).

A "free of complaints" word next to a duration ("een jaar lang klachtenvrij", "pain-free for a
year") is a permanence claim covering both.
"""

from __future__ import annotations

import re
from functools import cache

from claimcheck.extract.candidate import Candidate
from claimcheck.extract.lexicon import Finder, alternation, fold, load

#: Extraction rule id per strength claim type.
RULE_OF_TYPE = {"hype": "strength-hype", "certainty": "strength-certainty", "permanence": "strength-permanence",
                "animal": "strength-animal", "superlative": "strength-superlative",
                "comparison": "strength-comparison", "promise": "strength-promise", "effect": "strength-effect",
                "spin": "strength-spin"}


@cache
def _free_finder() -> Finder:
    data = load("cues")["free_words"]
    words = [w.lower() for w in [*data["nl"], *data["en"]]]
    return Finder(alternation(words) + r"(?![\w])", folded=True, boundary=True, anchors=words)


def find_strength(text: str, durations: list[Candidate], folded: str | None = None) -> list[Candidate]:
    """Strength claims in `text`; `durations` are the duration claims already found (for permanence)."""
    from claimcheck.strength.overstatement import candidates, generalisation

    folded = fold(text) if folded is None else folded
    out: list[Candidate] = []
    for cue in candidates(text, folded):
        details = {**cue.details, "cue": text[cue.start:cue.end]}
        out.append(Candidate("strength", cue.start, cue.end, [RULE_OF_TYPE.get(cue.entry.type, "strength-hype")],
                             details=details))
    general = generalisation(text)
    if general is not None and not any(c.start < general[1] and general[0] < c.end for c in out):
        out.append(Candidate("strength", general[0], general[1], ["strength-effect"],
                             details={"type": "effect", "category": "generalisation", "level": general[2],
                                      "reason": "the headline states an effect as a general fact",
                                      "cue": text[general[0]:general[1]]}))
        out.sort(key=lambda c: c.start)
    for extra in _permanence(text, folded, durations):
        if not any(c.start <= extra.start and extra.end <= c.end for c in out):
            out = [c for c in out if not (extra.start <= c.start and c.end <= extra.end)]
            out.append(extra)
    return out


_GAP_AFTER = re.compile(r"\s+(?:for|gedurende|voor|tot|up\s+to|at\s+least|ten\s+minste)\s+(?:(?:a|an|een|de|the)\s+)?",
                        re.IGNORECASE)
_LONG_AFTER = re.compile(r"\s+(?:lang|long)\s*$", re.IGNORECASE)


def _permanence(text: str, folded: str, durations: list[Candidate]) -> list[Candidate]:
    if not durations:
        return []
    out: list[Candidate] = []
    for s, e, _ in _free_finder().spans(text, folded):
        for d in durations:
            if d.unit not in ("months", "years"):
                continue
            gap_before = text[d.end:s]
            gap_after = text[e:d.start]
            if d.end <= s and len(gap_before) <= 12 and (not gap_before.strip() or _LONG_AFTER.match(gap_before)):
                start, end = d.start, e
            elif d.start >= e and len(gap_after) <= 16 and _GAP_AFTER.fullmatch(gap_after):
                start, end = s, d.end
            else:
                continue
            out.append(Candidate("strength", start, end, ["strength-permanence"],
                                 details={"type": "permanence", "category": "permanence",
                                          "reason": "a symptom-free span of months or years",
                                          "cue": text[start:end]}))
            break
    return out
