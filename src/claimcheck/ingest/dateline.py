"""An article's publication date from its dateline ("Geplaatst op 3 nov 2021", "01 Sep, 2025").

Pages saved as text and Markdown without front matter carry their date, if at all, near the top.
Only the first lines are read: a date further down is about something else.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from functools import lru_cache
from importlib.resources import files

#: How far into the text a dateline may stand.
HEAD = 600


@lru_cache(maxsize=1)
def _patterns() -> tuple[dict[str, int], list[re.Pattern[str]]]:
    data = tomllib.loads(files("claimcheck.ingest").joinpath("data/months.toml").read_text("utf-8"))
    months = {name.casefold(): int(number) for name, number in data["months"].items()}
    names = "|".join(sorted(months, key=len, reverse=True))
    day_first = re.compile(rf"(?<!\d)(?P<d>[0-3]?\d)\.?\s+(?P<m>{names})\.?,?\s+(?P<y>(?:19|20)\d\d)(?!\d)", re.I)
    month_first = re.compile(rf"(?<![\w])(?P<m>{names})\.?\s+(?P<d>[0-3]?\d),?\s+(?P<y>(?:19|20)\d\d)(?!\d)", re.I)
    iso = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)-(?P<mo>[01]\d)-(?P<d>[0-3]\d)(?!\d)")
    return months, [day_first, month_first, iso]


def find_dateline(text: str) -> str | None:
    """The ISO date of the first dateline near the top of `text`, or None."""
    months, patterns = _patterns()
    head = text[:HEAD]
    found: list[tuple[int, dt.date]] = []
    for pattern in patterns:
        match = pattern.search(head)
        if match is None:
            continue
        groups = match.groupdict()
        month = int(groups["mo"]) if groups.get("mo") else months[groups["m"].casefold()]
        try:
            found.append((match.start(), dt.date(int(groups["y"]), month, int(groups["d"]))))
        except ValueError:  # 31 February is no date
            continue
    if not found:
        return None
    return min(found)[1].isoformat()
