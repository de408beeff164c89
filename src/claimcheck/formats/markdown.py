"""Markdown: a findings summary (for job summaries and PR comments) and annotated article reports.

`render` is the `--format markdown` output: a table of files, then each file's findings. The
`claimcheck report` command uses `render_document`, the Markdown twin of the HTML report: the
article's text with each claim in bold and a footnote per claim. All article text is escaped, so
Markdown or HTML in an article shows as text.
"""

from __future__ import annotations

import re
from typing import Any

from claimcheck.formats import RenderOptions
from claimcheck.model import Report

_ESCAPE = re.compile(r"([\\`*_\[\]|~])")
_BLOCK_START = re.compile(r"^(\s*)(?:([-+](?=\s)|#{1,6}(?=\s|$))|(\d{1,9})([.)])(?=\s|$))")


def md_text(value: Any) -> str:
    """`value` as inline Markdown text that renders literally (no markup, no HTML)."""
    text = str(value)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _ESCAPE.sub(r"\\\1", text)


def md_block_start(text: str) -> str:
    """Escaped Markdown text that begins a block: a leading `#`, `-`, `>` or `1.` stays text."""

    def escape(m: re.Match[str]) -> str:
        if m.group(2):
            return f"{m.group(1)}\\{m.group(2)}"
        return f"{m.group(1)}{m.group(3)}\\{m.group(4)}"

    return _BLOCK_START.sub(escape, text, count=1)


def md_cell(value: Any) -> str:
    """`value` escaped for a table cell (one line, pipes escaped)."""
    return md_text(" ".join(str(value).split()))


def md_code(value: Any) -> str:
    """`value` as an inline code span (for paths and rule ids), safe in table cells."""
    text = " ".join(str(value).split()).replace("|", "\\|")
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _annotated(paragraph: Any) -> str:
    """A paragraph of the view as Markdown: claims in bold runs, a footnote mark after each claim."""
    out: list[str] = []
    bold: list[str] = []

    def close() -> None:
        if not bold:
            return
        run = "".join(bold)
        stripped = run.strip()
        lead = run[: len(run) - len(run.lstrip())]
        tail = run[len(run.rstrip()) :]
        out.append(f"{lead}**{stripped}**{tail}" if stripped else run)
        bold.clear()

    for piece in paragraph.pieces:
        if piece.kind == "mark":
            bold.append(md_text(piece.text))
        elif piece.kind == "ref":
            marker = f"[^{piece.claims[0].anchor}]"
            if bold and not "".join(bold).endswith(" "):
                bold.append(marker)
            else:
                close()
                out.append(marker)
        else:
            close()
            out.append(md_text(piece.text))
    close()
    return md_block_start("".join(out))


def _context(report: Report, options: RenderOptions) -> dict[str, Any]:
    from claimcheck.formats.html import template_context

    context = template_context(report, options)
    context["annotated"] = _annotated
    context["baselined"] = int(str(options.extra.get("baselined") or 0))
    return context


def render(report: Report, options: RenderOptions) -> str:
    """`report` as a Markdown summary: a table of files and each file's findings."""
    from claimcheck.formats.html import environment

    return environment("markdown").get_template("summary.md.j2").render(_context(report, options))


def render_document(report: Report, options: RenderOptions) -> str:
    """`report` (usually one document) as an annotated Markdown report."""
    from claimcheck.formats.html import environment

    return environment("markdown").get_template("report.md.j2").render(_context(report, options))
