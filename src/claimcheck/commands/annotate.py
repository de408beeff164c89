"""`claimcheck annotate draft.docx`: the draft back, with one Word comment per finding."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from claimcheck.commands.check import config_option, rule_options


@click.command("annotate")
@click.argument("draft", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write the annotated copy (default: DRAFT.claimcheck.docx beside it).")
@click.option("--force", is_flag=True, help="Replace the output file when it exists (never the draft itself).")
@click.option("--lang", type=click.Choice(["nl", "en"]), default=None,
              help="Language of the draft (detected when not given); the comments are written in it.")
@click.option("--date", default=None, metavar="YYYY-MM-DD",
              help="Publication date of the draft (default: its dateline; with none, taken as current).")
@click.option("--register", type=click.Path(file_okay=False, exists=True, path_type=Path), default=None,
              help="Folder holding the register's sources/ and claims/ (default: the bundled one).")
@config_option
@rule_options
@click.pass_context
def annotate(ctx: click.Context, **params: Any) -> None:
    """Write a copy of a Word draft with one comment per finding, on the claim's own words.

    Each comment, authored "claimcheck", gives the verdict, the reason with its source and locator,
    and what to write instead, in the draft's language; findings about the whole article are
    comments on the title. The draft itself is never changed.
    """
    from claimcheck.annotate import default_output, write_annotated
    from claimcheck.commands.check import checked_report, fail
    from claimcheck.errors import ClaimcheckError
    from claimcheck.ingest import parse_date

    draft: Path = params["draft"]
    if draft.suffix.lower() != ".docx":
        click.echo(f"claimcheck: {draft}: annotate writes Word comments into a .docx draft "
                   "(for other files, `claimcheck report` writes an annotated HTML page)", err=True)
        ctx.exit(2)
    if params["date"]:
        try:
            params["date"] = parse_date(params["date"])
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--date") from None
    output: Path = params["output"] or default_output(draft)
    try:
        report, _ = checked_report(ctx, {**params, "inputs": (str(draft),), "progress": False})
        result = report.results[0]
        if result.document.error:
            click.echo(f"claimcheck: {draft}: {result.document.error}", err=True)
            ctx.exit(2)
        count = write_annotated(result, draft, output, force=params["force"])
    except ClaimcheckError as exc:
        fail(ctx, exc)
        return
    notes = "".join(f"; {note}" for note in result.document.notes)
    click.echo(f"claimcheck: wrote {output} with {count} comment{'' if count == 1 else 's'}{notes}", err=True)
