"""Loading the extractor's word lists (TOML files in `claimcheck/extract/data/`) and building regexes.

Everything here is cached: each TOML file is read once per process and every regex is compiled
once, on first use, so importing the package costs nothing and extracting the hundredth article
costs no more than the second.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import Any

LANGUAGES = ("nl", "en")


@cache
def load(name: str) -> dict[str, Any]:
    """The parsed contents of `data/<name>.toml`."""
    path = resources.files("claimcheck.extract").joinpath("data", f"{name}.toml")
    return tomllib.loads(path.read_text(encoding="utf-8"))


def lang_of(language: str | None) -> str:
    """Normalise a document language to one the extractor knows ("nl" or "en")."""
    code = (language or "en").lower()[:2]
    return code if code in LANGUAGES else "en"


def alternation(phrases: Iterable[str]) -> str:
    """A non-capturing alternation of phrases in which the longest phrase wins.

    Built as a trie (common prefixes shared: "pijn(?:vrij|patiënten)"), because Python's regex
    engine tries the branches of a flat alternation one by one at every position; with a trie it
    tries one branch per distinct first character. Spaces in a phrase match any whitespace.
    """
    unique = {" ".join(p.split()) for p in phrases if p and p.strip()}
    if not unique:
        return "(?!x)x"
    trie: dict[str, dict] = {}
    for phrase in unique:
        node = trie
        for ch in phrase:
            node = node.setdefault(ch, {})
        node[""] = {}
    return "(?:" + _trie_regex(trie) + ")"


def _trie_regex(node: dict[str, dict]) -> str:
    ends = "" in node
    branches = []
    for ch in sorted(k for k in node if k):
        token = r"\s+" if ch == " " else re.escape(ch)
        branches.append(token + _trie_regex(node[ch]))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends:
        if len(branches) == 1 and not branches[0].startswith("(?:") and len(branches[0]) == 1:
            return body + "?"
        return "(?:" + body + ")?"
    return body


def fold(text: str) -> str:
    """`text` lower-cased character by character, so every offset stays valid.

    Case-insensitive patterns run on this folded text without re.IGNORECASE: the regex engine can
    then skip ahead by a pattern's first character, which IGNORECASE (and a leading lookbehind)
    prevents. That is most of the extractor's speed.
    """
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)


def word_char(ch: str) -> bool:
    """True for a character `\\w` matches."""
    return ch.isalnum() or ch == "_"


def boundary_before(text: str, pos: int) -> bool:
    """True when no word character stands right before `pos`."""
    return pos == 0 or not word_char(text[pos - 1])


class Finder:
    """A scanning regex that starts with a literal or character class, so it runs fast.

    `folded`: the pattern is lower-case and runs on `fold(text)` (offsets are the same; take group
    text from the original). `boundary`: a match must not follow a word character (checked here,
    not by a leading lookbehind). `left`: a regex that must match the text just before the match
    (it should end with `$`); with `extend` the match's span then starts where `left` matched.
    """

    __slots__ = ("boundary", "extend", "folded", "left", "left_width", "regex")

    def __init__(self, pattern: str, *, folded: bool = False, boundary: bool = False, flags: int = 0,
                 left: str | None = None, extend: bool = False, left_width: int = 60) -> None:
        self.regex = re.compile(pattern, flags)
        self.folded = folded
        self.boundary = boundary
        self.left = re.compile(left) if left else None
        self.extend = extend
        self.left_width = left_width

    def spans(self, text: str, folded: str, start: int = 0, end: int | None = None,
              group: int | str = 0) -> Iterable[tuple[int, int, re.Match[str]]]:
        """(start, end, match) of every acceptable match in text[start:end]."""
        src = folded if self.folded else text
        end = len(text) if end is None else end
        for m in self.regex.finditer(src, start, end):
            s, e = m.span(group)
            if self.boundary and not boundary_before(src, m.start()):
                continue
            if self.left is not None:
                lm = self.left.search(text, max(0, m.start() - self.left_width), m.start())
                if lm is None:
                    continue
                if self.extend:
                    s = lm.start()
            yield s, e, m


def words_pattern(phrases: Iterable[str]) -> str:
    """An alternation matched as whole words (no word character directly before or after)."""
    return r"(?<![\w])" + alternation(phrases) + r"(?![\w])"


def normalise_key(text: str) -> str:
    """Lower-case a phrase and squeeze its whitespace and periods, for dictionary look-ups."""
    text = text.replace("’", "'").replace("‘", "'")
    return " ".join(text.lower().replace(".", " ").split())
