#!/usr/bin/python3
"""The Maastricht VBA evaluation set beside the model (configs/maastricht_vba.toml).

For every scenario: the change in unsafe_sometimes_pct between the first and the last survey
wave as the simulated buurtpeiling measures it (pooled over the neighbourhoods, weighted by the
population aged 15+), with the sampling error of one such measurement and the spread between
replicates; whether the evaluation's reported slight fall ("in lichte mate (3%)", read both as
-3% relative and as -3 points) lies inside the 95% range of what a buurtpeiling could show; and
the modelled effect of the VBA against the baseline (population values at the last wave, paired
by replicate). The 3% is a comparison, never a target.

Usage: analysis/maastricht_vba.py RESULTS.h5
"""
import sys

import h5py
import numpy as np

INDICATOR = "unsafe_sometimes_pct"
Z = 1.959964


def pooled(f, scenario, wave):
    """Survey estimate and se per replicate, pooled over neighbourhoods."""
    est = f["survey"][INDICATOR][scenario, :, :, wave]
    se = f["survey"][INDICATOR + "_se"][scenario, :, :, wave]
    w = f["survey"]["eligible"][scenario, :, :, wave]
    total = w.sum(axis=1)
    return (w * est).sum(axis=1) / total, np.sqrt((w ** 2 * se ** 2).sum(axis=1)) / total


def population(f, scenario, week):
    """Population value per replicate at a week, weighted by residents."""
    v = f[INDICATOR][scenario, :, :, week]
    n = f["residents"][()].astype(float)
    return (v * n).sum(axis=1) / n.sum()


def main(path):
    with h5py.File(path, "r") as f:
        names = list(f["scenario"].asstr()[()])
        waves = f["survey"]["week"][()]
        dates = f["survey"].attrs.get("date", "")
        if len(waves) < 2:
            print("maastricht_vba.py: the file needs at least two survey waves", file=sys.stderr)
            return 2
        first, last = 0, len(waves) - 1
        base = names.index("baseline") if "baseline" in names else None
        print(f"{INDICATOR}: change between survey waves {first} and {last} (weeks {waves[first]} and {waves[last]}; dates {dates})")
        print(f"{'scenario':<16} {'first':>7} {'change':>8} {'relative':>9} {'sampling se':>12} {'between reps':>13}"
              f"  {'95% range of one buurtpeiling':>30}  -3% rel.  -3 pts")
        for s, name in enumerate(names):
            e0, s0 = pooled(f, s, first)
            e1, s1 = pooled(f, s, last)
            change = e1 - e0
            sampling = np.sqrt(s0 ** 2 + s1 ** 2)
            spread = change.std(ddof=1) if len(change) > 1 else 0.0
            total = np.sqrt(np.mean(sampling ** 2) + spread ** 2)
            lo, hi = change.mean() - Z * total, change.mean() + Z * total
            rel = -0.03 * e0.mean()
            print(f"{name:<16} {e0.mean():7.1f} {change.mean():+8.2f} {100 * change.mean() / e0.mean():+8.1f}% {np.mean(sampling):12.2f}"
                  f" {spread:13.2f}  [{lo:+7.2f}, {hi:+7.2f}] points      {'inside ' if lo <= rel <= hi else 'outside'}   "
                  f"{'inside' if lo <= -3 <= hi else 'outside'}")
        if base is not None:
            week = int(waves[last])
            b = population(f, base, week)
            print(f"\nModelled effect against the baseline at week {week} (population values, paired by replicate):")
            for s, name in enumerate(names):
                if s == base:
                    continue
                d = population(f, s, week) - b
                se = d.std(ddof=1) / np.sqrt(len(d)) if len(d) > 1 else float("nan")
                print(f"  {name:<16} {d.mean():+6.2f} points (se {se:.2f}; {100 * d.mean() / b.mean():+5.1f}% of the baseline's {b.mean():.1f})")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
