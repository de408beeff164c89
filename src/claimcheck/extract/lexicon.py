"""Loading the extractor's word lists (TOML files in `claimcheck/extract/data/`) and building regexes.

Everything here is cached: each TOML file is read once per process and every regex is compiled
once, on first use, so importing the package costs nothing and extracting the hundredth article
costs no more than the second.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from functools import cache, lru_cache
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


_RUN = re.compile(r"[^\W\d_]+")


def letter_runs(text: str) -> list[str]:
    """The runs of letters in `text` ("pain-free 2x" -> ["pain", "free", "x"])."""
    return _RUN.findall(text)


@lru_cache(maxsize=8192)
def _run_re(run: str) -> re.Pattern[str]:
    # the literal first, so the engine can skip ahead to it; then no letter after it or before it
    word = re.escape(run)
    return re.compile(word + r"(?![^\W\d_])(?<![^\W\d_]" + word + ")")


class Vocab:
    """The distinct letter runs of one folded text, and (on demand) where each one stands.

    Built once per document (`vocab_of`); lets a `Finder` with anchors try its pattern only where
    one of its phrases can start, instead of scanning every position of the text.
    """

    __slots__ = ("_starts", "folded", "runs")

    def __init__(self, folded: str) -> None:
        self.folded = folded
        self.runs = frozenset(_RUN.findall(folded))
        self._starts: dict[str, list[int]] = {}

    def starts(self, run: str) -> list[int]:
        """Offsets where `run` stands as a whole letter run."""
        found = self._starts.get(run)
        if found is None:
            found = [m.start() for m in _run_re(run).finditer(self.folded)]
            self._starts[run] = found
        return found


_VOCABS: list[Vocab] = []


def vocab_of(folded: str) -> Vocab:
    """The `Vocab` of `folded`, shared by every finder that scans the same string object."""
    for v in _VOCABS:
        if v.folded is folded:
            return v
    v = Vocab(folded)
    _VOCABS.append(v)
    if len(_VOCABS) > 4:
        del _VOCABS[0]
    return v


def _anchor_table(phrases: Iterable[str]) -> dict[str, tuple[frozenset[str], ...]] | None:
    """First letter run of each phrase -> the sets of letter runs of the phrases starting with it.

    None when some phrase does not start with a letter or lower-cases to a different length (then
    the finder scans the whole text).
    """
    table: dict[str, list[frozenset[str]]] = {}
    for phrase in phrases:
        low = phrase.strip().lower()
        if not low or len(low) != len(phrase.strip()) or not _RUN.match(low):
            return None
        runs = _RUN.findall(low)
        table.setdefault(runs[0], []).append(frozenset(runs[1:]))
    return {k: tuple(set(v)) for k, v in table.items()}


class Finder:
    r"""A scanning regex that starts with a literal or character class, so it runs fast.

    `folded`: the pattern is lower-case and runs on `fold(text)` (offsets are the same; take group
    text from the original). `boundary`: a match must not follow a word character (checked here,
    not by a leading lookbehind). `left`: a regex that must match the text just before the match
    (it should end with `$`); with `extend` the match's span then starts where `left` matched.

    `anchors` (with `boundary` only): the phrases every match starts with, when the pattern
    needs a non-letter right after each of them ("alternation(phrases) + r'(?![\w])'", or
    "+ r'\s+'"). The pattern is then tried only where a phrase's first letter run stands in the
    text, and only for phrases all of whose letter runs occur in the text (see `Vocab`), which is
    much faster than scanning every position for word lists. Matches are the same, but for
    a match that would start inside a word and run on into the next (never a match here, as it
    fails `boundary`, yet it used to hide a match starting in its stretch).
    """

    __slots__ = ("anchors", "boundary", "extend", "folded", "keys", "left", "left_width", "regex")

    def __init__(self, pattern: str, *, folded: bool = False, boundary: bool = False, flags: int = 0,
                 left: str | None = None, extend: bool = False, left_width: int = 60,
                 anchors: Iterable[str] | None = None) -> None:
        self.regex = re.compile(pattern, flags)
        self.folded = folded
        self.boundary = boundary
        self.left = re.compile(left) if left else None
        self.extend = extend
        self.left_width = left_width
        self.anchors = _anchor_table(anchors) if anchors is not None and boundary else None
        self.keys = frozenset(self.anchors) if self.anchors is not None else frozenset()

    def spans(self, text: str, folded: str, start: int = 0, end: int | None = None,
              group: int | str = 0) -> Iterable[tuple[int, int, re.Match[str]]]:
        """(start, end, match) of every acceptable match in text[start:end]."""
        src = folded if self.folded else text
        end = len(text) if end is None else end
        matches = self.regex.finditer(src, start, end) if self.anchors is None else \
            self._anchored(src, folded, start, end)
        for m in matches:
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

    def _anchored(self, src: str, folded: str, start: int, end: int) -> Iterable[re.Match[str]]:
        """Non-overlapping matches tried only where an anchor phrase can start, left to right."""
        vocab = vocab_of(folded)
        runs = vocab.runs
        table = self.anchors or {}
        firsts = [w for w in self.keys & runs if any(rest <= runs for rest in table[w])]
        if not firsts:
            return
        positions = vocab.starts(firsts[0]) if len(firsts) == 1 else sorted(
            p for w in firsts for p in vocab.starts(w))
        match = self.regex.match
        cursor = start
        for p in positions:
            if p < cursor:
                continue
            if p >= end:
                break
            m = match(src, p, end)
            if m is not None:
                cursor = m.end() if m.end() > p else p + 1
                yield m


def words_pattern(phrases: Iterable[str]) -> str:
    """An alternation matched as whole words (no word character directly before or after)."""
    return r"(?<![\w])" + alternation(phrases) + r"(?![\w])"


def normalise_key(text: str) -> str:
    """Lower-case a phrase and squeeze its whitespace and periods, for dictionary look-ups."""
    text = text.replace("’", "'").replace("‘", "'")
    return " ".join(text.lower().replace(".", " ").split())
