"""`--changed-since REF`: the files changed since the merge base with REF, plus untracked ones.

Three-dot semantics (what a pull request shows): `git merge-base REF HEAD`, then every file that
differs between that commit and the working tree (committed, staged or not) and every untracked file
that is not ignored. Deleted files are left out. Only git is read; nothing in the repository changes.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from claimcheck.errors import ClaimcheckError


class GitError(ClaimcheckError):
    """git is missing, this is not a repository, or the ref is unknown."""


def _git(args: list[str], cwd: Path) -> str:
    git = shutil.which("git")
    if git is None:
        raise GitError("--changed-since needs git, which is not installed")
    try:
        proc = subprocess.run(
            [git, *args], cwd=cwd, capture_output=True, text=True, encoding="utf-8", errors="replace", check=False
        )
    except OSError as exc:
        raise GitError(f"--changed-since: cannot run git ({exc})") from None
    if proc.returncode != 0:
        message = (proc.stderr.strip().splitlines() or ["git failed"])[-1]
        raise GitError(f"git {args[0]}: {message}")
    return proc.stdout


def repository_root(cwd: Path | None = None) -> Path:
    """The top folder of the git repository around `cwd`; GitError outside one."""
    cwd = cwd or Path.cwd()
    try:
        out = _git(["rev-parse", "--show-toplevel"], cwd)
    except GitError as exc:
        if "not a git repository" in str(exc).lower():
            raise GitError(f"--changed-since: {cwd} is not inside a git repository") from None
        raise
    return Path(out.strip()).resolve()


def changed_files(ref: str, cwd: Path | None = None) -> set[Path]:
    """Absolute paths of files changed since the merge base of `ref` and HEAD, plus untracked files."""
    cwd = cwd or Path.cwd()
    root = repository_root(cwd)
    try:
        base = _git(["merge-base", ref, "HEAD"], root).strip()
    except GitError:
        raise GitError(f"--changed-since: no common ancestor of {ref!r} and HEAD (is {ref!r} a known ref?)") from None
    diff = _git(["diff", "--name-only", "-z", "--diff-filter=ACMRT", base, "--"], root)
    untracked = _git(["ls-files", "--others", "--exclude-standard", "-z"], root)
    names = [n for n in (diff + untracked).split("\0") if n]
    return {(root / name).resolve() for name in names}


def filter_changed(names: list[str], ref: str, cwd: Path | None = None) -> list[str]:
    """The entries of `names` (files; URLs and '-' are kept) that changed since `ref`, in order."""
    changed = changed_files(ref, cwd)
    base = cwd or Path.cwd()
    kept: list[str] = []
    for name in names:
        if name == "-" or "://" in name:
            kept.append(name)
            continue
        path = Path(name)
        if ((base / path) if not path.is_absolute() else path).resolve() in changed:
            kept.append(name)
    return kept
