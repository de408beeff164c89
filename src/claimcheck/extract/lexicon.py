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


def phrase_pattern(phrase: str) -> str:
    """A regex for one phrase: literal, with any run of spaces matching any whitespace."""
    parts = [re.escape(p) for p in phrase.split()]
    return r"\s+".join(parts)


def alternation(phrases: Iterable[str]) -> str:
    """A non-capturing alternation of phrases, longest first so the longest phrase wins."""
    unique = sorted({p for p in phrases if p}, key=lambda p: (-len(p), p))
    if not unique:
        return "(?!x)x"
    return "(?:" + "|".join(phrase_pattern(p) for p in unique) + ")"


def words_pattern(phrases: Iterable[str]) -> str:
    """An alternation matched as whole words (no word character directly before or after)."""
    return r"(?<![\w])" + alternation(phrases) + r"(?![\w])"


def normalise_key(text: str) -> str:
    """Lower-case a phrase and squeeze its whitespace and periods, for dictionary look-ups."""
    text = text.replace("’", "'").replace("‘", "'")
    return " ".join(text.lower().replace(".", " ").split())


@cache
def by_lang(name: str, key: str, lang: str) -> tuple[str, ...]:
    """A per-language word list: `load(name)[key][lang]`, empty when missing."""
    section = load(name).get(key, {})
    return tuple(section.get(lang, ()))
