"""Plain text for people, laid out like Vale: findings by line, article-level ones apart, a summary.

    articles/prt.md
       18:14  error    denominator-mismatch  “66 procent”: 66% refers to the PRT arm (33 of 50), not
                                             to all 151 participants [ashar-2022-prt, Table 2]
                                             fix: write "66% of the 50 who received PRT"
                                             also at 31:2 (“66%”)
      article
           -  warning  missing-caveat        the article does not say that … [ashar-2022-prt]
      12 claims: 1 accurate, 1 overstated, 10 unverified · 1 suppressed

    ✖ 1 error, 1 warning, 0 info in 1 file · 12 claims · 1 suppressed

Options in `RenderOptions.extra`: `width` (wrap the message column to it with a hanging indent;
None or absent: full lines, for logs and pipes), `quiet` (only files with findings, and the summary),
`baselined` (how many findings the baseline hid).
"""

from __future__ import annotations

import textwrap
from collections import Counter
from dataclasses import dataclass, field

import click

from claimcheck.formats import RenderOptions
from claimcheck.model import VERDICTS, Claim, Document, DocumentResult, Finding, Issue, Report

_SEVERITY_COLORS = {"error": "red", "warning": "yellow", "info": "cyan"}
_VERDICT_COLORS = {
    "accurate": "green",
    "imprecise": "yellow",
    "overstated": "bright_red",
    "inaccurate": "red",
    "outdated": "magenta",
    "unverified": "bright_black",
}
#: Narrowest message column worth wrapping into; below it the message starts on its own line.
_MIN_MESSAGE_WIDTH = 30


def _style(text: str, options: RenderOptions, **kwargs: object) -> str:
    return click.style(text, **kwargs) if options.color else text  # type: ignore[arg-type]


def _where(line: int | None, column: int | None, paragraphs: bool = False) -> str:
    if line is None:
        return "-"
    return f"¶{line}" if paragraphs else f"{line}:{column or 1}"


def _reading_lines(doc: Document) -> list[str]:
    """How the article was read: the date used (and where it came from), the language, any notes."""
    date = f"dated {doc.published} ({doc.published_from})" if doc.published else "undated (taken as current)"
    return [f"  {date} · language {doc.language}", *(f"  note: {note}" for note in doc.notes)]


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


def _width(options: RenderOptions) -> int | None:
    value = options.extra.get("width")
    return int(str(value)) if value else None


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
    paragraphs = result.document.kind in ("docx", "url", "pdf")
    lines = [f"  {_where(c.line, c.column, paragraphs):>7}  {_claim_line(c):<28} {c.text!r}" for c in result.claims]
    lines.extend(f"  {'cite':>7}  {c.doi or c.pmid or c.url or ''}" for c in result.citations)
    if not result.claims:
        lines.append("  no claims found")
    return lines


@dataclass(slots=True)
class _Row:
    """One printed finding: where, severity, rule, the message, and where else it is said."""

    line: int | None
    column: int | None
    severity: str
    rule: str
    quote: str
    message: str
    fix: str | None
    also: list[str] = field(default_factory=list)
    #: True for DOCX and fetched pages, whose positions are paragraphs (¶3), not line:column.
    paragraphs: bool = False

    @property
    def where(self) -> str:
        return _where(self.line, self.column, self.paragraphs)


def _rows(result: DocumentResult) -> list[_Row]:
    """The document's findings, identical messages merged into the first, in line order."""
    rows: list[_Row] = []
    seen: dict[tuple[str, str, str, str | None], _Row] = {}
    for claim, issue in result.issues():
        if isinstance(issue, Finding):
            line, column, quote = issue.line, issue.column, ""
        else:
            assert claim is not None
            line, column, quote = claim.line, claim.column, claim.text
        message = issue.message + _evidence(issue)
        key = (issue.rule, issue.severity, message, issue.fix)
        first = seen.get(key)
        if first is not None:
            where = _where(line, column, first.paragraphs)
            first.also.append(f"{where} (“{quote}”)" if quote and quote != first.quote else where)
            continue
        row = _Row(line, column, issue.severity, issue.rule, quote, message, issue.fix,
                   paragraphs=result.document.kind in ("docx", "url", "pdf"))
        seen[key] = row
        rows.append(row)
    rows.sort(key=lambda r: (r.line is None, r.line or 0, r.column or 0))
    return rows


def _wrap(text: str, width: int | None, indent: int) -> list[str]:
    """`text` in lines of at most `width - indent` characters (one line when width is None)."""
    if width is None:
        return [text]
    room = max(width - indent, _MIN_MESSAGE_WIDTH)
    return textwrap.wrap(text, room, break_long_words=False, break_on_hyphens=False) or [""]


def _row_lines(row: _Row, where_width: int, rule_width: int, options: RenderOptions) -> list[str]:
    width = _width(options)
    sev = _style(f"{row.severity:<7}", options, fg=_SEVERITY_COLORS.get(row.severity, "white"))
    rule = _style(f"{row.rule:<{rule_width}}", options, dim=True)
    head = f"    {row.where:>{where_width}}  {sev}  {rule}  "
    indent = 4 + where_width + 2 + 7 + 2 + rule_width + 2
    if width is not None and width - indent < _MIN_MESSAGE_WIDTH:
        indent = 8  # too narrow for a column: the message goes under the heading
        head = head.rstrip() + "\n" + " " * indent
    quote = f"“{row.quote}”: " if row.quote else ""
    body = _wrap(quote + row.message, width, indent)
    if quote and options.color and body[0].startswith(quote.rstrip()):
        body[0] = _style(quote.rstrip(), options, bold=True) + body[0][len(quote.rstrip()):]
    extra: list[str] = []
    if row.fix:
        extra.extend(_wrap(f"fix: {row.fix}", width, indent))
    if row.also:
        extra.extend(_wrap("also at " + ", ".join(row.also), width, indent))
    pad = " " * indent
    return [head + body[0], *(pad + line for line in body[1:]), *(pad + _style(line, options, dim=True)
                                                                  for line in extra)]


def _study_lines(result: DocumentResult) -> list[str]:
    """One "discusses <study>" line per register entry the article is linked to."""
    out = []
    for link in result.studies:
        shown = list(dict.fromkeys(e.text for e in link.evidence if e.text and e.start is not None))[:4]
        out.append(f"  discusses {link.label or link.source}" + (f": {', '.join(shown)}" if shown else ""))
    return out or ["  no register study linked"]


def _document_block(result: DocumentResult, options: RenderOptions) -> list[str]:
    doc = result.document
    lines = [_style(doc.input, options, bold=True, underline=True)]
    if doc.error:
        lines.append("  " + _style(f"error: {doc.error}", options, fg="red"))
        return lines
    if not options.graded:
        return lines + _ungraded_block(result, options)
    rows = _rows(result)
    rule_width = max((len(r.rule) for r in rows), default=0)
    where_width = max((len(r.where) for r in rows), default=0)
    located = [r for r in rows if r.line is not None]
    article = [r for r in rows if r.line is None]
    for row in located:
        lines.extend(_row_lines(row, where_width, rule_width, options))
    if article:
        lines.append("  " + _style("article", options, bold=True))
        for row in article:
            lines.extend(_row_lines(row, where_width, rule_width, options))
    lines.extend(_study_lines(result))
    lines.extend(_style(line, options, dim=True) for line in _reading_lines(result.document))
    tail = _verdict_summary(result, options)
    if result.suppressed:
        tail += f" · {result.suppressed} suppressed"
    if not rows:
        tail = _style("✓ no problems", options, fg="green") + " · " + tail
    lines.append("  " + tail)
    return lines


def _closing(report: Report, options: RenderOptions) -> list[str]:
    severities: Counter[str] = Counter()
    claims = suppressed = 0
    for result in report.results:
        severities.update(issue.severity for _, issue in result.issues())
        claims += len(result.claims)
        suppressed += result.suppressed
    files = len(report.results)
    failed = sum(1 for r in report.results if r.document.error)
    where = f"in {_plural(files, 'file')}"
    if not options.graded:
        line = f"{_plural(claims, 'claim')} {where}"
    else:
        counts = ", ".join(_plural(severities[s], s) for s in _SEVERITY_COLORS)
        if severities["error"] or failed:
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
    if not failed:
        return [line]
    noun = "input" if failed == 1 else "inputs"
    return [line, _style(f"✖ {failed} {noun} could not be read", options, fg="red", bold=True)]


def render(report: Report, options: RenderOptions) -> str:
    """`report` as text for a terminal or a log."""
    quiet = bool(options.extra.get("quiet"))
    out: list[str] = []
    for result in report.results:
        if quiet and not result.document.error and not (result.issues() if options.graded else result.claims):
            continue
        out.extend(_document_block(result, options))
        out.append("")
    out.extend(_closing(report, options))
    return "\n".join(out) + "\n"
