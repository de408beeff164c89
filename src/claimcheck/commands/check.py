"""`claimcheck check` and `claimcheck extract`."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from claimcheck.model import SEVERITY_RANK, Report

FORMAT_CHOICES = ["text", "json", "sarif", "github", "markdown", "html", "claimreview"]


def input_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Options shared by every command that reads articles."""
    decorators = [
        click.argument("inputs", nargs=-1, required=True, metavar="PATH_OR_URL..."),
        click.option("--lang", type=click.Choice(["nl", "en"]), default=None,
                     help="Language of the articles (detected when not given)."),
        click.option("--no-cache", is_flag=True, help="Fetch URLs again instead of using the cache."),
        click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
                     help="Folder for cached pages (default: the user cache folder)."),
        click.option("--ignore-robots", is_flag=True, help="Fetch URLs even where robots.txt disallows it."),
        click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
                     help="Documents checked in parallel (default: the number of cores)."),
    ]
    for decorator in reversed(decorators):
        func = decorator(func)
    return func


def build_options(params: dict[str, Any], grade: bool) -> Any:
    """CheckOptions from the command line's parameters."""
    from claimcheck.checker import CheckOptions, default_jobs
    from claimcheck.ingest import IngestOptions

    ingest = IngestOptions(
        language=params.get("lang"),
        use_cache=not params.get("no_cache"),
        cache_dir=params.get("cache_dir"),
        respect_robots=not params.get("ignore_robots"),
        include=list(params.get("include") or []),
        exclude=list(params.get("exclude") or []),
    )
    return CheckOptions(
        ingest=ingest,
        register_root=params.get("register"),
        grade=grade,
        jobs=params.get("jobs") or default_jobs(),
    )


def exit_code(report: Report, fail_on: str) -> int:
    """0 when nothing reaches `fail_on`, 1 when something does, 2 when an input could not be read."""
    if any(r.document.error for r in report.results):
        return 2
    if fail_on == "never":
        return 0
    threshold = SEVERITY_RANK[fail_on]
    for result in report.results:
        if any(SEVERITY_RANK[i.severity] >= threshold for _, i in result.issues()):
            return 1
    return 0


def emit(text: str, output: Path | None) -> None:
    """Write `text` to `output` (atomically) or stdout."""
    if output is None:
        click.echo(text, nl=False)
        return
    from claimcheck.fileutil import write_atomic

    write_atomic(output, text)


def report_errors(report: Report) -> None:
    """One line on stderr per input that could not be read."""
    for result in report.results:
        if result.document.error:
            click.echo(f"claimcheck: {result.document.input}: {result.document.error}", err=True)


@click.command("check")
@input_options
@click.option("--format", "-f", "fmt", type=click.Choice(FORMAT_CHOICES), default="text", show_default=True,
              help="Output format.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]), default="error",
              show_default=True, help="Exit 1 when a finding of this severity or worse is reported.")
@click.option("--register", type=click.Path(file_okay=False, exists=True, path_type=Path), default=None,
              help="Folder holding the register's sources/ and claims/ (default: the bundled one).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the output to this file instead of stdout.")
def check(**params: Any) -> int:
    """Check articles against the evidence register.

    PATH_OR_URL may be a .txt, .md, .html or .docx file, '-' for stdin, a folder (checked
    recursively) or an http(s) URL. Exit codes: 0 nothing at or above --fail-on, 1 findings at or
    above it, 2 an input or usage error.
    """
    from claimcheck import __version__
    from claimcheck.checker import check_paths
    from claimcheck.formats import RenderOptions, render

    options = build_options(params, grade=True)
    report = check_paths(list(params["inputs"]), options)
    color = params["output"] is None and sys.stdout.isatty()
    rendered = render(params["fmt"], report, RenderOptions(color=color, fail_on=params["fail_on"],
                                                           tool_version=__version__))
    emit(rendered, params["output"])
    report_errors(report)
    return exit_code(report, params["fail_on"])


@click.command("extract")
@input_options
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Output format.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the output to this file instead of stdout.")
def extract(**params: Any) -> int:
    """List the checkable claims in articles, without grading them."""
    from claimcheck.checker import check_paths
    from claimcheck.formats import RenderOptions, render

    options = build_options(params, grade=False)
    report = check_paths(list(params["inputs"]), options)
    color = params["output"] is None and sys.stdout.isatty()
    emit(render(params["fmt"], report, RenderOptions(color=color, graded=False)), params["output"])
    report_errors(report)
    return 2 if any(r.document.error for r in report.results) else 0
