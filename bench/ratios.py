#!/usr/bin/python3
"""Summarize bench_objective / bench_scalar JSON output (Google Benchmark 1.7 format).

Usage: ratios.py bench_objective.json [bench_scalar.json]
Uses the individual repetitions (run_type "iteration"); reports the best and the median.
Rates come from the counter GFLOPS (value in FLOP/s, wall-clock time: the benchmarks UseRealTime).
Standard library only (json, statistics, sys).
"""
import json
import statistics
import sys

TARGET_GRAD, TARGET_HVP = 0.50, 0.40
UNIT = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}


def load(path):
    with open(path) as f:
        doc = json.load(f)
    runs = {}
    for b in doc.get("benchmarks", []):
        if b.get("run_type", "iteration") != "iteration" or b.get("error_occurred"):
            continue
        runs.setdefault(b["run_name"], []).append(b)
    return doc.get("context", {}), runs


def seconds(b):
    return b["real_time"] * UNIT[b.get("time_unit", "ns")]


def gflops(reps):
    """(best, median) GFLOP/s of the repetitions, from the GFLOPS counter (FLOP/s)."""
    v = [b["GFLOPS"] / 1e9 for b in reps]
    return max(v), statistics.median(v)


def objective_report(path):
    ctx, runs = load(path)
    print("context: %s, %s CPUs @ %s MHz, load %s, library %s" % (
        ctx.get("date", "?"), ctx.get("num_cpus", "?"), ctx.get("mhz_per_cpu", "?"),
        " ".join("%.2f" % x for x in ctx.get("load_avg", [])), ctx.get("library_build_type", "?")))
    # run names: "BM_GemmPair/n:1024/m:1024/d:256/real_time", "BM_Gradient/n:.../d:256/obj:0/real_time"
    load_avg = ctx.get("load_avg", [])
    if load_avg and load_avg[0] > 0.5:
        print("WARNING: load average %.2f at the start: other processes share the 2 cores and the" % load_avg[0])
        print("         figures (and ratios) below are not reliable; rerun when `uptime` shows < 0.5.")
    sizes = []
    for name in runs:
        if name.startswith("BM_GemmPair/"):
            sizes.append(name[len("BM_GemmPair/"):-len("/real_time")])
    print()
    print("%-24s %-24s %10s %10s %10s %8s %s" % ("size", "kernel", "best GF/s", "median", "ms (best)", "ratio", "target"))
    ok = True
    for size in sizes:
        pair = runs.get("BM_GemmPair/%s/real_time" % size)
        xwt = runs.get("BM_GemmXWt/%s/real_time" % size)
        ctx_ = runs.get("BM_GemmCtX/%s/real_time" % size)
        ref_grad = gflops(pair)[0]
        # HVP reference: Eigen's time for its three GEMMs (2 x XW^T-shaped + 1 x C^T X-shaped)
        if xwt and ctx_:
            r_x, r_c = gflops(xwt)[0], gflops(ctx_)[0]
            ref_hvp = 3.0 / (2.0 / r_x + 1.0 / r_c)
        else:
            ref_hvp = ref_grad
        for kname, reps in (("GEMM X W^T", xwt), ("GEMM C^T X", ctx_), ("GEMM pair (ref)", pair)):
            if reps:
                best, med = gflops(reps)
                print("%-24s %-24s %10.1f %10.1f %10.1f" % (size, kname, best, med, min(seconds(b) for b in reps) * 1e3))
        print("%-24s %-24s %10.1f" % (size, "GEMM ref. for HVP", ref_hvp))
        for obj, oname in (("0", "quadratic"), ("1", "randomized")):
            for kind, ref, target in (("Gradient", ref_grad, TARGET_GRAD), ("Hvp", ref_hvp, TARGET_HVP)):
                key = "BM_%s/%s/obj:%s/real_time" % (kind, size, obj)
                reps = runs.get(key)
                if not reps:
                    continue
                best, med = gflops(reps)
                ratio = best / ref
                verdict = "ok" if ratio >= target else "BELOW"
                ok = ok and ratio >= target
                print("%-24s %-24s %10.1f %10.1f %10.1f %7.1f%% >= %.0f%% %s" % (
                    size, "%s %s" % (kind.lower(), oname), best, med,
                    min(seconds(b) for b in reps) * 1e3, 100 * ratio, 100 * target, verdict))
    print()
    print("Target: gradient >= 50% of GEMM rate, HVP >= 40% (best of the repetitions):",
          "all met" if ok else "NOT all met")


def scalar_report(path):
    _, runs = load(path)
    rows = []
    for name, reps in runs.items():
        v = [b["ns_per_madd"] * 1e9 for b in reps]
        rows.append((name, reps[0].get("label", name), min(v), statistics.median(v)))
    base = next((r for r in rows if r[1] == "double"), None)
    print()
    print("%-18s %14s %10s %14s" % ("scalar", "ns/madd best", "median", "ratio to double"))
    for _, label, best, med in rows:
        ratio = best / base[2] if base else float("nan")
        print("%-18s %14.2f %10.2f %14.1f" % (label, best, med, ratio))


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 2
    objective_report(argv[1])
    if len(argv) > 2:
        scalar_report(argv[2])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
