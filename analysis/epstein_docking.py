#!/usr/bin/python3
"""Compares an Epstein results file with the Mesa 3.2.0 docking reference (data/README.md).

Per replicate (seed) of RESULTS.h5 and per seed of the reference: the mean and the peak over
the steps of the share of active citizens, active / (active + quiet + jailed). Prints both
distributions (mean and sd over seeds) and a two-sample Kolmogorov-Smirnov test of each; the
level at which to read the p-values is the caller's (docs/validation.md).

Usage: analysis/epstein_docking.py RESULTS.h5 [--reference data/mesa_epstein_reference.csv]
For the reference's setting and Mesa's reading of the rules, run the preset
  buurtsim run configs/validation/epstein_mesa.toml -o mesa.h5
(docs/validation.md, "Docking with Mesa 3.2.0", lists the variants it sets and what each changes).
Exit status: 0 printed; 2 a file that is not an Epstein results file or no reference.
"""
import argparse
import os
import sys

import h5py
import pandas as pd
from scipy import stats

SOURCE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def shares(path):
    with h5py.File(path, "r") as f:
        if not all(k in f for k in ("active", "quiet", "jailed")):
            raise ValueError(f"{path}: not an Epstein results file (no /active, /quiet, /jailed)")
        active, quiet, jailed = (f[k][()].astype(float) for k in ("active", "quiet", "jailed"))
    share = active / (active + quiet + jailed)  # [replicate][step]
    return share.mean(axis=1), share.max(axis=1)


def reference(path):
    data = pd.read_csv(path, comment="#")
    return data["mean_active_share"].to_numpy(), data["peak_active_share"].to_numpy()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("results")
    parser.add_argument("--reference", default=os.path.join(SOURCE, "data", "mesa_epstein_reference.csv"))
    args = parser.parse_args()
    try:
        ours = shares(args.results)
        theirs = reference(args.reference)
    except (OSError, ValueError, KeyError, pd.errors.ParserError) as err:
        print(f"epstein_docking.py: {err}", file=sys.stderr)
        return 2
    print(f"{'':24} {'seeds':>5} {'mean active share (sd)':>24} {'peak active share (sd)':>24}")
    for name, (mean, peak) in (("this file", ours), ("reference (Mesa 3.2.0)", theirs)):
        print(f"{name:24} {len(mean):5d} {mean.mean():13.4f} ({mean.std(ddof=1):.4f}) {peak.mean():14.3f} "
              f"({peak.std(ddof=1):.3f})")
    for label, a, b in (("mean active share", ours[0], theirs[0]), ("peak active share", ours[1], theirs[1])):
        ks = stats.ks_2samp(a, b)
        print(f"two-sample Kolmogorov-Smirnov, {label}: D = {ks.statistic:.3f}, p = {ks.pvalue:.2g}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
