"""The JSON contract (version 1): one object on stdout, stable key order, deterministic.

Rendered with orjson (fast, and document by document, so no second copy of the whole report is
built as Python strings); the stdlib encoder when orjson is missing. Once parsed the document is the
same as `json.dumps(report.to_dict(), ensure_ascii=False, indent=2)`'s (a float's digits may differ).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from claimcheck.formats import RenderOptions
    from claimcheck.model import DocumentResult, Report

try:
    import orjson
except ImportError:  # pragma: no cover - orjson is a dependency; the stdlib encoder still works
    orjson = None  # type: ignore[assignment]


def dumps(data: Any, indent: bool = False) -> str:
    """`data` as JSON text: UTF-8 kept as is, keys in insertion order, two-space indent when asked."""
    if orjson is not None:
        option = orjson.OPT_NON_STR_KEYS | (orjson.OPT_INDENT_2 if indent else 0)
        return orjson.dumps(data, option=option).decode("utf-8")
    if indent:
        return json.dumps(data, ensure_ascii=False, indent=2)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def document_json(result: DocumentResult, graded: bool = True, indent: bool = False) -> str:
    """One document of the contract (the `documents` array's item) as JSON text."""
    return dumps(result.to_dict(graded=graded), indent=indent)


def _head(report: Report) -> dict[str, Any]:
    """The report's keys before `documents` (as `Report.to_dict` makes them)."""
    from claimcheck.model import Report

    head = Report(results=[], register_version=report.register_version, graded=report.graded).to_dict()
    head.pop("documents", None)
    return head


def render(report: Report, options: RenderOptions) -> str:
    """`report` as the contract's JSON text, built document by document."""
    head = _head(report)
    if not report.results:
        return dumps({**head, "documents": []}, indent=True) + "\n"
    last = len(report.results) - 1
    parts = [dumps(head, indent=True)[:-2] + ',\n  "documents": [\n']
    for i, result in enumerate(report.results):
        text = document_json(result, report.graded, indent=True)
        parts.append("    " + text.replace("\n", "\n    ") + (",\n" if i < last else "\n"))
    parts.append("  ]\n}\n")
    return "".join(parts)
