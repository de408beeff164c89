"""Plain text for people: findings grouped by file, coloured in a terminal, a closing summary.

    articles/prt.md
       18:14  error    denominator-mismatch  “66 procent”: 66% refers to the PRT arm … [ashar-2022-prt, Table 2]
           -  warning  missing-caveat        the article does not say that … [ashar-2022-prt]
      12 claims: 1 accurate, 1 overstated, 10 unverified · 1 suppressed

    ✖ 1 error, 1 warning, 0 info in 1 file · 12 claims · 1 suppressed
"""

from __future__ import annotations

from collections import Counter

import click

from claimcheck.formats import RenderOptions
from claimcheck.model import VERDICTS, Claim, DocumentResult, Finding, Issue, Report

_SEVERITY_COLORS = {"error": "red", "warning": "yellow", "info": "cyan"}
_VERDICT_COLORS = {
    "accurate": "green",
    "imprecise": "yellow",
    "overstated": "bright_red",
    "inaccurate": "red",
    "outdated": "magenta",
    "unverified": "bright_black",
}


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


def _evidence(issue: Issue | Finding) -> str:
    locator = getattr(issue, "locator", None)
    if locator and locator in issue.message:
        locator = None  # the message already says where in the source
    parts = [p for p in (issue.source, locator, getattr(issue, "caveat", None)) if p]
    return f" [{', '.join(parts)}]" if parts else ""


def _plural(n: int, word: str) -> str:
    if word == "info":
        return f"{n} info"
    return f"{n} {word}{'' if n == 1 else 's'}"


def _verdict_summary(result: DocumentResult, options: RenderOptions) -> str:
    counts = Counter(c.verdict or "unverified" for c in result.claims)
    order = {v: i for i, v in enumerate(VERDICTS)}
    parts = [
        _style(f"{n} {v}", options, fg=_VERDICT_COLORS.get(v, "white"))
        for v, n in sorted(counts.items(), key=lambda kv: order.get(kv[0], 99))
    ]
    text = _plural(len(result.claims), "claim")
    return text + (": " + ", ".join(parts) if parts else "")


def _ungraded_block(result: DocumentResult, options: RenderOptions) -> list[str]:
    lines = [f"  {_where(c.line, c.column):>7}  {_claim_line(c):<28} {c.text!r}" for c in result.claims]
    lines.extend(f"  {'cite':>7}  {c.doi or c.pmid or c.url or ''}" for c in result.citations)
    if not result.claims:
        lines.append("  no claims found")
    return lines


def _document_block(result: DocumentResult, options: RenderOptions) -> list[str]:
    doc = result.document
    lines = [_style(doc.input, options, bold=True, underline=True)]
    if doc.error:
        lines.append("  " + _style(f"error: {doc.error}", options, fg="red"))
        return lines
    if not options.graded:
        return lines + _ungraded_block(result, options)
    rows: list[tuple[str, str, str, str]] = []
    for claim, issue in result.issues():
        if isinstance(issue, Finding):
            where = _where(issue.line, issue.column)
            text = issue.message
        else:
            assert claim is not None and isinstance(issue, Issue)
            where = _where(claim.line, claim.column)
            text = f"{_style(f'“{claim.text}”', options, bold=True)}: {issue.message}"
        rows.append((where, issue.severity, issue.rule, text + _style(_evidence(issue), options, dim=True)))
    rule_width = max((len(r[2]) for r in rows), default=0)
    where_width = max((len(r[0]) for r in rows), default=0)
    for where, severity, rule, text in rows:
        sev = _style(f"{severity:<7}", options, fg=_SEVERITY_COLORS.get(severity, "white"))
        lines.append(f"  {where:>{where_width}}  {sev}  {_style(f'{rule:<{rule_width}}', options, dim=True)}  {text}")
    tail = _verdict_summary(result, options)
    if result.suppressed:
        tail += f" · {result.suppressed} suppressed"
    if not rows:
        tail = _style("✓ no problems", options, fg="green") + " · " + tail
    lines.append("  " + tail)
    return lines


def _closing(report: Report, options: RenderOptions) -> str:
    severities: Counter[str] = Counter()
    claims = suppressed = 0
    for result in report.results:
        severities.update(issue.severity for _, issue in result.issues())
        claims += len(result.claims)
        suppressed += result.suppressed
    files = len(report.results)
    where = f"in {_plural(files, 'file')}"
    if not options.graded:
        return f"{_plural(claims, 'claim')} {where}"
    counts = ", ".join(_plural(severities[s], s) for s in _SEVERITY_COLORS)
    if severities["error"]:
        mark = _style("✖", options, fg="red", bold=True)
    elif severities["warning"] or severities["info"]:
        mark = _style("⚠", options, fg="yellow", bold=True)
    else:
        mark = _style("✓", options, fg="green", bold=True)
    line = f"{mark} {counts} {where} · {_plural(claims, 'claim')}"
    if suppressed:
        line += f" · {suppressed} suppressed"
    baselined = int(str(options.extra.get("baselined") or 0))
    if baselined:
        line += f" · {baselined} in the baseline"
    failed = sum(1 for r in report.results if r.document.error)
    if failed:
        line += " · " + _style(f"{failed} not readable", options, fg="red")
    return line


def render(report: Report, options: RenderOptions) -> str:
    """`report` as text for a terminal or a log."""
    out: list[str] = []
    for result in report.results:
        out.extend(_document_block(result, options))
        out.append("")
    out.append(_closing(report, options))
    return "\n".join(out) + "\n"
