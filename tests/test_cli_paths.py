"""`claimcheck check` as people run it: text laid out like Vale (line order, an `article` heading,
identical messages once, wrapping to the terminal, --quiet, --color with NO_COLOR/FORCE_COLOR), the
unreadable-inputs line, and files written with the user's umask."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimcheck.cli import cli
from claimcheck.commands import check as check_module
from test_formats_fixtures import ARTICLE, fake_check_paths

ANSI = re.compile(r"\x1b\[[0-9;]*m")

REPEATS = """# Rugpijn voorgoed weg?

Een nieuwe therapie verdrijft rugpijn voorgoed, zeggen de onderzoekers.

Ook na een jaar was de pijn voorgoed verdwenen, schrijft de krant.

Van de 120 deelnemers zei de helft het voorgoed kwijt te zijn.
"""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CLAIMCHECK_CONFIG", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setattr("claimcheck.checker.check_paths", fake_check_paths)
    (tmp_path / "therapie.md").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "repeats.md").write_text(REPEATS, encoding="utf-8")
    (tmp_path / "clean.md").write_text("# Wandelen\n\nWandelen is gezond, zegt de huisarts.\n", encoding="utf-8")
    return tmp_path


def _check(*args: str, **env: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["check", *args], env=env or None)
    return result.exit_code, result.stdout, result.stderr


def test_findings_in_line_order_with_article_level_ones_under_their_own_heading(repo: Path) -> None:
    _, out, _ = _check("repeats.md")
    lines = out.splitlines()
    located = [int(m.group(1)) for line in lines if (m := re.match(r"\s+(\d+):\d+\s", line))]
    assert located == sorted(located) and located
    heading = lines.index("  article")
    assert any("missing-caveat" in line for line in lines[heading + 1:])
    assert not any("missing-caveat" in line for line in lines[:heading])


def test_identical_messages_are_printed_once_with_the_other_locations(repo: Path) -> None:
    _, out, _ = _check("repeats.md")
    message = "'voorgoed' is not what the study says"
    assert out.count(message) == 1
    also = next(line for line in out.splitlines() if "also at" in line)
    assert re.search(r"also at 3:\d+, 5:\d+, 7:\d+$", also.strip()), also  # first at 1 (the title)


def test_message_column_wraps_to_the_terminal_with_a_hanging_indent(repo: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    long_message = "the study " + "measured something else entirely " * 8
    monkeypatch.setattr("test_formats_fixtures.FAKE_RULES",
                        {"voorgoed": ("hype-language", "warning", "overstated")})
    monkeypatch.setattr(check_module, "stdout_is_terminal", lambda: True)
    from claimcheck.model import Finding

    original = fake_check_paths

    def with_long(inputs: list[str], options: object = None, names: list[str] | None = None):
        report = original(inputs, options, names)
        for result in report.results:
            result.findings.append(Finding("no-citation", "info", long_message.strip(), line=3, column=1,
                                           fix="Link the study (DOI or PubMed)."))
        return report

    monkeypatch.setattr("claimcheck.checker.check_paths", with_long)
    _, out, _ = _check("repeats.md", "--color", "never", COLUMNS="72")
    lines = out.splitlines()
    assert all(len(line) <= 72 for line in lines), [line for line in lines if len(line) > 72]
    start = next(i for i, line in enumerate(lines) if "no-citation" in line)
    indent = lines[start].index("the study")
    follow = lines[start + 1]
    assert follow.startswith(" " * indent) and not follow.startswith(" " * (indent + 1))
    assert any(line.strip().startswith("fix: Link the study") for line in lines)
    # not a terminal: full lines
    monkeypatch.setattr(check_module, "stdout_is_terminal", lambda: False)
    _, piped, _ = _check("repeats.md", COLUMNS="72")
    assert any(len(line) > 72 and long_message.strip()[:40] in line for line in piped.splitlines())


def test_quiet_prints_only_files_with_findings_and_the_summary(repo: Path) -> None:
    _, out, _ = _check("clean.md", "therapie.md")
    assert "clean.md" in out
    _, quiet, _ = _check("clean.md", "therapie.md", "--quiet")
    assert "clean.md" not in quiet and quiet.startswith("therapie.md")
    assert quiet.splitlines()[-1].startswith("✖ ") and "in 2 files" in quiet.splitlines()[-1]


@pytest.mark.parametrize(
    ("args", "env", "tty", "coloured"),
    [
        ([], {}, False, False),
        ([], {}, True, True),
        ([], {"NO_COLOR": "1"}, True, False),
        ([], {"FORCE_COLOR": "1"}, False, True),
        ([], {"NO_COLOR": "1", "FORCE_COLOR": "1"}, False, False),
        (["--color", "always"], {"NO_COLOR": "1"}, False, True),
        (["--color", "never"], {"FORCE_COLOR": "1"}, True, False),
    ],
)
def test_color_auto_always_never_and_the_environment(repo: Path, monkeypatch: pytest.MonkeyPatch, args: list[str],
                                                     env: dict[str, str], tty: bool, coloured: bool) -> None:
    monkeypatch.setattr(check_module, "stdout_is_terminal", lambda: tty)
    result = CliRunner().invoke(cli, ["check", "therapie.md", *args], env=env, color=tty)
    assert bool(ANSI.search(result.stdout)) is coloured, result.stdout[:200]


def test_unreadable_inputs_end_in_a_red_cross_not_a_tick(repo: Path) -> None:
    code, out, err = _check("clean.md", "missing-one.md", "missing-two.md", "--color", "always")
    assert code == 2
    last = out.splitlines()[-1]
    assert ANSI.sub("", last) == "✖ 2 inputs could not be read"
    assert "\x1b[31m" in last  # red
    assert "✓" not in ANSI.sub("", out.splitlines()[-2])
    assert "missing-one.md: no such file" in err


def test_progress_names_are_cut_to_the_terminal_width() -> None:
    name = "articles/" + "very-long-folder-name/" * 6 + "article.md"
    cut = check_module._fit(name, 30)
    assert cut is not None and len(cut) == 30 and cut.startswith("…") and cut.endswith("article.md")
    assert check_module._fit("short.md", 30) == "short.md"


@pytest.mark.parametrize("mask", [0o022, 0o027])
def test_output_files_follow_the_umask(repo: Path, mask: int) -> None:
    old = os.umask(mask)
    try:
        _check("therapie.md", "-o", "out/report.txt", "--sarif", "out/report.sarif")
        CliRunner().invoke(cli, ["report", "therapie.md", "-o", "reports"])
    finally:
        os.umask(old)
    expected = 0o666 & ~mask
    for path in (repo / "out" / "report.txt", repo / "out" / "report.sarif", repo / "reports" / "therapie.html"):
        assert stat.S_IMODE(path.stat().st_mode) == expected, (path, oct(path.stat().st_mode))


PAGE = """<!doctype html>
<html lang="nl"><head><title>Rugpijn</title>
<link rel="canonical" href="https://krant.example/gezondheid/rugpijn-voorgoed">
</head>
<body>
  <nav><a href="/">Home</a></nav>
  <article>
    <h1>Rugpijn verdwijnt</h1>
    <p>Volgens de onderzoekers is de klacht na de cursus bij de meeste mensen verdwenen, en niet alleen
       tijdelijk.</p>
        <p>Een <em>&quot;wondermiddel&quot;</em> is het niet, maar de pijn is &eacute;cht voorgoed weg, zeggen ze.</p>
    <p>Van de 120 deelnemers deed de helft mee aan alle sessies van de cursus in het ziekenhuis.</p>
  </article>
</body></html>
"""


def test_html_file_positions_are_source_lines_and_columns(repo: Path) -> None:
    import json

    (repo / "page.html").write_text(PAGE, encoding="utf-8")
    source_lines = PAGE.split("\n")
    _, out, _ = _check("page.html", "--format", "sarif")
    results = json.loads(out)["runs"][0]["results"]
    assert results
    for result in results:
        region = result["locations"][0]["physicalLocation"]["region"]
        quoted = re.match(r"“(.+?)”", result["message"]["text"]).group(1)
        line = source_lines[region["startLine"] - 1]
        assert line[region["startColumn"] - 1:].startswith(quoted), (quoted, region, line)


def test_url_inputs_carry_the_paragraph_and_their_url(repo: Path, httpserver, tmp_path: Path) -> None:
    import json

    httpserver.expect_request("/rugpijn").respond_with_data(PAGE, content_type="text/html; charset=utf-8")
    url = httpserver.url_for("/rugpijn")
    common = ["--ignore-robots", "--cache-dir", str(tmp_path / "cache")]
    doc = json.loads(_check(url, "--format", "json", *common)[1])["documents"][0]
    claims = {c["text"]: c for c in doc["claims"]}
    assert claims["voorgoed"]["line"] is not None and claims["120 deelnemers"]["line"] is not None
    assert claims["voorgoed"]["line"] < claims["120 deelnemers"]["line"]  # paragraphs of the extracted text
    assert claims["voorgoed"]["column"] > 1
    sarif = json.loads(_check(url, "--format", "sarif", *common)[1])["runs"][0]
    for result in sarif["results"]:
        assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == url
        if result["ruleId"] != "missing-caveat":
            assert result["properties"]["paragraph"] >= 1
    text = _check(url, *common)[1]
    assert re.search(r"¶\d+\s+warning\s+hype-language", text)
    reviews = json.loads(_check(url, "--format", "claimreview", *common)[1])
    for review in reviews:
        appearance = review["itemReviewed"]["appearance"][0]
        assert appearance["url"] in (url, "https://krant.example/gezondheid/rugpijn-voorgoed")
