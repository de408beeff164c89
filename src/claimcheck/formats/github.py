"""GitHub Actions workflow commands: one annotation per finding, plus a job summary.

    ::error file=articles/prt.md,line=18,col=14,endLine=18,endColumn=24,title=claimcheck denominator-mismatch::…

Data is escaped as the Actions toolkit does (`%`, CR and LF; in properties also `:` and `,`).
GitHub shows at most 10 errors and 10 warnings per step as annotations; every finding is still in
the log, and `append_step_summary` writes the full Markdown table to `$GITHUB_STEP_SUMMARY`.
"""

from __future__ import annotations

import os
from pathlib import Path

from claimcheck.formats import RenderOptions
from claimcheck.formats.sarif import display_path, has_file_lines, issue_message
from claimcheck.model import DocumentResult, Finding, Report

#: claimcheck severities -> workflow command names.
COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(value: str) -> str:
    """Escape a workflow command's message."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escape a workflow command's property value."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **properties: str | int | None) -> str:
    """One workflow command line, properties in the given order, None ones left out."""
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items() if value is not None)
    return f"::{name}{' ' + props if props else ''}::{escape_data(message)}"


def _cwd(options: RenderOptions) -> Path:
    value = options.extra.get("cwd")
    return Path(str(value)) if value else Path.cwd()


def _document_lines(result: DocumentResult, cwd: Path) -> list[str]:
    doc = result.document
    path = display_path(doc.input, cwd)
    file = None if "://" in path or path.startswith("<") else path
    if doc.error:
        return [command("error", f"{doc.input}: {doc.error}", file=file, title="claimcheck: input not readable")]
    lines = []
    for claim, issue in result.issues():
        if claim is not None:
            line, col, start, end = claim.line, claim.column, claim.start, claim.end
        else:
            assert isinstance(issue, Finding)
            line, col, start, end = issue.line, issue.column, issue.start, issue.end
        end_line = end_column = None
        if line is not None and start is not None and end is not None and end > start and doc.kind in (
            "markdown",
            "text",
        ):
            end_line, last_col = doc.position(end - 1)
            end_column = last_col + 1 if last_col is not None else None
        message = issue_message(claim, issue)
        if issue.fix:
            message += f"\nWrite instead: {issue.fix}"
        if not has_file_lines(doc):
            if line is not None:
                message = f"paragraph {line}: {message}"
            line = col = None
        if file is None:
            message = f"{doc.input}: {message}"
        lines.append(
            command(
                COMMANDS.get(issue.severity, "warning"),
                message,
                file=file,
                line=line,
                col=col if line is not None else None,
                endLine=end_line,
                endColumn=end_column if end_line == line else None,
                title=f"claimcheck {issue.rule}",
            )
        )
    return lines


def render(report: Report, options: RenderOptions) -> str:
    """`report` as workflow commands (an empty string when there is nothing to say)."""
    cwd = _cwd(options)
    lines: list[str] = []
    for result in report.results:
        lines.extend(_document_lines(result, cwd))
    return "".join(line + "\n" for line in lines)


def append_step_summary(report: Report, options: RenderOptions, path: str | None = None) -> bool:
    """Append the Markdown summary of `report` to `$GITHUB_STEP_SUMMARY`; False when it is not set."""
    from claimcheck.formats.markdown import render as render_markdown

    target = path or os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return False
    text = render_markdown(report, options)
    with open(target, "a", encoding="utf-8") as handle:
        handle.write(text if text.endswith("\n") else text + "\n")
    return True
