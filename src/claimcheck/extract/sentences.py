"""A small sentence splitter for Dutch and English health texts, and a per-sentence language guess.

Boundaries: sentence-final punctuation followed by a capital, digit, quote or bullet (except after
an abbreviation from `data/sentences.toml` or an initial), blank lines, line breaks before list
items, and line breaks after a line that ends a sentence or looks like a heading. Sentences are
offsets into the text; together they cover every non-blank character.
"""

from __future__ import annotations

import re
from functools import cache

from claimcheck.extract.context import DocContext
from claimcheck.extract.lexicon import alternation, load
from claimcheck.model import Sentence

_BULLET = r"(?:[•·▪◦●*\-–—]|\d{1,3}[.)])"
_LINE_RE = re.compile(r"[^\n]*(?:\n|$)")
_LIST_ITEM_RE = re.compile(rf"[ \t]*{_BULLET}[ \t]+\S")
_HEADING_MAX = 70


@cache
def _end_re() -> re.Pattern[str]:
    # a run of terminal punctuation (and closing quotes/brackets), whitespace, then what may start
    # a sentence
    return re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s+[\"'“‘«(\[]?[A-ZÀ-Þ0-9•·])")


@cache
def _abbrev_re() -> re.Pattern[str]:
    words = load("sentences")["abbreviations"]
    return re.compile(r"(?:^|[\s(\[/])" + alternation(words) + r"$")


_INITIAL_RE = re.compile(r"(?:^|[\s(.,])[A-Z]$")
_NUMBERING_RE = re.compile(r"(?:^|\n)[ \t]*\d{1,3}$")


def _is_abbreviation(text: str, dot: int, line_start: int) -> bool:
    """True when the period at `dot` closes an abbreviation, an initial or a list number."""
    if text[dot] != ".":
        return False
    before = text[max(line_start, dot - 40):dot]
    if _abbrev_re().search(before) or _INITIAL_RE.search(before):
        return True
    return bool(_NUMBERING_RE.search(text[max(0, dot - 6):dot]) and before.strip().isdigit())


def _blocks(text: str) -> list[tuple[int, int]]:
    """Split into line groups: blank lines, list items and headings end a group."""
    blocks: list[tuple[int, int]] = []
    cur_start: int | None = None
    prev_line = ""
    pos = 0
    for m in _LINE_RE.finditer(text):
        if m.start() == m.end():
            break
        line = m.group(0)
        content = line.rstrip("\n")
        stripped = content.strip()
        ls, le = m.start(), m.start() + len(content)
        if not stripped:
            if cur_start is not None:
                blocks.append((cur_start, pos))
                cur_start = None
        else:
            boundary = cur_start is None or bool(_LIST_ITEM_RE.match(content))
            if not boundary and cur_start is not None:
                p = prev_line.rstrip()
                if p.endswith((".", "!", "?", ":", ";", "”", '"', "…")) or (
                    len(p.strip()) <= _HEADING_MAX and not p.endswith((",", "-")) and stripped[:1].isupper()
                ):
                    boundary = True
            if boundary:
                if cur_start is not None:
                    blocks.append((cur_start, pos))
                cur_start = ls
            pos = le
            prev_line = content
        if not line.endswith("\n"):
            break
    if cur_start is not None:
        blocks.append((cur_start, pos))
    return blocks


def split_sentences(text: str) -> list[Sentence]:
    """The sentences of `text`, as offsets, in order."""
    out: list[Sentence] = []
    end_re = _end_re()
    for b_start, b_end in _blocks(text):
        start = b_start
        for m in end_re.finditer(text, b_start, b_end):
            dot = m.start()
            if _is_abbreviation(text, dot, b_start):
                continue
            _add(out, text, start, m.end())
            start = m.end()
        _add(out, text, start, b_end)
    return out


def _add(out: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(start=start, end=end, text=text[start:end]))


_PUNCT = str.maketrans(dict.fromkeys(".,;:!?()[]{}\"“”‘’'«»/\\…-–—*•", " "))


@cache
def _stopwords(lang: str) -> frozenset[str]:
    return frozenset(w.lower() for w in load("sentences")["stopwords"][lang])


def sentence_language(ctx: DocContext, start: int, end: int, default: str) -> str:
    """Guess whether a sentence is Dutch or English; `default` unless the other clearly wins."""
    other = "en" if default == "nl" else "nl"
    words = ctx.folded[start:end].translate(_PUNCT).split()
    other_set = _stopwords(other)
    n_other = sum(1 for w in words if w in other_set)
    if n_other < 2:
        return default
    default_set = _stopwords(default)
    n_default = sum(1 for w in words if w in default_set)
    return other if n_other > 2 * n_default else default
