"""The `claimcheck` command: a thin click layer over the library.

Sub-commands live in `claimcheck.commands.*` and are imported only when invoked, so that
`claimcheck --version` and `--help` never pay for trafilatura, lxml, httpx or pydantic.
"""

from __future__ import annotations

import importlib
import sys

import click

from claimcheck import __version__

#: command name -> (module, attribute, one-line help shown by `claimcheck --help`)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "check": ("claimcheck.commands.check", "check", "Check articles against the evidence register."),
    "extract": ("claimcheck.commands.check", "extract", "List the checkable claims in articles."),
    "report": ("claimcheck.commands.report", "report", "Write annotated HTML and Markdown reports."),
    "fetch": ("claimcheck.commands.fetch", "fetch", "Download articles: raw HTML, text and metadata."),
    "strength": ("claimcheck.commands.strength", "strength", "Rate how strongly sentences claim an effect."),
    "sources": ("claimcheck.commands.register", "sources", "Validate, list, show and add register sources."),
    "claims": ("claimcheck.commands.register", "claims", "List and show recurring claims in the register."),
    "config": ("claimcheck.commands.config", "config", "Print the effective configuration (and which file applies)."),
    "rules": ("claimcheck.commands.rules", "rules", "List every rule id; `rules explain RULE` for one."),
    "explain": ("claimcheck.commands.rules", "explain", "Explain one rule: what it checks, what to write instead."),
    "schema": ("claimcheck.commands.schema", "schema", "Print the JSON Schema of the JSON output."),
    "annotate": ("claimcheck.commands.annotate", "annotate", "Write a Word draft back with one comment per finding."),
    "serve": ("claimcheck.serve.command", "serve", "A local web page: paste or drop a draft, get it annotated."),
    "compare": ("claimcheck.commands.against", "compare", "Where text A claims more (or less) than text B."),
}


class LazyGroup(click.Group):
    """A group whose commands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        spec = COMMANDS.get(cmd_name)
        if spec is None:
            return None
        module = importlib.import_module(spec[0])
        return getattr(module, spec[1])

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, spec[2]) for name, spec in COMMANDS.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="claimcheck")
def cli() -> None:
    """Check health articles against the evidence.

    claimcheck reads an article (a file, a folder of articles or a URL; Dutch or English), finds
    the claims that can be checked - numbers, attributions, strength language - and grades each
    against a curated register of studies and guidelines.
    """


def main() -> None:
    """Console-script entry point: run the CLI, turning claimcheck errors into one line and exit 2."""
    from claimcheck.errors import ClaimcheckError

    try:
        code = cli.main(standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.Abort:
        click.echo("claimcheck: aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except ClaimcheckError as exc:
        click.echo(f"claimcheck: {exc}", err=True)
        sys.exit(2)
    except BrokenPipeError:
        sys.exit(0)
    except KeyboardInterrupt:
        click.echo("claimcheck: interrupted", err=True)
        sys.exit(130)
    _fast_exit(code if isinstance(code, int) else 0)


def _fast_exit(code: int) -> None:
    """Exit without tearing down every object: with a large register, freeing hundreds of thousands of
    validated entries one by one at interpreter exit costs a second and does nothing for the user."""
    import os

    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):
        pass
    os._exit(code)
