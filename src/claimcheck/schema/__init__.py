"""The JSON Schema of the output contract (version 1 with the fields added since).

`claimcheck schema` prints it; docs/schema/output-v1.schema.json is the same file, for readers of the
repository (a test keeps the two equal: `claimcheck schema -o docs/schema/output-v1.schema.json`).
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

FILE = "output-v1.schema.json"


def text() -> str:
    """The schema as JSON text."""
    return resources.files(__name__).joinpath(FILE).read_text(encoding="utf-8")


@cache
def load() -> dict[str, Any]:
    """The schema as a dict."""
    return json.loads(text())


def validate(data: Any) -> None:
    """Raise jsonschema.ValidationError when `data` does not follow the contract (needs jsonschema)."""
    import jsonschema

    jsonschema.Draft202012Validator(load(), format_checker=jsonschema.FormatChecker()).validate(data)
