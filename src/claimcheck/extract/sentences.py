"""A small sentence splitter for Dutch and English health texts, and a per-sentence language guess.

Boundaries: sentence-final punctuation followed by a capital, digit, quote or bullet (except after
an abbreviation from `data/sentences.toml` or an initial), blank lines, line breaks before list
items, and line breaks after a line that ends a sentence or looks like a heading. Sentences are
offsets into the text; together they cover every non-blank character.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import cache

from claimcheck.extract.context import DocContext
from claimcheck.extract.lexicon import alternation, load, vocab_of
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
_CAPITALS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")


@cache
def _abbrev_last_words() -> frozenset[str]:
    """The last word of every abbreviation: the word right before a period must be one of them."""
    return frozenset(a.split()[-1] for a in load("sentences")["abbreviations"] if a.split())


def _is_abbreviation(text: str, dot: int, line_start: int) -> bool:
    """True when the period at `dot` closes an abbreviation, an initial or a list number."""
    if text[dot] != ".":
        return False
    before = text[max(line_start, dot - 40):dot]
    if not before or before[-1] == "\n":  # `$` may match before a final line break: ask the patterns
        if _abbrev_re().search(before) or _INITIAL_RE.search(before):
            return True
    else:
        # the word before the period (after the last space or bracket), checked first: most are no
        # abbreviation, and a set look-up is much cheaper than the abbreviation pattern
        cut = before.rsplit(None, 1)[-1] if not before[-1].isspace() else ""
        word = cut[max(cut.rfind("("), cut.rfind("["), cut.rfind("/")) + 1:]
        if word in _abbrev_last_words() and _abbrev_re().search(before):
            return True
        if before[-1] in _CAPITALS and (len(before) == 1 or before[-2].isspace() or before[-2] in "(.,"):
            return True  # an initial
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
    piece = text[start:end]
    body = piece.strip()
    if body:
        start += len(piece) - len(piece.lstrip())
        out.append(Sentence(start=start, end=start + len(body), text=body))


_PUNCT = str.maketrans(dict.fromkeys(".,;:!?()[]{}\"“”‘’'«»/\\…-–—*•", " "))


@cache
def _stopwords(lang: str) -> frozenset[str]:
    return frozenset(w.lower() for w in load("sentences")["stopwords"][lang])


def sentence_languages(ctx: DocContext, sentences: list[Sentence], default: str) -> list[str]:
    """`sentence_language` of each sentence. A sentence needs two of the other language's stop
    words to change language; where the document's letter runs show it has fewer, the guess is
    `default` without counting (a stop word is all letters, so each one counted is such a run)."""
    other = "en" if default == "nl" else "nl"
    vocab = vocab_of(ctx.folded)
    stop = _stopwords(other)
    if not all(w.isalpha() for w in stop):
        return [sentence_language(ctx, s.start, s.end, default) for s in sentences]
    words = vocab.runs & stop
    if not words:
        return [default] * len(sentences)
    marks = sorted(p for w in words for p in vocab.starts(w))
    out = []
    for s in sentences:
        if bisect_left(marks, s.end) - bisect_left(marks, s.start) < 2:
            out.append(default)
        else:
            out.append(sentence_language(ctx, s.start, s.end, default))
    return out


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
