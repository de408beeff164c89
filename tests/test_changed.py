"""`--changed-since REF`: only files changed since the merge base, plus untracked ones (git repos in tmp_path)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimcheck.changed import GitError, changed_files, filter_changed, repository_root
from claimcheck.cli import cli
from test_formats_fixtures import ARTICLE, ARTICLE_EN, fake_check_paths

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(repo: Path, *args: str) -> str:
    env = {
        "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_SYSTEM": "/dev/null",
        "HOME": str(repo), "PATH": "/usr/bin:/bin:/usr/local/bin",
    }
    out = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True)
    return out.stdout


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """main: three articles committed; branch 'feature' edits one, adds one, deletes one, leaves one."""
    root = tmp_path / "site"
    (root / "articles").mkdir(parents=True)
    git(root, "init", "-q", "-b", "main")
    (root / "articles" / "old.md").write_text("Oud artikel over rugpijn.\n")
    (root / "articles" / "edited.md").write_text(ARTICLE)
    (root / "articles" / "deleted.md").write_text("Weg.\n")
    (root / ".gitignore").write_text("ignored.md\n")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    git(root, "checkout", "-q", "-b", "feature")
    (root / "articles" / "edited.md").write_text(ARTICLE + "\nNog een zin over 120 deelnemers.\n")
    (root / "articles" / "added.md").write_text(ARTICLE_EN)
    (root / "articles" / "deleted.md").unlink()
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "feature work")
    # main moves on after the branch point: its changes must not show up (three-dot semantics)
    git(root, "checkout", "-q", "main")
    (root / "articles" / "old.md").write_text("Oud artikel, bijgewerkt op main.\n")
    git(root, "commit", "-q", "-am", "main work")
    git(root, "checkout", "-q", "feature")
    # not committed: a staged-free edit, an untracked article and an ignored one
    (root / "articles" / "untracked.md").write_text("Nieuw, nog niet toegevoegd.\n")
    (root / "articles" / "ignored.md").write_text("Genegeerd.\n")
    monkeypatch.chdir(root)
    monkeypatch.delenv("CLAIMCHECK_CONFIG", raising=False)
    return root


def test_changed_files(repo: Path) -> None:
    changed = {p.relative_to(repo.resolve()).as_posix() for p in changed_files("main")}
    assert changed == {"articles/edited.md", "articles/added.md", "articles/untracked.md"}


def test_working_tree_edits_count(repo: Path) -> None:
    git(repo, "checkout", "-q", "-b", "other", "main")
    (repo / "articles" / "old.md").write_text("Lokaal gewijzigd.\n")
    changed = {p.name for p in changed_files("main")}
    assert changed == {"old.md", "untracked.md"}


def test_filter_keeps_order_urls_and_stdin(repo: Path) -> None:
    names = ["articles/added.md", "https://example.org/a", "articles/old.md", "-", "articles/edited.md"]
    assert filter_changed(names, "main") == ["articles/added.md", "https://example.org/a", "-", "articles/edited.md"]


def test_from_a_subfolder(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo / "articles")
    assert repository_root() == repo.resolve()
    assert filter_changed(["added.md", "old.md"], "main") == ["added.md"]


def test_errors(repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(GitError, match="no common ancestor of 'nope' and HEAD"):
        changed_files("nope")
    outside = tmp_path / "plain"
    outside.mkdir()
    monkeypatch.chdir(outside)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    with pytest.raises(GitError, match="is not inside a git repository"):
        changed_files("main")


def test_cli_changed_since(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("claimcheck.checker.check_paths", fake_check_paths)
    runner = CliRunner()
    result = runner.invoke(cli, ["check", "articles", "--changed-since", "main", "--format", "json"])
    assert result.exit_code == 1, result.output
    inputs = [d["input"] for d in json.loads(result.stdout)["documents"]]
    assert inputs == ["articles/added.md", "articles/edited.md", "articles/untracked.md"]


def test_cli_changed_since_nothing_changed(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("claimcheck.checker.check_paths", fake_check_paths)
    result = CliRunner().invoke(cli, ["check", "articles/old.md", "--changed-since", "main", "--format", "sarif"])
    assert result.exit_code == 0
    assert "no articles changed since main" in result.stderr
    assert json.loads(result.stdout)["runs"][0]["results"] == []


def test_cli_changed_since_outside_a_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "a.md").write_text("Tekst.\n")
    monkeypatch.chdir(plain)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    monkeypatch.setattr("claimcheck.checker.check_paths", fake_check_paths)
    result = CliRunner().invoke(cli, ["check", "a.md", "--changed-since", "main"])
    assert result.exit_code == 2
    assert result.stderr.startswith("claimcheck: --changed-since: ") and "not inside a git repository" in result.stderr
