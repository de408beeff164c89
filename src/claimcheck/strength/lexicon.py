"""Load the cue lexicons and rules of the strength classifier from the package's TOML files.

A lexicon (``data/<lang>.toml``) has these parts:

``[language]``
    ``code``; ``detect``, frequent function words, and ``detect_patterns``, frequent letter
    patterns (regexes), used to guess a sentence's language.
``[strip]``
    ``patterns`` whose matches are cut from the sentence before cues are sought: attribution
    tails such as ", according to a study in ..." that carry no claim of their own.
``[macros]``
    named lists of regex fragments (word forms). A pattern refers to one as ``{NAME}``, which
    expands to ``(?:form1|form2|...)``; macros may refer to other macros.
``[categories.<name>]``
    ``patterns`` (regexes over the lower-cased, whitespace-normalised sentence) and optional
    guards: ``not_after`` / ``not_before`` are words that, directly before or after a match,
    discard it (``"with reduced risk"`` is an adjective, not the verb "reduced"); ``"^"`` in
    ``not_after`` discards a match at the start of the sentence; ``exclude`` lists whole matches
    to ignore. A match glued to a preceding hyphen ("all-cause") never counts.

The rule file (``data/rules.toml``) is an ordered list of ``[[rule]]`` tables: the first rule whose
``all`` categories are all present, ``any`` (if given) has at least one present and ``none`` has none
present decides the level; its categories' matches are the cues reported.

Speed: a pattern that starts with ``\\b`` (or ``^``) and a literal word, a ``{MACRO}`` of such
words or a group of them gets *triggers*, the first letters of those words. The classifier only
tries a category where one of its triggers begins a word of the sentence, instead of scanning the
whole sentence with every regex.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

_MACRO = re.compile(r"\{([A-Z][A-Z0-9_]*)\}")
_LITERAL = re.compile(r"[^\W\d_]+")
_DATA = "claimcheck.strength.data"

#: Length of the word beginnings used as triggers.
TRIGGER_LEN = 4


class LexiconError(ValueError):
    """A lexicon or rule file is malformed (unknown macro, bad regex, bad level)."""


@dataclass(frozen=True, slots=True)
class Category:
    """One kind of cue: a compiled regex plus the guards that discard some of its matches.

    ``triggers`` (None when unknown) are word beginnings of at most :data:`TRIGGER_LEN` letters; every
    match of the regex starts at a word that begins with one of them.
    """

    name: str
    regex: re.Pattern[str]
    not_after: frozenset[str]
    not_before: frozenset[str]
    exclude: frozenset[str]
    triggers: frozenset[str] | None = None


@dataclass(frozen=True, slots=True)
class Rule:
    """An ordered decision rule: which categories must, may or must not be present."""

    name: str
    level: int
    all: tuple[str, ...]
    any: tuple[str, ...]
    none: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The compiled cue categories of one language.

    ``index`` maps a trigger to the positions in ``categories`` of the categories it may start;
    ``prefix_lengths`` are the trigger lengths that occur; ``unindexed`` are the positions of
    categories without triggers, which are searched in the whole sentence.
    """

    code: str
    detect: frozenset[str]
    categories: tuple[Category, ...]
    strip: re.Pattern[str] | None = None
    detect_patterns: re.Pattern[str] | None = None
    index: dict[str, tuple[int, ...]] = field(default_factory=dict)
    prefix_lengths: tuple[int, ...] = ()
    unindexed: frozenset[int] = frozenset()


def _read_toml(name: str) -> dict[str, Any]:
    with resources.files(_DATA).joinpath(name).open("rb") as handle:
        return tomllib.load(handle)


def _expand(pattern: str, macros: dict[str, list[str]], where: str, depth: int = 0) -> str:
    if depth > 10:
        raise LexiconError(f"{where}: macros nest too deeply (a cycle?)")

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in macros:
            raise LexiconError(f"{where}: unknown macro {{{name}}}")
        body = "|".join(_expand(p, macros, f"{where}: {name}", depth + 1) for p in macros[name])
        return f"(?:{body})"

    return _MACRO.sub(replace, pattern)


def _split_alternatives(body: str) -> tuple[list[str], int] | None:
    """Split ``body`` at its top-level ``|``; also return where a closing ``)`` ended it (or -1)."""
    level, start, parts = 0, 0, []
    escaped = in_class = False
    for i, char in enumerate(body):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            level += 1
        elif char == ")":
            if level == 0:
                parts.append(body[start:i])
                return parts, i
            level -= 1
        elif char == "|" and level == 0:
            parts.append(body[start:i])
            start = i + 1
    if level:
        return None
    parts.append(body[start:])
    return parts, -1


def _prefixes(pattern: str, macros: dict[str, list[str]], depth: int) -> set[str] | None:
    """Triggers of one alternative that is already known to start at a word boundary."""
    if depth > 10:
        return None
    if pattern.startswith(("\\b", "^")):
        pattern = pattern[1:] if pattern.startswith("^") else pattern[2:]
    while pattern.startswith(("(?<=", "(?<!")):  # a lookbehind consumes nothing: skip it
        split = _split_alternatives(pattern[4:])
        if split is None or split[1] < 0:
            return None
        pattern = pattern[4 + split[1] + 1 :]
    macro = _MACRO.match(pattern)
    if macro:
        if pattern[macro.end() : macro.end() + 1] in ("?", "*", "{"):
            return None
        return _union(macros.get(macro.group(1), []), macros, depth + 1)
    if pattern.startswith("(?:"):
        split = _split_alternatives(pattern[3:])
        if split is None or split[1] < 0 or pattern[3 + split[1] + 1 : 3 + split[1] + 2] in ("?", "*", "{"):
            return None
        return _union(split[0], macros, depth + 1)
    if pattern.startswith("\\d"):
        return set("0123456789")
    literal = _LITERAL.match(pattern)
    if literal is None:
        return None
    word = literal.group(0)
    if pattern[literal.end() : literal.end() + 1] in ("?", "*", "{"):
        word = word[:-1]  # the quantifier makes the last letter optional
    return {word[:TRIGGER_LEN]} if word else None


def _union(alternatives: list[str], macros: dict[str, list[str]], depth: int) -> set[str] | None:
    found: set[str] = set()
    for alternative in alternatives:
        sub = _prefixes(alternative, macros, depth)
        if sub is None:
            return None
        found |= sub
    return found or None


def literal_prefixes(pattern: str, macros: dict[str, list[str]]) -> set[str] | None:
    """The triggers of a category pattern, or None when they cannot be worked out.

    Every top-level alternative must start with ``\\b`` or ``^`` and then a literal word (possibly
    inside a ``{MACRO}`` or a ``(?:...|...)`` group); otherwise the category is searched everywhere.
    """
    split = _split_alternatives(pattern)
    if split is None or split[1] >= 0:
        return None
    alternatives = split[0]
    if not all(alt.startswith(("\\b", "^")) for alt in alternatives):
        return None
    return _union(alternatives, macros, 0)


def _compile(parts: list[str], where: str) -> re.Pattern[str]:
    try:
        return re.compile("|".join(f"(?:{p})" for p in parts))
    except re.error as exc:
        raise LexiconError(f"{where}: bad pattern: {exc}") from exc


@cache
def load_lexicon(code: str) -> Lexicon:
    """Load and compile ``data/<code>.toml`` once per process."""
    raw = _read_toml(f"{code}.toml")
    where = f"{code}.toml"
    macros = {k: list(v) for k, v in raw.get("macros", {}).items()}
    categories = []
    for name, spec in raw.get("categories", {}).items():
        parts = [_expand(p, macros, f"{where}: {name}") for p in spec["patterns"]]
        triggers: set[str] | None = set()
        for pattern in spec["patterns"]:
            found = literal_prefixes(pattern, macros)
            triggers = None if found is None or triggers is None else triggers | found
        categories.append(
            Category(
                name=name,
                regex=_compile(parts, f"{where}: {name}"),
                not_after=frozenset(spec.get("not_after", ())),
                not_before=frozenset(spec.get("not_before", ())),
                exclude=frozenset(spec.get("exclude", ())),
                triggers=frozenset(triggers) if triggers else None,
            )
        )
    lang = raw.get("language", {})
    strip_parts = [_expand(p, macros, f"{where}: strip") for p in raw.get("strip", {}).get("patterns", ())]
    detect_parts = list(lang.get("detect_patterns", ()))
    index: dict[str, list[int]] = {}
    for position, category in enumerate(categories):
        for trigger in category.triggers or ():
            index.setdefault(trigger, []).append(position)
    return Lexicon(
        code=lang.get("code", code),
        detect=frozenset(lang.get("detect", ())),
        categories=tuple(categories),
        strip=_compile(strip_parts, f"{where}: strip") if strip_parts else None,
        detect_patterns=_compile(detect_parts, f"{where}: detect_patterns") if detect_parts else None,
        index={trigger: tuple(positions) for trigger, positions in index.items()},
        prefix_lengths=tuple(sorted({len(trigger) for trigger in index})),
        unindexed=frozenset(i for i, category in enumerate(categories) if category.triggers is None),
    )


@cache
def load_rules() -> tuple[Rule, ...]:
    """Load ``data/rules.toml``: the ordered rules shared by all languages."""
    raw = _read_toml("rules.toml")
    rules = []
    for i, spec in enumerate(raw.get("rule", [])):
        level = int(spec["level"])
        if level not in (0, 1, 2, 3):
            raise LexiconError(f"rules.toml: rule {i}: level must be 0-3, not {level}")
        rules.append(
            Rule(
                name=spec.get("name", f"rule-{i}"),
                level=level,
                all=tuple(spec.get("all", ())),
                any=tuple(spec.get("any", ())),
                none=tuple(spec.get("none", ())),
            )
        )
    return tuple(rules)


@cache
def languages() -> tuple[str, ...]:
    """The language codes that have a lexicon, from ``rules.toml``'s ``languages`` list."""
    return tuple(_read_toml("rules.toml").get("languages", ["en", "nl"]))
