"""`claimcheck schema`: the JSON Schema of `claimcheck check --format json`."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("schema")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the schema to this file instead of stdout.")
def schema(output: Path | None) -> None:
    """Print the JSON Schema (draft 2020-12) of the JSON output, contract version 1.

    Programs reading `claimcheck check --format json` can validate against it; fields may be added
    within a version, so objects allow further properties.
    """
    from claimcheck.schema import text

    if output is None:
        click.echo(text(), nl=False)
        return
    from claimcheck.fileutil import write_atomic

    write_atomic(output, text())
