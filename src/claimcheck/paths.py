"""Which files a run checks, and which configuration applies to each.

- Folders are expanded recursively into their article files; hidden files and folders are skipped,
  and so is whatever a `.gitignore` in the folder or above it (up to the repository's root) ignores.
- `include` and `exclude` globs apply to files found in folders and, with `force_exclude` (the
  default, as ruff's `--force-exclude`), `exclude` applies to files named on the command line too,
  which is how pre-commit and editors call claimcheck.
- Globs are matched against the path relative to the folder of the configuration file that set them
  (the working directory for command-line ones), against the file name, and as `*/GLOB`.
- The configuration of a file is the nearest `claimcheck.toml` (or `pyproject.toml` with
  `[tool.claimcheck]`) upward from the file's own folder; stdin and URLs use the working directory's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from fnmatch import fnmatch
from functools import cache
from pathlib import Path
from typing import Any

from claimcheck.errors import InputError

GITIGNORE = ".gitignore"


def is_url(value: str) -> bool:
    """True for scheme://… arguments that are not existing paths."""
    head = value.split("://", 1)[0]
    return "://" in value and head.isalpha() and not Path(value).exists()


@dataclass(slots=True)
class Globs:
    """Include and exclude globs, each with the folder it is relative to."""

    include: list[tuple[str, Path]] = field(default_factory=list)
    exclude: list[tuple[str, Path]] = field(default_factory=list)


def _match(path: Path, pattern: str, base: Path) -> bool:
    try:
        rel = path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        rel = path.as_posix()
    pattern = pattern.rstrip("/") + ("/**" if pattern.endswith("/") else "")
    return (fnmatch(rel, pattern) or fnmatch(path.name, pattern) or fnmatch(rel, f"*/{pattern}")
            or fnmatch(rel, pattern.removeprefix("./")))


def excluded(path: Path, globs: Globs) -> bool:
    """True when one of the exclude globs matches `path`."""
    return any(_match(path, pattern, base) for pattern, base in globs.exclude)


def included(path: Path, globs: Globs) -> bool:
    """True when there are no include globs or one of them matches `path`."""
    return not globs.include or any(_match(path, pattern, base) for pattern, base in globs.include)


def _repo_root(folder: Path) -> Path | None:
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


@cache
def _gitignore_spec(folder: Path) -> Any:
    """The compiled `.gitignore` of `folder`, or None when it has none."""
    file = folder / GITIGNORE
    if not file.is_file():
        return None
    import pathspec

    try:
        lines = file.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    return pathspec.PathSpec.from_lines("gitwildmatch", lines)


def gitignored(path: Path, top: Path) -> bool:
    """True when a `.gitignore` between `path`'s folder and `top` (or the repository root) ignores it.

    `top` is the folder being expanded; `.gitignore` files above it count up to the repository root.
    """
    path = path.resolve()
    stop = _repo_root(top.resolve()) or top.resolve()
    folder = path.parent
    while True:
        spec = _gitignore_spec(folder)
        if spec is not None:
            rel = path.relative_to(folder).as_posix()
            if spec.match_file(rel) or any(spec.match_file(p.as_posix() + "/")
                                           for p in Path(rel).parents if str(p) != "."):
                return True
        if folder == stop or folder == folder.parent:
            return False
        folder = folder.parent


def expand_folder(folder: Path, suffixes: Iterable[str], globs: Globs, gitignore: bool = True) -> list[Path]:
    """The article files below `folder`, sorted, that pass the globs and `.gitignore`."""
    suffixes = {s.lower() for s in suffixes}
    found = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.suffix.lower() not in suffixes:
            continue
        if any(part.startswith(".") for part in path.relative_to(folder).parts):
            continue
        if not included(path, globs) or excluded(path, globs):
            continue
        if gitignore and gitignored(path, folder):
            continue
        found.append(path)
    return found


@dataclass(slots=True)
class Selection:
    """The files to check, in order, with the key of the configuration that applies to each."""

    names: list[str] = field(default_factory=list)
    config_of: dict[str, Any] = field(default_factory=dict)
    #: Files named on the command line that `exclude` left out.
    skipped: list[str] = field(default_factory=list)


def select(inputs: list[str], suffixes: Iterable[str], globs_for: Callable[[Path], tuple[Any, Globs]],
           force_exclude: bool = True) -> Selection:
    """Expand `inputs` into the files to check.

    `globs_for(folder)` returns the configuration key that applies in `folder` and its globs.
    """
    suffixes = list(suffixes)
    out = Selection()
    cwd = Path.cwd()
    for item in inputs:
        if item == "-" or is_url(item):
            key, _ = globs_for(cwd)
            out.names.append(item)
            out.config_of[item] = key
            continue
        path = Path(item)
        if path.is_dir():
            key, globs = globs_for(path)
            found = expand_folder(path, suffixes, globs)
            for file in found:
                own_key, own_globs = globs_for(file.parent)
                if own_key != key and (excluded(file, own_globs) or not included(file, own_globs)):
                    continue
                out.names.append(str(file))
                out.config_of[str(file)] = own_key
            if not found:
                raise InputError(item, "folder holds no articles (" + ", ".join(sorted(suffixes)) + ")")
            continue
        key, globs = globs_for(path.parent if path.parent != Path("") else cwd)
        if force_exclude and path.exists() and excluded(path, globs):
            out.skipped.append(item)
            continue
        out.names.append(item)
        out.config_of[item] = key
    return out
