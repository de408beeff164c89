"""`claimcheck config`: the effective settings and where each came from."""

from __future__ import annotations

import json
from pathlib import Path

import click

from claimcheck.commands.check import config_option, fail


@click.command("config")
@click.argument("path", required=False, type=click.Path(exists=True, path_type=Path))
@config_option
@click.option("--format", "-f", "fmt", type=click.Choice(["toml", "json"]), default="toml", show_default=True,
              help="Output format.")
@click.pass_context
def config(ctx: click.Context, path: Path | None, config_file: Path | None, fmt: str) -> None:
    """Print the effective configuration and where each setting came from.

    Settings are read from claimcheck.toml, or from [tool.claimcheck] in pyproject.toml, in the
    folder of PATH (an article or a folder; default: the working directory) or the nearest folder
    above it that has one: the file that applies to PATH is named on the first line. `--config FILE`
    names one. Command-line flags of `check` win over these.
    """
    from claimcheck.config import load_settings, to_json_dict, to_toml
    from claimcheck.errors import ClaimcheckError

    try:
        start = None if path is None else (path if path.is_dir() else path.parent)
        settings = load_settings(config_file, start=start)
    except ClaimcheckError as exc:
        fail(ctx, exc)
        return
    if fmt == "json":
        click.echo(json.dumps(to_json_dict(settings), ensure_ascii=False, indent=2))
    else:
        click.echo(to_toml(settings), nl=False)
