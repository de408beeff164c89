"""Load the cue lexicons and rules of the strength classifier from the package's TOML files.

A lexicon (``data/<lang>.toml``) has three parts:

``[language]``
    ``code``; ``detect``, frequent function words, and ``detect_patterns``, frequent letter
    patterns (regexes), used to guess a sentence's language.
``[macros]``
    named lists of regex fragments (word forms). A pattern refers to one as ``{NAME}``, which
    expands to ``(?:form1|form2|...)``; macros may refer to other macros.
``[strip]``
    ``patterns`` whose matches are cut from the sentence before cues are sought: attribution
    tails such as ", according to a study in ..." that carry no claim of their own.
``[categories.<name>]``
    ``patterns`` (regexes over the lower-cased, whitespace-normalised sentence) and optional
    guards: ``not_after`` / ``not_before`` are words that, directly before or after a match,
    discard it (``"with reduced risk"`` is an adjective, not the verb "reduced"); ``"^"`` in
    ``not_after`` discards a match at the start of the sentence; ``exclude`` lists whole matches
    to ignore. A match glued to a preceding hyphen ("all-cause") never counts.

The rule file (``data/rules.toml``) is an ordered list of ``[[rule]]`` tables: the first rule whose
``all`` categories are all present, ``any`` (if given) has at least one present and ``none`` has none
present decides the level; its categories' matches are the cues reported.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

_MACRO = re.compile(r"\{([A-Z][A-Z0-9_]*)\}")
_DATA = "claimcheck.strength.data"


class LexiconError(ValueError):
    """A lexicon or rule file is malformed (unknown macro, bad regex, unknown category)."""


@dataclass(frozen=True, slots=True)
class Category:
    """One kind of cue: a compiled regex plus the guards that discard some of its matches.

    ``triggers`` (when not None) are word beginnings of at most :data:`TRIGGER_LEN` characters, one of
    which every match starts with: a sentence with none of them cannot match, so the regex is skipped.
    """

    name: str
    regex: re.Pattern[str]
    not_after: frozenset[str]
    not_before: frozenset[str]
    exclude: frozenset[str]
    triggers: frozenset[str] | None = None


#: Length of the word beginnings used to skip categories that cannot match a sentence.
TRIGGER_LEN = 4
_LITERAL = re.compile(r"[^\W\d_]+")
_META = set("\\.^$*+?{}[]()|")


def _literal_prefixes(pattern: str, macros: dict[str, list[str]], depth: int = 0) -> set[str] | None:
    """The word beginnings every match of ``pattern`` starts with, or None when they are unknown.

    Only patterns that start at a word boundary (``\\b`` or ``^``) followed by literal letters or a
    ``{MACRO}`` whose entries all start with literal letters are understood; anything else returns
    None, which simply means the category is always tried.
    """
    if depth > 10:
        return None
    if pattern.startswith("^"):
        pattern = pattern[1:]
    elif pattern.startswith("\\b"):
        pattern = pattern[2:]
    elif depth == 0:
        return None
    macro = _MACRO.match(pattern)
    if macro:
        found: set[str] = set()
        for entry in macros.get(macro.group(1), ()):
            sub = _literal_prefixes(entry, macros, depth + 1)
            if sub is None:
                return None
            found |= sub
        return found or None
    if pattern.startswith("(?:"):
        return _group_prefixes(pattern, macros, depth)
    if pattern.startswith("\\d"):
        return set("0123456789")
    literal = _LITERAL.match(pattern)
    if literal is None:
        return None
    word = literal.group(0)
    following = pattern[literal.end() : literal.end() + 1]
    if following in ("?", "*", "{"):
        word = word[:-1]  # the quantifier makes the last letter optional
    if not word:
        return None
    return {word[:TRIGGER_LEN]}


def _group_prefixes(pattern: str, macros: dict[str, list[str]], depth: int) -> set[str] | None:
    """Prefixes of a pattern that opens with a ``(?:a|b|...)`` group that is not optional."""
    level, start, alternatives = 0, 3, []
    for i in range(3, len(pattern)):
        char = pattern[i]
        if pattern[i - 1] == "\\":
            continue
        if char == "(":
            level += 1
        elif char == ")":
            if level == 0:
                alternatives.append(pattern[start:i])
                if pattern[i + 1 : i + 2] in ("?", "*", "{"):
                    return None
                break
            level -= 1
        elif char == "|" and level == 0:
            alternatives.append(pattern[start:i])
            start = i + 1
    else:
        return None
    found: set[str] = set()
    for alternative in alternatives:
        sub = _literal_prefixes("\\b" + alternative, macros, depth + 1)
        if sub is None:
            return None
        found |= sub
    return found


def trigger_keys(words: list[str]) -> set[str]:
    """Every beginning (1 to TRIGGER_LEN characters) of every word, to test against triggers."""
    keys: set[str] = set()
    for word in words:
        for n in range(1, min(len(word), TRIGGER_LEN) + 1):
            keys.add(word[:n])
    return keys


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
    """The compiled cue categories of one language."""

    code: str
    detect: frozenset[str]
    categories: tuple[Category, ...]
    detect_patterns: re.Pattern[str] | None = None
    strip: re.Pattern[str] | None = None


def _read_toml(name: str) -> dict:
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
            found = _literal_prefixes(pattern, macros)
            if found is None or triggers is None:
                triggers = None
            else:
                triggers |= found
        source = "|".join(f"(?:{p})" for p in parts)
        try:
            regex = re.compile(source)
        except re.error as exc:
            raise LexiconError(f"{where}: {name}: bad pattern: {exc}") from exc
        categories.append(
            Category(
                name=name,
                regex=regex,
                not_after=frozenset(spec.get("not_after", ())),
                not_before=frozenset(spec.get("not_before", ())),
                exclude=frozenset(spec.get("exclude", ())),
                triggers=frozenset(triggers) if triggers else None,
            )
        )
    lang = raw.get("language", {})
    strip_parts = [_expand(p, macros, f"{where}: strip") for p in raw.get("strip", {}).get("patterns", ())]
    try:
        strip = re.compile("|".join(f"(?:{p})" for p in strip_parts)) if strip_parts else None
    except re.error as exc:
        raise LexiconError(f"{where}: strip: bad pattern: {exc}") from exc
    patterns = lang.get("detect_patterns", ())
    detect_patterns = re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None
    return Lexicon(code=lang.get("code", code), detect=frozenset(lang.get("detect", ())),
                   categories=tuple(categories), strip=strip, detect_patterns=detect_patterns)


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
