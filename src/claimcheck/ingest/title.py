"""The title of a plain-text article: the first line that reads like a headline.

Page furniture ("banner image", "cookies", bylines) is skipped; a headline broken over two lines is
joined; a bullet's marker is dropped; a first line that is a long sentence is cut at a phrase
boundary (a comma, colon or dash), never mid-phrase. The word lists are data (data/title.toml).
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from importlib.resources import files
from typing import Any

from claimcheck.textfold import fold

_BOUNDARY = re.compile(r"[,;:–—]\s|\s[-–—]\s")


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    return tomllib.loads(files("claimcheck.ingest").joinpath("data/title.toml").read_text("utf-8"))


def _strip_bullet(line: str) -> str:
    text = line.strip()
    for bullet in _data()["bullets"]:
        if text.startswith(bullet + " ") or (bullet == "•" and text.startswith(bullet)):
            return text[len(bullet):].strip()
    return text


def _furniture(line: str) -> bool:
    low = fold(line).strip(" .:|")
    if not low or not any(ch.isalpha() for ch in low):
        return True
    return any(low == s or (low.startswith(s + " ") and len(low) < len(s) + 12) for s in _data()["skip"])


def _byline(line: str) -> bool:
    low = fold(line).strip()
    return any(low.startswith(b) for b in _data()["bylines"])


def _shorten(text: str, limit: int) -> str:
    text = text.strip()
    if text.endswith(".") and not text.endswith(".."):
        text = text[:-1].rstrip()
    if len(text) <= limit:
        return text
    cuts = [m.start() for m in _BOUNDARY.finditer(text) if 20 <= m.start() <= limit]
    if cuts:
        return text[: cuts[-1]].rstrip()
    # No phrase boundary: end at the last whole word within the limit.
    head = text[:limit]
    return head[: head.rfind(" ")].rstrip() if " " in head else head


def text_title(text: str) -> str | None:
    """The headline-like first line of a plain-text article, or None when there is none."""
    limit = int(_data()["max_chars"])
    lines = text.splitlines()
    for i, raw in enumerate(lines[:40]):
        line = _strip_bullet(raw)
        if _furniture(line) or _byline(line):
            continue
        title = line
        # A headline broken over two lines: the next line continues it (indented or lower case).
        if i + 1 < len(lines):
            nxt = lines[i + 1]
            stripped = nxt.strip()
            if stripped and not title.endswith((".", "?", "!", ":")) and (
                nxt[:1].isspace() or stripped[:1].islower()
            ) and len(title) + len(stripped) < limit and _strip_bullet(nxt) == stripped:
                title = f"{title} {stripped}"
        title = re.sub(r"\s+", " ", title)
        return _shorten(title, limit) or None
    return None
