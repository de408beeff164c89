"""`claimcheck check` and `claimcheck extract`.

`check` runs the pipeline and then, in this order: inline suppressions, the configuration's
`disable` and `severity` settings, and the baseline; then renders the report in the chosen format and
exits 0 (nothing at or above --fail-on), 1 (something is) or 2 (an input, usage or configuration
error).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from click.core import ParameterSource

from claimcheck.model import SEVERITY_RANK, Report

FORMAT_CHOICES = ["text", "json", "sarif", "github", "markdown", "html", "claimreview"]

#: command-line parameter -> configuration key (the ones a configuration file may also set).
SETTING_PARAMS = {
    "fmt": "format",
    "fail_on": "fail_on",
    "lang": "lang",
    "include": "include",
    "exclude": "exclude",
    "register": "register",
    "jobs": "jobs",
    "baseline": "baseline",
    "disable": "disable",
    "cache_dir": "cache_dir",
}


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
        click.option("--include", multiple=True, metavar="GLOB",
                     help="In folders, check only files matching GLOB (repeatable)."),
        click.option("--exclude", multiple=True, metavar="GLOB",
                     help="In folders, skip files matching GLOB (repeatable)."),
    ]
    for decorator in reversed(decorators):
        func = decorator(func)
    return func


def config_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """`--config FILE`: the configuration file to use instead of the one found upward from here."""
    return click.option(
        "--config", "config_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
        envvar="CLAIMCHECK_CONFIG", show_envvar=True,
        help="Configuration file (default: claimcheck.toml or [tool.claimcheck] in pyproject.toml, "
             "found upward from the working directory).",
    )(func)


def rule_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """`--disable RULE` and `--severity RULE=LEVEL`, added to the configuration's own."""
    func = click.option("--severity", "severity_overrides", multiple=True, metavar="RULE=LEVEL",
                        help="Report RULE at LEVEL (error, warning, info or off); repeatable.")(func)
    return click.option("--disable", multiple=True, metavar="RULE",
                        help="Do not report RULE (a rule id); repeatable.")(func)


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


def _given(ctx: click.Context, name: str) -> bool:
    source = ctx.get_parameter_source(name)
    return source in (ParameterSource.COMMANDLINE, ParameterSource.ENVIRONMENT)


def resolve_settings(ctx: click.Context, params: dict[str, Any]) -> Any:
    """Defaults, overlaid with the configuration file, overlaid with the flags given on the command line.

    `--include`/`--exclude` replace the file's lists; `--disable` and `--severity` add to its rules.
    """
    from claimcheck.config import COMMAND_LINE, load_settings, parse_severity_overrides

    settings = load_settings(params.get("config_file"))
    given: dict[str, Any] = {}
    for param, key in SETTING_PARAMS.items():
        if param not in params or not _given(ctx, param):
            continue
        value = params[param]
        if key in ("include", "exclude"):
            value = list(value)
        elif key == "disable":
            value = sorted(set(settings["disable"]) | set(value))
        given[key] = value
    if params.get("severity_overrides") and _given(ctx, "severity_overrides"):
        given["severity"] = settings["severity"] | parse_severity_overrides(params["severity_overrides"])
    settings.merge(given, COMMAND_LINE)
    return settings


def settings_params(params: dict[str, Any], settings: Any) -> dict[str, Any]:
    """The command's parameters with every configurable one replaced by its effective setting."""
    merged = dict(params)
    for param, key in SETTING_PARAMS.items():
        merged[param] = settings[key]
    return merged


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


def stderr_is_terminal() -> bool:
    """True when stderr is an interactive terminal (progress is shown only there)."""
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def use_color(output: Path | None) -> bool:
    """Colour on stdout only for a terminal, and never when NO_COLOR is set."""
    return output is None and sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def _is_url(name: str) -> bool:
    return "://" in name


def run_pipeline(inputs: list[str], names: list[str], options: Any, progress: bool | None = None) -> Report:
    """Check `names` (already discovered from `inputs`), with a progress bar on stderr when it helps.

    The bar shows when stderr is a terminal (or `progress` is true) and there are two or more files
    or a URL to fetch; otherwise this is `check_paths` itself.
    """
    from claimcheck import checker

    if not names:
        return Report(results=[], register_version=None, graded=options.grade)
    show = stderr_is_terminal() if progress is None else progress
    if not show or (len(names) < 2 and not any(_is_url(n) for n in names)):
        return checker.check_paths(inputs, options, names=names)
    label = "Fetching" if all(_is_url(n) for n in names) else "Checking"
    if len(names) == 1:
        with click.progressbar(length=1, label=f"{label} {names[0]}", file=sys.stderr) as bar:
            report = checker.check_paths(inputs, options, names=names)
            bar.update(1)
        return report
    register = checker.load_register_for(options) if options.grade else None
    results = []
    with click.progressbar(
        checker.map_inputs(names, options, register=register), length=len(names), label=label, file=sys.stderr,
        show_pos=True, item_show_func=lambda r: r.document.input if r is not None else None,
    ) as bar:
        results.extend(bar)
    version = register.version if register is not None else None
    return Report(results=results, register_version=version, graded=options.grade)


def discover(inputs: list[str], options: Any, changed_since: str | None) -> list[str]:
    """The inputs to check: folders expanded, then narrowed to files changed since `changed_since`."""
    from claimcheck.ingest import discover_inputs

    names = discover_inputs(inputs, options.ingest)
    if changed_since:
        from claimcheck.changed import filter_changed

        names = filter_changed(names, changed_since)
        if not names:
            click.echo(f"claimcheck: no articles changed since {changed_since}", err=True)
    return names


def checked_report(ctx: click.Context, params: dict[str, Any], grade: bool = True) -> tuple[Report, Any]:
    """Settings resolved, inputs discovered and checked, suppressions and rule settings applied."""
    from claimcheck.suppress import apply_rule_settings, apply_suppressions

    settings = resolve_settings(ctx, params)
    effective = settings_params(params, settings)
    options = build_options(effective, grade=grade)
    names = discover(list(params["inputs"]), options, params.get("changed_since"))
    report = run_pipeline(list(params["inputs"]), names, options, params.get("progress"))
    if grade:
        apply_suppressions(report)
        apply_rule_settings(report, settings["disable"], settings["severity"])
    return report, settings


def fail(ctx: click.Context, exc: Exception) -> None:
    """Report a claimcheck error as one line on stderr and exit 2."""
    click.echo(f"claimcheck: {exc}", err=True)
    ctx.exit(2)


@click.command("check")
@input_options
@config_option
@click.option("--format", "-f", "fmt", type=click.Choice(FORMAT_CHOICES), default="text", show_default=True,
              help="Output format.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]), default="error",
              show_default=True, help="Exit 1 when a finding of this severity or worse is reported.")
@click.option("--register", type=click.Path(file_okay=False, exists=True, path_type=Path), default=None,
              help="Folder holding the register's sources/ and claims/ (default: the bundled one).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the output to this file instead of stdout.")
@click.option("--sarif", "sarif_output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write SARIF 2.1.0 to this file (for code scanning), whatever --format is.")
@rule_options
@click.option("--baseline", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Report only findings that are not in this baseline file.")
@click.option("--write-baseline", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Record today's findings in this file (then --baseline FILE reports only new ones).")
@click.option("--changed-since", metavar="REF", default=None,
              help="Check only files changed since the merge base with REF (git), plus untracked ones.")
@click.option("--progress/--no-progress", default=None,
              help="Show a progress bar on stderr (default: when stderr is a terminal).")
@click.pass_context
def check(ctx: click.Context, **params: Any) -> None:
    """Check articles against the evidence register.

    PATH_OR_URL may be a .txt, .md, .html or .docx file, '-' for stdin, a folder (checked
    recursively) or an http(s) URL. Settings come from claimcheck.toml or [tool.claimcheck] in
    pyproject.toml (see `claimcheck config`); flags win. Exit codes: 0 nothing at or above
    --fail-on, 1 findings at or above it, 2 an input, usage or configuration error.
    """
    from claimcheck import __version__
    from claimcheck.errors import ClaimcheckError
    from claimcheck.formats import RenderOptions, render

    try:
        report, settings = checked_report(ctx, params)
        baselined = 0
        if params["write_baseline"] is not None:
            from claimcheck.baseline import write_baseline

            count = write_baseline(report, params["write_baseline"])
            click.echo(f"claimcheck: wrote {count} finding(s) to the baseline {params['write_baseline']}", err=True)
        elif settings["baseline"] is not None:
            from claimcheck.baseline import apply_baseline, load_baseline

            baselined = apply_baseline(report, load_baseline(settings["baseline"]))
        options = RenderOptions(
            color=use_color(params["output"]),
            fail_on=settings["fail_on"],
            tool_version=__version__,
            extra={"baselined": baselined},
        )
        fmt = settings["format"]
        emit(render(fmt, report, options), params["output"])
        if params["sarif_output"] is not None:
            emit(render("sarif", report, options), params["sarif_output"])
        if fmt == "github":
            from claimcheck.formats.github import append_step_summary

            append_step_summary(report, options)
    except ClaimcheckError as exc:
        fail(ctx, exc)
        return
    report_errors(report)
    code = exit_code(report, settings["fail_on"])
    if params["write_baseline"] is not None and code == 1:
        code = 0
    ctx.exit(code)


@click.command("extract")
@input_options
@config_option
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Output format.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the output to this file instead of stdout.")
@click.pass_context
def extract(ctx: click.Context, **params: Any) -> None:
    """List the checkable claims in articles, without grading them."""
    from claimcheck.errors import ClaimcheckError
    from claimcheck.formats import RenderOptions, render

    try:
        # extract has its own formats: the configuration's `format` (meant for check) does not apply
        report, _ = checked_report(ctx, {k: v for k, v in params.items() if k != "fmt"}, grade=False)
        emit(render(params["fmt"], report, RenderOptions(color=use_color(params["output"]), graded=False)),
             params["output"])
    except ClaimcheckError as exc:
        fail(ctx, exc)
        return
    report_errors(report)
    ctx.exit(2 if any(r.document.error for r in report.results) else 0)
