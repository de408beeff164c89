"""Inline suppressions, rule settings (disable, severity) and their effect through `claimcheck check`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimcheck.cli import cli
from claimcheck.ingest.markdown import parse_markdown
from claimcheck.model import Report
from claimcheck.suppress import (
    INVALID_SUPPRESSION,
    apply_inline_suppressions,
    apply_rule_settings,
    build_suppressions,
    parse_directives,
)
from test_formats_fixtures import fake_check_paths, fake_result

ARTICLE = """# Rugpijn

Een therapie verdrijft rugpijn voorgoed, zeggen onderzoekers.

<!-- claimcheck-disable-next-line hype-language -- the headline quotes the press release -->

Na de therapie was het effect voorgoed merkbaar.

Bijna 80 procent was pijnvrij. <!-- claimcheck-disable-line rounded-up -- abstract says "nearly 80%" -->

<!-- claimcheck-disable arm-confusion, hype-language -- quoted interview -->
Van de 120 deelnemers zei de helft dat het voorgoed over was.
<!-- claimcheck-enable arm-confusion, hype-language -->

Later: 120 deelnemers, en wederom voorgoed.
"""


def _result(text: str = ARTICLE, name: str = "a.md"):
    return fake_result(parse_markdown(text, name))


def _rules_by_line(result) -> list[tuple[int | None, str]]:
    return sorted(((c.line, i.rule) for c, i in result.issues() if c is not None), key=lambda x: (x[0] or 0, x[1]))


def test_parse_directives() -> None:
    directives = parse_directives(ARTICLE)
    assert [(d.verb, sorted(d.rules), d.line, d.reason) for d in directives] == [
        ("disable-next-line", ["hype-language"], 5, "the headline quotes the press release"),
        ("disable-line", ["rounded-up"], 9, 'abstract says "nearly 80%"'),
        ("disable", ["arm-confusion", "hype-language"], 11, "quoted interview"),
        ("enable", ["arm-confusion", "hype-language"], 13, None),
    ]
    assert all(d.problem is None for d in directives)


def test_suppressions_apply_by_line() -> None:
    result = _result()
    before = _rules_by_line(result)
    assert before == [
        (3, "hype-language"), (7, "hype-language"), (9, "rounded-up"), (12, "arm-confusion"),
        (12, "hype-language"), (15, "arm-confusion"), (15, "hype-language"),
    ]
    removed = apply_inline_suppressions(result)
    assert removed == 4
    assert result.suppressed == 4
    assert _rules_by_line(result) == [(3, "hype-language"), (15, "arm-confusion"), (15, "hype-language")]
    # the claims themselves stay, with their verdicts: suppression only hides issues
    assert len(result.claims) == 7


def test_reason_is_required() -> None:
    text = "Tekst.\n\n<!-- claimcheck-disable-next-line hype-language -->\nDit is voorgoed.\n"
    result = _result(text)
    apply_inline_suppressions(result)
    assert _rules_by_line(result) == [(4, "hype-language")]
    invalid = [f for f in result.findings if f.rule == INVALID_SUPPRESSION]
    assert len(invalid) == 1
    assert invalid[0].line == 3 and invalid[0].severity == "warning"
    assert "needs a reason" in invalid[0].message
    assert result.suppressed == 0


@pytest.mark.parametrize(
    ("comment", "problem"),
    [
        ("<!-- claimcheck-disable-next-line hype-language --   -->", "needs a reason"),
        ("<!-- claimcheck-disable-next-line Hype_Language -- why -->", "is not a rule id"),
        ("<!-- claimcheck-disable -->", "needs a reason"),
    ],
)
def test_invalid_directives(comment: str, problem: str) -> None:
    (directive,) = parse_directives(comment)
    assert directive.problem and problem in directive.problem


def test_all_and_several_rules_and_unclosed_ranges() -> None:
    text = (
        "Eerst voorgoed.\n\n"
        "<!-- claimcheck-disable-next-line all -- satire -->\n"
        "Bijna 80 procent, voorgoed.\n\n"
        "<!-- claimcheck-disable rounded-up,hype-language -- tot het einde -->\n\n"
        "Daarna 80 procent en voorgoed, en 120 deelnemers.\n"
    )
    result = _result(text)
    apply_inline_suppressions(result)
    assert _rules_by_line(result) == [(1, "hype-language"), (8, "arm-confusion")]


def test_article_level_findings_need_a_range_to_the_end() -> None:
    text = "Over rugpijn.\n\n<!-- claimcheck-disable missing-caveat -- opinion piece -->\n"
    result = _result(text)
    assert [f.rule for f in result.findings] == ["missing-caveat"]
    apply_inline_suppressions(result)
    assert result.findings == [] and result.suppressed == 1
    closed = text + "<!-- claimcheck-enable missing-caveat -->\n"
    result = _result(closed)
    apply_inline_suppressions(result)
    assert [f.rule for f in result.findings] == ["missing-caveat"]


def test_comments_in_code_are_examples() -> None:
    text = (
        "Zo onderdruk je een melding:\n\n"
        "```markdown\n<!-- claimcheck-disable-next-line hype-language -->\n```\n\n"
        "Of inline: `<!-- claimcheck-disable-line hype-language -- x -->` voorgoed.\n"
    )
    assert parse_directives(text) == []
    result = _result(text)
    apply_inline_suppressions(result)
    assert [f for f in result.findings if f.rule == INVALID_SUPPRESSION] == []
    assert _rules_by_line(result) == [(7, "hype-language")]


def test_multiline_comment_and_next_line_skips_blank_lines() -> None:
    text = "<!--\n  claimcheck-disable-next-line hype-language\n  -- quoted\n-->\n\n\nDit is voorgoed.\n"
    suppressions = build_suppressions(text)
    assert suppressions.covers("hype-language", 7)
    assert not suppressions.covers("hype-language", 5)
    assert not suppressions.covers("rounded-up", 7)


def test_html_documents_use_source_lines() -> None:
    html = (
        "<html><body><article>\n<p>Eerst voorgoed.</p>\n"
        "<!-- claimcheck-disable-next-line hype-language -- citaat -->\n"
        "<p>Dan nog eens voorgoed.</p>\n</article></body></html>\n"
    )
    suppressions = build_suppressions(html, markdown=False)
    assert suppressions.covers("hype-language", 4)
    assert not suppressions.covers("hype-language", 2)


def test_rule_settings_disable_and_relevel() -> None:
    result = _result()
    report = Report(results=[result])
    apply_rule_settings(report, disable=["arm-confusion"], severity={"hype-language": "info", "rounded-up": "off"})
    rules = {(i.rule, i.severity) for _, i in result.issues()}
    assert rules == {("hype-language", "info"), ("missing-caveat", "warning")}


def _cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *args: str):
    monkeypatch.setattr("claimcheck.checker.check_paths", fake_check_paths)
    monkeypatch.chdir(tmp_path)
    return CliRunner().invoke(cli, ["check", *args])


def test_check_applies_suppressions_end_to_end(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.md").write_text(ARTICLE, encoding="utf-8")
    result = _cli(tmp_path, monkeypatch, "a.md", "--format", "json")
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    lines = sorted((c["line"], i["rule"]) for c in data["documents"][0]["claims"] for i in c["issues"])
    assert lines == [(3, "hype-language"), (15, "arm-confusion"), (15, "hype-language")]
    text = _cli(tmp_path, monkeypatch, "a.md").stdout
    assert "4 suppressed" in text


def test_check_disable_and_severity_flags(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.md").write_text(ARTICLE, encoding="utf-8")
    result = _cli(tmp_path, monkeypatch, "a.md", "--format", "json", "--disable", "arm-confusion",
                  "--severity", "hype-language=error")
    data = json.loads(result.stdout)
    issues = sorted((i["rule"], i["severity"]) for c in data["documents"][0]["claims"] for i in c["issues"])
    assert issues == [("hype-language", "error"), ("hype-language", "error")]
    assert result.exit_code == 1
    bad = _cli(tmp_path, monkeypatch, "a.md", "--severity", "hype-language")
    assert bad.exit_code == 2 and "expected RULE=LEVEL" in bad.stderr


UNKNOWN_AND_UNUSED = """# Rugpijn

<!-- claimcheck-disable-next-line arm-confusoin -- quoted from the press release -->
Van de 120 deelnemers merkte de helft iets.

<!-- claimcheck-disable-next-line hype-language, rounded-up -- the interview says so -->
Een therapie verdrijft rugpijn voorgoed, zeggen onderzoekers.

<!-- claimcheck-disable-next-line no-citation -- the paper is linked below -->
Een rustige alinea zonder getallen.
"""


def test_unknown_rule_in_a_suppression_is_a_warning_at_its_line(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.md").write_text(UNKNOWN_AND_UNUSED, encoding="utf-8")
    data = json.loads(_cli(tmp_path, monkeypatch, "a.md", "--format", "json").stdout)
    doc = data["documents"][0]
    invalid = [f for f in doc["findings"] if f["rule"] == INVALID_SUPPRESSION]
    assert [(f["line"], f["severity"], f["message"]) for f in invalid] == [
        (3, "warning", "unknown rule 'arm-confusoin' in suppression; did you mean arm-confusion?")]
    # the misspelt id suppresses nothing: arm-confusion on line 4 is still reported
    assert (4, "arm-confusion") in {(c["line"], i["rule"]) for c in doc["claims"] for i in c["issues"]}
    assert not [f for f in doc["findings"] if f["rule"] == "unused-suppression"]


def test_report_unused_suppressions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.md").write_text(UNKNOWN_AND_UNUSED, encoding="utf-8")
    data = json.loads(_cli(tmp_path, monkeypatch, "a.md", "--format", "json",
                           "--report-unused-suppressions").stdout)
    unused = [(f["line"], f["message"]) for f in data["documents"][0]["findings"]
              if f["rule"] == "unused-suppression"]
    # hype-language on line 7 was used; rounded-up and no-citation suppressed nothing
    assert unused == [(6, "claimcheck-disable-next-line rounded-up: suppresses nothing here"),
                      (9, "claimcheck-disable-next-line no-citation: suppresses nothing here")]
    text = _cli(tmp_path, monkeypatch, "a.md", "--report-unused-suppressions", "--fail-on", "never")
    assert "unused-suppression" in text.stdout and text.exit_code == 0
