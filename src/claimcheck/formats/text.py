"""Plain text for people: findings grouped by file, coloured in a terminal, a closing summary."""

from __future__ import annotations

from collections import Counter

import click

from claimcheck.formats import RenderOptions
from claimcheck.model import Claim, DocumentResult, Finding, Issue, Report

_COLORS = {"error": "red", "warning": "yellow", "info": "cyan"}


def _style(text: str, options: RenderOptions, **kwargs: object) -> str:
    return click.style(text, **kwargs) if options.color else text  # type: ignore[arg-type]


def _where(line: int | None, column: int | None) -> str:
    if line is None:
        return "-"
    return f"{line}:{column or 1}"


def _claim_line(claim: Claim) -> str:
    value = "" if claim.value is None else f" {claim.value:g}{claim.unit or ''}"
    qualifier = f" ({claim.qualifier})" if claim.qualifier else ""
    return f"{claim.kind}{value}{qualifier}"


def _document_block(result: DocumentResult, options: RenderOptions) -> list[str]:
    doc = result.document
    lines = [_style(doc.input, options, bold=True)]
    if doc.error:
        lines.append("  " + _style(f"error: {doc.error}", options, fg="red"))
        return lines
    if not options.graded:
        for claim in result.claims:
            lines.append(f"  {_where(claim.line, claim.column):>7}  {_claim_line(claim):<28} {claim.text!r}")
        lines.extend(f"  {'cite':>7}  {c.doi or c.pmid or c.url or ''}" for c in result.citations)
        if not result.claims:
            lines.append("  no claims found")
        return lines
    rows: list[tuple[str, str, str, str]] = []
    for claim, issue in result.issues():
        if isinstance(issue, Finding):
            where = _where(issue.line, issue.column)
            text = issue.message
        else:
            assert claim is not None and isinstance(issue, Issue)
            where = _where(claim.line, claim.column)
            text = f"{claim.text!r}: {issue.message}"
        rows.append((where, issue.severity, issue.rule, text))
    width = max((len(r[2]) for r in rows), default=0)
    for where, severity, rule, text in rows:
        sev = _style(f"{severity:<7}", options, fg=_COLORS.get(severity, "white"))
        lines.append(f"  {where:>7}  {sev}  {rule:<{width}}  {text}")
    verdicts = Counter(c.verdict or "unverified" for c in result.claims)
    summary = ", ".join(f"{n} {v}" for v, n in sorted(verdicts.items()))
    lines.append(f"  {len(result.claims)} claims" + (f" ({summary})" if summary else ""))
    return lines


def render(report: Report, options: RenderOptions) -> str:
    """`report` as text for a terminal or a log."""
    out: list[str] = []
    severities: Counter[str] = Counter()
    claims = 0
    for result in report.results:
        out.extend(_document_block(result, options))
        out.append("")
        claims += len(result.claims)
        severities.update(issue.severity for _, issue in result.issues())
    files = len(report.results)
    noun = "file" if files == 1 else "files"
    if options.graded:
        parts = [f"{severities[s]} {s}{'s' if severities[s] != 1 and s != 'info' else ''}" for s in _COLORS]
        out.append(f"{', '.join(parts)} in {files} {noun} ({claims} claims)")
    else:
        out.append(f"{claims} claims in {files} {noun}")
    return "\n".join(out) + "\n"
