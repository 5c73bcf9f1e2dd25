#!/usr/bin/env python3
"""R reads a run file with hdf5r and its exported series.csv with read.csv, and gets the values
h5py reads (tests/R/read_run.R; docs/export.md). Needs Rscript with hdf5r (scripts/setup.sh
installs r-base-core and r-cran-hdf5r); without them the test is skipped (exit 77) naming what
is missing."""
import os
import shutil
import subprocess
import sys
import tempfile

import h5py

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_export import TINY, run  # noqa: E402
from testlib import SOURCE, check  # noqa: E402

SKIP = 77


def main():
    if shutil.which("Rscript") is None:
        print("SKIP: Rscript is not installed (bash scripts/setup.sh installs r-base-core and r-cran-hdf5r)")
        sys.exit(SKIP)
    r = subprocess.run(["Rscript", "-e", "library(hdf5r)"], capture_output=True, text=True)
    if r.returncode != 0:
        print("SKIP: R has no hdf5r package (bash scripts/setup.sh installs r-cran-hdf5r)")
        sys.exit(SKIP)
    with tempfile.TemporaryDirectory() as tmp:
        cfg = os.path.join(tmp, "tiny.toml")
        with open(cfg, "w", encoding="utf-8") as f:
            f.write(TINY)
        h5 = os.path.join(tmp, "tiny.h5")
        run(["run", cfg, "-o", h5, "--quiet", "--threads", "2", "--uncertainty", "none"])
        run(["export", h5, "--quiet"])
        with h5py.File(h5, "r") as f:
            value = float(f["unsafe_sometimes_pct"][1, 1, 0, 5])
            npv = float(f["cba/npv_eur"][1])
            o = list(f["comparison/outcome"].asstr()[()]).index("unsafe_sometimes_pct")
            difference = float(f["comparison/difference"][o, 1])
        r = subprocess.run(["Rscript", os.path.join(SOURCE, "tests", "R", "read_run.R"), h5,
                            os.path.join(tmp, "tiny_csv", "series.csv"), repr(value), repr(npv), repr(difference)],
                           capture_output=True, text=True, timeout=300)
        print(r.stdout + r.stderr)
        check(r.returncode == 0, f"tests/R/read_run.R: exit {r.returncode}")


if __name__ == "__main__":
    main()
