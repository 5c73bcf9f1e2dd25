#!/usr/bin/python3
"""Docking with Mesa 3.2.0 (docs/validation.md, "Docking with Mesa 3.2.0"): the shipped preset
configs/validation/epstein_mesa.toml over 40 seeds of 500 steps against the 40 seeds of
data/mesa_epstein_reference.csv. Distributional equivalence is accepted when a two-sample
Kolmogorov-Smirnov test of the per-seed mean active share and one of the per-seed peak active
share both give p > 0.01. A second check that the test can fail: the default reading (NetLogo's
floor rounding, exact placement, jailed citizens off the lattice, a release phase, move then act)
at the same seeds must be rejected on at least one of the two (p < 0.01). About 30 s."""
import os
import subprocess
import sys
import tempfile

import h5py
import pandas as pd
from scipy import stats

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
from testlib import BIN, SOURCE, check  # noqa: E402  (tests/python/testlib.py)

LEVEL = 0.01


def shares(path):
    with h5py.File(path, "r") as f:
        a, q, j = (f[k][()].astype(float) for k in ("active", "quiet", "jailed"))
    share = a / (a + q + j)
    return share.mean(axis=1), share.max(axis=1)


def run(tmp, name, extra):
    out = os.path.join(tmp, name + ".h5")
    subprocess.run([BIN, "run", "configs/validation/epstein_mesa.toml", "-o", out, "--quiet", "--no-report"] + extra,
                   check=True, cwd=SOURCE, stdout=subprocess.DEVNULL)
    return shares(out)


def main():
    ref = pd.read_csv(os.path.join(SOURCE, "data", "mesa_epstein_reference.csv"), comment="#")
    check(len(ref) == 40, f"the reference has {len(ref)} seeds, expected 40")
    reference = (ref["mean_active_share"].to_numpy(), ref["peak_active_share"].to_numpy())
    with tempfile.TemporaryDirectory() as tmp:
        mesa = run(tmp, "mesa", [])
        check(len(mesa[0]) == 40, f"the preset ran {len(mesa[0])} seeds, expected 40")
        for label, ours, theirs in (("mean", mesa[0], reference[0]), ("peak", mesa[1], reference[1])):
            ks = stats.ks_2samp(ours, theirs)
            print(f"Mesa preset vs reference, {label} active share: ours {ours.mean():.4f} (sd {ours.std(ddof=1):.4f}), "
                  f"Mesa {theirs.mean():.4f} (sd {theirs.std(ddof=1):.4f}); KS D = {ks.statistic:.3f}, p = {ks.pvalue:.3g}")
            check(ks.pvalue > LEVEL, f"{label} active share: KS p = {ks.pvalue:.3g} <= {LEVEL}: not equivalent")
        default = run(tmp, "default", ["--set", "epstein.arrest_rounding=floor", "--set", "epstein.placement=exact",
                                   "--set", "epstein.jail=leave_grid", "--set", "epstein.jail_countdown=release_phase",
                                   "--set", "epstein.rule_order=move_then_act"])
        p_min = min(stats.ks_2samp(default[i], reference[i]).pvalue for i in (0, 1))
        print(f"the default reading vs reference: smallest KS p = {p_min:.3g}")
        check(p_min < LEVEL, f"the default reading is not told apart from Mesa's (p = {p_min:.3g}): the test cannot fail")
    return 0


if __name__ == "__main__":
    sys.exit(main())
