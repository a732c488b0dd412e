#!/usr/bin/env python3
"""Turns JMH JSON results (-rf json) into the markdown tables of docs/PERFORMANCE.md.

Usage: perf/jmh-tables.py RESULT.json [RESULT.json ...]
       perf/jmh-tables.py --compare BEFORE.json AFTER.json
Each file is one run (one JDK); every table gets one block per file, labelled by the JVM version the
file records. --compare prints, for every benchmark configuration present in both files, the score
before and after and their ratio. Prints markdown on stdout; needs only the Python 3 standard library.
"""
import json
import sys
from collections import OrderedDict

GC = "gc.alloc.rate.norm"


def load(path):
    with open(path) as f:
        runs = json.load(f)
    label = "JDK " + runs[0]["jdkVersion"].split(".")[0] if runs else path
    table = {}
    for r in runs:
        name = r["benchmark"].rsplit(".", 2)
        key = (name[-2], name[-1], tuple(sorted(r.get("params", {}).items())))
        table[key] = r
    return label, table


def find(table, cls, method, **params):
    want = tuple(sorted((k, str(v)) for k, v in params.items()))
    return table.get((cls, method, want))


def score(r):
    return r["primaryMetric"]["score"] if r else None


def error(r):
    e = r["primaryMetric"].get("scoreError") if r else None
    return None if e is None or e != e else e


def alloc(r):
    if not r:
        return None
    m = r.get("secondaryMetrics", {}).get(GC)
    return m["score"] if m else None


def pct(r, p):
    if not r:
        return None
    return r["primaryMetric"].get("scorePercentiles", {}).get(p)


def fmt(x, digits=None):
    if x is None:
        return "–"
    if digits is None:
        digits = 0 if abs(x) >= 100 else 1 if abs(x) >= 10 else 2 if abs(x) >= 1 else 3
    return f"{x:,.{digits}f}"


def fmt_err(r):
    s, e = score(r), error(r)
    if s is None:
        return "–"
    return fmt(s) + (f" ± {fmt(e)}" if e is not None else "")


def table(header, rows):
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(out)


# micropool-frames: the user-written frame stack the Fork API replaced, in results from before 2026-12-02.
RECURSION_POOLS = ["micropool-fork", "micropool", "micropool-frames", "forkjoin", "common", "sequential"]


def recursion(runs, cls, title, params_list, joins):
    def rows(t):
        out = []
        for params in params_list:
            seq = score(find(t, cls, params["method"], pool="sequential", **params["p"]))
            for pool in RECURSION_POOLS:
                r = find(t, cls, params["method"], pool=pool, **params["p"])
                if r is None:
                    continue
                s = score(r)
                n_joins = joins(params["p"])
                out.append([params["label"], pool, fmt_err(r),
                            fmt(1000 * s / n_joins, 1) if pool != "sequential" and n_joins else "–",
                            fmt(seq / s, 2) + "×" if seq else "–", fmt(alloc(r))])
        return out
    section(runs, title, ["case", "pool", "µs/op", "ns per join", "speed-up over sequential", "B/op"], rows)


def fib_joins(p):
    n, below = int(p["n"]), int(p["sequentialBelow"])
    calls = {}

    def count(k):
        if k < below:
            return 0
        if k not in calls:
            calls[k] = 1 + count(k - 1) + count(k - 2)
        return calls[k]
    return count(n)


def main(paths):
    runs = [load(p) for p in paths]
    recursion(runs, "FibBenchmark", "B2: fib(n) with a join per level (`FibBenchmark`)",
              [{"label": f"fib({n}), join {'at every level' if b == 2 else 'down to n = 15'}", "method": "fib",
                "p": {"n": n, "sequentialBelow": b}} for n in (20, 30) for b in (2, 15)], fib_joins)
    recursion(runs, "TreeSumBenchmark", "B2: balanced tree sum, a join per inner node (`TreeSumBenchmark`)",
              [{"label": f"{n:,} nodes", "method": "treeSum", "p": {"nodes": n}} for n in (1023, 1048575, 16777215)],
              lambda p: (int(p["nodes"]) + 1) // 2 - 1)

    def b1(t):
        rows = []
        for work in ("0", "10000"):
            for gap in ("0", "20000", "100000", "1000000"):
                cells = []
                for pool in ("micropool", "forkjoin", "common", "executor"):
                    r = find(t, "JoinLatencyBenchmark", "join", pool=pool, workNanos=work, gapNanos=gap)
                    cells.append(f"{fmt(pct(r, '50.0'))} / {fmt(pct(r, '99.0'))}")
                micro = find(t, "JoinLatencyBenchmark", "join", pool="micropool", workNanos=work, gapNanos=gap)
                rows.append([f"{int(work) // 1000} µs", f"{int(gap) // 1000} µs"] + cells + [fmt(alloc(micro))])
        return rows
    section(runs, "B1: join round trip from an outside thread (`JoinLatencyBenchmark`, sample mode, µs)",
            ["halves of", "idle gap", "micropool", "ForkJoinPool(2)", "common pool", "executor", "micropool B/op"],
            b1, " (p50 / p99)")

    def join(t):
        rows = []
        for method in ("join", "invoke64"):
            for tokens in ("0", "100"):
                m = find(t, "JoinBenchmark", method, pool="micropool", tokens=tokens)
                f = find(t, "JoinBenchmark", method, pool="forkjoin", tokens=tokens)
                rows.append([method, tokens, fmt_err(m), fmt(alloc(m)), fmt_err(f), fmt(alloc(f)),
                             fmt(score(f) / score(m), 2) + "×" if m and f else "–"])
        return rows
    section(runs, "Join and invoke(64) throughput (`JoinBenchmark`, ns/op)",
            ["call", "tokens per unit", "micropool", "B/op", "ForkJoinPool(2)", "B/op", "micropool speed-up"], join)

    def stream(t):
        rows = []
        for method in ("sumLoop", "sumJdkParallel", "sumMicropool", "sumMicropoolReused",
                       "addLoop", "addJdkParallel", "addJdkParallelRange", "addMicropool", "addMicropoolRange"):
            cells = []
            for size in ("10000", "1000000"):
                r = find(t, "StreamBenchmark", method, size=size)
                cells += [fmt_err(r), fmt(alloc(r))]
            rows.append([method] + cells)
        return rows
    section(runs, "B3: data parallel (`StreamBenchmark`, ns/op)",
            ["benchmark", "10k: ns/op", "B/op", "1M: ns/op", "B/op"], stream)

    def task(t):
        return [[m, fmt_err(find(t, "TaskBenchmark", m)), fmt(alloc(find(t, "TaskBenchmark", m)))]
                for m in ("micropool_spawnJoin", "micropool_resubmitJoin", "micropool_spawnAwaitWorker",
                          "forkJoin_submitJoin", "commonPool_submitJoin", "executor_submitGet",
                          "completableFuture_supplyAsyncJoin")]
    section(runs, "B4: background task round trip (`TaskBenchmark`, ns/op)", ["benchmark", "ns/op", "B/op"], task)


def section(runs, title, header, build_rows, label_suffix=""):
    """Prints a section: its title, then per run its label and the table build_rows(results) makes.
    A run without any of the section's benchmarks (every measured cell "–") is left out, and so is a
    section that no run has."""
    blocks = []
    for label, t in runs:
        rows = [row for row in build_rows(t) if any(cell not in ("–", "– / –") for cell in row[2:])]
        if rows:
            blocks.append(f"{label}{label_suffix}:\n\n{table(header, rows)}\n")
    if blocks:
        print(f"### {title}\n")
        print("\n".join(blocks))


def compare(before_path, after_path):
    _, before = load(before_path)
    label, after = load(after_path)
    rows = []
    for key in sorted(after):
        if key not in before:
            continue
        b, a = before[key], after[key]
        params = ", ".join(f"{k}={v}" for k, v in key[2])
        unit = a["primaryMetric"]["scoreUnit"]
        if a["mode"] == "sample":
            cells = [f"{fmt(pct(b, '50.0'))} / {fmt(pct(b, '99.0'))}", f"{fmt(pct(a, '50.0'))} / {fmt(pct(a, '99.0'))}",
                     fmt(pct(b, '50.0') / pct(a, '50.0'), 2) + "× (p50)"]
            unit += " p50 / p99"
        else:
            cells = [fmt_err(b), fmt_err(a), fmt(score(b) / score(a), 2) + "×"]
        rows.append([f"{key[0]}.{key[1]}", params, unit] + cells + [fmt(alloc(b)), fmt(alloc(a))])
    print(f"{label}: before = {before_path}, after = {after_path}; speed-up = before / after\n")
    print(table(["benchmark", "parameters", "unit", "before", "after", "speed-up", "B/op before", "B/op after"],
                rows))


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--compare":
        compare(sys.argv[2], sys.argv[3])
    elif len(sys.argv) >= 2 and not sys.argv[1].startswith("-"):
        main(sys.argv[1:])
    else:
        sys.exit(__doc__)
