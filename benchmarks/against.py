"""What `--against SOURCE` adds to the check time per article, over the news sample.

    python benchmarks/against.py [--runs 3] [--source tests/against/walking-abstract.txt]

The 292 articles of the news sample (written to benchmarks/.cache/ by throughput.py's helper; never
into the project) are checked in-process, one job, twice per run: plainly and against one source (an
abstract we wrote). Printed: median milliseconds per article for each, and the difference, which must
stay under 50 ms. Reading the source is done once per run and counted in the per-article figure.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from throughput import prepare_articles  # noqa: E402

TARGET_MS = 50.0


def _run(paths: list[str], against: list[str]) -> float:
    from claimcheck.checker import CheckOptions, check_paths
    from claimcheck.commands.against import load_sources

    start = time.perf_counter()
    sources = load_sources({"against": against}) if against else []
    check_paths(paths, CheckOptions(jobs=1, against=sources))
    return (time.perf_counter() - start) * 1000 / len(paths)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--source", default=str(HERE.parent / "tests" / "against" / "walking-abstract.txt"))
    args = parser.parse_args()
    folder = prepare_articles()
    paths = sorted(str(p) for p in folder.glob("*.txt"))
    _run(paths[:5], [])  # warm: imports, register, caches
    _run(paths[:5], [args.source])
    plain, against = [], []
    for _ in range(args.runs):
        plain.append(_run(paths, []))
        against.append(_run(paths, [args.source]))
    p, a = statistics.median(plain), statistics.median(against)
    print(f"articles: {len(paths)}; runs: {args.runs}")
    print(f"check:            {p:7.2f} ms per article (median)")
    print(f"check --against:  {a:7.2f} ms per article (median)")
    print(f"added:            {a - p:7.2f} ms per article (target < {TARGET_MS:g} ms) "
          f"{'ok' if a - p < TARGET_MS else 'OVER'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
