"""The `--against SOURCE` option of `check` and `report`, `claimcheck sources draft`, `claimcheck compare`."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

AGAINST_HELP = ("Also check the article against this source: a file (text, Markdown, HTML, DOCX, PDF) with "
                "an abstract, press release or key points, a URL, or doi:10.… / pmid:… (the abstract is "
                "fetched and cached). Repeatable. Nothing is fetched unless a URL, DOI or PMID is given.")


def against_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """`--against SOURCE` (repeatable)."""
    return click.option("--against", "against", multiple=True, metavar="SOURCE", help=AGAINST_HELP)(func)


def ingest_options_of(params: dict[str, Any]) -> Any:
    """IngestOptions from a command's parameters (language, cache, robots), for reading a source."""
    from claimcheck.ingest import IngestOptions

    return IngestOptions(language=params.get("lang"), use_cache=not params.get("no_cache"),
                         cache_dir=params.get("cache_dir"), respect_robots=not params.get("ignore_robots"))


def load_sources(params: dict[str, Any]) -> list[Any]:
    """The `--against` sources of a command, read once (InputError on the first that cannot be)."""
    from claimcheck.against import load_against

    specs = list(params.get("against") or [])
    options = ingest_options_of(params)
    return [load_against(spec, options, index=i) for i, spec in enumerate(specs, start=1)]


@click.command("draft")
@click.argument("source", metavar="SOURCE")
@click.option("--lang", type=click.Choice(["nl", "en"]), default=None, help="Language of the source.")
@click.option("--no-cache", is_flag=True, help="Fetch again instead of using the cache.")
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder for cached pages (default: the user cache folder).")
@click.option("--ignore-robots", is_flag=True, help="Fetch a URL even where robots.txt disallows it.")
@click.pass_context
def draft(ctx: click.Context, **params: Any) -> None:
    """Print the register entry read from SOURCE, as `sources/` TOML marked as a draft.

    SOURCE is what `--against` takes: a file, a URL, doi:… or pmid:…. Every value's locator is the
    sentence of the source it came from; review the entry before committing it to the register.
    """
    from claimcheck.against import load_against, to_toml
    from claimcheck.errors import ClaimcheckError

    try:
        source = load_against(params["source"], ingest_options_of(params))
    except ClaimcheckError as exc:
        click.echo(f"claimcheck: {exc}", err=True)
        ctx.exit(2)
        return
    click.echo(to_toml(source.entry), nl=False)


@click.command("compare")
@click.argument("a", metavar="A")
@click.argument("b", metavar="B")
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--lang", type=click.Choice(["nl", "en"]), default=None, help="Language of both texts.")
@click.pass_context
def compare(ctx: click.Context, a: str, b: str, fmt: str, lang: str | None) -> None:
    """Where A claims more than B (strength, certainty, generalisation), and where less, sentence by sentence.

    A and B are files or URLs (an article and its source, say). Each sentence of A is paired with the
    sentence of B most about the same thing.
    """
    from claimcheck.against.compare import compare_texts, render_text
    from claimcheck.errors import ClaimcheckError
    from claimcheck.ingest import IngestOptions, load_document

    try:
        docs = [load_document(x, IngestOptions(language=lang)) for x in (a, b)]
    except ClaimcheckError as exc:
        click.echo(f"claimcheck: {exc}", err=True)
        ctx.exit(2)
        return
    pairs = compare_texts(docs[0].text, docs[1].text, docs[0].language or "en", docs[1].language or "en")
    if fmt == "json":
        click.echo(json.dumps({"version": 1, "a": a, "b": b, "pairs": [p.to_dict() for p in pairs]},
                              ensure_ascii=False, indent=2))
    else:
        click.echo(render_text(pairs, a, b), nl=False)
