"""The JSON contract (version 1): one object on stdout, stable key order, deterministic."""

from __future__ import annotations

import json

from claimcheck.formats import RenderOptions
from claimcheck.model import Report


def render(report: Report, options: RenderOptions) -> str:
    """`report` as the contract's JSON text."""
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"
