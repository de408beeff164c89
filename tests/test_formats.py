"""Output formats rendered from hand-built reports: text, SARIF, GitHub, Markdown, HTML, ClaimReview."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from claimcheck.formats import FORMATS, RenderOptions, render
from claimcheck.formats.github import append_step_summary, command, escape_data, escape_property
from claimcheck.formats.markdown import md_cell, md_code, md_text, render_document
from claimcheck.formats.sarif import rule_info
from claimcheck.model import Claim, Document, DocumentResult, Finding, Issue, Report
from test_formats_fixtures import build_english, build_result, sample_report

SCHEMA = Path(__file__).resolve().parents[2] / "shared" / "schemas" / "sarif-schema-2.1.0.json"


def _options(**extra: object) -> RenderOptions:
    return RenderOptions(tool_version="9.9.9", extra=dict(extra))


def _error_report() -> Report:
    report = sample_report()
    report.results.append(DocumentResult(document=Document(input="gone.md", text="", error="no such file")))
    return report


# --- every format -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_every_format_renders_sample_and_empty_reports(name: str) -> None:
    assert render(name, sample_report(), _options()).strip()
    empty = render(name, Report(results=[]), _options())
    assert isinstance(empty, str)


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_formats_do_not_change_the_report(name: str) -> None:
    report = sample_report()
    before = json.dumps(report.to_dict(), sort_keys=True)
    render(name, report, _options())
    assert json.dumps(report.to_dict(), sort_keys=True) == before


# --- text --------------------------------------------------------------------------------------


def test_text_groups_by_file_with_positions_and_summary() -> None:
    out = render("text", sample_report(), _options())
    lines = out.splitlines()
    assert lines[0] == "articles/therapie.md"
    assert "articles/walk.md" in lines
    assert any(re.search(r"11:25\s+error\s+arm-confusion\s+“120 deelnemers”", line) for line in lines)
    assert any("missing-caveat" in line and line.strip().startswith("-") for line in lines)
    assert "[smith-2023-backpain, Figure 1]" in out
    assert "7 claims: 1 accurate, 1 imprecise, 2 overstated, 1 inaccurate, 1 outdated, 1 unverified" in out
    assert lines[-1].startswith("✖ 2 errors, 4 warnings, 2 info in 2 files · 9 claims")
    assert "\x1b[" not in out


def test_text_colours_only_when_asked() -> None:
    out = render("text", sample_report(), RenderOptions(color=True))
    assert "\x1b[31m" in out  # red errors
    assert "\x1b[" not in render("text", sample_report(), RenderOptions(color=False))


def test_text_clean_file_suppressed_and_unreadable() -> None:
    clean = build_english()
    for claim in clean.claims:
        claim.issues = []
    clean.suppressed = 3
    report = Report(results=[clean, DocumentResult(document=Document(input="x.md", text="", error="no such file"))])
    out = render("text", report, _options(baselined=2))
    assert "✓ no problems · 2 claims" in out
    assert "3 suppressed" in out
    assert "error: no such file" in out
    assert out.splitlines()[-2] == "✖ 0 errors, 0 warnings, 0 info in 2 files · 2 claims · 3 suppressed · " \
        "2 in the baseline"
    assert out.splitlines()[-1] == "✖ 1 input could not be read"


def test_text_ungraded_lists_claims() -> None:
    report = sample_report()
    out = render("text", report, RenderOptions(graded=False))
    assert "percentage 80% (nearly)" in out
    assert "10.1000/pm.2023.42" in out
    assert out.splitlines()[-1] == "9 claims in 2 files"


# --- SARIF -------------------------------------------------------------------------------------


def _sarif(report: Report | None = None, **extra: object) -> dict:
    return json.loads(render("sarif", report or sample_report(), _options(**extra)))


def test_sarif_validates_against_the_schema() -> None:
    if not SCHEMA.is_file():
        pytest.skip("../shared/schemas/sarif-schema-2.1.0.json is not here")
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)(schema)
    for report in (sample_report(), _error_report(), Report(results=[])):
        errors = sorted(validator.iter_errors(_sarif(report)), key=lambda e: list(e.path))
        assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]


def test_sarif_driver_and_rules() -> None:
    log = _sarif()
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "claimcheck"
    assert driver["version"] == "9.9.9"
    assert driver["informationUri"].startswith("https://")
    ids = [r["id"] for r in driver["rules"]]
    assert ids == sorted(ids)
    assert set(ids) == {
        "arm-confusion", "duration-overreach", "hype-language", "missing-caveat", "no-citation",
        "number-mismatch", "rounded-up", "superseded-source",
    }
    for rule in driver["rules"]:
        assert rule["shortDescription"]["text"]
        assert rule["fullDescription"]["text"]
        assert rule["help"]["text"] and rule["help"]["markdown"]
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["properties"]["register"] == "2024.03-test"
    for result in run["results"]:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]


def test_sarif_results_locations_and_levels(tmp_path: Path) -> None:
    report = sample_report()
    doc_text = report.results[0].document.text
    run = _sarif(report)["runs"][0]
    results = run["results"]
    assert len(results) == sum(len(r.issues()) for r in report.results)
    by_rule = {r["ruleId"]: r for r in results}
    arm = by_rule["arm-confusion"]
    assert arm["level"] == "error"
    assert arm["message"]["text"] == "“120 deelnemers”: 120 were randomised; 60 received the therapy"
    location = arm["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "articles/therapie.md", "uriBaseId": "%SRCROOT%"}
    region = location["region"]
    assert (region["startLine"], region["startColumn"], region["endLine"], region["endColumn"]) == (11, 25, 11, 39)
    assert doc_text[region["charOffset"] : region["charOffset"] + region["charLength"]] == "120 deelnemers"
    assert by_rule["no-citation"]["level"] == "note"
    caveat = by_rule["missing-caveat"]
    assert caveat["locations"][0]["physicalLocation"]["region"] == {"startLine": 1}
    assert caveat["properties"]["caveat"] == "control-arm"
    assert by_rule["rounded-up"]["properties"]["locator"] == "Results, p. 4"
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"].startswith("file://")


def test_sarif_fingerprints_are_stable_and_line_independent() -> None:
    first = {r["ruleId"]: r["partialFingerprints"]["claimcheck/v1"] for r in _sarif()["runs"][0]["results"]}
    moved = build_result(build_result().document.source_text.replace("# Nieuwe", "\n\n# Nieuwe"))
    second = {
        r["ruleId"]: r["partialFingerprints"]["claimcheck/v1"]
        for r in _sarif(Report(results=[moved]))["runs"][0]["results"]
    }
    lines = {r["ruleId"]: r["locations"][0]["physicalLocation"]["region"]["startLine"]
             for r in _sarif(Report(results=[moved]))["runs"][0]["results"]}
    assert lines["arm-confusion"] == 13
    for rule, value in second.items():
        assert first[rule] == value
    assert len(set(first.values())) == len(first)


def test_sarif_urls_other_folders_and_unreadable_inputs(tmp_path: Path) -> None:
    web = build_english("https://example.org/news/walk")
    outside = build_english(str(tmp_path.parent / "elsewhere.md"))
    report = Report(results=[web, outside, DocumentResult(document=Document(input="gone.md", text="", error="gone"))])
    run = _sarif(report, cwd=str(tmp_path))["runs"][0]
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in run["results"]]
    assert uris[0] == {"uri": "https://example.org/news/walk"}
    assert uris[1]["uri"].startswith("file:///") and "uriBaseId" not in uris[1]
    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert invocation["toolExecutionNotifications"][0]["message"]["text"] == "gone.md: gone"


def test_rule_info_for_unknown_rule() -> None:
    info = rule_info("some-new-rule")
    assert info.short == "Some new rule"
    assert info.name == "SomeNewRule"
    assert rule_info("rounded-up").level == "warning"


# --- GitHub ------------------------------------------------------------------------------------


def test_github_escaping() -> None:
    assert escape_data("50% of\r\nall") == "50%25 of%0D%0Aall"
    assert escape_property("a,b:c%d\n") == "a%2Cb%3Ac%25d%0A"
    assert command("error", "m", file="x,y.md", line=3, col=None) == "::error file=x%2Cy.md,line=3::m"


def test_github_annotations() -> None:
    out = render("github", sample_report(), _options())
    lines = out.splitlines()
    assert len(lines) == 8
    assert "::error file=articles/therapie.md,line=11,col=25,endLine=11,endColumn=39," \
           "title=claimcheck arm-confusion::“120 deelnemers”: 120 were randomised; 60 received the therapy" in lines
    assert any(line.startswith("::notice file=articles/therapie.md,line=9,") for line in lines)
    assert "::warning file=articles/therapie.md,title=claimcheck missing-caveat::" \
           "the article does not say the control group improved too" in lines
    assert any("71%25 (43 of 60)" in line for line in lines)
    for line in lines:
        assert re.match(r"^::(error|warning|notice)( [^:]*)?::", line)


def test_github_tricky_message_and_file_name() -> None:
    result = build_english("articles/a,b: c.md")
    result.claims[0].issues[0].message = "50% said\nyes, 20:1"
    out = render("github", Report(results=[result]), _options())
    assert out.startswith("::error file=articles/a%2Cb%3A c.md,line=3,")
    assert out.splitlines()[0].endswith("::“by half”: 50%25 said%0Ayes, 20:1")


def test_github_unreadable_and_url_inputs() -> None:
    report = Report(results=[
        DocumentResult(document=Document(input="x.md", text="", error="no such file")),
        build_english("https://example.org/walk"),
    ])
    lines = render("github", report, _options()).splitlines()
    assert lines[0] == "::error file=x.md,title=claimcheck%3A input not readable::x.md: no such file"
    assert lines[1].startswith("::error line=3,col=44,")  # URLs are not files of the repository
    assert "https://example.org/walk: “by half”" in lines[1]


def test_github_step_summary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    assert append_step_summary(sample_report(), _options()) is False
    summary = tmp_path / "summary.md"
    summary.write_text("# earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    assert append_step_summary(sample_report(), _options()) is True
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("# earlier step\n## claimcheck: 2 errors, 4 warnings, 2 info in 2 files")
    assert "| `articles/therapie.md` | 7 |" in text


# --- Markdown ----------------------------------------------------------------------------------


def test_markdown_escaping_helpers() -> None:
    assert md_text("<script>alert(1)</script> *x* [a](b) a|b") == (
        "&lt;script&gt;alert(1)&lt;/script&gt; \\*x\\* \\[a\\](b) a\\|b"
    )
    assert md_cell("two\nlines | pipe") == "two lines \\| pipe"
    assert md_code("a`b") == "``a`b``"
    assert md_code("x|y") == "`x\\|y`"


def test_markdown_summary_tables() -> None:
    out = render("markdown", sample_report(), _options(baselined=4))
    assert out.startswith("## claimcheck: 2 errors, 4 warnings, 2 info in 2 files\n")
    assert "in the baseline" in out and "register 2024.03-test" in out
    assert "| `articles/walk.md` | 2 | 1 accurate, 1 inaccurate | 1 | 0 | 0 |" in out
    assert "| 11 | error | `arm-confusion` | 120 deelnemers | 120 were randomised; 60 received the therapy " \
           "(Figure 1) |" in out
    assert "### `articles/therapie.md`" in out
    table_rows = [line for line in out.splitlines() if line.startswith("|")]
    assert all(line.count("|") - line.count("\\|") in (7, 6) for line in table_rows), table_rows


def test_markdown_report_annotates_text_with_footnotes() -> None:
    report = Report(results=[build_result()], register_version="r1")
    out = render_document(report, _options())
    assert out.startswith("# Nieuwe therapie verlicht rugpijn\n")
    assert "**Bijna 80 procent[^d1-c4]**" in out
    assert "**verdrijft chronische rugpijn voorgoed[^d1-c2][^d1-c3]**" in out  # overlapping claims
    assert "[^d1-c5]: **inaccurate** · “120 deelnemers”" in out
    assert "(Figure 1)" in out
    assert "[Smith et al. 2023, Pain Medicine](https://doi.org/10.1000/pm.2023.42)" in out
    assert "## Article-level findings" in out and "`missing-caveat` (control-arm)" in out
    assert "superseded by `new-guideline-2024`" in out
    assert "register r1" in out
    for claim in report.results[0].claims:
        assert out.count(f"[^d1-{claim.id}]") == 2  # the mark and the note


def test_markdown_report_escapes_article_markup() -> None:
    source = "# Kop\n\n<script>alert(1)</script> Een [link](javascript:x) en *nadruk* met 80 procent.\n"
    from claimcheck.ingest.markdown import parse_markdown

    doc = parse_markdown(source, "evil.md")
    doc.text = "Kop\n\n<script>alert(1)</script> [link](javascript:x) *nadruk* 80 procent.\n"
    start = doc.text.index("80 procent")
    claim = Claim(id="c1", kind="percentage", text="80 procent", start=start, end=start + 10, verdict="accurate")
    out = render_document(Report(results=[DocumentResult(document=doc, claims=[claim])]), _options())
    assert "<script>" not in out
    assert "&lt;script&gt;" in out and "\\[link\\](javascript:x)" in out and "\\*nadruk\\*" in out


# --- HTML --------------------------------------------------------------------------------------


def _tags(page: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    """Every start tag of `page` with its attributes, as a browser's tokenizer sees them."""
    from html.parser import HTMLParser

    found: list[tuple[str, list[tuple[str, str | None]]]] = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.append((tag, attrs))

    Collector().feed(page)
    return found


def _html(report: Report | None = None) -> str:
    return render("html", report or Report(results=[build_result()], register_version="r-2024"), _options())


def test_html_is_self_contained() -> None:
    out = _html()
    assert out.startswith("<!DOCTYPE html>")
    assert "<style>" in out and "--overstated-bg" in out
    assert "<script" not in out.lower()
    assert not re.search(r"""(?:src|href)=["'](?!#|https://doi\.org/)""", out), "no external assets"
    assert "Content-Security-Policy" in out
    assert "register r-2024" in out and "claimcheck 9.9.9" in out


def test_html_highlights_every_claim_in_its_verdict_colour() -> None:
    out = _html()
    for verdict, claim_id in (("accurate", "c1"), ("imprecise", "c4"), ("inaccurate", "c5"), ("outdated", "c6"),
                              ("unverified", "c7")):
        assert re.search(rf'<mark class="claim v-{verdict}" data-claims="{claim_id}"', out), verdict
    # overlapping claims: c3 lies inside c2; the shared stretch names both
    assert '<mark class="claim v-overstated overlap" data-claims="c2 c3"' in out
    assert re.search(r'data-claims="c2"[^>]*>verdrijft chronische rugpijn </mark>', out)
    for n in range(1, 8):
        assert f'id="ref-d1-c{n}"' in out and '<li class="note' in out and f'id="d1-c{n}"' in out


def test_html_notes_findings_sources_and_legend() -> None:
    out = _html()
    assert "120 were randomised; 60 received the therapy" in out and "(Figure 1)" in out
    assert '<a href="https://doi.org/10.1000/pm.2023.42">Smith et al. 2023, Pain Medicine</a>' in out
    # the fixture is a Dutch article: the report's furniture is Dutch, the verdicts carry a glyph
    assert "Geen item in het register past bij deze bewering." in out
    assert "the article does not say the control group improved too" in out
    assert "<td>rct</td>" in out and "→ <code>new-guideline-2024</code>" in out
    for verdict, name, glyph in (("accurate", "juist", "✓"), ("imprecise", "onnauwkeurig", "≈"),
                                 ("overstated", "overdreven", "↑"), ("inaccurate", "onjuist", "✗"),
                                 ("outdated", "verouderd", "⌛"), ("unverified", "ongecontroleerd", "?")):
        assert (f'<span class="chip v-{verdict}"><span class="glyph" aria-hidden="true">{glyph}</span> '
                f'{name}</span>') in out


def test_html_escapes_hostile_article_text() -> None:
    hostile = (
        "# <img src=x onerror=alert(1)>\n\n"
        "Bijna 80 procent <script>alert('x')</script> van \"de\" deelnemers & meer.\n\n"
        "<a href=\"javascript:alert(2)\" onclick=\"alert(3)\">klik</a> <iframe src=//evil></iframe>\n"
    )
    from claimcheck.ingest.markdown import parse_markdown

    doc = parse_markdown(hostile, "hostile.md")
    doc.text = hostile  # keep the raw markup in the text, as a plain-text input would
    doc.title = "<b onmouseover=alert(4)>titel</b>"
    doc.url = "javascript:alert(5)"
    start = hostile.index("80 procent")
    claim = Claim(id='c1"><script>', kind="percentage", text="80 procent <script>", start=start,
                  end=start + len("80 procent <script>"), verdict="overstated",
                  issues=[Issue("rounded-up", "warning", "<img src=y onerror=alert(6)>", locator="<i>p</i>")])
    finding = Finding("missing-caveat", "warning", "</li><script>alert(7)</script>", caveat="<x>")
    out = _html(Report(results=[DocumentResult(document=doc, claims=[claim], findings=[finding])]))
    tags = _tags(out)
    names = {name for name, _ in tags}
    assert not names & {"script", "img", "iframe", "b", "i", "x"}, names
    for name, attrs in tags:
        assert not [k for k, _ in attrs if k.startswith("on")], (name, attrs)
        assert not [v for k, v in attrs if k == "href" and v and not v.startswith(("#", "https://"))], attrs
    assert "80 procent &lt;script&gt;</mark>" in out and "alert(&#39;x&#39;)&lt;/script&gt;" in out
    assert "&lt;img src=x onerror=alert(1)&gt;" in out


def test_html_several_documents_and_errors() -> None:
    out = _html(_error_report())
    assert out.count('<section class="doc"') == 3
    assert 'id="d2-c1"' in out and 'id="d1-c1"' in out
    assert "Could not be read:</strong> no such file" in out


def test_html_ungraded_report_shows_kinds() -> None:
    report = sample_report()
    out = render("html", report, RenderOptions(graded=False))
    assert "Article-level findings" not in out
    assert "[4] percentage" in out


# --- ClaimReview -------------------------------------------------------------------------------


def test_claimreview_one_per_graded_claim() -> None:
    reviews = json.loads(render("claimreview", sample_report(), _options()))
    assert len(reviews) == 8  # 9 claims, one unverified
    ratings = {(r["claimReviewed"], r["reviewRating"]["alternateName"]): r["reviewRating"]["ratingValue"]
               for r in reviews}
    assert sorted(set(ratings.values())) == [-2, -1, 1, 2]
    values = {r["reviewRating"]["alternateName"]: r["reviewRating"]["ratingValue"] for r in reviews}
    assert values == {"accurate": 2, "imprecise": 1, "overstated": -1, "outdated": -1, "inaccurate": -2}
    first = reviews[0]
    assert first["@context"] == "https://schema.org" and first["@type"] == "ClaimReview"
    assert first["reviewRating"]["bestRating"] == 2 and first["reviewRating"]["worstRating"] == -2
    assert first["author"]["@type"] == "Organization" and first["author"]["name"] == "claimcheck"
    item = first["itemReviewed"]
    assert item["@type"] == "Claim"
    assert "url" not in item["appearance"][0]  # a local path is no place a reader can find the article
    assert item["appearance"][0]["headline"]
    assert item["datePublished"] == "2024-03-05"
    assert first["claimReviewed"].startswith("Een behandeling van zes weken")
    assert "1 op de 4" not in json.dumps(reviews, ensure_ascii=False)


def test_claimreview_uses_article_url_and_explains() -> None:
    result = build_english()
    result.document.url = "https://example.org/walk"
    reviews = json.loads(render("claimreview", Report(results=[result]), _options()))
    assert reviews[0]["itemReviewed"]["appearance"][0]["url"] == "https://example.org/walk"
    assert "datePublished" not in reviews[0]["itemReviewed"]
    assert reviews[0]["reviewRating"]["ratingExplanation"] == "the study found a 20% lower risk."
    assert reviews[0]["keywords"] == "number-mismatch"


def test_rules_data_files_describe_the_fixed_vocabulary() -> None:
    from claimcheck import rules

    fixed = {"number-mismatch", "rounded-up", "denominator-mismatch", "arm-confusion", "duration-overreach",
             "hype-language", "causal-overreach", "animal-to-human", "source-type-misdescribed",
             "superseded-source", "misattribution", "missing-caveat", "no-citation"}
    assert fixed <= set(rules.ids())  # rules.toml and rules/*.toml merged
    for rule in rules.registry().values():
        assert rule.short and rule.full and rule.level in ("error", "warning", "info"), rule.id


# --- what to write instead ---------------------------------------------------------------------


def _report_with_fixes() -> Report:
    report = sample_report()
    for claim in report.results[0].claims:
        for issue in claim.issues:
            issue.fix = f"write it as the study does ({issue.rule})"
    report.results[0].findings[0].fix = "add that the control arm improved too"
    return report


def test_every_format_prints_the_fix() -> None:
    report = _report_with_fixes()
    text = render("text", report, _options())
    assert "fix: write it as the study does (arm-confusion)" in text
    assert "fix: add that the control arm improved too" in text
    markdown = render("markdown", report, _options())
    assert "**Write instead:** write it as the study does (arm-confusion)" in markdown
    github = render("github", report, _options())
    assert "%0AWrite instead: write it as the study does (arm-confusion)" in github
    sarif = json.loads(render("sarif", report, _options()))
    results = sarif["runs"][0]["results"]
    arm = next(r for r in results if r["ruleId"] == "arm-confusion")
    assert arm["message"]["text"].endswith("Write instead: write it as the study does (arm-confusion)")
    assert arm["properties"]["fix"] == "write it as the study does (arm-confusion)"
    assert all("fixes" not in r for r in results)  # SARIF fixes need replacement regions; none here
