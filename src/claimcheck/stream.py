"""`claimcheck check --format json|jsonl` over many inputs, written document by document.

The ordinary path builds the whole Report, then renders it: memory grows with the number of articles
(about 76 KB each). Here each result is post-processed (inline suppressions, rule settings) and
rendered as soon as `checker.map_inputs` yields it, written to stdout and dropped, so peak memory
does not depend on the number of inputs. The output is the same text as the ordinary path's.

Used only where that path would do nothing more with the whole report: `STREAM_FROM` or more inputs
under one configuration, JSON or JSON Lines to stdout, no baseline, no `--sarif`, no progress bar, no
`--against`, no `--changed-since`. Otherwise `stream_check` returns None and the caller goes on as
before.
"""

from __future__ import annotations

from typing import Any

import click

from claimcheck.model import Report

STREAMED_FORMATS = ("json", "jsonl")
#: Fewer inputs than this take the ordinary path: their report is small, and it is the one path then.
STREAM_FROM = 64


def _eligible(params: dict[str, Any]) -> bool:
    from claimcheck.commands.check import stderr_is_terminal

    progress = params.get("progress")
    return (params.get("output") is None and params.get("write_baseline") is None
            and params.get("sarif_output") is None and not params.get("against")
            and not params.get("changed_since") and not params.get("report_unused_suppressions")
            and (progress is False or (progress is None and not stderr_is_terminal())))


def stream_check(ctx: click.Context, params: dict[str, Any]) -> int | None:
    """Check and write the inputs document by document; the exit code, or None when this run needs
    the ordinary path (see the module's docstring)."""
    if not _eligible(params):
        return None
    from claimcheck.checker import load_register_for, map_inputs
    from claimcheck.commands.check import SettingsFinder, build_options, discover, settings_params
    from claimcheck.suppress import apply_rule_settings, apply_suppressions

    finder = SettingsFinder(ctx, params)
    selection = discover(list(params["inputs"]), finder, None, params.get("force_exclude", False))
    keys = {selection.config_of[n] for n in selection.names}
    if len(selection.names) < max(2, STREAM_FROM) or len(keys) != 1:
        return None
    settings = finder.settings(keys.pop())
    fmt = settings["format"]
    if fmt not in STREAMED_FORMATS or settings["baseline"] is not None:
        return None
    options = build_options(settings_params(params, settings), grade=True)
    register = load_register_for(options)
    from claimcheck.commands.check import SEVERITY_RANK

    threshold = None if settings["fail_on"] == "never" else SEVERITY_RANK[settings["fail_on"]]
    errors: list[str] = []
    reached = False

    def post(results: Any) -> Any:
        nonlocal reached
        for result in results:
            one = Report(results=[result], register_version=register.version, graded=True)
            apply_suppressions(one)
            apply_rule_settings(one, settings["disable"], settings["severity"])
            if result.document.error:
                errors.append(f"claimcheck: {result.document.input}: {result.document.error}")
            elif threshold is not None and not reached:
                reached = any(SEVERITY_RANK[i.severity] >= threshold for _, i in result.issues())
            yield result

    results = post(map_inputs(selection.names, options, register=register))
    if fmt == "json":
        from claimcheck.formats.json_format import stream

        pieces = stream(results, register.version, graded=True)
    else:
        from claimcheck.formats.json_format import document_json

        pieces = (document_json(result, graded=True) + "\n" for result in results)
    for piece in pieces:
        click.echo(piece, nl=False)
    for name in selection.skipped:
        click.echo(f"claimcheck: {name}: skipped (matches exclude)", err=True)
    for line in errors:
        click.echo(line, err=True)
    return 2 if errors else 1 if reached else 0
