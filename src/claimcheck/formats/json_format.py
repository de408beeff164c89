"""The JSON contract (version 1): one object on stdout, stable key order, deterministic.

Rendered with orjson (fast, and document by document, so no second copy of the whole report is
built as Python strings); the stdlib encoder when orjson is missing. Once parsed the document is the
same as `json.dumps(report.to_dict(), ensure_ascii=False, indent=2)`'s (a float's digits may differ).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
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
    return "".join(stream(report.results, report.register_version, report.graded))


def stream(results: Iterable[DocumentResult], register_version: str | None, graded: bool = True) -> Iterator[str]:
    """The contract's JSON text in pieces: the head, then one piece per document as `results` yields
    it (so a caller can write each and drop it), then the tail. Joined, the same text as `render`."""
    from claimcheck.model import Report

    head = Report(results=[], register_version=register_version, graded=graded).to_dict()
    head.pop("documents", None)
    first = True
    for result in results:
        text = "    " + document_json(result, graded, indent=True).replace("\n", "\n    ")
        if first:
            yield dumps(head, indent=True)[:-2] + ',\n  "documents": [\n' + text
            first = False
        else:
            yield ",\n" + text
    if first:
        yield dumps({**head, "documents": []}, indent=True) + "\n"
    else:
        yield "\n  ]\n}\n"
