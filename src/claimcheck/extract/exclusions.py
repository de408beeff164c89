"""Stretches of text whose numbers are no claims: dates, times, prices, phone numbers, addresses,
page and issue references, URLs and list numbering.

`blocked_spans` finds them over the whole text (language-independent: Dutch and English words
together) and returns `(rule_id, start, end)` triples. The numeric rules skip any number that
overlaps one. Token-level exclusions (footnote markers, labels like "fase 3", years, ages, scales)
live with the numeric rules in `numeric.py`.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import cache

from claimcheck.extract.lexicon import alternation, load, words_pattern

_D = r"(?:[0-3]?\d)(?:e|ste|de|st|nd|rd|th)?"
_Y = r"(?:19|20)\d{2}"
_HH = r"(?:[01]?\d|2[0-3])"


def _months() -> tuple[str, str]:
    data = load("exclusions")
    ambiguous = set(data["ambiguous_months"])
    safe = [m for m in data["months"] if m not in ambiguous]
    return alternation(safe), alternation(ambiguous)


@cache
def patterns() -> tuple[tuple[str, re.Pattern[str], int], ...]:
    """(rule id, regex, group to block) for every span-level exclusion."""
    data = load("exclusions")
    safe, amb = _months()
    mon_any = f"(?:{safe}|{amb})"
    streets = alternation(s.rstrip(".") for s in data["street_suffix"])
    nl_street = alternation(data["street_words_nl"])
    cur_before = alternation(data["currency_before"])
    cur_after = words_pattern(data["currency_after"])
    scales = r"(?:\s*(?:miljoen|miljard|million|billion|mln|bn|k)(?![\w]))?"
    page = alternation(data["page_words"])
    issue = alternation(data["issue_words"])
    not_name = alternation(load("entities")["institution_patterns"]["not_name"])
    i = re.IGNORECASE
    table: list[tuple[str, str, int, int]] = [
        ("not-url", r"https?://[^\s<>\"']+|www\.[^\s<>\"']+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
                    r"|(?<![\w@/.])[\w-]+(?:\.[\w-]+)*\.(?:nl|com|org|be|net|eu|uk|gov|info|io|edu|int)"
                    r"(?:/[^\s<>\"']*)?(?![\w])", 0, i),
        ("not-date", rf"(?<![\w.,]){_D}\.?\s+{safe}\.?(?:,?\s+{_Y})?(?![\w])", 0, i),
        ("not-date", rf"(?<![\w.,]){_D}\.?\s+{amb}\.?,?\s+{_Y}(?![\w])", 0, i),
        ("not-date", rf"(?<![\w]){safe}\.?\s+{_D}(?:,?\s+{_Y})?(?![\w])", 0, i),
        ("not-date", rf"(?<![\w]){amb}\.?\s+{_D},?\s+{_Y}(?![\w])", 0, i),
        ("not-date", rf"(?<![\w]){mon_any}\.?,?\s+{_Y}(?![\w])", 0, i),
        ("not-date", rf"(?<![\w]){_Y}\s+{mon_any}\.?(?:\s+[0-3]?\d)?(?![\w])", 0, i),
        ("not-date", rf"(?<![\w.,/-])(?:[0-3]?\d[-/.][01]?\d[-/.](?:19|20)?\d{{2}}|{_Y}-[01]\d-[0-3]\d)(?![\w.,/-])",
         0, 0),
        ("not-time-of-day", rf"(?<![\w.,:]){_HH}:[0-5]\d(?::[0-5]\d)?(?![\w:])", 0, 0),
        ("not-time-of-day", rf"(?<![\w.,]){_HH}[.:][0-5]\d\s*(?:uur|u\.|h)(?![\w])", 0, i),
        ("not-time-of-day", rf"(?<![\w.,]){_HH}(?:[.:][0-5]\d)?\s*(?:a\.m\.|p\.m\.|am|pm)(?![\w])", 0, i),
        ("not-time-of-day", rf"(?<![\w])(?:om|vanaf)\s+{_HH}(?:[.:][0-5]\d)?\s+uur(?![\w])", 0, i),
        ("not-time-of-day", rf"(?<![\w.,]){_HH}[.:][0-5]\d\s*(?:tot|-|–|to)\s*{_HH}[.:][0-5]\d\s*"
                            r"(?:uur|u\.|h|am|pm|a\.m\.|p\.m\.)(?![\w])", 0, i),
        ("not-price", rf"(?<![\w]){cur_before}\s?\d[\d.,]*{scales}(?:,-)?", 0, 0),
        ("not-price", rf"(?<![\w.,])\d[\d.,]*{scales}\s*{cur_after}", 0, i),
        ("not-price", r"(?<![\w.,])\d+,-", 0, 0),
        ("not-phone", r"\(\d{3}\)\s?\d{3}[-\s.]\d{4}(?![\w])", 0, 0),
        ("not-phone", r"(?<![\w])\+\d{1,3}(?:[\s-]?\(?\d{1,4}\)?){2,5}(?![\w])", 0, 0),
        ("not-phone", r"(?<![\w.,])0\d{1,3}[-\s]\d{6,8}(?![\w])", 0, 0),
        ("not-phone", r"(?<![\w.,])0\d{2,3}[-\s]\d{3}[-\s]?\d{2,4}(?![\w])", 0, 0),
        ("not-phone", r"(?<![\w.,-])\d{3}-\d{3}-\d{4}(?![\w])", 0, 0),
        ("not-page-ref", rf"(?<![\w]){page}\s*\d+(?:\s*[-–]\s*\d+)?", 0, i),
        ("not-issue-number", rf"(?<![\w]){issue}\s*\d+(?:\s*/\s*\d+)?", 0, i),
        ("not-issue-number", rf"(?<![\w])(?!{not_name}\s)(?:[A-Z]{{2,}}[A-Za-z]*|[A-Z][a-z]+)\s+"
                             r"(\d{1,2}/(?:\d{2}|\d{4}))(?![\w/])", 1, 0),
        ("not-address", rf"(?<![\w.,])\d{{1,5}}\s+(?:[A-Z][a-z]+\s+){{1,3}}{streets}\.?(?![\w])", 0, 0),
        ("not-address", rf"(?<![\w])[A-Z][a-zà-ÿ]*{nl_street}\s+\d{{1,4}}(?:\s?[a-zA-Z](?![\w]))?", 0, 0),
        ("not-address", r"(?<![\w])\d{4}\s?[A-Z]{2}(?![\w])", 0, 0),
        ("not-address", r"(?<![\w])[A-Z]{2}\s+\d{5}(?:-\d{4})?(?![\w])", 0, 0),
        ("not-address", r"(?<![\w])(?:Postbus|P\.?O\.? Box)\s+\d+", 0, i),
        ("not-list-numbering", r"(?m)^[ \t]*(?:[•·▪*\-–][ \t]*)?(\d{1,3})[.)](?=[ \t]|$)", 1, 0),
    ]
    return tuple((rule, re.compile(p, flags), group) for rule, p, group, flags in table)


def blocked_spans(text: str) -> list[tuple[str, int, int]]:
    """Every excluded stretch of `text` as (rule id, start, end), in no particular order."""
    out: list[tuple[str, int, int]] = []
    for rule, pattern, group in patterns():
        for m in pattern.finditer(text):
            s, e = m.span(group)
            if s < e:
                out.append((rule, s, e))
    return out


class SpanIndex:
    """Answers "does [start, end) overlap any recorded span, and by which rule?" quickly."""

    __slots__ = ("_ends", "_maxend", "_rules", "_starts")

    def __init__(self, spans: list[tuple[str, int, int]]) -> None:
        ordered = sorted(spans, key=lambda t: (t[1], t[2]))
        self._starts = [s for _, s, _ in ordered]
        self._ends = [e for _, _, e in ordered]
        self._rules = [r for r, _, _ in ordered]
        running = -1
        self._maxend: list[int] = []
        for e in self._ends:
            running = max(running, e)
            self._maxend.append(running)

    def hit(self, start: int, end: int) -> str | None:
        """The rule of a span overlapping [start, end), or None."""
        i = bisect_left(self._starts, end) - 1
        if i < 0 or self._maxend[i] <= start:
            return None
        while i >= 0 and self._maxend[i] > start:
            if self._ends[i] > start:
                return self._rules[i]
            i -= 1
        return None
