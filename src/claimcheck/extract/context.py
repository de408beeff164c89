"""Per-document scanning state: the case-folded text and the matches of each scanning pattern,
found once for the whole text and handed out per sentence."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from typing import Any

from claimcheck.extract.lexicon import Finder, fold

Hit = tuple[int, int, re.Match[str]]


class DocContext:
    """The text of one document, its folded twin, and cached pattern matches."""

    __slots__ = ("_cache", "folded", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.folded = fold(text)
        self._cache: dict[Any, tuple[list[int], list[Any]]] = {}

    def hits(self, key: Any, finder: Finder) -> tuple[list[int], list[Hit]]:
        """All (start, end, match) of `finder` over the text, with their starts for bisecting."""
        cached = self._cache.get(key)
        if cached is None:
            items = list(finder.spans(self.text, self.folded))
            cached = ([s for s, _, _ in items], items)
            self._cache[key] = cached
        return cached

    def within(self, key: Any, finder: Finder, start: int, end: int) -> list[Hit]:
        """The matches of `finder` that start in [start, end) and end by `end`."""
        starts, items = self.hits(key, finder)
        i = bisect_left(starts, start)
        out = []
        while i < len(items) and items[i][0] < end:
            if items[i][1] <= end:
                out.append(items[i])
            i += 1
        return out

    def built(self, key: Any, make: Callable[[], list[Any]], pos: Callable[[Any], int]) -> tuple[list[int], list[Any]]:
        """Items built once per document by `make` (sorted by `pos`), with their positions."""
        cached = self._cache.get(key)
        if cached is None:
            items = make()
            cached = ([pos(x) for x in items], items)
            self._cache[key] = cached
        return cached

    def computed(self, key: Any, make: Callable[[], list[Any]], start: int, end: int,
                 pos: Callable[[Any], int]) -> list[Any]:
        """Items built once per document by `make` (sorted by `pos`), those with pos in [start, end)."""
        starts, items = self.built(key, make, pos)
        i = bisect_left(starts, start)
        j = bisect_left(starts, end)
        return items[i:j]
