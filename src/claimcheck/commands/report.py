"""`claimcheck report`: an annotated HTML (and Markdown) report per article.

    claimcheck report articles/ -o reports/

Each article gets `reports/<stem>.html` - self-contained, readable offline and without JavaScript -
and `reports/<stem>.md`. Names come from the input's file name (or the URL's last path segment);
two inputs with the same stem get `<stem>-2`, … so no report of this run overwrites another, and a
report never replaces one of the inputs. Files are written atomically.
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import click

from claimcheck.commands.against import against_option
from claimcheck.commands.check import (
    checked_report,
    config_option,
    exit_code,
    fail,
    input_options,
    report_errors,
    rule_options,
)
from claimcheck.model import Report

REPORT_FORMATS = {"html": ".html", "markdown": ".md"}
_UNSAFE = re.compile(r"[^\w.-]+")


def report_stem(input_name: str) -> str:
    """A file-name stem for the report of `input_name`: the file's stem, or the URL's last segment."""
    if input_name in ("-", "<stdin>"):
        stem = "stdin"
    elif "://" in input_name:
        parts = urlsplit(input_name)
        segments = [s for s in parts.path.split("/") if s]
        stem = Path(segments[-1]).stem if segments else (parts.hostname or "article")
    else:
        stem = Path(input_name).stem
    stem = _UNSAFE.sub("-", stem).strip("-.")[:100]
    return stem or "article"


def report_names(inputs: list[str], out_dir: Path, suffixes: list[str]) -> list[str]:
    """One unique stem per input, in order: a repeated stem gets -2, -3, …; inputs are never targets."""
    reserved = set()
    for name in inputs:
        if "://" not in name and name != "-":
            with contextlib.suppress(OSError):
                reserved.add(Path(name).resolve())
    used: set[str] = set()
    out: list[str] = []
    for name in inputs:
        stem = report_stem(name)
        candidate, n = stem, 2
        while candidate.casefold() in used or any(
            (out_dir / f"{candidate}{suffix}").resolve() in reserved for suffix in suffixes
        ):
            candidate, n = f"{stem}-{n}", n + 1
        used.add(candidate.casefold())
        out.append(candidate)
    return out


def write_reports(report: Report, out_dir: Path, formats: list[str], tool_version: str = "",
                  index: bool | None = None) -> list[Path]:
    """Write the reports of every readable document of `report` into `out_dir`; returns the paths.

    With `index` (default: when there is more than one readable document) an `index.html` links
    every HTML report, unless an input is itself named index.html in that folder.
    """
    from claimcheck.fileutil import write_atomic
    from claimcheck.formats import RenderOptions
    from claimcheck.formats.html import render as render_html
    from claimcheck.formats.html import render_index
    from claimcheck.formats.markdown import render_document

    suffixes = [REPORT_FORMATS[f] for f in formats]
    readable = [r for r in report.results if not r.document.error]
    stems = report_names([r.document.input for r in readable], out_dir, suffixes)
    options = RenderOptions(tool_version=tool_version, graded=report.graded)
    written: list[Path] = []
    for result, stem in zip(readable, stems, strict=True):
        single = Report(results=[result], register_version=report.register_version, graded=report.graded)
        for fmt in formats:
            path = out_dir / f"{stem}{REPORT_FORMATS[fmt]}"
            text = render_html(single, options) if fmt == "html" else render_document(single, options)
            write_atomic(path, text)
            written.append(path)
    if index is None:
        index = len(readable) > 1
    if index and "html" in formats and readable:
        target = out_dir / "index.html"
        if "index" in {s.casefold() for s in stems}:
            target = out_dir / "index-claimcheck.html"
        hrefs = [quote(f"{stem}.html") for stem in stems]
        write_atomic(target, render_index(report, hrefs, options))
        written.append(target)
    return written


@click.command("report")
@input_options
@against_option
@config_option
@click.option("--output", "-o", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("reports"), show_default=True, help="Folder to write the reports to.")
@click.option("--format", "-f", "formats", type=click.Choice(list(REPORT_FORMATS)), multiple=True,
              help="Report formats to write (repeatable; default: html and markdown).")
@click.option("--register", type=click.Path(file_okay=False, exists=True, path_type=Path), default=None,
              help="Folder holding the register's sources/ and claims/ (default: the bundled one).")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]), default="never",
              show_default=True,
              help="Exit 1 when a finding of this severity or worse is reported (the configuration's "
                   "fail_on is for `check`).")
@rule_options
@click.option("--progress/--no-progress", default=None,
              help="Show a progress bar on stderr (default: when stderr is a terminal).")
@click.pass_context
def report(ctx: click.Context, **params: Any) -> None:
    """Write an annotated HTML and Markdown report per article.

    Each claim is highlighted in its verdict's colour, with a note saying what the source says;
    article-level findings, the sources discussed and the register's version follow. The HTML
    file is self-contained: no scripts, no external assets. The paths written are printed.
    """
    from claimcheck import __version__
    from claimcheck.errors import ClaimcheckError

    formats = list(dict.fromkeys(params.pop("formats"))) or list(REPORT_FORMATS)
    out_dir: Path = params.pop("out_dir")
    fail_on = params["fail_on"]
    try:
        result, _ = checked_report(ctx, params)
        folder_given = any(Path(p).is_dir() for p in params.get("inputs", ()) if "://" not in str(p))
        written = write_reports(result, out_dir, formats, tool_version=__version__,
                                index=True if folder_given else None)
    except ClaimcheckError as exc:
        fail(ctx, exc)
        return
    except OSError as exc:
        fail(ctx, f"cannot write reports to {out_dir}: {exc.strerror or exc}")
        return
    for path in written:
        click.echo(str(path))
    report_errors(result)
    ctx.exit(exit_code(result, fail_on))
