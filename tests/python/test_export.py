#!/usr/bin/env python3
"""`buurtsim export FILE.h5` (docs/export.md): the tidy tables of a run file and of a sweep file
(with its /sensitivity) load in pandas with the values of the HDF5 file, every variable of every
table; the run series has one row per scenario, replicate, neighbourhood, week and outcome; the
same file gives the same bytes; existing tables are refused without --force (exit 2)."""
import math
import os
import subprocess
import sys
import tempfile

import h5py
import numpy as np
import pandas as pd

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from testlib import BIN, SOURCE, check  # noqa: E402

TINY = """weeks = 8
burn_in_weeks = 2
replicates = 2
seed = 7
start_date = "2024-01-01"
[survey]
weeks = [4, 7]
[[neighbourhood]]
name = "Noord, oost"
residents = 300
[[neighbourhood]]
name = "Zuid"
residents = 250
[[scenario]]
name = "baseline"
[[scenario]]
name = "vba"
approaches = ["vba"]
"""


def run(args, expect=0):
    r = subprocess.run([BIN] + args, capture_output=True, text=True, timeout=600)
    check(r.returncode == expect, f"{' '.join(args)}: exit {r.returncode} (expected {expect}); {r.stderr[-1500:]}")
    return r


def same(a, b):
    if isinstance(a, float) and math.isnan(a):
        return isinstance(b, float) and math.isnan(b)
    return a == b


def check_tables(h5, out):
    """Every variable of every table equals its dataset, element by element, in row-major order."""
    variables = pd.read_csv(os.path.join(out, "variables.csv"), keep_default_na=False)
    check(list(variables.columns) == ["table", "group", "variable", "units", "long_name"], "variables.csv columns")
    count = 0
    with h5py.File(h5, "r") as f:
        for table, rows in variables.groupby("table", sort=False):
            df = pd.read_csv(os.path.join(out, table), keep_default_na=False, dtype=str)
            for _, v in rows.iterrows():
                ds = f[v["group"]][v["variable"]] if v["group"] != "/" else f[v["variable"]]
                mask = df[df.columns[-2]] == v["variable"]
                got = df.loc[mask, "value"].tolist()
                expected = np.asarray(ds[()]).reshape(-1)
                check(len(got) == expected.size, f"{table} {v['variable']}: {len(got)} rows, {expected.size} values")
                if ds.dtype.kind in "SO":
                    want = [x.decode() if isinstance(x, bytes) else str(x) for x in expected]
                    check(got == want, f"{table} {v['variable']}: strings differ")
                else:
                    vals = [float("nan") if s == "" else float(s) for s in got]
                    bad = [i for i, (a, b) in enumerate(zip(vals, expected.astype(float))) if not same(a, float(b))]
                    check(not bad, f"{table} {v['variable']}: value {bad[:1]} differs: {vals[bad[0]] if bad else ''}")
                # The coordinates of the first row are the dataset's first coordinates.
                for axis, dim in enumerate(ds.dims):
                    if len(dim) and expected.size:
                        first = dim[0][0]
                        first = first.decode() if isinstance(first, bytes) else first
                        cell = df.loc[mask].iloc[0][dim[0].name.split("/")[-1]]
                        check(str(cell) == str(first) or float(cell) == float(first),
                              f"{table} {v['variable']}: first coordinate {dim[0].name}: {cell} vs {first}")
                count += 1
    return count


def main():
    with tempfile.TemporaryDirectory() as tmp:
        cfg = os.path.join(tmp, "tiny.toml")
        with open(cfg, "w", encoding="utf-8") as f:
            f.write(TINY)
        h5 = os.path.join(tmp, "tiny.h5")
        run(["run", cfg, "-o", h5, "--quiet", "--threads", "2", "--uncertainty", "none"])
        r = run(["export", h5])
        out = os.path.join(tmp, "tiny_csv")
        check(os.path.join(out, "series.csv") in r.stdout, f"the files written are listed: {r.stdout[:300]}")

        series = pd.read_csv(os.path.join(out, "series.csv"))
        check(list(series.columns) == ["scenario", "replicate", "neighbourhood", "week", "outcome", "value"],
              f"series columns: {list(series.columns)}")
        with h5py.File(h5, "r") as f:
            outcomes = [k for k, v in f.items() if isinstance(v, h5py.Dataset) and v.ndim == 4]
            check(len(series) == 2 * 2 * 2 * 8 * len(outcomes), f"one row per scenario, replicate, neighbourhood, "
                  f"week and outcome: {len(series)} rows, {len(outcomes)} outcomes")
            row = series[(series.scenario == "vba") & (series.replicate == 1) & (series.neighbourhood == "Noord, oost")
                         & (series.week == 5) & (series.outcome == "unsafe_sometimes_pct")]
            check(len(row) == 1 and row.value.iloc[0] == f["unsafe_sometimes_pct"][1, 1, 0, 5],
                  "a value of the series, read back through pandas")
        comparison = pd.read_csv(os.path.join(out, "comparison_by_outcome_scenario.csv"), float_precision="round_trip")
        check(list(comparison.columns) == ["outcome", "scenario", "variable", "value"], "comparison columns")
        check(set(comparison.variable) == {"difference", "difference_lower", "difference_upper", "detection"},
              "comparison variables")
        with h5py.File(h5, "r") as f:
            o = list(f["comparison/outcome"].asstr()[()]).index("unsafe_sometimes_pct")
            want = f["comparison/difference"][o, 1]
        row = comparison[(comparison.outcome == "unsafe_sometimes_pct") & (comparison.scenario == "vba")
                         & (comparison.variable == "difference")]
        check(len(row) == 1 and row.value.iloc[0] == want, f"the vba difference in unsafe_sometimes_pct: {row}, {want}")
        n = check_tables(h5, out)
        print(f"ok   run file: {n} variables in {len(os.listdir(out))} files equal their datasets")

        before = {name: open(os.path.join(out, name), "rb").read() for name in os.listdir(out)}
        r = run(["export", h5], expect=2)
        check("--force" in r.stderr and "already holds" in r.stderr, f"refused without --force: {r.stderr}")
        run(["export", h5, "--force", "--quiet"])
        after = {name: open(os.path.join(out, name), "rb").read() for name in os.listdir(out)}
        check(before == after, "the same file gives the same bytes")
        run(["export", h5, "--format", "xlsx", "-o", os.path.join(tmp, "x")], expect=2)
        run(["export", os.path.join(tmp, "missing.h5")], expect=2)
        print("ok   deterministic; existing tables refused without --force; bad format and missing file exit 2")

        # A sweep file with its sensitivity indices (configs/sweep.toml at N = 2, short).
        sweep = os.path.join(tmp, "sweep.h5")
        run(["sweep", os.path.join(SOURCE, "configs", "sweep.toml"), "-o", sweep, "--quiet", "--threads", "2",
             "--weeks", "8", "--replicates", "1", "--set", "sweep.samples=2", "--set", "burn_in_weeks=2",
             "--set", "neighbourhood.Aandachtswijk.residents=300"])
        run(["sensitivity", sweep, "--quiet", "--bootstrap", "10", "--allow-small"])
        sout = os.path.join(tmp, "sweep_tables")
        run(["export", sweep, "-o", sout, "--quiet"])
        check("sensitivity_by_outcome_scenario_contrast_parameter.csv" in os.listdir(sout),
              f"the sensitivity indices are a table: {sorted(os.listdir(sout))}")
        n = check_tables(sweep, sout)
        print(f"ok   sweep file: {n} variables in {len(os.listdir(sout))} files equal their datasets")


if __name__ == "__main__":
    main()
