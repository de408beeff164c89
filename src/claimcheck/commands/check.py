"""`claimcheck check` and `claimcheck extract`.

`check` selects the inputs (folders expanded; `exclude`, also for named files, and `.gitignore`
applied; see `claimcheck.paths`), checks each with the configuration found from its own folder, and
then applies, in this order: inline suppressions, the configuration's `disable` and `severity`
settings, and the baseline; then renders the report in the chosen format and
exits 0 (nothing at or above --fail-on), 1 (something is) or 2 (an input, usage or configuration
error).
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from click.core import ParameterSource

from claimcheck.commands.against import against_option
from claimcheck.model import SEVERITY_RANK, Report

FORMAT_CHOICES = ["text", "json", "jsonl", "sarif", "github", "markdown", "html", "claimreview"]

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
    "date": "date",
}


def _date_option(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from claimcheck.ingest import parse_date

    try:
        return parse_date(value) if value else None
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def _size_option(ctx: click.Context, param: click.Parameter, value: str | None) -> int | None:
    """`--max-size`: a number of bytes with an optional KB/MB/GB (powers of 1000) suffix."""
    if value is None:
        return None
    import re

    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmg]?)i?b?\s*", value.lower())
    if m is None or float(m.group(1)) <= 0:
        raise click.BadParameter(f"{value!r} is not a size (e.g. 500KB, 20MB)")
    return int(float(m.group(1)) * {"": 1, "k": 10**3, "m": 10**6, "g": 10**9}[m.group(2)])


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
                     help="Skip files matching GLOB, in folders and named ones (repeatable; adds to the "
                          "configuration's exclude)."),
        click.option("--no-config-exclude", is_flag=True,
                     help="Ignore the configuration's exclude list (only --exclude applies)."),
        click.option("--force-exclude/--no-force-exclude", default=True, show_default=True,
                     help="Apply exclude to files named on the command line too (as pre-commit passes them)."),
        click.option("--date", default=None, metavar="YYYY-MM-DD", callback=_date_option,
                     help="Publication date of the articles (default: front matter, dateline or page metadata; "
                          "with none, the article is taken as current)."),
        click.option("--stdin-name", default=None, metavar="NAME",
                     help="File name for input read from '-' (its suffix tells the format: draft.md, page.html)."),
        click.option("--max-size", default="20MB", metavar="SIZE", callback=_size_option, show_default=True,
                     help="Refuse an input larger than this (e.g. 500KB, 20MB, 1GB): one-line error, exit 2."),
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


def output_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """`--color` and `--quiet`, for commands that print text for people."""
    func = click.option("--quiet", "-q", is_flag=True,
                        help="Text output: only files with findings (or errors), and the summary.")(func)
    return click.option("--color", "color_mode", type=click.Choice(["auto", "always", "never"]), default="auto",
                        show_default=True,
                        help="Colour the text output (auto: on a terminal; NO_COLOR and FORCE_COLOR are "
                             "honoured).")(func)


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
        date=params.get("date"),
        stdin_name=params.get("stdin_name"),
        **({"max_bytes": params["max_size"]} if params.get("max_size") else {}),
    )
    return CheckOptions(
        ingest=ingest,
        register_root=params.get("register"),
        grade=grade,
        jobs=params.get("jobs") or default_jobs(),
        against=list(params.get("against_sources") or []),
    )


def _given(ctx: click.Context, name: str) -> bool:
    source = ctx.get_parameter_source(name)
    return source in (ParameterSource.COMMANDLINE, ParameterSource.ENVIRONMENT)


_NO_FILE = object()


def resolve_settings(ctx: click.Context, params: dict[str, Any], config_path: Any = None) -> Any:
    """Defaults, overlaid with the configuration file, overlaid with the flags given on the command line.

    `config_path` is the file to read (default: `--config`, or the one found from the working
    directory; `_NO_FILE` for none). `--include` replaces the file's list; `--exclude` adds to it
    (`--no-config-exclude` drops the file's); `--disable` and `--severity` add to its rules. Unknown rule
    ids on the command line are a ConfigError naming the flag and the nearest known id.
    """
    from claimcheck import rules
    from claimcheck.config import COMMAND_LINE, Settings, load_settings, parse_severity_overrides

    if config_path is _NO_FILE:
        settings = Settings()
    else:
        settings = load_settings(config_path if config_path is not None else params.get("config_file"))
    if params.get("no_config_exclude"):
        settings.merge({"exclude": []}, COMMAND_LINE)
    given: dict[str, Any] = {}
    for param, key in SETTING_PARAMS.items():
        if param not in params or not _given(ctx, param):
            continue
        value = params[param]
        if key == "include":
            value = list(value)
        elif key == "exclude":
            value = list(dict.fromkeys([*settings["exclude"], *value]))
        elif key == "disable":
            for rule_id in value:
                rules.check_ids([rule_id], f"--disable {rule_id}")
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


def exit_code(report: Report, fail_on: str, fail_on_of: dict[str, str] | None = None) -> int:
    """0 when nothing reaches `fail_on`, 1 when something does, 2 when an input could not be read.

    `fail_on_of` gives an input's own threshold (from the configuration that applies to it).
    """
    if any(r.document.error for r in report.results):
        return 2
    for result in report.results:
        level = (fail_on_of or {}).get(result.document.input, fail_on)
        if level == "never":
            continue
        threshold = SEVERITY_RANK[level]
        if any(SEVERITY_RANK[i.severity] >= threshold for _, i in result.issues()):
            return 1
    return 0


def emit(text: str, output: Path | None, color: bool | None = None) -> None:
    """Write `text` to `output` (atomically, with the user's umask) or stdout."""
    if output is None:
        click.echo(text, nl=False, color=color)
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


def stdout_is_terminal() -> bool:
    """True when stdout is an interactive terminal."""
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def use_color(output: Path | None, mode: str = "auto") -> bool:
    """Whether to colour the output: `always`, `never`, or `auto`.

    `auto` colours a terminal's stdout (never a file); a non-empty `NO_COLOR` turns that off and a
    non-empty `FORCE_COLOR` on (for CI logs that render colour). NO_COLOR wins over FORCE_COLOR.
    """
    if mode == "always":
        return True
    if mode == "never" or os.environ.get("NO_COLOR"):
        return False
    if output is not None:
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return stdout_is_terminal()


def terminal_width(output: Path | None) -> int | None:
    """The width to wrap text output to: the terminal's, or None (full lines) when not a terminal."""
    if output is not None or not stdout_is_terminal():
        return None
    import shutil

    return shutil.get_terminal_size((100, 24)).columns


def _fit(name: str | None, room: int) -> str | None:
    """`name` cut from the left to `room` characters (the end of a path says most)."""
    if name is None or len(name) <= room:
        return name
    return "…" + name[-max(room - 1, 1):]


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
        import shutil

        room = shutil.get_terminal_size((80, 24)).columns - len(label) - 30
        with click.progressbar(length=1, label=f"{label} {_fit(names[0], max(room, 10))}", file=sys.stderr,
                               width=10, show_eta=False) as bar:
            report = checker.check_paths(inputs, options, names=names)
            bar.update(1)
        return report
    register = checker.load_register_for(options) if options.grade else None
    results = []
    import shutil

    columns = shutil.get_terminal_size((80, 24)).columns
    bar_width = max(min(30, columns // 4), 5)
    # label, bar, "  100%  [300/300]" and the spaces between: what is left is the file name's
    room = columns - len(label) - bar_width - 2 * len(str(len(names))) - 16
    with click.progressbar(
        checker.map_inputs(names, options, register=register), length=len(names), label=label, file=sys.stderr,
        show_pos=True, width=bar_width, show_eta=False,
        item_show_func=lambda r: _fit(r.document.input, room) if r is not None and room > 8 else None,
    ) as bar:
        results.extend(bar)
    version = register.version if register is not None else None
    return Report(results=results, register_version=version, graded=options.grade)


class SettingsFinder:
    """The settings that apply in a folder: its nearest configuration file, then the flags; cached per file."""

    def __init__(self, ctx: click.Context, params: dict[str, Any]) -> None:
        self.ctx = ctx
        self.params = params
        self.by_key: dict[str | None, Any] = {}
        self._folders: dict[Path, str | None] = {}

    def key(self, folder: Path) -> str | None:
        """The configuration file that applies in `folder` (None: no file)."""
        from claimcheck.config import find_config

        explicit = self.params.get("config_file")
        if explicit is not None:
            return str(explicit)
        folder = folder.resolve()
        if folder not in self._folders:
            found = find_config(folder)
            self._folders[folder] = str(found) if found else None
        return self._folders[folder]

    def settings(self, key: str | None) -> Any:
        """The effective settings under configuration file `key`."""
        if key not in self.by_key:
            self.by_key[key] = resolve_settings(self.ctx, self.params, Path(key) if key else _NO_FILE)
        return self.by_key[key]

    def globs(self, folder: Path) -> tuple[str | None, Any]:
        """(configuration key, include/exclude globs) for `folder`: the file's relative to its folder."""
        from claimcheck.paths import Globs

        key = self.key(folder)
        settings = self.settings(key)
        base = Path(key).parent if key else Path.cwd()
        cli_exclude = set(self.params.get("exclude") or ()) if _given(self.ctx, "exclude") else set()
        globs = Globs()
        for pattern in settings["exclude"]:
            globs.exclude.append((pattern, Path.cwd() if pattern in cli_exclude else base))
        include_base = Path.cwd() if settings.origins["include"] == "command line" else base
        globs.include = [(pattern, include_base) for pattern in settings["include"]]
        return key, globs


def discover(inputs: list[str], finder: SettingsFinder, changed_since: str | None,
             force_exclude: bool = True) -> Any:
    """The inputs to check (folders expanded, `exclude` and `.gitignore` applied), then narrowed to
    files changed since `changed_since`; a `paths.Selection`."""
    from claimcheck.ingest import ARTICLE_SUFFIXES
    from claimcheck.paths import select

    selection = select(inputs, ARTICLE_SUFFIXES, finder.globs, force_exclude=force_exclude)
    if changed_since:
        from claimcheck.changed import filter_changed

        selection.names = filter_changed(selection.names, changed_since)
        if not selection.names:
            click.echo(f"claimcheck: no articles changed since {changed_since}", err=True)
    return selection


def checked_report(ctx: click.Context, params: dict[str, Any], grade: bool = True) -> tuple[Report, Any]:
    """Settings resolved, inputs discovered and checked, suppressions and rule settings applied.

    Each input is checked with the configuration found upward from its own folder (stdin and URLs:
    from the working directory); the settings returned, which decide the output format and the
    baseline, are those of the first input. `ctx.meta["claimcheck.fail_on"]` maps each input to its
    own `fail_on`.
    """
    from claimcheck.suppress import apply_rule_settings, apply_suppressions

    finder = SettingsFinder(ctx, params)
    if params.get("against") and "against_sources" not in params:
        from claimcheck.commands.against import load_sources

        params["against_sources"] = load_sources(params)
    inputs = list(params["inputs"])
    # commands without --force-exclude (annotate: one draft named on purpose) check what they are given
    selection = discover(inputs, finder, params.get("changed_since"), params.get("force_exclude", False))
    groups: dict[str | None, list[str]] = {}
    for name in selection.names:
        groups.setdefault(selection.config_of[name], []).append(name)
    first_key = selection.config_of[selection.names[0]] if selection.names else finder.key(Path.cwd())
    results: dict[str, Any] = {}
    register_version = None
    for key, names in groups.items() or [(first_key, [])]:
        settings = finder.settings(key)
        options = build_options(settings_params(params, settings), grade=grade)
        part = run_pipeline(inputs, names, options, params.get("progress"))
        if grade:
            apply_suppressions(part, report_unused=bool(params.get("report_unused_suppressions")))
            apply_rule_settings(part, settings["disable"], settings["severity"])
        register_version = register_version or part.register_version
        results.update(zip(names, part.results, strict=False))
    report = Report(results=[results[n] for n in selection.names if n in results],
                    register_version=register_version, graded=grade)
    ctx.meta["claimcheck.fail_on"] = {n: finder.settings(selection.config_of[n])["fail_on"] for n in selection.names}
    for name in selection.skipped:
        click.echo(f"claimcheck: {name}: skipped (matches exclude)", err=True)
    return report, finder.settings(first_key)


def fail(ctx: click.Context, exc: Exception) -> None:
    """Report a claimcheck error as one line on stderr and exit 2."""
    click.echo(f"claimcheck: {exc}", err=True)
    ctx.exit(2)


@click.command("check")
@input_options
@against_option
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
@click.option("--report-unused-suppressions", is_flag=True,
              help="Report suppression comments that suppress nothing (rule unused-suppression).")
@output_options
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
        from claimcheck.stream import stream_check

        streamed = stream_check(ctx, params)  # JSON/JSONL of many inputs: written document by document
        if streamed is not None:
            ctx.exit(streamed)
        report, settings = checked_report(ctx, params)
        baselined = 0
        if params["write_baseline"] is not None:
            from claimcheck.baseline import write_baseline

            count = write_baseline(report, params["write_baseline"])
            click.echo(f"claimcheck: wrote {count} finding(s) to the baseline {params['write_baseline']}", err=True)
        elif settings["baseline"] is not None:
            from claimcheck.baseline import apply_baseline, load_baseline

            baselined = apply_baseline(report, load_baseline(settings["baseline"]))
        color = use_color(params["output"], params["color_mode"])
        options = RenderOptions(
            color=color,
            fail_on=settings["fail_on"],
            tool_version=__version__,
            extra={"baselined": baselined, "quiet": params["quiet"], "width": terminal_width(params["output"])},
        )
        fmt = settings["format"]
        emit(render(fmt, report, options), params["output"], color=color)
        if params["sarif_output"] is not None:
            emit(render("sarif", report, options), params["sarif_output"])
        if fmt == "github":
            from claimcheck.formats.github import append_step_summary

            append_step_summary(report, options)
    except ClaimcheckError as exc:
        if params["sarif_output"] is not None:  # CI uploads it whatever happened: say that the run failed
            from claimcheck.formats.sarif import failed_log

            with contextlib.suppress(OSError):
                emit(failed_log(str(exc), __version__), params["sarif_output"])
        if params["fmt"] == "github":  # annotate it: the log's stderr line is easy to miss
            from claimcheck.formats.github import command

            click.echo(command("error", f"claimcheck: {exc}", title="claimcheck: input not readable"))
        fail(ctx, exc)
        return
    report_errors(report)
    code = exit_code(report, settings["fail_on"], ctx.meta.get("claimcheck.fail_on"))
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
