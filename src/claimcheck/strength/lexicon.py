"""Load the cue lexicons and rules of the strength classifier from the package's TOML files.

A lexicon (``data/<lang>.toml``) has three parts:

``[language]``
    ``code`` and ``detect``: frequent function words used to guess a sentence's language.
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
    """One kind of cue: a compiled regex plus the guards that discard some of its matches."""

    name: str
    regex: re.Pattern[str]
    not_after: frozenset[str]
    not_before: frozenset[str]
    exclude: frozenset[str]


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
            )
        )
    lang = raw.get("language", {})
    return Lexicon(code=lang.get("code", code), detect=frozenset(lang.get("detect", ())),
                   categories=tuple(categories))


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
