#!/usr/bin/python3
"""/summary and /comparison recomputed from the file's own weekly outcomes and survey, as
docs/results.md says they are computed ("/summary", "/comparison", "How intervals are computed").

A run of two neighbourhoods of different size (so that weighting by residents matters), scenarios
baseline and wijkveiligheid, 4 replicates, 30 recorded weeks, one survey wave:
  - /summary/<outcome>: per week the neighbourhoods summed (pooling "sum") or averaged weighted
    by residents (pooling "mean"), then the mean over the weeks (30 <= 52: all of them), then the
    mean over replicates with the Student t interval at interval_level;
  - /comparison/difference(outcome, scenario): the mean over replicate pairs of (scenario - baseline),
    paired by replicate, with its Student t interval; NaN for the baseline; pairs = 4;
  - /comparison/detection(outcome, scenario) for survey indicators: the share of replicate pairs in which
    the last wave's estimates, pooled over neighbourhoods weighted by /survey/eligible with
    se = sqrt(sum e^2 se^2) / sum e, differ by more than 1.96 sqrt(se_s^2 + se_b^2); NaN for
    the baseline.
Breaks it catches: unpaired differences (their interval; tried by hand), pooling by head count instead of
residents or summing a mean outcome, the window or the t quantile wrong, detection at another
level or on another wave.

Needs BUURTSIM_BIN. About 2 s.
"""
import math
import os
import subprocess
import sys
import tempfile

import h5py
import numpy as np
import xarray as xr
from scipy import stats

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from testlib import BIN, check  # noqa: E402  (tests/python/testlib.py)

CONFIG = """\
model = "buurtsim"
weeks = 30
burn_in_weeks = 10
replicates = 4
seed = 12
start_date = "2024-01-01"

[survey]
weeks = [28]
target_responses = 150

[[neighbourhood]]
name = "Klein"
residents = 600

[[neighbourhood]]
name = "Groot"
residents = 1800
fear.offset = -1.0

[[scenario]]
name = "baseline"
approaches = []

[[scenario]]
name = "wijkveiligheid"
approaches = ["wijkveiligheid"]
"""


def close(a, b):
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return abs(a - b) <= 1e-7 * max(1.0, abs(a), abs(b))  # the t quantiles of Boost and SciPy agree to about 1e-9


def interval(values, level):
    n = len(values)
    mean = sum(values) / n
    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1))
    q = stats.t.ppf(0.5 + level / 200.0, n - 1)
    return mean, mean - q * sd / math.sqrt(n), mean + q * sd / math.sqrt(n)


def replicate_value(f, name, scenario, rep, residents):
    """docs/results.md, "/summary", steps 1 and 2."""
    ds = f[name]
    summed = (ds.attrs["pooling"].decode() if isinstance(ds.attrs["pooling"], bytes) else ds.attrs["pooling"]) == "sum"
    x = ds[scenario, rep]  # (neighbourhood, week)
    weeks = []
    for w in range(max(0, x.shape[1] - 52), x.shape[1]):
        ok = ~np.isnan(x[:, w])
        if not ok.any():
            continue
        weeks.append(x[ok, w].sum() if summed else (x[ok, w] * residents[ok]).sum() / residents[ok].sum())
    return sum(weeks) / len(weeks) if weeks else math.nan


def pooled(f, item, scenario, rep):
    """The last wave's estimate over the neighbourhoods, weighted by the population aged 15+."""
    e = f["survey/eligible"][scenario, rep, :, -1]
    x = f["survey"][item][scenario, rep, :, -1]
    se = f["survey"][item + "_se"][scenario, rep, :, -1]
    return (e * x).sum() / e.sum(), math.sqrt((e * e * se * se).sum()) / e.sum()


def main():
    check(os.access(BIN, os.X_OK), f"BUURTSIM_BIN={BIN} is not an executable")
    with tempfile.TemporaryDirectory(prefix="buurtsim_comparison_") as tmp:
        config, out = os.path.join(tmp, "c.toml"), os.path.join(tmp, "c.h5")
        with open(config, "w", encoding="utf-8") as f:
            f.write(CONFIG)
        r = subprocess.run([BIN, "run", config, "-o", out, "--quiet", "--interval", "80"], capture_output=True,
                           text=True, timeout=300)
        check(r.returncode == 0, f"run exited {r.returncode}: {r.stderr}")
        with h5py.File(out, "r") as f:
            residents = f["residents"][()].astype(float)
            check(len(set(residents)) == 2, f"the neighbourhoods should differ in size: {residents}")
            level = float(f["summary"].attrs["interval_level"])
            check(level == 80, f"/summary interval_level is {level}")
            z = stats.norm.ppf(1 - float(f["comparison"].attrs["detection_alpha"]) / 2)
            check(abs(z - 1.96) < 1e-3, f"detection_alpha gives z = {z}, not 1.96")
            outcomes = [n for n, o in f.items() if isinstance(o, h5py.Dataset) and o.ndim == 4]
            items = {n for n in outcomes if n + "_se" in f["survey"]}
            check(len(outcomes) > 40 and len(items) == 21, f"{len(outcomes)} outcomes, {len(items)} survey indicators")
            pairs = f["comparison/pairs"][()]
            check(list(pairs) == [0, 4] or list(pairs) == [4, 4], f"/comparison/pairs is {pairs}")
            detected_somewhere = 0
            row = {o: i for i, o in enumerate(f["comparison/outcome"].asstr()[()])}
            check(sorted(row) == sorted(outcomes), f"/comparison/outcome {sorted(row)} is not the outcomes {outcomes}")
            for name in outcomes:
                values = [[replicate_value(f, name, s, rep, residents) for rep in range(4)] for s in range(2)]
                for s in range(2):
                    if any(math.isnan(v) for v in values[s]):
                        continue
                    mean, lo, hi = interval(values[s], level)
                    got = (f["summary"][name][s], f["summary"][name + "_lower"][s], f["summary"][name + "_upper"][s])
                    check(all(close(a, b) for a, b in zip(got, (mean, lo, hi))),
                          f"/summary/{name}[{s}] is {got}, recomputed {mean, lo, hi}")
                o = row[name]
                diff = f["comparison/difference"][o]
                check(math.isnan(diff[0]), f"/comparison/difference[{name}] is not NaN for the baseline")
                d = [a - b for a, b in zip(values[1], values[0])]
                if not any(math.isnan(v) for v in d):
                    mean, lo, hi = interval(d, level)
                    got = (diff[1], f["comparison/difference_lower"][o, 1], f["comparison/difference_upper"][o, 1])
                    check(all(close(a, b) for a, b in zip(got, (mean, lo, hi))),
                          f"/comparison/difference[{name}] is {got}, recomputed (paired by replicate) {mean, lo, hi}")
                if name in items:
                    det = f["comparison/detection"][o]
                    check(math.isnan(det[0]), f"/comparison/detection[{name}] is not NaN for the baseline")
                    hits = 0
                    for rep in range(4):
                        e1, s1 = pooled(f, name, 1, rep)
                        e0, s0 = pooled(f, name, 0, rep)
                        hits += abs(e1 - e0) > z * math.sqrt(s1 * s1 + s0 * s0)
                    check(close(det[1], hits / 4), f"/comparison/detection[{name}] is {det[1]}, recomputed {hits / 4}")
                    detected_somewhere += hits
                else:
                    check(math.isnan(f["comparison/detection"][o, 1]),
                          f"/comparison has a detection probability for the model-only {name}")
        # The same group through xarray: named dimensions with string labels, values as h5py reads them.
        ds = xr.open_dataset(out, engine="h5netcdf", group="comparison")
        check(ds["difference"].dims == ("outcome", "scenario") and ds["detection"].dims == ("outcome", "scenario"),
              f"/comparison in xarray: difference has dims {ds['difference'].dims}")
        check(list(ds["scenario"].values) == ["baseline", "wijkveiligheid"] and "fear_mean" in ds["outcome"].values,
              f"/comparison in xarray: labels {list(ds['scenario'].values)}, {list(ds['outcome'].values)[:3]}")
        cell = ds.sel(outcome="unsafe_sometimes_pct", scenario="wijkveiligheid")
        with h5py.File(out, "r") as f:
            o = list(f["comparison/outcome"].asstr()[()]).index("unsafe_sometimes_pct")
            want = [f["comparison"][v][o, 1] for v in ("difference", "difference_lower", "difference_upper", "detection")]
            unit = f["unsafe_sometimes_pct"].attrs["units"]
        got = [float(cell[v]) for v in ("difference", "difference_lower", "difference_upper", "detection")]
        check(got == [float(w) for w in want], f"/comparison in xarray gives {got}, h5py {want}")
        check(str(cell["unit"].values) == unit, f"/comparison/unit of unsafe_sometimes_pct is {cell['unit'].values}")
        ds.close()
        print(f"ok   /summary and /comparison of {len(outcomes)} outcomes recomputed from the weekly values and the "
              f"survey: pooling, window, paired differences, Student t intervals at 80%, detection of "
              f"{len(items)} survey indicators ({detected_somewhere} detections in all)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
