"""Concepts and their word forms: find outcomes, groups, time words, interventions, conditions and
relations in text by meaning-bearing words, whatever their inflection.

A concept is data (``concepts/data/<kind>.toml``): an id, its English and Dutch phrases, and examples.
Each phrase is matched as a sequence of words; each word matches any of its inflected forms, found once
from simplemma's dictionaries (the forms whose lemma is the word's lemma) and cached on disk, so a
run never loads the lemmatiser's dictionaries unless the concept data changed. A word written with a
trailing ``*`` matches any word it begins ("pijnvrij*" also finds "pijnvrije"), with a leading ``*``
any word it ends (a Dutch compound head: "*pijn" finds "rugpijn").

    find(text, "nl", kinds={"outcome"}) -> [Hit(concept="pain-free", kind="outcome", start, end, text)]

Matching is one pass over the text's tokens with a dictionary keyed by each phrase's first word, so its
cost is linear in the text's length whatever the number of concepts.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from claimcheck.textfold import fold

__all__ = ["Concept", "Hit", "Tokens", "concept", "concepts", "find", "kinds", "tokens"]

LANGS = ("en", "nl")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?|\d+(?:[.,]\d+)*|%", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Concept:
    """One concept: id, kind, phrases per language, and optional extra data (broader, value, examples)."""

    id: str
    kind: str
    phrases: dict[str, tuple[str, ...]]
    data: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)


@dataclass(frozen=True, slots=True)
class Hit:
    """Where a concept's phrase stands in a text (offsets into that text)."""

    concept: str
    kind: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Tokens:
    """A text's folded word tokens with their offsets, made once per text and shared by every stage."""

    words: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def __len__(self) -> int:
        return len(self.words)

    def index_at(self, offset: int) -> int:
        """The index of the first token starting at or after `offset`."""
        from bisect import bisect_left

        return bisect_left(self.starts, offset)


@lru_cache(maxsize=32)
def tokens(text: str) -> Tokens:
    """The folded word tokens of `text` (cached: callers on the same text share one tokenisation)."""
    folded = fold(text)
    words, starts, ends = [], [], []
    for m in _WORD.finditer(folded):
        words.append(m.group().replace("’", "'"))
        starts.append(m.start())
        ends.append(m.end())
    return Tokens(tuple(words), tuple(starts), tuple(ends))


# --- data ------------------------------------------------------------------------------------------


def _data_dir() -> Any:
    return files("claimcheck.concepts").joinpath("data")


@lru_cache(maxsize=1)
def _raw() -> tuple[tuple[str, str], ...]:
    """(file name, TOML text) of every concept file, sorted by name."""
    out = []
    for entry in _data_dir().iterdir():
        if entry.name.endswith(".toml"):
            out.append((entry.name, entry.read_text("utf-8")))
    return tuple(sorted(out))


class ConceptDataError(ValueError):
    """A concept file is malformed; the message names the file and the problem."""


@lru_cache(maxsize=1)
def _all() -> dict[str, Concept]:
    out: dict[str, Concept] = {}
    for name, text in _raw():
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConceptDataError(f"concepts/data/{name}: {exc}") from exc
        kind = data.get("kind") or name.removesuffix(".toml")
        for i, row in enumerate(data.get("concept", [])):
            cid = row.get("id")
            if not cid:
                raise ConceptDataError(f"concepts/data/{name}: concept {i}: id: missing")
            if cid in out:
                raise ConceptDataError(f"concepts/data/{name}: concept {cid}: id: also in another file")
            phrases = {lang: tuple(row.get(lang, [])) for lang in LANGS}
            if not any(phrases.values()):
                raise ConceptDataError(f"concepts/data/{name}: concept {cid}: en/nl: needs at least one phrase")
            extra = {k: v for k, v in row.items() if k not in ("id", *LANGS)}
            out[cid] = Concept(cid, row.get("kind", kind), phrases, extra)
    return out


def concept(concept_id: str) -> Concept | None:
    """The concept with this id, or None."""
    return _all().get(concept_id)


def concepts(kind: str | None = None) -> list[Concept]:
    """Every concept, or those of one kind, in data order."""
    return [c for c in _all().values() if kind is None or c.kind == kind]


def kinds() -> set[str]:
    """The concept kinds the data defines."""
    return {c.kind for c in _all().values()}


# --- word forms ------------------------------------------------------------------------------------


def _phrase_words(phrase: str) -> list[str]:
    return [w for w in re.split(r"[\s\-/]+", fold(phrase).strip()) if w]


def _cache_dir() -> Path:
    base = os.environ.get("CLAIMCHECK_CACHE_DIR")
    if base:
        return Path(base)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("claimcheck"))


def _expand(words_by_lang: dict[str, set[str]]) -> dict[str, dict[str, list[str]]]:
    """lang -> word -> its inflected forms, from simplemma's dictionary (inverted once)."""
    try:
        from simplemma import lemmatize
        from simplemma.strategies.dictionaries import DefaultDictionaryFactory
    except ImportError:  # pragma: no cover - simplemma is a dependency
        return {lang: {w: [w] for w in ws} for lang, ws in words_by_lang.items()}
    factory = DefaultDictionaryFactory()
    out: dict[str, dict[str, list[str]]] = {}
    for lang, wanted in words_by_lang.items():
        lemma_of = {w: fold(lemmatize(w, lang=lang)) for w in wanted}
        by_lemma: dict[str, set[str]] = {}
        for w, lemma in lemma_of.items():
            by_lemma.setdefault(lemma, set()).update({w, lemma})
        dictionary = factory.get_dictionary(lang)
        for form, lemma in dictionary.items():
            key = fold(lemma)
            if key in by_lemma:
                by_lemma[key].add(fold(form))
        out[lang] = {w: sorted(by_lemma[lemma_of[w]]) for w in wanted}
    return out


@lru_cache(maxsize=1)
def _forms() -> dict[str, dict[str, list[str]]]:
    """lang -> phrase word -> forms; read from the disk cache when the concept data is unchanged."""
    wanted: dict[str, set[str]] = {lang: set() for lang in LANGS}
    for c in _all().values():
        for lang in LANGS:
            for phrase in c.phrases[lang]:
                for w in _phrase_words(phrase):
                    if "*" not in w and "=" not in w and not w.isdigit():
                        wanted[lang].add(w)
    digest = hashlib.sha256(json.dumps({k: sorted(v) for k, v in wanted.items()}).encode()).hexdigest()[:16]
    path = _cache_dir() / f"concept-forms-{digest}.json"
    try:
        return json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        pass
    forms = _expand(wanted)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(forms), "utf-8")
        os.replace(tmp, path)
    except OSError:
        pass
    return forms


# --- matching --------------------------------------------------------------------------------------

#: A phrase word: exact forms, or a prefix / suffix for '*' words.
_Matcher = tuple[frozenset[str], str, str]  # (forms, prefix, suffix)


def _matcher(word: str, lang: str) -> _Matcher:
    if word.endswith("*"):
        return frozenset(), word[:-1], ""
    if word.startswith("*"):
        return frozenset(), "", word[1:]
    if word.startswith("="):  # "=tens": this form only, never its inflections ("ten")
        return frozenset({word[1:]}), "", ""
    forms = _forms().get(lang, {}).get(word) or [word]
    return frozenset(forms), "", ""


def _ok(token: str, m: _Matcher) -> bool:
    forms, prefix, suffix = m
    if forms:
        return token in forms
    if prefix:
        return token.startswith(prefix)
    return token.endswith(suffix) and len(token) > len(suffix)


#: Wildcard phrases are indexed by this many letters of their fixed part (prefix start or suffix end).
_KEY = 3


@dataclass(slots=True)
class _Index:
    #: exact first-word form -> [(concept, kind, matchers)]
    first: dict[str, list[tuple[str, str, tuple[_Matcher, ...]]]]
    #: phrases whose first word is 'prefix*', by the prefix's first letters
    prefixed: dict[str, list[tuple[str, str, tuple[_Matcher, ...]]]]
    #: phrases whose first word is '*suffix', by the suffix's last letters
    suffixed: dict[str, list[tuple[str, str, tuple[_Matcher, ...]]]]
    #: wildcard phrases whose fixed part is shorter than _KEY (checked against every token)
    short: list[tuple[str, str, tuple[_Matcher, ...]]]
    #: (first-word form, second-word form) -> phrases of two or more exact words
    pairs: dict[tuple[str, str], list[tuple[str, str, tuple[_Matcher, ...]]]] = field(default_factory=dict)
    #: every exact form a phrase can start with (a token outside it, and outside the wildcard
    #: buckets, starts nothing: the common case, one set lookup)
    starts: frozenset[str] = frozenset()

    def may_start(self, word: str) -> bool:
        """Whether any phrase can start at a token `word` (a cheap test before `candidates`)."""
        return (word in self.starts or bool(self.short) or word[:_KEY] in self.prefixed
                or word[-_KEY:] in self.suffixed)

    def candidates(self, word: str, following: str | None) -> list[tuple[str, str, tuple[_Matcher, ...]]]:
        """Phrases that may start at a token `word` followed by `following` (exact words, fitting wildcards)."""
        out = self.first.get(word, [])
        if following is not None and self.pairs:
            two = self.pairs.get((word, following))
            if two:
                out = out + two
        if self.prefixed:
            extra = [e for e in self.prefixed.get(word[:_KEY], ()) if _ok(word, e[2][0])]
            if extra:
                out = out + extra
        if self.suffixed:
            extra = [e for e in self.suffixed.get(word[-_KEY:], ()) if _ok(word, e[2][0])]
            if extra:
                out = out + extra
        if self.short:
            extra = [e for e in self.short if _ok(word, e[2][0])]
            if extra:
                out = out + extra
        return out


@lru_cache(maxsize=16)
def _index(lang: str, kinds_key: frozenset[str] | None) -> _Index:
    index = _Index({}, {}, {}, [])
    for c in _all().values():
        if kinds_key is not None and c.kind not in kinds_key:
            continue
        for phrase in c.phrases.get(lang, ()):
            words = _phrase_words(phrase)
            if not words:
                continue
            matchers = tuple(_matcher(w, lang) for w in words)
            entry = (c.id, c.kind, matchers)
            forms, prefix, suffix = matchers[0]
            if forms and len(matchers) > 1 and matchers[1][0]:
                for form in forms:
                    for second in matchers[1][0]:
                        index.pairs.setdefault((form, second), []).append(entry)
            elif forms:
                for form in forms:
                    index.first.setdefault(form, []).append(entry)
            elif prefix and len(prefix) >= _KEY:
                index.prefixed.setdefault(prefix[:_KEY], []).append(entry)
            elif suffix and len(suffix) >= _KEY:
                index.suffixed.setdefault(suffix[-_KEY:], []).append(entry)
            else:
                index.short.append(entry)
    index.starts = frozenset(index.first) | frozenset(a for a, _ in index.pairs)
    return index


def find(text: str, lang: str, kinds: Iterable[str] | None = None, start: int = 0,
         end: int | None = None) -> list[Hit]:
    """Concept phrases in `text[start:end]`, longest first where they overlap, in text order.

    `lang` picks the word forms ("en" or "nl"); `kinds` restricts the search ("outcome", "group", ...).
    """
    index = _index(lang if lang in LANGS else "en", frozenset(kinds) if kinds is not None else None)
    toks = tokens(text)
    end = len(text) if end is None else end
    lo = toks.index_at(start)
    hi = toks.index_at(end)
    n = len(toks)
    words = toks.words
    starts, prefixed, suffixed = index.starts, index.prefixed, index.suffixed
    # Positions where some phrase may start: one set lookup per token (wildcard buckets when any).
    if index.short:
        positions = range(lo, hi)
    elif prefixed or suffixed:
        positions = [i for i in range(lo, hi) if words[i] in starts or words[i][:_KEY] in prefixed
                     or words[i][-_KEY:] in suffixed]
    else:
        positions = [i for i in range(lo, hi) if words[i] in starts]
    found: list[tuple[int, int, str, str]] = []
    taken = lo
    for i in positions:
        if i < taken:
            continue
        word = words[i]
        best: tuple[int, str, str] | None = None
        for cid, kind, matchers in index.candidates(word, words[i + 1] if i + 1 < n else None):
            k = len(matchers)
            if i + k > n or toks.ends[i + k - 1] > end or (best is not None and k <= best[0]):
                continue
            if k == 1 or all(_ok(words[i + j], matchers[j]) for j in range(1, k)):
                best = (k, cid, kind)
        if best is not None:
            k, cid, kind = best
            found.append((toks.starts[i], toks.ends[i + k - 1], cid, kind))
            taken = i + k
    return [Hit(cid, kind, s, e, text[s:e]) for s, e, cid, kind in found]


def first(text: str, lang: str, kind: str, start: int = 0, end: int | None = None) -> Hit | None:
    """The first hit of one kind in a span, or None."""
    hits = find(text, lang, {kind}, start, end)
    return hits[0] if hits else None
