"""Hand-built reports for the format, report, suppression and baseline tests (no grader needed).

`build_result(markdown)` parses a Markdown article with the real ingest code and places claims on
phrases of it, with verdicts and issues as the grader would; `sample_report()` is a two-article
report covering every verdict, overlapping claims, article-level findings and source grades.
"""

from __future__ import annotations

from pathlib import Path

from claimcheck.ingest.markdown import parse_markdown
from claimcheck.model import Citation, Claim, DocumentResult, Finding, Issue, Match, Report, SourceGrade

ARTICLE = """---
title: Nieuwe therapie verlicht rugpijn
date: 2024-03-05
author: Redactie Gezondheid
---

# Nieuwe therapie verlicht rugpijn

Een behandeling van zes weken verdrijft chronische rugpijn voorgoed, melden onderzoekers.

Bijna 80 procent van de 120 deelnemers was na afloop pijnvrij. De studie verscheen in het
tijdschrift *Pain Medicine* in 2023.

Ongeveer 1 op de 4 volwassenen heeft ooit last van rugpijn.
"""

ARTICLE_EN = """# A walk a day

Walking 30 minutes a day cut heart attacks by half in a study of 2,000 adults.

The researchers followed the group for ten years.
"""


def _claim(doc_text: str, phrase: str, cid: str, kind: str, verdict: str | None, *, occurrence: int = 0,
           issues: list[Issue] | None = None, source: str | None = None, value: float | None = None,
           unit: str | None = None, qualifier: str | None = None, doc: object = None) -> Claim:
    start = -1
    for _ in range(occurrence + 1):
        start = doc_text.index(phrase, start + 1)
    end = start + len(phrase)
    line, column = doc.position(start) if doc is not None else (None, None)  # type: ignore[attr-defined]
    sentence_start = doc_text.rfind("\n", 0, start) + 1
    sentence_end = doc_text.find(".", end) + 1 or len(doc_text)
    return Claim(
        id=cid,
        kind=kind,
        text=phrase,
        start=start,
        end=end,
        sentence=" ".join(doc_text[sentence_start:sentence_end].split()),
        value=value,
        unit=unit,
        qualifier=qualifier,
        line=line,
        column=column,
        match=Match(source=source, finding="f1", score=0.9) if source else None,
        verdict=verdict,
        issues=issues or [],
    )


def build_result(markdown: str = ARTICLE, input_name: str = "articles/therapie.md") -> DocumentResult:
    """The Dutch sample article with claims of every verdict, overlapping claims and findings."""
    doc = parse_markdown(markdown, input_name)
    doc.language = "nl"
    text = doc.text
    src = "smith-2023-backpain"
    claims = [
        _claim(text, "zes weken", "c1", "duration", "accurate", value=6, unit="weeks", source=src, doc=doc),
        _claim(text, "verdrijft chronische rugpijn voorgoed", "c2", "strength", "overstated", source=src, doc=doc,
               issues=[Issue("duration-overreach", "warning", "pain was measured at 12 weeks, not for good",
                             source=src, finding="pain-12w", locator="Table 2")]),
        _claim(text, "voorgoed", "c3", "strength", "overstated", source=src, doc=doc,
               issues=[Issue("hype-language", "info", "'for good' claims permanence", source=src)]),
        _claim(text, "Bijna 80 procent", "c4", "percentage", "imprecise", value=80, unit="%", qualifier="nearly",
               source=src, doc=doc,
               issues=[Issue("rounded-up", "warning", "the paper reports 71% (43 of 60)", source=src,
                             finding="painfree", locator="Results, p. 4")]),
        _claim(text, "120 deelnemers", "c5", "sample_size", "inaccurate", value=120, source=src, doc=doc,
               issues=[Issue("arm-confusion", "error", "120 were randomised; 60 received the therapy",
                             source=src, finding="arms", locator="Figure 1")]),
        _claim(text, "Pain Medicine", "c6", "attribution", "outdated", source=src, doc=doc,
               issues=[Issue("superseded-source", "warning", "superseded by the 2024 update", source=src)]),
        _claim(text, "1 op de 4", "c7", "ratio", "unverified", doc=doc),
    ]
    findings = [
        Finding("missing-caveat", "warning", "the article does not say the control group improved too",
                source=src, caveat="control-arm"),
        Finding("no-citation", "info", "no link to the study"),
    ]
    sources = [
        SourceGrade(id=src, type="rct", evidence_level=2, status="current", cited=True,
                    described_as=["studie"], title="Smith et al. 2023, Pain Medicine"),
        SourceGrade(id="old-guideline-2010", type="guideline", evidence_level=1, status="superseded",
                    cited=False, superseded_by="new-guideline-2024"),
    ]
    citations = [Citation(text="Pain Medicine", doi="10.1000/pm.2023.42", source=src)]
    return DocumentResult(document=doc, claims=claims, citations=citations, findings=findings, sources=sources)


def build_english(input_name: str = "articles/walk.md") -> DocumentResult:
    """A small English article with one inaccurate claim and no findings."""
    doc = parse_markdown(ARTICLE_EN, input_name)
    doc.language = "en"
    claims = [
        _claim(doc.text, "by half", "c1", "ratio", "inaccurate", source="walk-2020", doc=doc,
               issues=[Issue("number-mismatch", "error", "the study found a 20% lower risk", source="walk-2020")]),
        _claim(doc.text, "ten years", "c2", "duration", "accurate", value=10, unit="years", source="walk-2020",
               doc=doc),
    ]
    return DocumentResult(document=doc, claims=claims)


def sample_report() -> Report:
    """Two graded articles."""
    return Report(results=[build_result(), build_english()], register_version="2024.03-test", graded=True)


def write_articles(folder: Path) -> list[Path]:
    """The two sample articles as files in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    a = folder / "therapie.md"
    a.write_text(ARTICLE, encoding="utf-8")
    b = folder / "walk.md"
    b.write_text(ARTICLE_EN, encoding="utf-8")
    return [a, b]


#: phrase -> (rule, severity, verdict) for the fake grader below.
FAKE_RULES = {
    "voorgoed": ("hype-language", "warning", "overstated"),
    "80 procent": ("rounded-up", "warning", "imprecise"),
    "120 deelnemers": ("arm-confusion", "error", "inaccurate"),
    "by half": ("number-mismatch", "error", "inaccurate"),
    "ten years": (None, None, "accurate"),
}


def fake_result(document: object) -> DocumentResult:
    """Grade a real Document the way a grader would, by looking for FAKE_RULES phrases in its text."""
    from claimcheck.model import Document

    assert isinstance(document, Document)
    claims: list[Claim] = []
    text = document.text
    for phrase, (rule, severity, verdict) in FAKE_RULES.items():
        start = text.find(phrase)
        while start >= 0:
            end = start + len(phrase)
            line, column = document.position(start)
            message = f"'{phrase}' is not what the study says"
            issues = [Issue(rule, severity, message, source="fake-2020")] if rule and severity else []
            line_start = text.rfind("\n", 0, start) + 1
            line_end = text.find("\n", end) if "\n" in text[end:] else len(text)
            sentence = " ".join(text[line_start:line_end].split())
            claims.append(Claim(id=f"c{len(claims) + 1}", kind="strength", text=phrase, start=start, end=end,
                                sentence=sentence, line=line, column=column, verdict=verdict, issues=issues,
                                match=Match(source="fake-2020", score=1.0)))
            start = text.find(phrase, end)
    claims.sort(key=lambda c: c.start)
    findings = []
    if "rugpijn" in text:
        findings.append(Finding("missing-caveat", "warning", "the control arm is not mentioned", source="fake-2020",
                                caveat="control-arm"))
    return DocumentResult(document=document, claims=claims, findings=findings)


def fake_check_paths(inputs: list[str], options: object = None, names: list[str] | None = None) -> Report:
    """A stand-in for claimcheck.checker.check_paths: real ingest, fake grading, no register."""
    from claimcheck.errors import InputError
    from claimcheck.ingest import IngestOptions, discover_inputs, load_document
    from claimcheck.model import Document

    ingest = getattr(options, "ingest", None) or IngestOptions()
    names = names if names is not None else discover_inputs(inputs, ingest)
    results = []
    for name in names:
        try:
            document = load_document(name, ingest)
        except InputError as exc:
            if len(names) == 1:
                raise
            results.append(DocumentResult(document=Document(input=name, text="", error=exc.problem)))
            continue
        results.append(fake_result(document))
    return Report(results=results, register_version="fake-register-1", graded=True)
