#!/usr/bin/python3
"""analysis/epstein_docking.py: on an Epstein results file it prints the per-seed distributions
of the mean and peak active share beside data/mesa_epstein_reference.csv and a two-sample
Kolmogorov-Smirnov test of each, with figures recomputed here from the file; on a file that is
not an Epstein results file it exits 2. Needs BUURTSIM_BIN. About 2 s."""
import os
import re
import subprocess
import sys
import tempfile

import h5py
import pandas as pd
from scipy import stats

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
from testlib import BIN, SOURCE, check  # noqa: E402  (tests/python/testlib.py)

SCRIPT = os.path.join(SOURCE, "analysis", "epstein_docking.py")


def main():
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "ep.h5")
        subprocess.run([BIN, "run", "configs/validation/epstein2002.toml", "--replicates", "8", "--weeks", "200",
                        "-o", out, "--quiet", "--no-report"], check=True, cwd=SOURCE, stdout=subprocess.DEVNULL)
        r = subprocess.run(["/usr/bin/python3", SCRIPT, out], capture_output=True, text=True)
        check(r.returncode == 0, r.stderr)
        with h5py.File(out) as f:
            a, q, j = (f[k][()].astype(float) for k in ("active", "quiet", "jailed"))
        share = a / (a + q + j)
        ref = pd.read_csv(os.path.join(SOURCE, "data", "mesa_epstein_reference.csv"), comment="#")
        check(len(ref) == 40, f"the reference has {len(ref)} seeds, expected 40")
        row = re.search(r"this file\s+(\d+)\s+([\d.]+) \(([\d.]+)\)\s+([\d.]+)", r.stdout)
        check(row and int(row.group(1)) == 8, r.stdout)
        check(abs(float(row.group(2)) - share.mean(axis=1).mean()) < 5e-5, f"mean share: {r.stdout}")
        check(abs(float(row.group(4)) - share.max(axis=1).mean()) < 5e-4, f"peak share: {r.stdout}")
        ks = stats.ks_2samp(share.mean(axis=1), ref["mean_active_share"])
        check(f"mean active share: D = {ks.statistic:.3f}" in r.stdout, f"KS of the mean share: {r.stdout}")
        bad = subprocess.run(["/usr/bin/python3", SCRIPT, os.path.join(SOURCE, "data", "README.md")],
                             capture_output=True, text=True)
        check(bad.returncode == 2, f"a file that is not HDF5: exit {bad.returncode}")
        print(r.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
