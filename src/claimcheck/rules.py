"""The rule registry: every rule id claimcheck can report, read from the rules data.

The data is `formats/templates/rules.toml` merged with every `formats/templates/rules/*.toml` (one
file per rule family; a rule defined twice is an error), so a new rule file is picked up with no code
change. Each entry::

    [hype-language]
    short = "Hype language"                 # one line
    full = "..."                            # what the rule checks
    help = \"\"\"...\"\"\"                        # longer help (SARIF `help`)
    level = "warning"                       # default severity: error, warning or info
    tags = ["strength"]
    fix = { en = "...", nl = "..." }        # what to write instead (or one string)
    [hype-language.examples]
    flag = { en = "...", nl = "..." }       # a sentence the rule flags (a string or a list per language)
    pass = { en = "...", nl = "..." }       # a near miss it lets pass

Used by `claimcheck rules`, `docs/rules.md`, SARIF rule descriptors, and to reject unknown rule ids
in the configuration, on the command line and in suppression comments.
"""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from claimcheck.errors import ConfigError

LANGS = ("en", "nl")
LEVELS = ("error", "warning", "info")
#: The ids that `all` stands for in a suppression comment (not a rule).
ALL = "all"


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule: what it checks, its default level, what to write instead, and examples."""

    id: str
    short: str
    full: str
    help: str
    level: str = "warning"
    tags: tuple[str, ...] = ()
    #: What to write instead, per language.
    fix: dict[str, str] = field(default_factory=dict)
    #: "flag" / "pass" -> language -> example sentences.
    examples: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    #: The data file that defines the rule (relative to formats/templates/).
    file: str = "rules.toml"

    @property
    def name(self) -> str:
        """The rule's PascalCase name (SARIF `rule.name`)."""
        return "".join(part.capitalize() for part in self.id.split("-"))

    def to_dict(self) -> dict[str, Any]:
        """The rule as JSON-ready data (`claimcheck rules --format json`)."""
        return {
            "id": self.id, "level": self.level, "short": self.short, "checks": self.full,
            "help": self.help, "fix": dict(self.fix), "examples": {k: dict(v) for k, v in self.examples.items()},
            "tags": list(self.tags), "file": self.file,
        }


def _per_language(value: Any) -> dict[str, list[str]]:
    if isinstance(value, str):
        return {"en": [value]}
    if not isinstance(value, dict):
        return {}
    out: dict[str, list[str]] = {}
    for lang, texts in value.items():
        items = [texts] if isinstance(texts, str) else [t for t in texts or [] if isinstance(t, str)]
        if items:
            out[str(lang)] = items
    return out


def _examples(value: Any) -> dict[str, dict[str, list[str]]]:
    if not isinstance(value, dict):
        return {}
    out: dict[str, dict[str, list[str]]] = {}
    for key, texts in value.items():
        kind = "flag" if "flag" in key else "pass" if "pass" in key else None
        if kind:
            out.setdefault(kind, {}).update(_per_language(texts))
    return out


def _rule(rule_id: str, entry: dict[str, Any], file: str) -> Rule:
    fix = entry.get("fix")
    fixes = {"en": fix} if isinstance(fix, str) else {k: str(v) for k, v in (fix or {}).items()}
    help_text = str(entry.get("help", "")).strip()
    return Rule(
        id=rule_id,
        short=str(entry.get("short", rule_id.replace("-", " ").capitalize())),
        full=str(entry.get("full", "")).strip(),
        help=help_text,
        level=str(entry.get("level", "warning")),
        tags=tuple(entry.get("tags", ())),
        fix=fixes,
        examples=_examples(entry.get("examples")),
        file=file,
    )


@cache
def registry() -> dict[str, Rule]:
    """Every rule, by id, in the order of the data files (rules.toml first, then rules/*.toml by name)."""
    base = resources.files("claimcheck.formats").joinpath("templates")
    files = [("rules.toml", base.joinpath("rules.toml"))]
    folder = base.joinpath("rules")
    if folder.is_dir():
        files.extend((f"rules/{e.name}", e) for e in sorted(folder.iterdir(), key=lambda e: e.name)
                     if e.name.endswith(".toml"))
    out: dict[str, Rule] = {}
    for name, entry in files:
        for key, value in tomllib.loads(entry.read_text(encoding="utf-8")).items():
            if not isinstance(value, dict):
                continue
            if key in out:
                raise ValueError(f"formats/templates/{name}: [{key}]: already defined in {out[key].file}")
            out[key] = _rule(key, value, name)
    return out


def ids() -> list[str]:
    """Every rule id, sorted."""
    return sorted(registry())


def get(rule_id: str) -> Rule | None:
    """The rule `rule_id`, or None when there is no such rule."""
    return registry().get(rule_id)


def nearest(rule_id: str) -> str | None:
    """The known rule id closest to a misspelt one, when one is close enough."""
    close = difflib.get_close_matches(rule_id, ids(), n=1, cutoff=0.6)
    return close[0] if close else None


def unknown_message(rule_id: str) -> str:
    """"unknown rule 'x'; did you mean y?" (or the hint to list the rules)."""
    guess = nearest(rule_id)
    hint = f"did you mean {guess}?" if guess else "see `claimcheck rules` for the list"
    return f"unknown rule '{rule_id}'; {hint}"


def check_ids(rule_ids: list[str] | tuple[str, ...], where: str) -> None:
    """ConfigError naming `where` (a file and key, or a flag) for the first unknown id."""
    known = registry()
    for rule_id in rule_ids:
        if rule_id not in known:
            raise ConfigError(f"{where}: {unknown_message(rule_id)}")
