#!/usr/bin/env python3
"""Synthetic calibration cases (docs/calibration.md, "The two estimators compared").

Each case is one buurt of 3,000 residents with eight yearly survey waves of about 500
respondents, its four survey-level parameters set to known values; the "observed" data are the
model's own survey of one simulation at those values (its own seed). The script writes, per
case, the configuration (with a [calibration] table for the chosen method) and the data file,
runs `buurtsim calibrate`, and prints per case and in all: coverage of the true values by the
90% intervals, the widest and median predictive interval width over the sampling error's, and
the wall and CPU time.

    /usr/bin/python3 scripts/calibration_cases.py --method emulator --cases 10
    /usr/bin/python3 scripts/calibration_cases.py --method abc-smc --cases 2

Needs h5py (/usr/bin/python3 has it). Files go to --dir (default results/calibration_cases).
"""
import argparse
import os
import resource
import subprocess
import sys
import time

import h5py

PARAMETERS = [  # name, prior min, prior max
    ("fear.offset", -3.0, 0.0),
    ("survey.rating_intercept", 5.5, 8.5),
    ("trust.police_baseline", 4.0, 8.0),
    ("cohesion.scale_intercept", 1.0, 5.0),
]
INDICATORS = ["unsafe_sometimes_pct", "safety_rating", "trust_police_mean", "cohesion_mean"]
# True values per case: spread over the priors, away from their edges.
TRUTH = [
    (-1.6, 6.9, 6.3, 2.8), (-0.9, 6.2, 5.2, 3.6), (-2.3, 7.6, 7.1, 2.1), (-1.2, 7.1, 4.8, 3.1),
    (-2.0, 6.5, 6.8, 2.5), (-1.4, 7.8, 5.8, 4.0), (-0.6, 6.0, 6.0, 2.0), (-2.6, 7.3, 5.5, 3.4),
    (-1.8, 6.7, 7.4, 1.8), (-1.0, 7.0, 4.5, 4.3),
]
YEARS = list(range(2016, 2024))


def base_config(seed):
    dates = ", ".join(f'"{y}-10-{10 + (y % 7)}"' for y in YEARS)
    return (
        'model = "buurtsim"\nweeks = 416\nburn_in_weeks = 52\nreplicates = 1\n'
        f'seed = {seed}\nstart_date = "2016-01-04"\n'
        f"[survey]\ndates = [{dates}]\ntarget_responses = 500\n"
        '[[neighbourhood]]\nname = "Proef"\nresidents = 3000\n'
    )


def calibration_table(method, abc_particles, abc_generations):
    t = f'[calibration]\nmethod = "{method}"\n'
    if method == "abc-smc":
        t += f"particles = {abc_particles}\ngenerations = {abc_generations}\nquantile = 0.5\nmin_acceptance = 0.02\n"
    for name, lo, hi in PARAMETERS:
        t += f'[[calibration.parameter]]\nname = "{name}"\nmin = {lo}\nmax = {hi}\n'
    return t


def make_data(binary, d, case, truth):
    cfg = os.path.join(d, f"case{case}_truth.toml")
    with open(cfg, "w") as f:
        f.write(base_config(7000 + case))
    out = os.path.join(d, f"case{case}_truth.h5")
    sets = []
    for (name, _, _), v in zip(PARAMETERS, truth):
        sets += ["--set", f"{name}={v}"]
    subprocess.run([binary, "run", cfg, "-o", out, "--quiet", "--no-report", "--threads", "2"] + sets, check=True,
                   stdout=subprocess.DEVNULL)
    rows = ["neighbourhood,period,indicator,value,n"]
    with h5py.File(out, "r") as h:
        n = h["survey/n"][()].reshape(-1)
        for ind in INDICATORS:
            v = h[f"survey/{ind}"][()].reshape(-1)
            for w, y in enumerate(YEARS):
                rows.append(f"Proef,{y},{ind},{v[w]:.6g},{int(round(n[w]))}")
    path = os.path.join(d, f"case{case}.csv")
    with open(path, "w") as f:
        f.write("\n".join(rows) + "\n")
    return path


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default="build/bin/buurtsim")
    ap.add_argument("--method", default="emulator", choices=["emulator", "abc-smc"])
    ap.add_argument("--cases", type=int, default=10)
    ap.add_argument("--first", type=int, default=0)
    ap.add_argument("--particles", type=int, default=60)
    ap.add_argument("--generations", type=int, default=7)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--dir", default="results/calibration_cases")
    a = ap.parse_args()
    os.makedirs(a.dir, exist_ok=True)
    covered = total = all_covered = cases = 0
    per_parameter = [0] * len(PARAMETERS)
    for case in range(a.first, a.first + a.cases):
        truth = TRUTH[case % len(TRUTH)]
        data = make_data(a.bin, a.dir, case, truth)
        cfg = os.path.join(a.dir, f"case{case}_{a.method}.toml")
        with open(cfg, "w") as f:
            f.write(base_config(31 + case) + calibration_table(a.method, a.particles, a.generations))
        out = os.path.join(a.dir, f"case{case}_{a.method}.h5")
        start = time.time()
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run([a.bin, "calibrate", cfg, "--data", data, "-o", out, "--quiet", "--threads", str(a.threads)],
                       check=True, stdout=subprocess.DEVNULL)
        seconds = time.time() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
        with h5py.File(out, "r") as h:
            lo, hi, mean = h["summary/lo"][()], h["summary/hi"][()], h["summary/mean"][()]
            ratio = h["predictive/width_ratio"][()] if "width_ratio" in h["predictive"] else None
            conv = int(h.attrs.get("converged", -1))
        cov = [int(l <= t <= u) for l, t, u in zip(lo, truth, hi)]
        covered += sum(cov)
        total += len(cov)
        per_parameter = [c + k for c, k in zip(per_parameter, cov)]
        all_covered += int(all(cov))
        cases += 1
        widths = "" if ratio is None else f"width ratio median {sorted(ratio)[len(ratio) // 2]:.2f} max {max(ratio):.2f}"
        print(f"case {case}: covered {sum(cov)}/{len(cov)} {cov}; means "
              + " ".join(f"{m:.3f}" for m in mean) + f" (true {truth}); {widths}; converged {conv}; {seconds:.0f} s wall, {cpu:.0f} s CPU",
              flush=True)
    print(f"in all: {covered} of {total} 90% intervals cover the true value; every parameter's in {all_covered} of "
          f"{cases} cases; per parameter: "
          + ", ".join(f"{name} {c} of {cases}" for (name, _, _), c in zip(PARAMETERS, per_parameter)))


if __name__ == "__main__":
    sys.exit(main())
