"""What one machine does per hour with claimcheck.scale (Dask, local processes) over the news sample.

    python benchmarks/scale.py [--partitions 16] [--scheduler processes]

The 292 news-sample articles (written to benchmarks/.cache/ by throughput.py's helper; evaluation
data, never in the project) are checked as a Dask bag and written as JSONL partitions to a temporary
folder. Printed: wall time, articles per second and per hour on this machine.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def main() -> int:
    from claimcheck.scale import check_files
    from throughput import prepare_articles

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--partitions", type=int, default=16)
    parser.add_argument("--scheduler", default="processes", choices=["processes", "threads", "synchronous"])
    args = parser.parse_args()
    folder = prepare_articles()
    n = len(list(folder.glob("*.txt")))
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        parts = check_files([str(folder / "*.txt")], out, npartitions=args.partitions, scheduler=args.scheduler)
        elapsed = time.perf_counter() - start
        lines = sum(len(Path(p).read_text(encoding="utf-8").splitlines()) for p in parts)
    print(f"{n} articles, {lines} JSON lines in {len(parts)} partitions, scheduler {args.scheduler}: "
          f"{elapsed:.1f} s, {n / elapsed:.0f} articles/s, {n / elapsed * 3600:,.0f} per hour")
    return 0


if __name__ == "__main__":
    sys.exit(main())
