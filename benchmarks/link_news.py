"""List every study the link stage links in the news sample, with its evidence (for judging by hand).

    python benchmarks/link_news.py [SAMPLE.jsonl]

Reads ../shared/benchmarks/news-sample/healthstory-sample.jsonl (skips when absent), runs ingest,
extract and link on each article (no grading), and prints one line per link: article id, source,
score and the evidence signals with their text. The judgements of these lines are kept in
benchmarks/news-links.md (article id, study, right/wrong, why; never article text).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import tempfile
from pathlib import Path

SAMPLE = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "news-sample" / "healthstory-sample.jsonl"


#: Sources scoring this much without being linked are listed as near misses.
NEAR = 0.6


def main(argv: list[str]) -> int:
    from claimcheck.checker import extract_document
    from claimcheck.ingest import IngestOptions, load_document
    from claimcheck.link import link_document
    from claimcheck.register import default_register_root, load_register

    sample = Path(argv[0]) if argv else SAMPLE
    if not sample.is_file():
        print(f"no news sample at {sample}")
        return 0
    register = load_register(default_register_root())
    tmp = Path(tempfile.mkdtemp(prefix="cc-links-"))
    linked = 0
    articles = 0
    for line in sample.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        story = json.loads(line)
        articles += 1
        path = tmp / f"{story['id']}.txt"
        path.write_text(story.get("text") or "", encoding="utf-8")
        document = load_document(str(path), IngestOptions())
        if story.get("published") and not document.published:  # the sample gives the date apart
            document.published = dt.datetime.fromtimestamp(float(story["published"]), dt.UTC).date().isoformat()
        result = extract_document(document)
        links = link_document(result, register)
        for study in links.studies:
            linked += 1
            evidence = "; ".join(f"{e.signal}={e.text!r}" for e in study.evidence)
            print(f"{story['id']}\t{study.source}\t{study.score:.2f}\t{evidence}")
        for source, score in sorted(links.considered.items(), key=lambda kv: -kv[1]):
            if links.link(source) is None and score >= NEAR:
                print(f"{story['id']}\t(not linked) {source}\t{score:.2f}")
    print(f"# {linked} links over {articles} articles")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
