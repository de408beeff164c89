"""Throughput, memory and determinism of `claimcheck check` over the 292-article news sample.

    python benchmarks/throughput.py               # 3 runs with --jobs 2, 2 with --jobs 1
    python benchmarks/throughput.py --runs 5 --register path/to/register

The sample (../shared/benchmarks/news-sample/healthstory-sample.jsonl, or $CLAIMCHECK_NEWS_SAMPLE)
is evaluation data: its articles are written as .txt files to benchmarks/.cache/news-sample/ (git-
ignored), never into the project. Then `claimcheck check DIR --format json --jobs N` runs as a
subprocess and is timed (wall clock, start-up and register loading included).

Printed: articles per second (target >= 600/s with --jobs 2); the CPU time of all the run's
processes (user + system: unlike wall time it hardly moves when other work shares the machine, whose
load average is printed too); the peak RSS of the largest process of the run (os.wait4's rusage,
which covers the waited-for workers; target < 250 MB), and from one extra, untimed run the peak of
the whole process tree, sampled from /proc every 20 ms (RSS, which counts pages shared between the
forked workers once per process, and PSS, which shares them out).
Checked: every document came back, none carries `error`, stderr holds no traceback, the output is
byte-identical between two runs with --jobs 2 and between --jobs 1 and --jobs 2.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
SAMPLE = HERE.parent.parent / "shared" / "benchmarks" / "news-sample" / "healthstory-sample.jsonl"
TARGET_RATE = 600.0  # issue 20: >= 600 articles/s with --jobs 2 on idle cores
TARGET_MB = 250.0


def sample_path() -> Path:
    """The news sample's JSONL file ($CLAIMCHECK_NEWS_SAMPLE wins); exits when it is absent."""
    path = Path(os.environ.get("CLAIMCHECK_NEWS_SAMPLE") or SAMPLE)
    if not path.is_file():
        sys.exit(f"news sample not found at {path} (set CLAIMCHECK_NEWS_SAMPLE)")
    return path


def prepare_articles(limit: int | None = None) -> Path:
    """Write the sample's articles as `<id>.txt` under benchmarks/.cache/ (once; rewritten when it changes)."""
    source = sample_path()
    data = source.read_bytes()
    stamp = hashlib.sha256(data).hexdigest()[:16] + (f"-{limit}" if limit else "")
    folder = CACHE / "news-sample"
    marker = CACHE / "news-sample.stamp"
    if folder.is_dir() and marker.is_file() and marker.read_text() == stamp:
        return folder
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    rows = [json.loads(line) for line in data.decode("utf-8").splitlines() if line.strip()]
    for row in rows[:limit]:
        (folder / f"{row['id']}.txt").write_text(row["text"], encoding="utf-8")
    marker.write_text(stamp)
    return folder


def console_script() -> list[str]:
    """The command that runs claimcheck: the console script beside this Python, else what PATH finds."""
    beside = Path(sys.executable).parent / "claimcheck"
    if beside.is_file():
        return [sys.executable, str(beside)]
    found = shutil.which("claimcheck")
    if found is None:
        sys.exit("claimcheck is not installed (pip install -e .)")
    return [found]


@dataclass
class Run:
    """One timed run of claimcheck."""

    command: list[str]
    seconds: float
    exit_code: int
    max_rss_mb: float
    cpu_seconds: float
    output: bytes
    stderr: str
    tree_rss_mb: float | None = None
    tree_pss_mb: float | None = None
    problems: list[str] = field(default_factory=list)


def _tree(root: int) -> list[int]:
    """`root` and its descendants, from /proc/*/stat."""
    parents: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2 :].split()[1])
        parents.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(parents.get(pid, []))
    return out


def _memory_kb(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of a process in kB, from /proc/PID/smaps_rollup; zeros when it is gone."""
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1])
    except OSError:
        pass
    return rss, pss


def run_check(inputs: list[str], jobs: int, extra: list[str] | None = None, sample_memory: bool = False) -> Run:
    """Run `claimcheck check INPUTS --format json --jobs N [EXTRA]`; time it and measure its memory."""
    # the files by name with --no-force-exclude: benchmarks/.cache/ is git-ignored, so a folder there
    # would be skipped as excluded
    command = [*console_script(), "check", *inputs, "--format", "json", "--jobs", str(jobs), "--no-force-exclude",
               "--no-progress", *(extra or [])]
    CACHE.mkdir(exist_ok=True)
    out_path, err_path = CACHE / "run.stdout", CACHE / "run.stderr"
    peaks = [0, 0]
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(command, stdout=out, stderr=err)
        stop = threading.Event()

        def sample() -> None:
            while not stop.wait(0.02):
                sizes = [_memory_kb(pid) for pid in _tree(proc.pid)]
                peaks[0] = max(peaks[0], sum(s[0] for s in sizes))
                peaks[1] = max(peaks[1], sum(s[1] for s in sizes))

        sampler = threading.Thread(target=sample, daemon=True) if sample_memory else None
        if sampler:
            sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        stop.set()
        if sampler:
            sampler.join()
    run = Run(command=command, seconds=seconds, exit_code=proc.returncode, max_rss_mb=usage.ru_maxrss / 1024,
              cpu_seconds=usage.ru_utime + usage.ru_stime, output=out_path.read_bytes(),
              stderr=err_path.read_text("utf-8", "replace"))
    if sample_memory:
        run.tree_rss_mb, run.tree_pss_mb = peaks[0] / 1024, peaks[1] / 1024
    return run


def validate(run: Run, expected: int) -> list[str]:
    """Problems with a run's outcome: exit code, tracebacks, missing or failed documents."""
    problems = []
    if run.exit_code not in (0, 1):
        problems.append(f"exit code {run.exit_code}")
    if "Traceback" in run.stderr:
        problems.append("traceback on stderr:\n" + run.stderr[-3000:])
    try:
        documents = json.loads(run.output)["documents"]
    except (ValueError, KeyError) as exc:
        problems.append(f"output is not the JSON contract ({exc})")
        return problems
    if len(documents) != expected:
        problems.append(f"{len(documents)} documents came back, {expected} expected")
    failed = [d["input"] for d in documents if d.get("error")]
    if failed:
        problems.append(f"{len(failed)} documents carry `error`, e.g. {failed[:3]}")
    return problems


def summary(documents: int) -> str:
    """What the JSON of the last run holds, for a sanity check: claims by kind and verdict."""
    documents_json = json.loads((CACHE / "run.stdout").read_bytes())["documents"]
    kinds: dict[str, int] = {}
    verdicts: dict[str, int] = {}
    for doc in documents_json:
        for claim in doc["claims"]:
            kinds[claim["kind"]] = kinds.get(claim["kind"], 0) + 1
            verdict = claim.get("verdict") or "-"
            verdicts[verdict] = verdicts.get(verdict, 0) + 1
    total = sum(kinds.values())
    by_kind = ", ".join(f"{k} {n}" for k, n in sorted(kinds.items(), key=lambda kv: -kv[1]))
    by_verdict = ", ".join(f"{k} {n}" for k, n in sorted(verdicts.items(), key=lambda kv: -kv[1]))
    return f"{total} claims in {documents} documents ({by_kind}); verdicts: {by_verdict}"


def timed(inputs: list[str], jobs: int, runs: int, expected: int, extra: list[str] | None = None) -> list[Run]:
    """`runs` validated runs with `jobs` workers; exits on the first invalid one."""
    done = []
    for _ in range(runs):
        run = run_check(inputs, jobs, extra)
        problems = validate(run, expected)
        if problems:
            sys.exit(f"{' '.join(run.command)}:\n  " + "\n  ".join(problems))
        done.append(run)
    return done


def first_difference(a: bytes, b: bytes) -> str:
    """Where two JSON outputs first differ: the document and the top-level field, for diagnosis."""
    try:
        left, right = json.loads(a), json.loads(b)
    except ValueError:
        return "one output is not JSON"
    if left.get("register") != right.get("register"):
        return f"register version {left.get('register')} vs {right.get('register')} (edited during the runs?)"
    for x, y in zip(left["documents"], right["documents"], strict=False):
        if x != y:
            fields = [k for k in x.keys() | y.keys() if x.get(k) != y.get(k)]
            return f"document {x.get('input')}: {', '.join(sorted(fields))}"
    return "document count or order"


def load_average() -> str:
    """The 1-minute load average: other work on the machine skews the figures."""
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except OSError:
        return "?"


def describe(runs: list[Run], documents: int) -> str:
    """One line: best and median time, articles per second, peak RSS."""
    best = min(r.seconds for r in runs)
    median = statistics.median(r.seconds for r in runs)
    rss = max(r.max_rss_mb for r in runs)
    cpu = min(r.cpu_seconds for r in runs)
    return (f"best {best:.2f} s, median {median:.2f} s = {documents / best:.0f} articles/s "
            f"(median {documents / median:.0f}/s); CPU {cpu:.2f} s (all processes); "
            f"peak RSS of the largest process {rss:.0f} MB")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; exit 1 when a target is missed or outputs differ."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="timed runs with --jobs 2 (default 3; 2 with --jobs 1)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--register", default=None, help="register folder passed to --register")
    args = parser.parse_args(argv)

    folder = prepare_articles(args.limit)
    documents = len(list(folder.glob("*.txt")))
    extra = ["--register", args.register] if args.register else []
    shown = f"claimcheck check {folder.relative_to(HERE.parent)} --format json"
    print(f"{documents} articles in {folder} ({sum(p.stat().st_size for p in folder.glob('*.txt')) // 1024} kB); "
          f"{os.cpu_count()} cores; load average before: {load_average()}")

    parallel = timed(sorted(str(p) for p in folder.glob("*.txt")), 2, max(2, args.runs), documents, extra)
    print(f"  {shown} --jobs 2: {describe(parallel, documents)}")
    print(f"    {summary(documents)}")
    serial = timed(sorted(str(p) for p in folder.glob("*.txt")), 1, max(1, args.runs - 1), documents, extra)
    print(f"  {shown} --jobs 1: {describe(serial, documents)}")
    memory = run_check(sorted(str(p) for p in folder.glob("*.txt")), 2, extra, sample_memory=True)
    print(f"  memory (one more --jobs 2 run, /proc sampled every 20 ms): whole tree peak RSS "
          f"{memory.tree_rss_mb:.0f} MB, PSS {memory.tree_pss_mb:.0f} MB; largest process {memory.max_rss_mb:.0f} MB")

    failures = []
    reference = parallel[0].output
    for label, other in [("two runs with --jobs 2", r.output) for r in parallel[1:]] + [
            ("--jobs 1 and --jobs 2", serial[0].output), ("the memory run and the first run", memory.output)]:
        if other != reference:
            failures.append(f"output differs between {label}: {first_difference(reference, other)}")
    rate = documents / min(r.seconds for r in parallel)
    if rate < TARGET_RATE:
        failures.append(f"{rate:.0f} articles/s with --jobs 2 is below the target of {TARGET_RATE:.0f}/s")
    peak = max(memory.tree_pss_mb or 0.0, *(r.max_rss_mb for r in parallel))
    if peak > TARGET_MB:
        failures.append(f"peak memory {peak:.0f} MB is above the target of {TARGET_MB:.0f} MB")
    print("  output byte-identical across runs and between --jobs 1 and --jobs 2:",
          "no" if any("output" in f for f in failures) else "yes", f"(load average after: {load_average()})")
    for failure in failures:
        print(f"  MISSED: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
