"""Length-preserving folding of text for case- and accent-insensitive search.

`fold(text)` has exactly the length of `text`, so an offset found in the folded text is an offset in
the original: 'Patiënten' -> 'patienten', '’' -> "'", '–' -> '-'.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPECIAL = {
    "ø": "o", "æ": "a", "œ": "o", "ł": "l", "đ": "d", "ı": "i", "ß": "s",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00a0": " ", "\u202f": " ",
}


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    low = ch.lower()
    if len(low) != 1:
        low = ch
    if low in _SPECIAL:
        return _SPECIAL[low]
    base = unicodedata.normalize("NFD", low)[0]
    return base if len(base) == 1 else low


class _FoldTable(dict[int, str]):
    """A str.translate table filled in on first sight of each character."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        folded = ch.lower() if ch.isascii() else _fold_char(ch)
        self[code] = folded
        return folded


_TABLE = _FoldTable()


def fold(text: str) -> str:
    """`text` lowercased, without accents and with ASCII quotes and dashes; same length."""
    if text.isascii():
        return text.lower()
    return text.translate(_TABLE)


@lru_cache(maxsize=8192)
def phrase_pattern(phrase: str) -> re.Pattern[str]:
    """A regex finding `phrase` (folded) as whole words in folded text, flexible about spaces/hyphens."""
    words = [re.escape(w) for w in re.split(r"[\s\-]+", fold(phrase).strip()) if w]
    body = r"[\s\-]+".join(words)
    return re.compile(rf"(?<![\w]){body}(?![\w])")


@lru_cache(maxsize=8192)
def _first_word(phrase: str) -> str:
    words = re.split(r"[\s\-]+", fold(phrase).strip())
    return next((w for w in words if w), "")


def contains_phrase(folded_text: str, phrase: str) -> bool:
    """Whether the folded text holds `phrase` as whole words."""
    if _first_word(phrase) not in folded_text:
        return False  # cheap substring test first: the regex starts with a look-behind, tried everywhere
    return phrase_pattern(phrase).search(folded_text) is not None
