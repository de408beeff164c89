"""The grader's word lists and message templates, read once from the package's data files."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib.resources import files
from typing import Any

from claimcheck.textfold import fold


def _load(name: str) -> dict[str, Any]:
    return tomllib.loads(files("claimcheck.grade").joinpath(f"data/{name}").read_text("utf-8"))


@lru_cache(maxsize=1)
def lexicon() -> dict[str, Any]:
    """lexicon.toml as loaded."""
    return _load("lexicon.toml")


@lru_cache(maxsize=1)
def messages() -> dict[str, dict[str, str]]:
    """messages.toml and every ``data/messages/*.toml`` merged: rule -> language -> template.

    Each rule family keeps its messages in its own file under ``data/messages/``; a key defined twice
    is an error, so two files never silently disagree.
    """
    merged: dict[str, Any] = dict(_load("messages.toml"))
    folder = files("claimcheck.grade").joinpath("data/messages")
    if folder.is_dir():
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            if not entry.name.endswith(".toml"):
                continue
            for key, value in tomllib.loads(entry.read_text("utf-8")).items():
                if key in merged and key != "timepoints":
                    raise ValueError(f"grade/data/messages/{entry.name}: [{key}]: already defined elsewhere")
                if key == "timepoints" and key in merged:
                    for lang, table in value.items():
                        merged[key].setdefault(lang, {}).update(table)
                else:
                    merged[key] = value
    return merged


@lru_cache(maxsize=64)
def words(group: str, lang: str | None = None) -> tuple[str, ...]:
    """Folded words of a lexicon group, for `lang` or for both languages."""
    table = lexicon()[group]
    langs = [lang] if lang else ["nl", "en"]
    return tuple(fold(w) for code in langs for w in table.get(code, []))


@lru_cache(maxsize=1)
def unit_groups() -> dict[str, str]:
    """unit word (folded) -> its group name."""
    return {fold(w): name for name, members in lexicon()["unit_groups"].items() for w in members}


def unit_group(unit: str | None) -> str | None:
    """The group a unit belongs to ('people', 'studies', 'sessions', 'percent'), or the unit itself."""
    if not unit:
        return None
    key = fold(unit.strip())
    return unit_groups().get(key, key)


def timepoint(text: str, weeks: float | None, lang: str) -> str:
    """A finding's time point in `lang`: from messages.toml, else "after N weeks" from `weeks`."""
    table = messages().get("timepoints", {}).get(lang, {})
    if text in table:
        return table[text]
    if lang == "nl" and weeks is not None:
        return f"na {weeks:g} weken"
    return text or (f"at {weeks:g} weeks" if weeks is not None else "")


def message(rule: str, lang: str, **fields: object) -> str:
    """The message for `rule` in `lang` (falling back to English) with `fields` filled in."""
    table = messages().get(rule, {})
    template = table.get(lang) or table.get("en") or rule
    return template.format(**fields)


def fix(rule: str, lang: str, **fields: object) -> str | None:
    """What to write instead, for `rule` in `lang`: the rule's ``fix = { en, nl }`` template, filled.

    Fields the template names but the caller lacks leave the fix out (None) rather than print a hole.
    """
    table = messages().get(rule, {}).get("fix")
    if not isinstance(table, dict):
        return None
    template = table.get(lang) or table.get("en")
    if not template:
        return None
    try:
        return str(template).format(**fields)
    except (KeyError, IndexError):
        return None
