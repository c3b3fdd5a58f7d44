#!/usr/bin/python3
"""Summarize bench_hessian JSON output (Google Benchmark 1.7 format).

Usage: eig_ratios.py bench_hessian.json
For every md: Spectra (BM_SpectraSmallest) best and median wall time of the repetitions, its HVP
count, lambda_min and residual; dense (BM_DenseSmallest) best time, split into building H and the
eigensolver; the speed-up best dense / best Spectra; the relative difference
|lambda_S - lambda_D| / |lambda_D|. The target is checked at md = 4000: speed-up >= 20 and relative
difference <= 1e-8. Exit status 0 when the target is met, 1 when not, 2 when md = 4000 is missing.
Standard library only (json, statistics, sys).
"""
import json
import statistics
import sys

TARGET_MD, TARGET_SPEEDUP, TARGET_REL = 4000, 20.0, 1e-8
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


def by_md(runs, prefix):
    """{md: [repetitions]} for run names "PREFIX/md:N/..."."""
    out = {}
    for name, reps in runs.items():
        parts = name.split("/")
        if parts[0] == prefix and len(parts) > 1 and parts[1].startswith("md:"):
            out[int(parts[1][3:])] = reps
    return out


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 2
    ctx, runs = load(argv[1])
    load_avg = ctx.get("load_avg", [])
    print("context: %s, %s CPUs @ %s MHz, load %s" % (
        ctx.get("date", "?"), ctx.get("num_cpus", "?"), ctx.get("mhz_per_cpu", "?"),
        " ".join("%.2f" % x for x in load_avg)))
    if load_avg and load_avg[0] > 0.5:
        print("WARNING: load average %.2f at the start: other processes share the cores; the" % load_avg[0])
        print("         timings below are not reliable; rerun when `uptime` shows < 0.5.")
    spectra, dense = by_md(runs, "BM_SpectraSmallest"), by_md(runs, "BM_DenseSmallest")
    print()
    print("%6s %10s %10s %6s %9s %22s %9s %10s %10s %10s %9s %10s" % (
        "md", "S ms best", "S median", "reps", "HVPs", "lambda_min (Spectra)", "rel.res.",
        "D ms best", "D build H", "D eig", "speed-up", "|dl|/|l|"))
    verdict = None
    for md in sorted(set(spectra) | set(dense)):
        s, d = spectra.get(md), dense.get(md)
        row = ["%6d" % md]
        if s:
            ts = [seconds(b) for b in s]
            b0 = s[0]
            ok = all(b.get("successful", 0) == 1 for b in s)
            row += ["%10.2f" % (min(ts) * 1e3), "%10.2f" % (statistics.median(ts) * 1e3), "%6d" % len(s),
                    "%9d" % b0["hvp_count"], "%22.15e" % b0["lambda_min"] if ok else "%22s" % "FAILED",
                    "%9.1e" % b0["rel_residual"]]
        else:
            row += ["%10s" % "-"] * 2 + ["%6s" % "-", "%9s" % "-", "%22s" % "-", "%9s" % "-"]
        if d:
            td = [seconds(b) for b in d]
            best = min(range(len(d)), key=lambda k: td[k])
            row += ["%10.1f" % (td[best] * 1e3), "%10.1f" % (d[best]["hvp_seconds"] * 1e3),
                    "%10.1f" % (d[best]["eig_seconds"] * 1e3)]
        else:
            row += ["%10s" % "-"] * 3
        if s and d:
            speedup = min(td) / min(ts)
            lam_d = d[0]["lambda_min"]
            rel = abs(s[0]["lambda_min"] - lam_d) / abs(lam_d) if ok else float("inf")
            row += ["%9.1f" % speedup, "%10.1e" % rel]
            if md == TARGET_MD:
                verdict = (speedup, rel, ok)
        print(" ".join(row))
    print()
    if verdict is None:
        print("md = %d with both benchmarks not in this run: no verdict" % TARGET_MD)
        return 2
    speedup, rel, ok = verdict
    passed = ok and speedup >= TARGET_SPEEDUP and rel <= TARGET_REL
    print("Target at md = %d: speed-up %.1f (>= %.0f %s), |dlambda|/|lambda| %.1e (<= %.0e %s): %s" % (
        TARGET_MD, speedup, TARGET_SPEEDUP, "ok" if speedup >= TARGET_SPEEDUP else "BELOW",
        rel, TARGET_REL, "ok" if rel <= TARGET_REL else "ABOVE", "PASS" if passed else "FAIL"))
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
