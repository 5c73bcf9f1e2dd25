#!/usr/bin/python3
"""Decomposes each approach's key effects in the default comparison (docs/approaches/decomposition.md):
the difference from the baseline with every mechanism on, then again with one mechanism switched
off at a time (the settings in MECHANISMS), so that what remains shows how much of an effect each
mechanism carries. Mechanisms interact, so the parts need not add up to the whole.

Scenarios do not affect one another (common random numbers; each scenario's survey is its own
sample), so the k-th mechanism of every approach is switched off in the same run.

Usage: analysis/decomposition.py [--bin build/bin/buurtsim] [--replicates 4] [--config configs/compare.toml]
                                 [--weeks W] [--approach NAME ...]
"""
import argparse
import os
import sys
import tempfile

from comparison_runs import effect, fmt, run

# The key effects: victimisation and fear first, then what carries them.
OUTCOMES = [
    "victimised_12m_pct",
    "unsafe_sometimes_pct",
    "incidents",
    "police_visible_often_pct",
    "trust_police_mean",
    "active_pct",
]

# Per approach: (mechanism, the settings that switch it off). The first row, "without hours", sets the
# approach's hours to zero: without hours an approach does nothing at all, so its effects must be 0.
NO_HOURS = ["police_hours=0", "municipality_hours=0", "welfare_hours=0", "corporation_hours=0"]
MECHANISMS = {
    "vba": [],
    "bap": [],
    "wijkveiligheid": [],
    "buurtpreventie": [],
}


def rows(approach):
    return [("hours (the approach off)", [f"{approach}.{s}" for s in NO_HOURS])] + MECHANISMS[approach]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default="build/bin/buurtsim")
    ap.add_argument("--replicates", type=int, default=4)
    ap.add_argument("--config", default="configs/compare.toml")
    ap.add_argument("--weeks", type=int, default=None)
    ap.add_argument("--approach", action="append", choices=sorted(MECHANISMS), help="only these approaches")
    a = ap.parse_args()
    approaches = a.approach or list(MECHANISMS)
    with tempfile.TemporaryDirectory() as tmp:
        default = os.path.join(tmp, "default.h5")
        run(a.bin, a.config, a.replicates, [], default, a.weeks)
        runs = []  # the k-th run switches off the k-th row of every approach
        for k in range(max(len(rows(x)) for x in approaches)):
            sets = [f"scenario.{x}.{s}" for x in approaches if k < len(rows(x)) for s in rows(x)[k][1]]
            path = os.path.join(tmp, f"off{k}.h5")
            run(a.bin, a.config, a.replicates, sets, path, a.weeks)
            runs.append(path)
        print(f"Config {a.config}, {a.replicates} replicates; difference from the baseline, mean of the last 52 "
              f"recorded weeks, paired by replicate, [90% interval]")
        for x in approaches:
            print(f"\n### {x}\n")
            print("| switched off | settings | " + " | ".join(f"`{o}`" for o in OUTCOMES) + " |")
            print("|---|---|" + "---|" * len(OUTCOMES))
            print("| nothing | | " + " | ".join(fmt(effect(default, x, o)) for o in OUTCOMES) + " |")
            for k, (label, sets) in enumerate(rows(x)):
                settings = ", ".join(f"`{s}`" for s in sets)
                print(f"| {label} | {settings} | " + " | ".join(fmt(effect(runs[k], x, o)) for o in OUTCOMES) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
