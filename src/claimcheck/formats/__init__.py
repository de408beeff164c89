"""Output formats. Each module has `render(report, options) -> str`; reports never decide anything."""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from claimcheck.model import Report

#: format name -> module under claimcheck.formats
FORMATS = {
    "text": "text",
    "json": "json_format",
    "jsonl": "jsonl",
    "sarif": "sarif",
    "github": "github",
    "markdown": "markdown",
    "html": "html",
    "claimreview": "claimreview",
}


@dataclass(slots=True)
class RenderOptions:
    """Presentation settings shared by the formats."""

    color: bool = False
    graded: bool = True
    fail_on: str = "error"
    tool_version: str = ""
    extra: dict[str, object] = field(default_factory=dict)


def render(name: str, report: Report, options: RenderOptions | None = None) -> str:
    """Render `report` in the format `name`."""
    module = importlib.import_module(f"claimcheck.formats.{FORMATS[name]}")
    return module.render(report, options or RenderOptions())
