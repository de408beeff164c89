"""Settings from `claimcheck.toml` or `[tool.claimcheck]` in `pyproject.toml`.

The file is found by walking up from a start folder - for `claimcheck check`, each input file's own
folder (the working directory for stdin and URLs), so the nearest file wins: in each folder
`claimcheck.toml` wins, then a `pyproject.toml` that has a `[tool.claimcheck]` table; the first folder
holding either ends the search. Rule ids (`disable`, `[severity]`) must be known rules
(`claimcheck rules`); a misspelt one is a ConfigError naming the nearest known id. `--config FILE`
(or the `CLAIMCHECK_CONFIG` environment variable) names one directly.
Command-line flags win over the file, the file over the defaults. Paths in the file are relative to
the file's folder.

    # claimcheck.toml
    fail_on = "warning"
    lang = "nl"
    exclude = ["drafts/**"]
    disable = ["no-citation"]
    baseline = ".claimcheck-baseline.json"

    [severity]
    hype-language = "info"

Keys may be written with `-` or `_` (`fail-on` = `fail_on`). Every problem is a `ConfigError`
naming the file and the key.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimcheck.errors import ConfigError

CONFIG_FILE = "claimcheck.toml"
PYPROJECT = "pyproject.toml"
ENV_VAR = "CLAIMCHECK_CONFIG"
FORMATS = ("text", "json", "jsonl", "sarif", "github", "markdown", "html", "claimreview")
FAIL_ON = ("error", "warning", "info", "never")
LANGUAGES = ("nl", "en")
SEVERITY_LEVELS = ("error", "warning", "info", "off")

#: Every setting and its default, in the order `claimcheck config` prints them.
DEFAULTS: dict[str, Any] = {
    "format": "text",
    "fail_on": "error",
    "lang": None,
    "include": [],
    "exclude": [],
    "register": None,
    "jobs": None,
    "baseline": None,
    "disable": [],
    "severity": {},
    "cache_dir": None,
    "date": None,
}
PATH_KEYS = frozenset({"register", "baseline", "cache_dir"})
DEFAULT_ORIGIN = "default"
COMMAND_LINE = "command line"


@dataclass(slots=True)
class Settings:
    """Effective settings, and where each came from (`default`, a file, or `command line`)."""

    values: dict[str, Any] = field(default_factory=lambda: {k: _copy(v) for k, v in DEFAULTS.items()})
    origins: dict[str, str] = field(default_factory=lambda: dict.fromkeys(DEFAULTS, DEFAULT_ORIGIN))
    file: Path | None = None

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def merge(self, values: Mapping[str, Any], origin: str) -> None:
        """Overlay `values` (already validated) as coming from `origin`."""
        for key, value in values.items():
            self.values[key] = value
            self.origins[key] = origin


def _copy(value: Any) -> Any:
    if isinstance(value, list):
        return list(value)
    if isinstance(value, dict):
        return dict(value)
    return value


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML ({exc})") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read ({exc})") from None


def find_config(start: Path | None = None) -> Path | None:
    """The configuration file that applies in `start` (default: the working directory), if any."""
    folder = (start or Path.cwd()).resolve()
    for candidate in (folder, *folder.parents):
        own = candidate / CONFIG_FILE
        if own.is_file():
            return own
        pyproject = candidate / PYPROJECT
        if pyproject.is_file():
            try:
                data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
            except (tomllib.TOMLDecodeError, OSError, UnicodeDecodeError):
                continue
            if isinstance(data.get("tool"), dict) and "claimcheck" in data["tool"]:
                return pyproject
    return None


def _table(path: Path) -> dict[str, Any]:
    data = _read_toml(path)
    if path.name == PYPROJECT:
        tool = data.get("tool", {})
        table = tool.get("claimcheck", {}) if isinstance(tool, dict) else {}
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: [tool.claimcheck] must be a table")
        return table
    return data


def _choice(path: Path, key: str, value: Any, choices: tuple[str, ...]) -> str:
    if not isinstance(value, str) or value not in choices:
        raise ConfigError(f"{path}: {key}: must be one of {', '.join(choices)} (got {value!r})")
    return value


def _string_list(path: Path, key: str, value: Any) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ConfigError(f"{path}: {key}: must be a list of strings (got {value!r})")
    return list(value)


def _rule_id(path: Path, key: str, value: str) -> str:
    """`value` when it is a known rule id; ConfigError naming the file, the key and the nearest id."""
    from claimcheck import rules

    if rules.get(value) is None:
        raise ConfigError(f"{path}: {key}: {rules.unknown_message(value)}")
    return value


def _date(path: Path, key: str, value: Any) -> str:
    """A publication date as YYYY-MM-DD (TOML may give a date or a string)."""
    import datetime as dt

    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    from claimcheck.ingest import parse_date

    try:
        return parse_date(value) if isinstance(value, str) else parse_date("")
    except ValueError:
        raise ConfigError(f"{path}: {key}: must be a date, YYYY-MM-DD (got {value!r})") from None


def validate(raw: Mapping[str, Any], path: Path) -> dict[str, Any]:
    """Check and normalise a configuration table read from `path`; ConfigError on the first problem."""
    base = path.parent
    out: dict[str, Any] = {}
    for raw_key, value in raw.items():
        key = raw_key.replace("-", "_")
        if key not in DEFAULTS:
            known = ", ".join(k for k in DEFAULTS)
            raise ConfigError(f"{path}: {raw_key}: unknown key (known keys: {known})")
        if key == "format":
            out[key] = _choice(path, raw_key, value, FORMATS)
        elif key == "fail_on":
            out[key] = _choice(path, raw_key, value, FAIL_ON)
        elif key == "lang":
            out[key] = _choice(path, raw_key, value, LANGUAGES)
        elif key in ("include", "exclude"):
            out[key] = _string_list(path, raw_key, value)
        elif key == "disable":
            out[key] = [_rule_id(path, raw_key, v) for v in _string_list(path, raw_key, value)]
        elif key == "jobs":
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ConfigError(f"{path}: {raw_key}: must be a whole number of at least 1 (got {value!r})")
            out[key] = value
        elif key == "date":
            out[key] = _date(path, raw_key, value)
        elif key == "severity":
            if not isinstance(value, dict):
                raise ConfigError(f"{path}: {raw_key}: must be a table of rule = level")
            levels: dict[str, str] = {}
            for rule, level in value.items():
                _rule_id(path, f"{raw_key}.{rule}", rule)
                levels[rule] = _choice(path, f"{raw_key}.{rule}", level, SEVERITY_LEVELS)
            out[key] = levels
        else:  # paths
            if not isinstance(value, str) or not value:
                raise ConfigError(f"{path}: {raw_key}: must be a path (got {value!r})")
            resolved = (base / value).resolve() if not Path(value).is_absolute() else Path(value)
            if key == "register" and not resolved.is_dir():
                raise ConfigError(f"{path}: {raw_key}: no such folder {value!r}")
            out[key] = resolved
    return out


def load_settings(config_file: Path | None = None, start: Path | None = None) -> Settings:
    """Defaults overlaid with the configuration file (`config_file`, or the one found from `start`)."""
    settings = Settings()
    path = config_file
    if path is not None:
        path = Path(path)
        if not path.is_file():
            raise ConfigError(f"{path}: configuration file not found")
    else:
        path = find_config(start)
    if path is None:
        return settings
    table = _table(path)
    settings.file = path
    settings.merge(validate(table, path), str(path))
    return settings


def parse_severity_overrides(items: list[str] | tuple[str, ...]) -> dict[str, str]:
    """`--severity RULE=LEVEL` options as a dict; ConfigError on a malformed one."""
    out: dict[str, str] = {}
    for item in items:
        rule, sep, level = item.partition("=")
        rule, level = rule.strip(), level.strip()
        if not sep or not rule:
            raise ConfigError(f"--severity {item}: expected RULE=LEVEL (e.g. hype-language=info)")
        from claimcheck import rules

        rules.check_ids([rule], f"--severity {item}")
        if level not in SEVERITY_LEVELS:
            raise ConfigError(f"--severity {item}: level must be one of {', '.join(SEVERITY_LEVELS)}")
        out[rule] = level
    return out


def _toml_value(value: Any) -> str:
    import json

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, Path):
        return json.dumps(str(value), ensure_ascii=False)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(value)


def _toml_key(key: str) -> str:
    import re

    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else _toml_value(key)


def to_toml(settings: Settings) -> str:
    """The effective settings as TOML, each line commented with where it came from."""
    source = f" from {settings.file}" if settings.file else " (no configuration file found)"
    lines = [f"# claimcheck effective settings{source}"]
    for key in DEFAULTS:
        if key == "severity":
            continue
        value = settings.values[key]
        origin = settings.origins[key]
        if value is None:
            lines.append(f"# {key} = (not set)  # {origin}")
        else:
            lines.append(f"{key} = {_toml_value(value)}  # {origin}")
    lines.append("")
    lines.append(f"[severity]  # {settings.origins['severity']}")
    levels = sorted(settings.values["severity"].items())
    lines.extend(f"{_toml_key(rule)} = {_toml_value(level)}" for rule, level in levels)
    return "\n".join(lines) + "\n"


def to_json_dict(settings: Settings) -> dict[str, Any]:
    """The effective settings and their origins as a JSON-ready dict."""
    values = {k: (str(v) if isinstance(v, Path) else v) for k, v in settings.values.items()}
    file = str(settings.file) if settings.file else None
    return {"file": file, "settings": values, "origins": dict(settings.origins)}
