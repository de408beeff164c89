"""How much of the check time the link stage costs, over the news sample.

    python benchmarks/link_time.py [SAMPLE.jsonl] [--repeat N]

Checks every article of ../shared/benchmarks/news-sample/healthstory-sample.jsonl in this process
(one job, the register loaded and every cache warmed first by one untimed pass), timing the link stage
(`claimcheck.link.link_document`, as the grader calls it) apart from the whole check (ingest, extract,
link, grade). Prints both totals and the share; the issue's bound is 10%. Skips when the sample is absent.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

SAMPLE = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "news-sample" / "healthstory-sample.jsonl"
#: The share of the check time linking may take.
BOUND = 0.10


def main(argv: list[str]) -> int:
    import claimcheck.grade as grade
    from claimcheck.checker import check_document
    from claimcheck.ingest import IngestOptions, load_document
    from claimcheck.register import default_register_root, load_register

    repeat = 1
    if "--repeat" in argv:
        at = argv.index("--repeat")
        repeat = int(argv[at + 1])
        argv = argv[:at] + argv[at + 2:]
    sample = Path(argv[0]) if argv else SAMPLE
    if not sample.is_file():
        print(f"no news sample at {sample}")
        return 0
    register = load_register(default_register_root())
    tmp = Path(tempfile.mkdtemp(prefix="cc-linktime-"))
    paths = []
    for line in sample.read_text(encoding="utf-8").splitlines():
        if line.strip():
            story = json.loads(line)
            path = tmp / f"{story['id']}.txt"
            path.write_text(story.get("text") or "", encoding="utf-8")
            paths.append(path)

    spent = [0.0]
    original = grade.link_document

    def timed(result, reg, folded=None):  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        try:
            return original(result, reg, folded)
        finally:
            spent[0] += time.perf_counter() - start

    for path in paths:  # warm every cache (patterns, indexes, lexicons) once, untimed
        check_document(load_document(str(path), IngestOptions()), register)
    grade.link_document = timed
    try:
        total = 0.0
        for _ in range(repeat):
            for path in paths:
                start = time.perf_counter()
                check_document(load_document(str(path), IngestOptions()), register)
                total += time.perf_counter() - start
    finally:
        grade.link_document = original
    share = spent[0] / total if total else 0.0
    print(f"articles {len(paths)} x{repeat}: check {total:.2f} s, link {spent[0]:.2f} s, "
          f"link share {share:.1%} (bound {BOUND:.0%}) {'ok' if share <= BOUND else 'OVER'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
