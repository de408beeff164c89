"""pre-commit, as an article repository uses it: a `repo: local` hook built from this project's
.pre-commit-hooks.yaml, `pre-commit` installed in the clean test venv, a real git repository.
The configuration's `exclude` keeps a draft out of the check; a bad article blocks the commit."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from install_env import ROOT, Installed, installed, need

GOOD = """---
title: Wandelen en rugpijn
---

# Wandelen en rugpijn

Wie rugpijn heeft, doet er goed aan in beweging te blijven, schrijven huisartsen op hun voorlichtingssite.
"""


@pytest.fixture(scope="module")
def env() -> Installed:
    need("git")
    env = installed()
    if not (env.bin / "claimcheck").exists():
        pytest.fail(f"the install failed:\n{env.stderr[-3000:]}")
    if not (env.bin / "pre-commit").exists():
        done = env.run("python", "-m", "pip", "install", "--quiet", "pre-commit>=3.5")
        assert done.returncode == 0, done.stderr[-3000:]
    return env


def _hook() -> dict:
    """This project's hook definition, as a `repo: local` hook running the installed command."""
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert "--force-exclude" in hook["entry"]
    return {**hook, "language": "system"}  # claimcheck is installed in the environment running git


def _git(env: Installed, repo: Path, *args: str) -> None:
    done = env.run("git", *args, cwd=repo)
    assert done.returncode == 0, done.stderr


@pytest.fixture
def repo(env: Installed, tmp_path: Path) -> Path:
    repo = tmp_path / "articles repo"  # a space in the path, as on many laptops
    repo.mkdir()
    _git(env, repo, "init", "-q")
    _git(env, repo, "config", "user.email", "editor@example.org")
    _git(env, repo, "config", "user.name", "Editor")
    _git(env, repo, "config", "commit.gpgsign", "false")
    config = {"repos": [{"repo": "local", "hooks": [_hook()]}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    (repo / "claimcheck.toml").write_text('exclude = ["drafts/**"]\n', encoding="utf-8")
    (repo / "drafts").mkdir()
    (repo / "stukken").mkdir()
    # the draft is the same bad article: only the exclude keeps it from blocking
    shutil.copy(ROOT / "examples" / "pijnherverwerking.md", repo / "drafts" / "concept.md")
    (repo / "stukken" / "wandelen.md").write_text(GOOD, encoding="utf-8")
    _git(env, repo, "add", ".pre-commit-config.yaml", "claimcheck.toml")
    _git(env, repo, "commit", "-q", "--no-verify", "-m", "setup")
    hooks = env.run("pre-commit", "install", cwd=repo, PRE_COMMIT_HOME=str(tmp_path / "pc-home"))
    assert hooks.returncode == 0, hooks.stderr
    return repo


def _commit(env: Installed, repo: Path, *paths: str) -> tuple[int, str]:
    _git(env, repo, "add", *paths)
    done = env.run("git", "commit", "-q", "-m", "articles", cwd=repo,
                   PRE_COMMIT_HOME=str(repo.parent / "pc-home"), NO_COLOR="1")
    return done.returncode, done.stdout + done.stderr


def test_an_excluded_draft_is_skipped_and_a_good_article_commits(env: Installed, repo: Path) -> None:
    code, output = _commit(env, repo, "drafts/concept.md", "stukken/wandelen.md")
    assert code == 0, output
    assert "claimcheck" in output and "Passed" in output


def test_a_bad_article_blocks_the_commit(env: Installed, repo: Path) -> None:
    shutil.copy(ROOT / "examples" / "pijnherverwerking.md", repo / "stukken" / "pijn.md")
    code, output = _commit(env, repo, "stukken/pijn.md")
    assert code != 0
    assert "Failed" in output and "stukken/pijn.md" in output and "error" in output
    log = env.run("git", "log", "--oneline", cwd=repo)
    assert len(log.stdout.splitlines()) == 1  # only the setup commit
