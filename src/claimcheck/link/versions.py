"""Guideline versions and time: which version a sentence speaks of, and whether it tells past advice.

A year in the sentence picks the version in force that year; "now", "new", "since", "no longer"
pick the version in force when the article appeared; "used to", "previously", "old" the one before;
with none of these the sentence speaks of the version in force at the article's date (the newest when
the date is unknown). The words are data (link/data/versions.toml).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from claimcheck.link.signals import found, signals

_YEAR = re.compile(r"(?<![\d.,])(19[5-9]\d|20\d\d)(?![\d])")
_BOUNDARY = re.compile(r"[.!?]\s|\n")


def sentence_at(text: str, start: int, end: int | None = None) -> tuple[int, int]:
    """The sentence (by punctuation and line breaks) around `text[start:end]`."""
    end = start if end is None else end
    left = 0
    for m in _BOUNDARY.finditer(text, max(0, start - 400), start):
        left = m.end()
    right = _BOUNDARY.search(text, end)
    return left, (right.start() + 1 if right else len(text))


def years_in(folded: str, start: int, end: int) -> list[int]:
    """The years written in `folded[start:end]`."""
    return [int(m.group()) for m in _YEAR.finditer(folded, start, end)]


def has_cue(folded: str, start: int, end: int, cues: Sequence[str]) -> bool:
    """Whether one of the cue phrases stands in `folded[start:end]` as whole words."""
    return any(found(folded, c, start, end) for c in cues)


def in_force(family: Sequence[str], years: dict[str, int], year: int | None) -> str:
    """The member of `family` (oldest first) in force in `year` (the newest when year is None)."""
    if year is None:
        return family[-1]
    valid = [s for s in family if years[s] <= year]
    return valid[-1] if valid else family[0]


_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)?(?![\w])")


def by_content(folded: str, start: int, end: int, family: Sequence[str], content: dict | None) -> str | None:
    """The member whose own advice the sentence states (its numbers; an intervention it recommends,
    told without a negation, or one it advises against, told with one), when exactly one fits best."""
    if not content:
        return None
    part = folded[start:end]
    numbers = {float(m.group().replace(",", ".")) for m in _NUMBER.finditer(part)}
    negated = has_cue(folded, start, end, signals().negations)
    scores: dict[str, float] = {}
    for member in family:
        values, recs = content.get(member, (frozenset(), ()))
        score = float(len(numbers & values))
        for words, positive in recs:
            if any(found(part, w) for w in words):
                score += 0.5 if positive != negated else -0.5
        scores[member] = score
    best = max(scores.values())
    winners = [m for m, v in scores.items() if v == best]
    return winners[0] if best > 0 and len(winners) == 1 else None


def version_at(folded: str, start: int, end: int, family: Sequence[str], years: dict[str, int],
               article_year: int | None, content: dict | None = None) -> str:
    """The member of `family` that the sentence `folded[start:end]` speaks of: by a year, by time
    words, by which member's advice it states, else the member in force at the article's date."""
    stated = [y for y in years_in(folded, start, end) if y >= min(years[s] for s in family) - 1]
    if stated:
        return in_force(family, years, stated[0])
    now = in_force(family, years, article_year)
    said = by_content(folded, start, end, family, content)
    if said is not None and years[said] <= (article_year or 9999):
        return said  # the advice it states is that member's, whatever time it claims for it
    sig = signals()
    if has_cue(folded, start, end, sig.current):
        return now
    if has_cue(folded, start, end, sig.past):
        position = family.index(now)
        return family[position - 1] if position > 0 else now
    return now


def version_near(folded: str, start: int, end: int, family: Sequence[str], years: dict[str, int],
                 article_year: int | None, content: dict | None = None, reach: int = 45) -> str:
    """The member of `family` a name at `folded[start:end]` speaks of: what stands right beside the name
    ("NICE's 2016 guideline", "new guidelines from the ACP") first, then the rest of its sentence."""
    s, e = sentence_at(folded, start, end)
    lo, hi = max(s, start - reach), min(e, end + reach)
    sig = signals()
    if years_in(folded, lo, hi):
        return version_at(folded, lo, hi, family, years, article_year)
    said = by_content(folded, s, e, family, content)
    if said is None and (has_cue(folded, lo, hi, sig.current) or has_cue(folded, lo, hi, sig.past)):
        return version_at(folded, lo, hi, family, years, article_year)
    return version_at(folded, s, e, family, years, article_year, content)


def tells_past(folded: str, start: int, end: int, family: Sequence[str] | None, years: dict[str, int],
               article_year: int | None) -> bool:
    """Whether the sentence tells past advice: a historical cue, or a year whose version was replaced."""
    if has_cue(folded, start, end, signals().historical):
        return True
    if not family:
        return False
    stated = years_in(folded, start, end)
    now = in_force(family, years, article_year)
    return any(in_force(family, years, y) != now for y in stated if y >= min(years[s] for s in family))
