"""Strength claims: hype, certainty, permanence and animal-study cues (`data/cues.toml`).

A cue is a claim unless negated just before ("geen wondermiddel", "not a cure") or followed by a
word that makes it ordinary ("for good reason"); a permanence cue after a superlative or comparative
("de meest blijvende verbetering") is no claim either. A "free of complaints" word next to a duration
("een jaar lang klachtenvrij", "pain-free for a year") is a permanence claim covering both.
"""

from __future__ import annotations

import re
from functools import cache

from claimcheck.extract.candidate import Candidate
from claimcheck.extract.lexicon import LANGUAGES, Finder, alternation, fold, load, normalise_key, words_pattern

TYPES = ("hype", "certainty", "permanence", "animal")


@cache
def _cue_table() -> dict[str, str]:
    data = load("cues")
    table: dict[str, str] = {}
    for ctype in TYPES:
        for lang in LANGUAGES:
            for phrase in data[ctype].get(lang, []):
                table.setdefault(normalise_key(phrase), ctype)
    return table


@cache
def _cue_finder() -> Finder:
    data = load("cues")
    phrases = [p.lower() for ctype in TYPES for lang in LANGUAGES for p in data[ctype].get(lang, [])]
    return Finder(alternation(phrases) + r"(?![\w])", folded=True, boundary=True, anchors=phrases)


@cache
def _negator_re() -> re.Pattern[str]:
    data = load("cues")["negators"]
    words = [*data["nl"], *data["en"]]
    return re.compile(r"(?<![\w])" + alternation(words) + r"(?![\w])(?:\s+[\w'’-]+){0,3}\s*$", re.IGNORECASE)


@cache
def _degree_re() -> re.Pattern[str]:
    data = load("cues")["degree_words"]
    return re.compile(r"(?<![\w])" + alternation([*data["nl"], *data["en"]]) + r"\s+$", re.IGNORECASE)


@cache
def _not_after_re() -> re.Pattern[str]:
    data = load("cues")["not_after"]
    return re.compile(r"\s+" + words_pattern([*data["nl"], *data["en"]]), re.IGNORECASE)


@cache
def _free_finder() -> Finder:
    data = load("cues")["free_words"]
    words = [w.lower() for w in [*data["nl"], *data["en"]]]
    return Finder(alternation(words) + r"(?![\w])", folded=True, boundary=True, anchors=words)


_CLAUSE_BREAK = re.compile(r"[,;:.!?()\"“”]")


def find_strength(text: str, durations: list[Candidate], folded: str | None = None) -> list[Candidate]:
    """Strength claims in `text`; `durations` are the duration claims already found (for permanence)."""
    folded = fold(text) if folded is None else folded
    out: list[Candidate] = []
    table = _cue_table()
    neg = _negator_re()
    not_after = _not_after_re()
    for s, e, _ in _cue_finder().spans(text, folded):
        window = text[max(0, s - 30):s]
        cut = max((x.end() for x in _CLAUSE_BREAK.finditer(window)), default=0)
        if neg.search(window[cut:]):
            continue
        if not_after.match(text, e) or _in_a_name(text, s, e):
            continue
        ctype = table.get(normalise_key(text[s:e]), "hype")
        if ctype == "permanence" and _degree_re().search(window):
            continue  # "de meest blijvende verbetering" compares, it does not promise for ever
        out.append(Candidate("strength", s, e, [f"strength-{ctype}"], details={"type": ctype, "cue": text[s:e]}))
    out.extend(_permanence(text, folded, durations))
    return out


def _in_a_name(text: str, start: int, end: int) -> bool:
    """True when a lower-case cue is written as part of a name or title ("Kaiser Permanente",
    "Testosterone for Life")."""
    words = text[start:end].split()
    if any(w[:1].isupper() for w in words[1:]):
        return True
    if not text[start].isupper():
        return False
    if re.search(r"(?<![\w])(?:for|of|voor|van)\s+(?:the|de|het)\s+$", text[max(0, start - 12):start]):
        return True  # "Susan G. Komen for the Cure"
    before = text[max(0, start - 30):start].rstrip(" -‐")
    prev = before.split()[-1] if before.split() else ""
    return bool(prev) and prev[:1].isupper() and not prev.endswith((".", "!", "?", ":", '"', "”"))


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
                                 details={"type": "permanence", "cue": text[start:end]}))
            break
    return out
