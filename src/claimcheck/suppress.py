"""What is not reported: rules switched off or re-levelled in the configuration, and inline suppressions.

Inline suppressions are HTML comments in Markdown or HTML articles, and each must give a reason
after ` -- `::

    <!-- claimcheck-disable-next-line rounded-up -- the abstract itself says "nearly 70%" -->
    <!-- claimcheck-disable-line hype-language -- quoted from the press release -->
    <!-- claimcheck-disable missing-caveat, no-citation -- an opinion piece -->
    …
    <!-- claimcheck-enable missing-caveat, no-citation -->

Several rule ids may be given, comma-separated; `all` (or no id) means every rule. A comment without
a reason suppresses nothing and is itself reported as `invalid-suppression`. `disable-next-line`
covers the next non-blank line; `disable` covers lines up to the matching `enable` (or the end of
the file). Findings that have no line (article-level ones) are suppressed only by a `disable` that is
never re-enabled. Comments inside code blocks and code spans are examples, not directives.

Claim issues are matched by the claim's line, findings by theirs; the suppressed ones are removed
from the result and counted in `DocumentResult.suppressed`. A rule id claimcheck does not know is
reported at the comment's line ("unknown rule 'arm-confusoin' in suppression; did you mean
arm-confusion?") and suppresses nothing; the comment's known ids still apply. With `report_unused`, a
comment (or one of its ids) that suppresses nothing is reported as `unused-suppression`, as ruff's
RUF100 does for `noqa`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from claimcheck.model import DocumentResult, Finding, Report

INVALID_SUPPRESSION = "invalid-suppression"
UNUSED_SUPPRESSION = "unused-suppression"
_COMMENT = re.compile(r"<!--(.*?)-->", re.DOTALL)
_DIRECTIVE = re.compile(
    r"^\s*claimcheck-(?P<verb>disable-next-line|disable-line|disable|enable)(?![\w-])(?P<rest>.*?)\s*$",
    re.DOTALL,
)
_RULE_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_FENCE = re.compile(r"^[ ]{0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.DOTALL)
ALL = "all"


@dataclass(slots=True)
class Directive:
    """One suppression comment: what it does, to which rules, on which lines, and why."""

    verb: str
    rules: frozenset[str]
    line: int
    end_line: int
    reason: str | None
    problem: str | None = None
    #: Ids in the comment that are not claimcheck rules (left out of `rules`).
    unknown: tuple[str, ...] = ()


@dataclass(slots=True)
class Suppressions:
    """The lines on which each rule is suppressed in one file, and the invalid comments found."""

    #: (first line, last line or None for end of file, rules, the directive that set it up)
    ranges: list[tuple[int, int | None, frozenset[str], Directive]]
    invalid: list[Directive]
    #: (directive, rule) pairs that suppressed something (`ALL` for a comment without ids).
    used: set[tuple[int, str]] = field(default_factory=set)

    def covers(self, rule: str, line: int | None) -> bool:
        """True when `rule` is suppressed at `line` (None: an article-level finding); records the use."""
        for first, last, rules, directive in self.ranges:
            if ALL not in rules and rule not in rules:
                continue
            if (line is None and last is None) or (
                    line is not None and first <= line and (last is None or line <= last)):
                self.used.add((id(directive), ALL if ALL in rules else rule))
                return True
        return False

    def unused(self) -> list[tuple[Directive, str]]:
        """(directive, rule id) of every suppression that suppressed nothing, in file order."""
        out: list[tuple[Directive, str]] = []
        seen: set[tuple[int, str]] = set()
        for _first, _last, rules, directive in self.ranges:
            for rule in sorted(rules):
                key = (id(directive), rule)
                if key not in self.used and key not in seen:
                    seen.add(key)
                    out.append((directive, rule))
        return sorted(out, key=lambda pair: pair[0].line)


def _line_starts(text: str) -> list[int]:
    starts = [0]
    starts.extend(m.end() for m in re.finditer("\n", text))
    return starts


def _line_of(starts: list[int], offset: int) -> int:
    from bisect import bisect_right

    return bisect_right(starts, offset)


def _code_ranges(source: str) -> list[tuple[int, int]]:
    """Offsets of fenced code blocks and code spans in Markdown (where comments are examples)."""
    ranges: list[tuple[int, int]] = []
    fence: str | None = None
    fence_start = 0
    pos = 0
    for line in source.splitlines(keepends=True):
        m = _FENCE.match(line)
        if fence is None and m:
            fence, fence_start = m.group(1), pos
        elif fence is not None and m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
            ranges.append((fence_start, pos + len(line)))
            fence = None
        pos += len(line)
    if fence is not None:
        ranges.append((fence_start, len(source)))
    for m in _CODE_SPAN.finditer(source):
        if not any(a <= m.start() < b for a, b in ranges):
            ranges.append((m.start(), m.end()))
    return ranges


def _parse_rules(text: str) -> tuple[frozenset[str], str | None, tuple[str, ...]]:
    """(known rule ids, a problem that voids the comment, unknown ids)."""
    from claimcheck import rules

    items = [item.strip() for item in re.split(r"[,\s]+", text.strip()) if item.strip()]
    if not items:
        return frozenset({ALL}), None, ()
    bad = [item for item in items if item != ALL and not _RULE_ID.match(item)]
    if bad:
        return frozenset(items), f"'{bad[0]}' is not a rule id", ()
    unknown = tuple(item for item in items if item != ALL and rules.get(item) is None)
    return frozenset(item for item in items if item not in unknown), None, unknown


def parse_directives(source: str, markdown: bool = True) -> list[Directive]:
    """Every `claimcheck-…` comment in `source`, in order, with the lines it sits on."""
    starts = _line_starts(source)
    code = _code_ranges(source) if markdown else []
    out: list[Directive] = []
    for m in _COMMENT.finditer(source):
        body = _DIRECTIVE.match(m.group(1))
        if body is None:
            continue
        if any(a <= m.start() < b for a, b in code):
            continue
        verb, rest = body.group("verb"), body.group("rest")
        rules_text, sep, reason = rest.partition("--")
        rules, problem, unknown = _parse_rules(rules_text)
        reason_text = reason.strip() if sep else None
        if problem is None and verb != "enable" and not reason_text:
            problem = "a suppression needs a reason: add ' -- why' before '-->'"
        out.append(
            Directive(
                verb=verb,
                rules=rules,
                line=_line_of(starts, m.start()),
                end_line=_line_of(starts, m.end() - 1),
                reason=reason_text,
                problem=problem,
                unknown=unknown,
            )
        )
    return out


def _next_content_line(lines: list[str], after: int) -> int:
    """The first non-blank line after line `after` (1-based); `after + 1` when there is none."""
    for number in range(after + 1, len(lines) + 1):
        if lines[number - 1].strip():
            return number
    return after + 1


def build_suppressions(source: str, markdown: bool = True) -> Suppressions:
    """The suppression ranges that the comments of `source` set up."""
    lines = source.split("\n")
    ranges: list[tuple[int, int | None, frozenset[str], Directive]] = []
    invalid: list[Directive] = []
    open_ranges: dict[str, tuple[int, Directive]] = {}
    for directive in parse_directives(source, markdown=markdown):
        if directive.problem or directive.unknown:
            invalid.append(directive)
        if directive.problem or not directive.rules:
            continue
        if directive.verb == "disable-next-line":
            target = _next_content_line(lines, directive.end_line)
            ranges.append((target, target, directive.rules, directive))
        elif directive.verb == "disable-line":
            ranges.append((directive.line, directive.end_line, directive.rules, directive))
        elif directive.verb == "disable":
            for rule in directive.rules:
                open_ranges.setdefault(rule, (directive.line, directive))
        else:  # enable
            closing = set(open_ranges) if ALL in directive.rules else directive.rules & set(open_ranges)
            for rule in sorted(closing):
                first, opener = open_ranges.pop(rule)
                ranges.append((first, directive.line, frozenset({rule}), opener))
    ranges.extend((first, None, frozenset({rule}), opener) for rule, (first, opener) in open_ranges.items())
    return Suppressions(ranges=ranges, invalid=invalid)


def _rule_fix(rule: str, lang: str) -> str | None:
    from claimcheck import rules

    entry = rules.get(rule)
    return (entry.fix.get(lang) or entry.fix.get("en")) if entry else None


def _invalid_findings(directive: Directive, lang: str) -> list[Finding]:
    from claimcheck import rules

    fix = _rule_fix(INVALID_SUPPRESSION, lang)
    if directive.problem:
        return [Finding(rule=INVALID_SUPPRESSION, severity="warning",
                        message=f"claimcheck-{directive.verb} ignored: {directive.problem}", line=directive.line,
                        details={"rules": sorted(directive.rules)}, fix=fix)]
    out = []
    for rule_id in directive.unknown:
        guess = rules.nearest(rule_id)
        hint = f"; did you mean {guess}?" if guess else "; see `claimcheck rules` for the list"
        out.append(Finding(rule=INVALID_SUPPRESSION, severity="warning",
                           message=f"unknown rule '{rule_id}' in suppression{hint}", line=directive.line,
                           details={"rules": [rule_id], **({"suggestion": guess} if guess else {})},
                           fix=f"claimcheck-{directive.verb} {guess} -- …" if guess else fix))
    return out


def _unused_finding(directive: Directive, rule: str, lang: str) -> Finding:
    what = "every rule" if rule == ALL else rule
    return Finding(rule=UNUSED_SUPPRESSION, severity="info", line=directive.line,
                   message=f"claimcheck-{directive.verb} {what}: suppresses nothing here",
                   details={"rules": [rule]}, fix=_rule_fix(UNUSED_SUPPRESSION, lang))


def apply_inline_suppressions(result: DocumentResult, report_unused: bool = False) -> int:
    """Remove the issues and findings the document's comments suppress; returns how many were removed.

    Invalid suppression comments (and unknown rule ids in them) are added to the result as
    `invalid-suppression` findings; with `report_unused`, suppressions that suppress nothing as
    `unused-suppression` findings.
    """
    doc = result.document
    if doc.error or not doc.source_text or doc.kind not in ("markdown", "html", "text"):
        return 0
    if "claimcheck-" not in doc.source_text:
        return 0
    suppressions = build_suppressions(doc.source_text, markdown=doc.kind != "html")
    removed = 0
    for claim in result.claims:
        kept = [i for i in claim.issues if not suppressions.covers(i.rule, claim.line)]
        removed += len(claim.issues) - len(kept)
        claim.issues = kept
    kept_findings = [f for f in result.findings if not suppressions.covers(f.rule, f.line)]
    removed += len(result.findings) - len(kept_findings)
    lang = doc.language or "en"
    added = [f for d in suppressions.invalid for f in _invalid_findings(d, lang)]
    if report_unused:
        added.extend(_unused_finding(d, rule, lang) for d, rule in suppressions.unused())
    result.findings = kept_findings + added
    result.suppressed += removed
    return removed


def apply_rule_settings(report: Report, disable: Iterable[str] = (), severity: Mapping[str, str] | None = None) -> None:
    """Drop the issues of disabled rules and re-level the others as the configuration says.

    A severity of `off` disables the rule too.
    """
    severity = dict(severity or {})
    off = set(disable) | {rule for rule, level in severity.items() if level == "off"}
    if not off and not severity:
        return
    for result in report.results:
        for claim in result.claims:
            claim.issues = [i for i in claim.issues if i.rule not in off]
            for issue in claim.issues:
                issue.severity = severity.get(issue.rule, issue.severity)
        result.findings = [f for f in result.findings if f.rule not in off]
        for finding in result.findings:
            finding.severity = severity.get(finding.rule, finding.severity)


def apply_suppressions(report: Report, report_unused: bool = False) -> int:
    """Apply the inline suppressions of every document of `report`; returns how many were removed."""
    return sum(apply_inline_suppressions(result, report_unused) for result in report.results)
