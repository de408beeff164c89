"""Find where reader comments start in an article's text (pages saved as text keep them)."""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from importlib.resources import files

#: Comments come after the article: a marker in the first part of the text is something else.
MIN_POSITION = 0.3


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], frozenset[str]]:
    data = tomllib.loads(files("claimcheck.ingest").joinpath("data/comment_markers.toml").read_text("utf-8"))
    verbs = "|".join(re.escape(v) for v in data["verbs"])
    byline = re.compile(rf"^[ \t]*(?:\d{{1,3}}\.[ \t]*)?[^\W\d][\w .'’-]{{0,40}}?[ \t]+(?:{verbs})[ \t]*:?[ \t]*$",
                        re.MULTILINE | re.IGNORECASE)
    return byline, frozenset(h.casefold() for h in data["headings"])


def comments_start(text: str) -> int | None:
    """Offset of the first line that opens a reader-comment section, or None."""
    byline, headings = _patterns()
    floor = int(len(text) * MIN_POSITION)
    found = byline.search(text, floor)
    best = found.start() if found else None
    pos = 0
    for line in text.split("\n"):
        if pos >= floor and line.strip().casefold().rstrip(":") in headings and (best is None or pos < best):
            best = pos
            break
        pos += len(line) + 1
    return best
