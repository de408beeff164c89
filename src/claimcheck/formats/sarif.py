"""SARIF 2.1.0 for code-scanning tools (GitHub code scanning, Azure DevOps, IDE viewers).

One run, one result per claim issue and per article-level finding. Positions are 1-based lines and
columns in Unicode code points (`columnKind`); for Markdown and plain text, whose document text
offsets are file offsets, the region also carries `charOffset`/`charLength` and the exact end. A
finding that has no line is placed at line 1 so that tools which need a location can show it.

Also home of the rule descriptions (`rule_info`) and the input-path helper (`display_path`) that
the other formats share.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from claimcheck.formats import RenderOptions
from claimcheck.model import Claim, Document, DocumentResult, Finding, Issue, Report
from claimcheck.project import HOMEPAGE, rules_doc_url

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
#: Where people can read about the tool (SARIF `tool.driver.informationUri`).
INFORMATION_URI = HOMEPAGE
#: claimcheck severities -> SARIF levels.
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
#: Name of the line-independent fingerprint in `partialFingerprints`.
FINGERPRINT_KEY = "claimcheck/v1"
SRCROOT = "%SRCROOT%"


@dataclass(frozen=True, slots=True)
class RuleInfo:
    """What a rule id means, for people: a short and a full description, help text, a default level."""

    id: str
    short: str
    full: str
    help: str
    level: str = "warning"
    tags: tuple[str, ...] = field(default_factory=tuple)
    fix: str = ""

    @property
    def name(self) -> str:
        """The rule's PascalCase name (SARIF `rule.name`)."""
        return "".join(part.capitalize() for part in self.id.split("-"))


def rule_info(rule_id: str) -> RuleInfo:
    """The description of `rule_id` from the rule registry; a generic one for an id it does not list."""
    from claimcheck import rules

    rule = rules.get(rule_id)
    if rule is None:
        words = rule_id.replace("-", " ")
        return RuleInfo(
            id=rule_id,
            short=words.capitalize(),
            full=f"claimcheck rule '{rule_id}'.",
            help=f"claimcheck reported '{words}' for this claim; see the message for what the source says.",
        )
    return RuleInfo(id=rule_id, short=rule.short, full=rule.full or rule.short, help=rule.help or rule.full,
                    level=rule.level, tags=rule.tags, fix=rule.fix.get("en", ""))


def display_path(input_name: str, cwd: str | os.PathLike[str] | None = None) -> str:
    """`input_name` relative to `cwd` in POSIX form when it is a file below it; otherwise unchanged."""
    if "://" in input_name or input_name.startswith("<"):
        return input_name
    base = Path(cwd) if cwd is not None else Path.cwd()
    path = Path(input_name)
    try:
        absolute = path if path.is_absolute() else (base / path)
        return absolute.resolve().relative_to(base.resolve()).as_posix()
    except (ValueError, OSError):
        return path.as_posix()


def _cwd(options: RenderOptions) -> Path:
    value = options.extra.get("cwd")
    return Path(str(value)) if value else Path.cwd()


def artifact_location(document: Document, cwd: Path) -> dict[str, Any]:
    """The SARIF artifactLocation of a document: relative to %SRCROOT% when it is a file below cwd."""
    name = document.input
    if "://" in name:
        return {"uri": name}
    if name.startswith("<"):
        return {"uri": quote(name.strip("<>"))}
    shown = display_path(name, cwd)
    if shown.startswith("/") or shown.startswith("../"):
        return {"uri": Path(name).resolve().as_uri()}
    return {"uri": quote(shown, safe="/"), "uriBaseId": SRCROOT}


def _exact_offsets(document: Document) -> bool:
    """True when the document's text offsets are offsets into the input file."""
    return document.kind in ("markdown", "text") and document.offsets is not None


def has_file_lines(document: Document) -> bool:
    """False for DOCX, PDF and fetched pages (kind `url`), whose "lines" are paragraph numbers (of the
    document, or of the extracted text), not lines of a file."""
    return document.kind not in ("docx", "url", "pdf")


def span_region(document: Document, start: int | None, end: int | None,
                line: int | None, column: int | None) -> dict[str, Any]:
    """A SARIF region for a text span, with as much detail as the document allows; line 1 when unknown."""
    if line is None or not has_file_lines(document):
        return {"startLine": 1}
    region: dict[str, Any] = {"startLine": line, "startColumn": column or 1}
    if start is not None and end is not None and end > start and _exact_offsets(document):
        end_line, end_column = document.position(end - 1)
        if end_line is not None and end_column is not None:
            region["endLine"] = end_line
            region["endColumn"] = end_column + 1
        region["charOffset"] = start
        region["charLength"] = end - start
    return region


def issue_message(claim: Claim | None, issue: Issue | Finding) -> str:
    """The one-line message of an issue: the claim's words, then what the source says."""
    if claim is None:
        return issue.message
    return f"\u201c{claim.text}\u201d: {issue.message}"


def _message_text(claim: Claim | None, issue: Issue | Finding) -> str:
    """The result's message: the issue, then what to write instead when the grader says."""
    text = issue_message(claim, issue)
    return f"{text} Write instead: {issue.fix}" if issue.fix else text


def _rule_descriptor(rule_id: str, used_levels: set[str]) -> dict[str, Any]:
    from claimcheck import rules

    info = rule_info(rule_id)
    known = rules.get(rule_id) is not None
    level = info.level if known else _worst(used_levels)
    help_text = info.help + (f"\n\nWhat to write instead: {info.fix}" if info.fix else "")
    descriptor: dict[str, Any] = {
        "id": rule_id,
        "name": info.name,
        "shortDescription": {"text": info.short},
        "fullDescription": {"text": info.full},
        "help": {"text": help_text, "markdown": help_text},
        "defaultConfiguration": {"level": LEVELS.get(level, "warning")},
        "properties": {"tags": ["claimcheck", *info.tags]},
    }
    if known:
        descriptor["helpUri"] = rules_doc_url(rule_id)
    return descriptor


def _worst(levels: set[str]) -> str:
    for level in ("error", "warning", "info"):
        if level in levels:
            return level
    return "warning"


def _result_properties(document: Document, claim: Claim | None, issue: Issue | Finding) -> dict[str, Any]:
    props: dict[str, Any] = {"severity": issue.severity}
    line = claim.line if claim is not None else getattr(issue, "line", None)
    if not has_file_lines(document) and line is not None:
        props["paragraph"] = line
    if claim is not None:
        props["claim"] = claim.id
        props["kind"] = claim.kind
        if claim.verdict:
            props["verdict"] = claim.verdict
        if claim.sentence:
            props["sentence"] = claim.sentence
    if issue.source:
        props["source"] = issue.source
    if issue.fix:
        props["fix"] = issue.fix
    if isinstance(issue, Issue):
        if issue.finding:
            props["finding"] = issue.finding
        if issue.locator:
            props["locator"] = issue.locator
    elif issue.caveat:
        props["caveat"] = issue.caveat
    return props


def _results(result: DocumentResult, rule_index: dict[str, int], cwd: Path) -> list[dict[str, Any]]:
    from claimcheck.baseline import fingerprints

    doc = result.document
    location_base = artifact_location(doc, cwd)
    out: list[dict[str, Any]] = []
    pairs = result.issues()
    prints = fingerprints(result, root=cwd)
    for (claim, issue), print_ in zip(pairs, prints, strict=True):
        if claim is not None:
            region = span_region(doc, claim.start, claim.end, claim.line, claim.column)
        else:
            assert isinstance(issue, Finding)
            region = span_region(doc, issue.start, issue.end, issue.line, issue.column)
        out.append(
            {
                "ruleId": issue.rule,
                "ruleIndex": rule_index[issue.rule],
                "level": LEVELS.get(issue.severity, "warning"),
                "message": {"text": _message_text(claim, issue)},
                "locations": [{"physicalLocation": {"artifactLocation": dict(location_base), "region": region}}],
                "partialFingerprints": {FINGERPRINT_KEY: print_},
                "properties": _result_properties(doc, claim, issue),
            }
        )
    return out


def build_sarif(report: Report, options: RenderOptions) -> dict[str, Any]:
    """The SARIF log of `report` as a dict."""
    cwd = _cwd(options)
    used: dict[str, set[str]] = {}
    for result in report.results:
        for _, issue in result.issues():
            used.setdefault(issue.rule, set()).add(issue.severity)
    rule_ids = sorted(used)
    rule_index = {rule: i for i, rule in enumerate(rule_ids)}
    results: list[dict[str, Any]] = []
    notifications: list[dict[str, Any]] = []
    for result in report.results:
        if result.document.error:
            notifications.append(
                {
                    "level": "error",
                    "message": {"text": f"{result.document.input}: {result.document.error}"},
                    "locations": [{"physicalLocation": {"artifactLocation": artifact_location(result.document, cwd)}}],
                }
            )
            continue
        results.extend(_results(result, rule_index, cwd))
    driver: dict[str, Any] = {
        "name": "claimcheck",
        "informationUri": INFORMATION_URI,
        "rules": [_rule_descriptor(rule, used[rule]) for rule in rule_ids],
    }
    if options.tool_version:
        driver["version"] = options.tool_version
        driver["semanticVersion"] = options.tool_version
    run: dict[str, Any] = {
        "tool": {"driver": driver},
        "originalUriBaseIds": {SRCROOT: {"uri": cwd.resolve().as_uri().rstrip("/") + "/"}},
        "invocations": [
            {"executionSuccessful": not notifications, "toolExecutionNotifications": notifications}
        ],
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    if report.register_version:
        run["properties"] = {"register": report.register_version}
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def render(report: Report, options: RenderOptions) -> str:
    """`report` as a SARIF 2.1.0 log (JSON text)."""
    return json.dumps(build_sarif(report, options), ensure_ascii=False, indent=2) + "\n"


def failed_log(message: str, tool_version: str = "") -> str:
    """A SARIF log for a run that stopped before checking (a usage, configuration or input error)."""
    driver: dict[str, Any] = {"name": "claimcheck", "informationUri": INFORMATION_URI, "rules": []}
    if tool_version:
        driver["version"] = tool_version
        driver["semanticVersion"] = tool_version
    invocation = {"executionSuccessful": False,
                  "toolExecutionNotifications": [{"level": "error", "message": {"text": message}}]}
    log = {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION,
           "runs": [{"tool": {"driver": driver}, "invocations": [invocation], "results": []}]}
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"
