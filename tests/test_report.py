"""`claimcheck report`: one annotated HTML and Markdown report per article, named safely."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from claimcheck.cli import cli
from claimcheck.commands.report import report_names, report_stem, write_reports
from claimcheck.model import Report
from test_formats_fixtures import ARTICLE, ARTICLE_EN, build_result, fake_check_paths


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CLAIMCHECK_CONFIG", raising=False)
    monkeypatch.setattr("claimcheck.checker.check_paths", fake_check_paths)
    for folder in ("nl", "en"):
        (tmp_path / folder).mkdir()
    (tmp_path / "nl" / "therapie.md").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "en" / "therapie.md").write_text(ARTICLE_EN, encoding="utf-8")
    (tmp_path / "en" / "walk.md").write_text(ARTICLE_EN, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("name", "stem"),
    [
        ("articles/prt.md", "prt"),
        ("a b/Één artikel!.html", "Één-artikel"),
        ("https://example.org/nieuws/rugpijn-therapie.html?x=1", "rugpijn-therapie"),
        ("https://example.org/", "example.org"),
        ("-", "stdin"),
        ("<stdin>", "stdin"),
        ("...md", "article"),
    ],
)
def test_report_stem(name: str, stem: str) -> None:
    assert report_stem(name) == stem


def test_report_names_are_unique_and_never_an_input(tmp_path: Path) -> None:
    names = report_names(["a/prt.md", "b/prt.md", "c/PRT.txt", "d/other.md"], tmp_path, [".html", ".md"])
    assert names == ["prt", "prt-2", "PRT-3", "other"]
    source = tmp_path / "prt.md"
    source.write_text("x")
    assert report_names([str(source)], tmp_path, [".html", ".md"]) == ["prt-2"]
    assert report_names([str(source)], tmp_path / "out", [".html", ".md"]) == ["prt"]


def test_report_command_writes_one_html_and_md_per_article(repo: Path) -> None:
    result = CliRunner().invoke(cli, ["report", "nl", "en", "-o", "reports"])
    assert result.exit_code == 0, result.output
    written = result.stdout.split()
    assert written == [
        "reports/therapie.html", "reports/therapie.md",
        "reports/therapie-2.html", "reports/therapie-2.md",
        "reports/walk.html", "reports/walk.md",
        "reports/index.html",
    ]
    index = (repo / "reports" / "index.html").read_text(encoding="utf-8")
    for name in ("therapie.html", "therapie-2.html", "walk.html"):
        assert f'href="{name}"' in index
    nl = (repo / "reports" / "therapie.html").read_text(encoding="utf-8")
    en = (repo / "reports" / "therapie-2.html").read_text(encoding="utf-8")
    assert "Nieuwe therapie verlicht rugpijn" in nl and "A walk a day" in en
    assert '<mark class="claim v-inaccurate" data-claims="c3"' in nl
    assert "fake-register-1" in nl
    md = (repo / "reports" / "therapie.md").read_text(encoding="utf-8")
    assert md.startswith("# Nieuwe therapie verlicht rugpijn")
    assert "**120 deelnemers[^d1-c3]**" in md
    assert not list((repo / "reports").glob(".*tmp"))


def test_report_formats_default_folder_and_fail_on(repo: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["report", "en/walk.md", "--format", "html"])
    assert result.exit_code == 0
    assert result.stdout.split() == ["reports/walk.html"]
    failing = runner.invoke(cli, ["report", "en/walk.md", "--fail-on", "error", "-f", "markdown"])
    assert failing.exit_code == 1
    assert failing.stdout.split() == ["reports/walk.md"]


def test_report_next_to_inputs_does_not_overwrite_them(repo: Path) -> None:
    result = CliRunner().invoke(cli, ["report", "nl/therapie.md", "-o", "nl"])
    assert result.exit_code == 0
    assert result.stdout.split() == ["nl/therapie-2.html", "nl/therapie-2.md"]
    assert (repo / "nl" / "therapie.md").read_text(encoding="utf-8") == ARTICLE


def test_report_skips_unreadable_inputs_and_exits_2(repo: Path) -> None:
    result = CliRunner().invoke(cli, ["report", "en/walk.md", "missing.md"])
    assert result.exit_code == 2
    assert result.stdout.split() == ["reports/walk.html", "reports/walk.md"]
    assert "claimcheck: missing.md: no such file" in result.stderr


def test_report_applies_inline_suppressions(repo: Path) -> None:
    text = ARTICLE.replace("Bijna 80", "<!-- claimcheck-disable-line rounded-up -- quoted -->Bijna 80")
    (repo / "nl" / "therapie.md").write_text(text, encoding="utf-8")
    CliRunner().invoke(cli, ["report", "nl/therapie.md"])
    html = (repo / "reports" / "therapie.html").read_text(encoding="utf-8")
    assert "rounded-up" not in html.split("<h2>Regels</h2>")[0].split("Het artikel, met aantekeningen")[1]
    assert "1 onderdrukt" in html


def test_write_reports_library_use(tmp_path: Path) -> None:
    report = Report(results=[build_result()], register_version="r9")
    paths = write_reports(report, tmp_path / "out", ["html"], tool_version="1.2.3")
    assert paths == [tmp_path / "out" / "therapie.html"]
    html = paths[0].read_text(encoding="utf-8")
    assert "claimcheck 1.2.3" in html and "register r9" in html
