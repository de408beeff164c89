"""`claimcheck strength`: rate how strongly each input sentence claims a relationship (0-3)."""

from __future__ import annotations

import json
import sys
from typing import TextIO

import click

from claimcheck.errors import InputError


class StrengthInputError(click.ClickException):
    """An unreadable input, shown as one line; exit code 2 like every claimcheck input error."""

    exit_code = 2


def _open_input(path: str) -> TextIO:
    """Open ``path`` as UTF-8 text (``-`` is stdin); a missing or unreadable file is an InputError."""
    if path == "-":
        return sys.stdin
    try:
        return open(path, encoding="utf-8")  # closed by the caller
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except IsADirectoryError:
        raise InputError(path, "is a directory, not a file of sentences") from None
    except OSError as exc:
        raise InputError(path, exc.strerror or "cannot be read") from None


def _format_text(sentence: str, level: int, label: str, cues: tuple[str, ...]) -> str:
    cue_text = f"  [{', '.join(cues)}]" if cues else ""
    return f"{level} {label:<18} {sentence}{cue_text}"


@click.command(name="strength")
@click.argument("file", required=False, default="-", metavar="[FILE|-]")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: one readable line per sentence; json: one JSON object per line.",
)
@click.option(
    "--lang",
    type=click.Choice(["nl", "en"]),
    default=None,
    help="Language of the sentences (default: guessed per sentence).",
)
def strength(file: str, fmt: str, lang: str | None) -> None:
    """Rate claim strength, one sentence per line of FILE (or stdin with - or no FILE).

    Levels: 0 none, 1 correlational ("linked to"), 2 conditional causal ("may reduce", "kan
    verlagen"), 3 direct causal ("reduces", "verlaagt"). Blank lines are skipped.
    """
    from claimcheck.strength import classify

    try:
        handle = _open_input(file)
    except InputError as exc:
        # One line and exit 2, whether run through claimcheck.cli:main or a bare click runner.
        raise StrengthInputError(str(exc)) from None
    try:
        for raw in handle:
            sentence = raw.strip()
            if not sentence:
                continue
            result = classify(sentence, lang)
            if fmt == "json":
                line = json.dumps(
                    {"sentence": sentence, "level": result.level, "label": result.label, "cues": list(result.cues)},
                    ensure_ascii=False,
                )
            else:
                line = _format_text(sentence, result.level, result.label, result.cues)
            click.echo(line)
    except UnicodeDecodeError as exc:
        raise StrengthInputError(f"{file}: not UTF-8 text ({exc.reason})") from None
    finally:
        if handle is not sys.stdin:
            handle.close()
