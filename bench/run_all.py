"""`make bench`: every benchmark of issue 5 in one run, one results table (markdown) on stdout and in
bench/results.md, with the date and the machine.

    .venv/bin/python bench/run_all.py [--only startup,reads,create,scale,load,validate,apply,compliance,portal,rollout]
                                      [--output bench/results.md]

Starts its own emulator (temp data dir, free port, operation time 0) and an isolated az config dir logged in
to it; nothing touches your own ~/.azure. A benchmark that finds a defect (a request sent twice, a wrong
count) prints a FAIL line and the exit code is 1. A figure that misses its target is marked MISS in the table.
"""
import argparse
import datetime
import os
import platform
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(1, os.path.dirname(HERE))  # the repository: the benchmarks use the tests' harness

import bench_apply  # noqa: E402
import bench_compliance  # noqa: E402
import bench_create  # noqa: E402
import bench_load  # noqa: E402
import bench_portal  # noqa: E402
import bench_reads  # noqa: E402
import bench_rollout  # noqa: E402
import bench_scale  # noqa: E402
import bench_startup  # noqa: E402
import bench_validate  # noqa: E402
from common import Bench  # noqa: E402

BENCHMARKS = [("startup", bench_startup), ("reads", bench_reads), ("create", bench_create),
              ("scale", bench_scale), ("load", bench_load), ("validate", bench_validate), ("apply", bench_apply),
              ("compliance", bench_compliance), ("portal", bench_portal), ("rollout", bench_rollout)]


def machine():
    cpu = platform.processor() or "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        from azure.cli.core import __version__ as az_version
    except ImportError:
        az_version = "?"
    return "{}, {} cores; {} {}; Python {}; azure-cli {}".format(
        cpu, os.cpu_count(), platform.system(), platform.release(), platform.python_version(), az_version)


def git_revision():
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=HERE, capture_output=True, text=True,
                              timeout=10).stdout.strip() or "?"
    except OSError:
        return "?"


def table(rows):
    lines = ["| benchmark | measure | result | target | status |", "|---|---|---|---|---|"]
    lines += ["| {} |".format(" | ".join(str(c) for c in row)) for row in rows]
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description="Run the k8s-configuration benchmarks.")
    parser.add_argument("--only", help="comma-separated subset of: " + ",".join(n for n, _ in BENCHMARKS))
    parser.add_argument("--output", default=os.path.join(HERE, "results.md"))
    args = parser.parse_args(argv)
    chosen = [(n, m) for n, m in BENCHMARKS if not args.only or n in args.only.split(",")]

    started = time.perf_counter()
    rows, notes, failures, sections, timings = [], [], [], [], []
    with Bench(operation_seconds=0) as bench:
        for name, module in chosen:
            t0 = time.perf_counter()
            print("running {} ...".format(name), file=sys.stderr, flush=True)
            try:
                result = module.run(bench)
            except Exception as error:
                failures.append("{}: {}: {}".format(name, type(error).__name__, error))
                continue
            rows += result[0]
            notes += result[1]
            failures += result[2]
            if len(result) > 3:
                sections += result[3]
            timings.append("{} {:.0f} s".format(name, time.perf_counter() - t0))

    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    out = ["# Benchmark results", "",
           "Measured {} at commit {} on {}.".format(stamp, git_revision(), machine()),
           "Reproduce with `make bench` ({:.0f} s: {}).".format(time.perf_counter() - started, ", ".join(timings)),
           "", table(rows)]
    for title, body in sections:
        out += ["", "## " + title, "", body]
    if notes:
        out += [""] + ["- " + n for n in notes]
    if failures:
        out += ["", "## Failures", ""] + ["- FAIL: " + f for f in failures]
    text = "\n".join(out) + "\n"
    print(text)
    if not args.only:
        with open(args.output, "w", encoding="utf-8") as f:
            f.write(text)
    for failure in failures:
        print("FAIL: " + failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
