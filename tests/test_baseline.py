"""Baselines: fingerprints that survive moved lines, --write-baseline and --baseline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimcheck.baseline import apply_baseline, fingerprints, load_baseline, write_baseline
from claimcheck.cli import cli
from claimcheck.errors import ConfigError
from claimcheck.ingest.markdown import parse_markdown
from claimcheck.model import Report
from test_formats_fixtures import fake_check_paths, fake_result

ARTICLE = """# Rugpijn

Een therapie verdrijft rugpijn voorgoed.

Bijna 80 procent van de 120 deelnemers was pijnvrij.
"""


def _report(text: str = ARTICLE, name: str = "a.md") -> Report:
    return Report(results=[fake_result(parse_markdown(text, name))])


def test_fingerprints_ignore_lines_but_not_words(tmp_path: Path) -> None:
    base = fingerprints(_report().results[0], root=tmp_path)
    moved = fingerprints(_report("\n\n\n" + ARTICLE.replace("# Rugpijn", "# Rugpijn\n\nNieuwe inleiding.")).results[0],
                         root=tmp_path)
    assert base == moved
    reworded = fingerprints(_report(ARTICLE.replace("pijnvrij", "bijna pijnvrij")).results[0], root=tmp_path)
    assert reworded[0] == base[0]  # another sentence
    assert reworded[1] != base[1] and reworded[2] != base[2]  # the claims of the edited sentence are new
    respaced = fingerprints(_report(ARTICLE.replace("Bijna 80", "Bijna \t 80")).results[0], root=tmp_path)
    assert respaced == base  # whitespace is normalised
    other_file = fingerprints(_report(name="b.md").results[0], root=tmp_path)
    assert set(other_file).isdisjoint(base)
    assert len(set(base)) == len(base)


def test_identical_findings_get_occurrence_indexes(tmp_path: Path) -> None:
    text = "Voorgoed? voorgoed.\n\nvoorgoed\n"
    result = fake_result(parse_markdown(text.replace("Voorgoed", "voorgoed"), "a.md"))
    prints = fingerprints(result, root=tmp_path)
    assert len(prints) == 3  # the same claim three times in one sentence-less file
    assert len(set(prints)) == len(prints)


def test_write_and_apply(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    assert write_baseline(_report(), path) == 4
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["version"] == 1 and data["tool"] == "claimcheck"
    assert {e["rule"] for e in data["findings"]} == {"hype-language", "rounded-up", "arm-confusion", "missing-caveat"}
    assert all(len(e["fingerprint"]) == 32 and e["input"] == "a.md" for e in data["findings"])
    baseline = load_baseline(path)
    # the same article, lines moved and one new problem added
    later = _report("\n\n" + ARTICLE + "\nOok 120 deelnemers elders.\n")
    dropped = apply_baseline(later, baseline)
    assert dropped == 4
    remaining = [(c.text if c else None, i.rule) for c, i in later.results[0].issues()]
    assert remaining == [("120 deelnemers", "arm-confusion")]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "baseline not found"),
        ("{not json", "not valid JSON"),
        ('{"version": 7, "findings": []}', "not a claimcheck baseline"),
        ('{"version": 1, "findings": [{"rule": "x"}]}', "findings[0]: needs a 'fingerprint'"),
    ],
)
def test_bad_baselines(tmp_path: Path, content: str | None, message: str) -> None:
    path = tmp_path / "b.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_baseline(path)


def test_cli_write_then_check_against_baseline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("claimcheck.checker.check_paths", fake_check_paths)
    monkeypatch.chdir(tmp_path)
    article = tmp_path / "docs" / "a.md"
    article.parent.mkdir()
    article.write_text(ARTICLE, encoding="utf-8")
    runner = CliRunner()
    first = runner.invoke(cli, ["check", "docs", "--write-baseline", ".claimcheck-baseline.json"])
    assert first.exit_code == 0, first.output
    assert "wrote 4 finding(s) to the baseline" in first.stderr
    clean = runner.invoke(cli, ["check", "docs", "--baseline", ".claimcheck-baseline.json", "--fail-on", "info"])
    assert clean.exit_code == 0, clean.output
    assert "4 in the baseline" in clean.stdout
    article.write_text("Nieuw begin.\n\n" + ARTICLE + "\nEn 120 deelnemers.\n", encoding="utf-8")
    new = runner.invoke(cli, ["check", "docs", "--baseline", ".claimcheck-baseline.json", "--format", "json"])
    assert new.exit_code == 1
    issues = [(c["line"], i["rule"]) for c in json.loads(new.stdout)["documents"][0]["claims"] for i in c["issues"]]
    assert issues == [(9, "arm-confusion")]


def test_cli_baseline_from_config_and_missing_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("claimcheck.checker.check_paths", fake_check_paths)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.md").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "claimcheck.toml").write_text('baseline = "ci/baseline.json"\n', encoding="utf-8")
    runner = CliRunner()
    missing = runner.invoke(cli, ["check", "a.md"])
    assert missing.exit_code == 2
    assert "baseline not found (create it with --write-baseline" in missing.stderr
    assert runner.invoke(cli, ["check", "a.md", "--write-baseline", "ci/baseline.json"]).exit_code == 0
    assert runner.invoke(cli, ["check", "a.md", "--fail-on", "info"]).exit_code == 0
