"""Finding, reading, validating and caching the register.

`load_register()` reads `sources/*.toml` and `claims/*.toml` under a root, validates every entry
(schema, rules within an entry, rules between files) and returns a `Register`, or raises
`RegisterError` listing every problem as `file: field: problem`. A process-level cache keyed on the
resolved root and the files' names, sizes and modification times makes repeated loads free.
"""

from __future__ import annotations

import difflib
import gc
import hashlib
import os
import re
import sys
import tomllib
import types
import typing
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from claimcheck.errors import RegisterError
from claimcheck.register.checks import Problem, check_claim, check_cross, check_placeholders, check_source
from claimcheck.register.index import Register
from claimcheck.register.schema import (
    DERIVED_FIELDS,
    FINDING_REF_RE,
    ID_RE,
    OPTIONAL_ID_RE,
    ClaimEntry,
    LangList,
    LangText,
    Source,
)

try:  # a TOML parser in Rust, about 8 times as fast as tomllib; tomllib reports syntax errors
    from toml_rs import loads as _fast_loads
except ImportError:  # pragma: no cover - toml-rs is a dependency; tomllib alone is correct, only slower
    _fast_loads = None

ENV_REGISTER = "CLAIMCHECK_REGISTER"
FOLDERS = ("sources", "claims")
#: Registers at least this large are moved out of the garbage collector's sight once loaded (gc.freeze):
#: it saves a full collection's scan of them (~0.5 s at 10,000 entries); small ones are not worth it.
FREEZE_AT = 2000


def default_register_root() -> Path:
    """Where the register lives when no root is given.

    In order: the folder named by the environment variable CLAIMCHECK_REGISTER; the checkout the
    package runs from (the nearest folder above `claimcheck/__init__.py` holding `sources/`,
    `claims/` and `pyproject.toml`); `sys.prefix/share/claimcheck`, where a wheel installs the
    register. Raises RegisterError when none of them holds a register.
    """
    env = os.environ.get(ENV_REGISTER)
    if env:
        return Path(env).expanduser()
    import claimcheck

    here = Path(claimcheck.__file__).resolve().parent
    for folder in here.parents:
        if all((folder / name).is_dir() for name in FOLDERS) and (folder / "pyproject.toml").is_file():
            return folder
    installed = Path(sys.prefix) / "share" / "claimcheck"
    if any((installed / name).is_dir() for name in FOLDERS):
        return installed
    raise RegisterError(
        [f"no register found: set {ENV_REGISTER} to a folder holding sources/ and claims/, or pass one"]
    )


def _entry_files(root: Path) -> list[tuple[str, Path, os.stat_result]]:
    """(folder name, path, stat) of every `*.toml` entry file, sorted; dotfiles (temp files) skipped."""
    found = []
    for name in FOLDERS:
        folder = root / name
        try:
            with os.scandir(folder) as scan:
                for item in scan:
                    if item.name.endswith(".toml") and not item.name.startswith(".") and item.is_file():
                        found.append((name, Path(item.path), item.stat()))
        except FileNotFoundError:
            continue
    found.sort(key=lambda row: (row[0], row[1].name))
    return found


@dataclass
class Validation:
    """The outcome of validating a register: its problems, and the Register when there are none."""

    root: Path
    problems: list[Problem] = field(default_factory=list)
    register: Register | None = None
    sources: int = 0
    claims: int = 0
    drafts: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the register has no problems."""
        return not self.problems

    def messages(self) -> list[str]:
        """The problems as `file: field: problem` lines."""
        return [str(p) for p in self.problems]


def validate_register(root: Path | None = None, _files: list[tuple[str, Path]] | None = None) -> Validation:
    """Read and validate the register under `root` without raising; see `Validation`.

    Not cached: use `load_register` to get a (cached) Register.
    """
    root = Path(root) if root is not None else default_register_root()
    result = Validation(root)
    if not root.is_dir():
        result.problems.append(Problem(str(root), "(register)", "not a folder"))
        return result
    if not any((root / name).is_dir() for name in FOLDERS):
        result.problems.append(Problem(str(root), "(register)", "holds neither sources/ nor claims/"))
        return result

    # Loading makes hundreds of thousands of small objects: with the cyclic garbage collector on, it
    # would scan them over and over (a 10,000-entry register loads 2.5 times slower). A large loaded
    # register lives as long as the process, so its objects are then moved out of the collector's
    # sight (gc.freeze) instead of being scanned by every later full collection.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        files = _files if _files is not None else [(folder, path) for folder, path, _ in _entry_files(root)]
        _read_all(files, result)
        if result.register is not None and result.sources + result.claims >= FREEZE_AT:
            gc.freeze()
    finally:
        if gc_was_enabled:
            gc.enable()
    return result


def _read_all(files: list[tuple[str, Path]], result: Validation) -> None:
    """Read, parse and validate the entry files (folder name, path) of a register into `result`."""
    digest = hashlib.sha256()
    raw_sources: dict[str, tuple[str, dict[str, Any] | None]] = {}
    raw_claims: dict[str, tuple[str, dict[str, Any]]] = {}
    sources: dict[str, Source] = {}
    claims: dict[str, ClaimEntry] = {}
    problems = result.problems
    for folder, path in files:
        rel = f"{folder}/{path.name}"
        stem = path.name[: -len(".toml")]
        data = path.read_bytes()
        digest.update(rel.encode() + b"\0" + data + b"\0")
        text, table = _parse(rel, data, problems)
        if folder == "sources":
            raw_sources[stem] = (rel, table)
            if table is None:
                continue
            problems.extend(Problem(rel, f, m) for f, m in check_source(table, stem))
            problems.extend(Problem(rel, f, m) for f, m in check_placeholders(table, text))
            entry = _validate(Source, table, rel, problems)
            if entry is not None:
                sources[entry.id] = entry
                if entry.draft:
                    result.drafts.append(rel)
        else:
            result.claims += 1
            if table is None:
                continue
            raw_claims[stem] = (rel, table)
            problems.extend(Problem(rel, f, m) for f, m in check_claim(table, stem))
            problems.extend(Problem(rel, f, m) for f, m in check_placeholders(table, text))
            entry = _validate(ClaimEntry, table, rel, problems)
            if entry is not None:
                claims[entry.id] = entry
    problems.extend(check_cross(raw_sources, raw_claims))
    problems.sort(key=lambda p: p.file)  # stable: each file's problems keep their order
    result.sources = len(raw_sources)
    if not problems:
        result.register = Register(result.root, sources, claims, digest.hexdigest()[:12])


def load_register(root: Path | None = None) -> Register:
    """The register under `root` (default: `default_register_root()`), validated and indexed.

    Raises RegisterError listing every problem as `file: field: problem`. Cached per process: loading
    the same root again returns the same Register until a file is added, removed or changed.
    """
    root = Path(root if root is not None else default_register_root()).resolve()
    fingerprint = tuple((str(p), s.st_size, s.st_mtime_ns) for _, p, s in _entry_files(root))
    return _load_cached(root, fingerprint)


#: Registers with at least this many entries are also cached on disk, validated, between runs.
DISK_CACHE_MIN = 200


@lru_cache(maxsize=8)
def _load_cached(root: Path, fingerprint: tuple[tuple[str, int, int], ...]) -> Register:
    cache = _disk_cache_path(fingerprint)
    if cache is not None:
        register = _read_disk_cache(cache)
        if register is not None:
            return register
    files = [(Path(path).parent.name, Path(path)) for path, _, _ in fingerprint]
    result = validate_register(root, files)
    if result.register is None:
        raise RegisterError(result.messages())
    if cache is not None:
        _write_disk_cache(cache, result.register)
    return result.register


def _disk_cache_path(fingerprint: tuple[tuple[str, int, int], ...]) -> Path | None:
    """Where a large register's validated form is kept: keyed by every file's path, size and mtime
    and by claimcheck's version, so any edit (or upgrade) makes a new key. None for small registers."""
    if len(fingerprint) < DISK_CACHE_MIN or os.environ.get("CLAIMCHECK_NO_REGISTER_CACHE"):
        return None
    import hashlib

    from platformdirs import user_cache_path

    from claimcheck import __version__

    key = hashlib.sha256(repr((__version__, fingerprint)).encode()).hexdigest()[:24]
    return user_cache_path("claimcheck") / "register" / f"{key}.pickle"


def _read_disk_cache(path: Path) -> Register | None:
    import pickle

    try:
        with path.open("rb") as handle:
            register = pickle.load(handle)
    except Exception:  # absent, truncated or from another version: validate again
        return None
    return register if isinstance(register, Register) else None


def _write_disk_cache(path: Path, register: Register) -> None:
    """Keep the validated register with its indexes built and each source pickled on its own, so the
    next run unpickles only the indexes and, later, the few sources an article names."""
    import pickle

    from claimcheck.fileutil import write_atomic
    from claimcheck.register.index import LazySources

    try:
        register.prepare_indexes()
        stored = Register(register.root, LazySources.of(register.sources), register.claims, register.version)
        stored.__dict__.update({k: v for k, v in register.__dict__.items() if k.startswith("_")})
        write_atomic(path, pickle.dumps(stored, protocol=pickle.HIGHEST_PROTOCOL))
    except Exception:  # a read-only or full cache folder only costs speed
        return


def clear_cache() -> None:
    """Forget every cached register (tests, long-running processes)."""
    _load_cached.cache_clear()


_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")


def _parse(rel: str, data: bytes, problems: list[Problem]) -> tuple[str, dict[str, Any] | None]:
    """The text and TOML table of a file; the table is None after adding a syntax or encoding problem."""
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        problems.append(Problem(rel, "encoding", f"not UTF-8 (byte {exc.start})"))
        return "", None
    if _fast_loads is not None:
        try:
            return text, _fast_loads(text)
        except Exception:  # any failure: the standard library's parser decides, and explains
            pass
    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(getattr(exc, "msg", "") or exc)
        line, column = getattr(exc, "lineno", None), getattr(exc, "colno", None)
        found = _TOML_POSITION.search(message)
        if found:
            line, column = int(found.group(1)), int(found.group(2))
            message = message[: found.start()]
        where = f"line {line}, column {column}" if line else "(file)"
        problems.append(Problem(rel, where, f"TOML syntax error: {message}"))
        return text, None


def _validate(model: type[BaseModel], table: dict[str, Any], rel: str, problems: list[Problem]) -> Any:
    try:
        return model.model_validate(table)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            problems.append(Problem(rel, _loc(error["loc"]) or "(entry)", _message(model, error)))
        return None


def _loc(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model inside an annotation such as `list[Finding]` or `LangText | None`."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _inner_model(typing.get_args(annotation)[0])
    if origin in (list, typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found = _inner_model(arg)
            if found is not None:
                return found
    return None


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class a location (without its last part) points into."""
    current: type[BaseModel] | None = model
    for part in loc:
        if isinstance(part, int):
            continue
        if current is None or part not in current.model_fields:
            return None
        current = _inner_model(current.model_fields[part].annotation)
    return current


_MISSING_HINTS = {
    "id": "lowercase letters, digits and hyphens",
    "type": "see the Types table of docs/register-format.md",
    "provenance": "where the entry's facts come from",
    "phrases": "the words that count as stating the caveat",
    "wordings": "how the claim is worded in en and/or nl",
    "explanation": 'why the verdict holds: { en = "…", nl = "…" }',
}


def _message(model: type[BaseModel], error: dict[str, Any]) -> str:
    kind, loc, value = error["type"], error["loc"], error.get("input")
    name = next((p for p in reversed(loc) if isinstance(p, str)), "")
    ctx = error.get("ctx") or {}
    if kind == "claimcheck":
        return str(error["msg"])
    if kind == "missing":
        hint = _MISSING_HINTS.get(name)
        return f"required: {hint}" if hint else "required"
    if kind == "extra_forbidden":
        if name in DERIVED_FIELDS and len(loc) == 1:
            return "derived from type (claimcheck/register/types.toml): remove it"
        parent = _model_at(model, loc[:-1])
        fields = [f for f in parent.model_fields if f not in DERIVED_FIELDS] if parent else []
        close = difflib.get_close_matches(name, fields, n=1, cutoff=0.6)
        if close:
            return f"unknown field; did you mean '{close[0]}'?"
        return f"unknown field (allowed: {', '.join(fields)})" if fields else "unknown field"
    if kind == "literal_error":
        return f"{value!r} is not allowed; use {ctx.get('expected', '')}".replace('"', "'")
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        target = _model_at(model, loc)
        if target is LangText:
            return 'must be a table of texts: { en = "…", nl = "…" }'
        if target is LangList:
            return 'must be a table of lists: { en = ["…"], nl = ["…"] }'
        return "must be a table"
    if kind == "string_pattern_mismatch":
        pattern = ctx.get("pattern")
        if pattern in (ID_RE, OPTIONAL_ID_RE):
            return f"'{value}' is not a valid id: use lowercase letters, digits and single hyphens"
        if pattern == FINDING_REF_RE:
            return f"'{value}' is not a finding reference: write 'source-id#finding-id'"
        return "must not be empty"
    if kind == "date_type":
        if isinstance(value, str):
            return f"'{value}' is a string: write a TOML date without quotes, like 2021-09-29"
        if hasattr(value, "hour"):
            return "must be a date without a time, like 2021-09-29"
        return "must be a date like 2021-09-29"
    messages = {
        "string_type": "must be text in quotes",
        "int_type": "must be a whole number",
        "float_type": "must be a number",
        "bool_type": "must be true or false",
        "list_type": "must be a list: [ … ]",
        "greater_than_equal": f"must be at least {ctx.get('ge')}",
    }
    if kind in messages:
        return messages[kind] + (f" (got {value!r})" if not isinstance(value, dict | list) else "")
    return str(error["msg"])
