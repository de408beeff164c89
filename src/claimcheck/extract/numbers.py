"""Numbers in text: digits with Dutch or English separators, and number words in both languages.

`find_numbers` yields every number in a stretch of text with its value; it knows nothing of what
is counted. Digits: "13.000" and "13,000" are thirteen thousand, "1,5" and "1.5" one and a half,
"0,35" a decimal in any language. Words: Dutch compounds are one word ("vijfentwintig",
"honderdvijftig", "tweeduizend"), English ones hyphenated or spaced ("twenty-five",
"one hundred and twenty"). Scale words after a number multiply it ("2,5 miljoen", "619 million").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from claimcheck.extract.lexicon import Finder, alternation, fold, load, words_pattern

_SEPARATORS = ".,\u00a0\u202f\u2009"
_SPACES = "\u00a0\u202f\u2009"


@dataclass(slots=True)
class Number:
    """One number found in the text."""

    start: int
    end: int
    value: float
    raw: str
    word: bool = False

    @property
    def is_year(self) -> bool:
        """True for a bare four-digit number that reads as a year (1900-2100)."""
        return (not self.word) and len(self.raw) == 4 and self.raw.isdigit() and 1900 <= self.value <= 2100

    @property
    def is_integer(self) -> bool:
        return float(self.value).is_integer()


def parse_digits(raw: str, lang: str) -> float | None:
    """The value of a digit string with separators, read by the conventions of `lang`.

    Returns None when the string is no number (a version like "1.5.2").
    """
    conv = load("numbers")[lang]
    decimal, group = conv["decimal"], conv["group"]
    seps = [c for c in raw if c in _SEPARATORS]
    if not seps:
        return float(raw)
    groups = re.split(f"[{_SEPARATORS}]", raw)
    if any(not g for g in groups):
        return None
    head, tail = groups[0], groups[1:]
    if all(s in _SPACES for s in seps):
        return float("".join(groups)) if all(len(g) == 3 for g in tail) else None
    kinds = set(seps)
    if len(kinds) > 1:
        # "1.234,5" or "1,234.5": the last separator is the decimal mark, the others group
        last = seps[-1]
        body = groups[:-1]
        if any(len(g) != 3 for g in body[1:]):
            return None
        return float("".join(body) + "." + groups[-1]) if last in ".," else None
    sep = seps[0]
    if len(seps) > 1:
        # "1.234.567": only grouping can repeat
        return float("".join(groups)) if all(len(g) == 3 for g in tail) else None
    frac = tail[0]
    if len(frac) != 3 or head == "0" or len(head) > 3:
        return float(head + "." + frac)
    if sep == group:
        return float(head + frac)
    if sep == decimal:
        return float(head + "." + frac)
    return float(head + frac)


@cache
def _word_values(lang: str) -> dict[str, tuple[str, float]]:
    conv = load("numbers")[lang]
    table: dict[str, tuple[str, float]] = {}
    for key, cls in (("units", "unit"), ("teens", "teen"), ("tens", "ten")):
        for word, value in conv[key].items():
            table[word] = (cls, float(value))
    for word in conv["hundred"]:
        table[word] = ("hundred", 100.0)
    for word in conv["thousand"]:
        table[word] = ("thousand", 1000.0)
    for word in conv["joiners"]:
        table[word] = ("joiner", 0.0)
    if lang == "en":
        for word, value in conv["scales"].items():
            if value >= 1e6:
                table[word] = ("scale", float(value))
    return table


@cache
def _morpheme_re(lang: str) -> re.Pattern[str]:
    return re.compile(alternation(_word_values(lang)), re.IGNORECASE)


@cache
def digit_finder() -> Finder:
    """Digits with separators, not glued to a word on the left; "5x" allowed on the right."""
    return Finder(rf"[0-9](?<![\w][0-9])[0-9]*(?:[{_SEPARATORS}][0-9]+)*(?:(?![\w])|(?=[x×](?![\w])))")


@cache
def word_finder(lang: str) -> Finder:
    """Number words of `lang` on the folded text (validated afterwards by `parse_words`)."""
    conv = load("numbers")[lang]
    morph = alternation(_word_values(lang))
    specials = alternation(k.lower() for k in conv["special"])
    if lang == "nl":
        words = rf"(?:{specials}|{morph}+)"
    else:
        words = rf"(?:{specials}|{morph}(?:(?:\s*-\s*|\s+)(?:and\s+)?{morph})*)"
    # English number words stand alone (compounds are hyphenated or spaced), so each match starts
    # with a listed word; Dutch compounds ("vijfentwintig") are one word and need a full scan
    anchors = [k.lower() for k in (*conv["special"], *_word_values(lang))] if lang == "en" else None
    return Finder(words + r"(?![\w])", folded=True, boundary=True, anchors=anchors)


@cache
def _scale_re(lang: str) -> re.Pattern[str]:
    conv = load("numbers")[lang]
    return re.compile(r"\s+" + words_pattern(conv["scales"]), re.IGNORECASE)


@cache
def _half_re(lang: str) -> re.Pattern[str]:
    return re.compile(r"\s+" + words_pattern(load("numbers")[lang]["and_a_half"]), re.IGNORECASE)


def parse_words(text: str, lang: str) -> tuple[float, int] | None:
    """Parse number words at the start of `text`: (value, characters used), or None.

    Stops at the first word that cannot continue the number, so "one two" reads as one.
    """
    conv = load("numbers")[lang]
    low = text.lower()
    special = {k.lower(): v for k, v in conv["special"].items()}
    if low in special:
        return float(special[low]), len(text)
    table = _word_values(lang)
    morph = _morpheme_re(lang)
    pieces: list[tuple[str, float, int]] = []  # (class, value, end offset)
    pos = 0
    while pos < len(text):
        m = morph.match(text, pos)
        if m is None:
            sep = re.compile(r"\s*-\s*|\s+and\s+|\s+").match(text, pos)
            if sep is None or sep.end() == pos:
                break
            if "and" in sep.group(0) and not (pieces and pieces[-1][0] in ("hundred", "thousand", "scale")):
                break
            pos = sep.end()
            continue
        cls, value = table[m.group(0).lower()]
        pieces.append((cls, value, m.end()))
        pos = m.end()
    return _evaluate(pieces, lang)


def _evaluate(pieces: list[tuple[str, float, int]], lang: str) -> tuple[float, int] | None:
    """Evaluate morphemes left to right, keeping the longest valid prefix."""
    total = 0.0
    chunk = 0.0  # below one thousand
    below100 = False  # a unit/teen/ten was just read
    prev = ""
    best: tuple[float, int] | None = None
    i = 0
    while i < len(pieces):
        cls, value, end = pieces[i]
        if cls == "unit" and lang == "nl" and i + 2 < len(pieces) and pieces[i + 1][0] == "joiner" \
                and pieces[i + 2][0] == "ten" and not below100:
            chunk += value + pieces[i + 2][1]
            below100 = True
            prev = "ten"
            end = pieces[i + 2][2]
            i += 3
        elif cls in ("unit", "teen", "ten"):
            if below100 and not (prev == "ten" and cls == "unit" and lang == "en"):
                break
            chunk += value
            below100 = True
            prev = cls
            i += 1
        elif cls == "hundred":
            if prev == "hundred" or (chunk >= 100 and lang == "en"):
                break
            chunk = (chunk or 1.0) * 100
            below100 = False
            prev = cls
            i += 1
        elif cls == "thousand":
            if prev in ("thousand", "scale"):
                break
            total += (chunk or 1.0) * 1000
            chunk = 0.0
            below100 = False
            prev = cls
            i += 1
        elif cls == "scale":
            if prev in ("", "scale"):
                break
            total = (total + chunk) * value
            chunk = 0.0
            below100 = False
            prev = cls
            i += 1
        else:  # a joiner on its own
            break
        best = (total + chunk, end)
    return best


def find_numbers(text: str, lang: str, start: int = 0, end: int | None = None,
                 folded: str | None = None) -> list[Number]:
    """Every number in `text[start:end]`, in order, with scale words ("miljoen") applied."""
    end = len(text) if end is None else end
    folded = fold(text) if folded is None else folded
    digits = list(digit_finder().spans(text, folded, start, end))
    words = list(word_finder(lang).spans(text, folded, start, end))
    return numbers_from(text, lang, digits, words, end)


def numbers_from(text: str, lang: str, digits: list, words: list, end: int) -> list[Number]:
    """Turn digit and number-word matches into `Number`s (scale words and "and a half" applied)."""
    not_alone = _not_alone(lang)
    scale_re = _scale_re(lang)
    half_re = _half_re(lang)
    scales = _scales(lang)
    out: list[Number] = []
    for s, e, _ in sorted([*digits, *words], key=lambda t: t[0]):
        if out and s < out[-1].end:
            continue  # the scale word of the number before ("two dozen", "5 thousand")
        raw = text[s:e]
        word = not raw[:1].isdigit()
        if not word:
            value = parse_digits(raw, lang)
            if value is None:
                continue
        else:
            if raw.lower() in not_alone:
                continue
            parsed = parse_words(raw, lang)
            if parsed is None:
                continue
            value, used = parsed
            e = s + used
            raw = text[s:e]
        sm = scale_re.match(text, e, end)
        if sm is not None:
            value *= scales.get(sm.group(0).strip().lower(), 1.0)
            e = sm.end()
        elif word:
            hm = half_re.match(text, e, end)
            if hm is not None:
                value += 0.5
                e = hm.end()
        out.append(Number(s, e, value, raw, word))
    return out


@cache
def _not_alone(lang: str) -> frozenset[str]:
    return frozenset(w.lower() for w in load("numbers")[lang]["not_alone"])


@cache
def _scales(lang: str) -> dict[str, float]:
    return {k.lower(): float(v) for k, v in load("numbers")[lang]["scales"].items()}
