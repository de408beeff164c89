"""JSON Lines for archives (`--format jsonl`): one document of the JSON contract per line.

Each line is the `documents` item of the JSON format (the same object as `claimcheck.scale` writes
to its partitions), compact, in input order; nothing else is printed, so files can be concatenated.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from claimcheck.formats.json_format import document_json

if TYPE_CHECKING:
    from claimcheck.formats import RenderOptions
    from claimcheck.model import Report


def render(report: Report, options: RenderOptions) -> str:
    """`report` as one JSON line per document."""
    return "".join(document_json(result, report.graded) + "\n" for result in report.results)
