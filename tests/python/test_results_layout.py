#!/usr/bin/python3
"""The results layout and the informational commands (docs/results.md and docs/usage.md,
"Command line").

  - a run of a small config passes scripts/check_results.py;
  - every group (root, survey, blocks, summary and any other) opens with xarray
    engine="h5netcdf", every variable (data and dimension scales) has units and long_name, the root has the dimensions scenario, replicate,
    neighbourhood and week with the week's date(week) decoded to datetimes, and /survey has wave, first_week, and <indicator>_true and _bias
    with _bias = estimate - _true;
  - `params --format csv` has the exact header and a valid calibration status on every row;
  - `params --outcomes` lists unsafe_sometimes_pct;
  - --interval is stored as the interval_level of /survey and /summary, and config_toml is the
    same whatever --interval, --threads, -o and --quiet;
  - `check CONFIG` exits 0 and prints the resolved configuration, the number of runs and an
    estimate of the time;
  - `--version` prints a version and a source revision; the root attributes buurtsim_version
    and created have their documented form; no dataset is big-endian.

Needs BUURTSIM_BIN. Exits 1 with a message on the first failure.
"""
import csv
import io
import os
import re
import subprocess
import sys
import tempfile

import h5py
import xarray as xr

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from testlib import BIN, check, check_results, fail  # noqa: E402  (tests/python/testlib.py)

SMALL = """\
# A small config for quick tests.
model = "buurtsim"
weeks = 30
burn_in_weeks = 20
replicates = 2
seed = 4242
start_date = "2024-01-01"

[survey]
weeks = [25]
target_responses = 150

[[neighbourhood]]
name = "Klein"
residents = 1500
fear.offset = -1.2
"""

CSV_HEADER = "name,type,unit,default,min,max,meaning,source,status"
STATUSES = {"fixed", "survey-level", "micro", "other-data", "unidentified"}


def buurtsim(args, expect=0):
    r = subprocess.run([BIN] + args, capture_output=True, text=True, timeout=300)
    check(r.returncode == expect, f"buurtsim {' '.join(args)} exited {r.returncode}, expected {expect}: {r.stderr}")
    return r


def check_file(path):
    r = check_results(path)
    check(r.returncode == 0, f"check_results.py found violations:\n{r.stdout}{r.stderr}")
    print(f"ok   check_results.py: {r.stdout.strip()}")

    with h5py.File(path, "r") as f:
        all_groups = [None]
        f.visititems(lambda name, obj: all_groups.append(name) if isinstance(obj, h5py.Group) else None)
    for required in ("survey", "blocks", "summary"):
        check(required in all_groups, f"the file has no /{required} group (groups: {all_groups})")
    for group in all_groups:
        label = "/" + (group or "")
        try:
            ds = xr.open_dataset(path, engine="h5netcdf", group=group)
        except Exception as e:  # the message names the dataset and axis without a scale
            fail(f"xarray cannot open {label}: {e}")
        check(len(ds.data_vars) > 0, f"{label}: no data variables")
        for name, var in ds.variables.items():  # data variables and dimension scales alike
            for attr in ("units", "long_name"):  # a decoded time keeps its units in .encoding
                check(attr in var.attrs or (attr == "units" and "units" in var.encoding), f"{label}/{name}: no {attr}")
            check(str(var.attrs["long_name"]).strip() != "", f"{label}/{name}: empty long_name")
        for dim in ds.dims:
            check(dim in ds.coords, f"{label}: dimension {dim} has no coordinate (dimension scale)")
        if group is None:
            for dim in ("scenario", "replicate", "neighbourhood", "week"):
                check(dim in ds.dims, f"root: no {dim} dimension (dims: {dict(ds.sizes)})")
            check(ds.sizes["replicate"] == 2 and ds.sizes["week"] == 30 and ds.sizes["neighbourhood"] == 1,
                  f"root: sizes {dict(ds.sizes)} do not match 2 replicates, 30 weeks, 1 neighbourhood")
            check(list(ds["scenario"].values) == ["small"], f"root: scenario labels {list(ds['scenario'].values)}, expected ['small']")
            check(list(ds["neighbourhood"].values) == ["Klein"], f"root: neighbourhood labels {list(ds['neighbourhood'].values)}")
            check("unsafe_sometimes_pct" in ds.data_vars, "root: no unsafe_sometimes_pct")
            check(ds["unsafe_sometimes_pct"].dims == ("scenario", "replicate", "neighbourhood", "week"),
                  f"root: unsafe_sometimes_pct has dims {ds['unsafe_sometimes_pct'].dims}")
            ds["unsafe_sometimes_pct"].to_dataframe()  # pandas through xarray
            # The week's calendar date: a CF time coordinate decoded to datetimes (start_date + 7 w days).
            check("date" in ds["unsafe_sometimes_pct"].coords and ds["date"].dims == ("week",),
                  f"root: no date(week) coordinate on the outcomes (coords: {list(ds['unsafe_sometimes_pct'].coords)})")
            check(str(ds["date"].dtype).startswith("datetime64"), f"root: date decodes to {ds['date'].dtype}")
            dates = [str(d)[:10] for d in ds["date"].values[[0, 5, 29]]]
            check(dates == ["2024-01-01", "2024-02-05", "2024-07-22"], f"root: dates of weeks 0, 5, 29 are {dates}")
            check(float(ds["unsafe_sometimes_pct"].swap_dims(week="date").sel(date="2024-02-05").isel(
                scenario=0, replicate=0, neighbourhood=0)) == float(ds["unsafe_sometimes_pct"][0, 0, 0, 5]),
                  "root: selecting week 5 by its date gives another value")
        if group == "survey":
            check("wave" in ds.dims, f"/survey: no wave dimension (dims: {dict(ds.sizes)})")
            check(ds.sizes["wave"] == 1, f"/survey: {ds.sizes['wave']} waves, expected 1")
            for name in ("first_week", "victimised_12m_pct_true", "victimised_12m_pct_bias", "active_pct_bias"):
                check(name in ds.data_vars, f"/survey: no {name}")
            gap = abs(ds["active_pct_bias"] - (ds["active_pct"] - ds["active_pct_true"])).max()
            check(float(gap) < 1e-9, f"/survey: active_pct_bias is not active_pct - active_pct_true (gap {float(gap)})")
            check(bool((ds["first_week"] <= ds["week"]).all()), "/survey: first_week after the wave's week")
        print(f"ok   {label} opens in xarray: dims {dict(ds.sizes)}, {len(ds.data_vars)} data variables, every variable with units and long_name")
        ds.close()


def main():
    check(os.access(BIN, os.X_OK), f"BUURTSIM_BIN={BIN} is not an executable")
    with tempfile.TemporaryDirectory(prefix="buurtsim_layout_") as tmp:
        config = os.path.join(tmp, "small.toml")
        with open(config, "w", encoding="utf-8") as f:
            f.write(SMALL)
        out = os.path.join(tmp, "small.h5")
        r = buurtsim(["run", config, "-o", out, "--quiet"])
        check(os.path.exists(out), "run wrote no file")
        check(not os.path.exists(out + ".partial"), "run left OUT.h5.partial behind")
        check(out in r.stdout, f"run did not say where the results are on stdout: {r.stdout!r}")
        check(r.stderr.strip() == "", f"--quiet, yet stderr has: {r.stderr!r}")
        check_file(out)

        # Root attributes in their documented form, and little-endian types throughout
        # (docs/results.md, "Root attributes" and "Conventions").
        with h5py.File(out, "r") as f:
            text = lambda v: v.decode() if isinstance(v, bytes) else str(v)
            version, created = text(f.attrs["buurtsim_version"]), text(f.attrs["created"])
            check(re.fullmatch(r"\d+\.\d+\.\d+ \([0-9a-f]+(-dirty)?\)", version) is not None,
                  f"buurtsim_version is {version!r}, expected like '0.1.0 (24600dc1e62b)'")
            check(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", created) is not None,
                  f"created is {created!r}, expected UTC ISO 8601 like '2026-11-25T10:40:12Z'")
            orders = set()
            f.visititems(lambda n, o: orders.add((n, o.dtype.byteorder)) if isinstance(o, h5py.Dataset) else None)
            big = sorted(n for n, order in orders if order == ">")
            check(not big, f"big-endian datasets: {big[:5]}")
        print("ok   buurtsim_version and created in their documented form; every dataset little-endian")

        # The interval level is stored beside the intervals, not in the configuration: config_toml
        # leaves out --interval, --threads, -o and --quiet (docs/results.md, "Root attributes").
        other = os.path.join(tmp, "other.h5")
        r = subprocess.run([BIN, "run", config, "-o", other, "--interval", "80", "--threads", "1"], capture_output=True,
                           text=True, timeout=300)
        check(r.returncode == 0, f"run --interval 80 exited {r.returncode}: {r.stderr}")
        with h5py.File(out, "r") as a, h5py.File(other, "r") as b:
            check(a.attrs["config_toml"] == b.attrs["config_toml"],
                  "config_toml differs between runs that differ only in --interval, --threads, -o and --quiet")
            for group in ("survey", "summary"):
                check(a[group].attrs["interval_level"] == 90 and b[group].attrs["interval_level"] == 80,
                      f"/{group} interval_level: {a[group].attrs['interval_level']} and {b[group].attrs['interval_level']}, "
                      "expected 90 (the default) and 80")
        print("ok   --interval is stored as /survey and /summary interval_level; config_toml leaves out --interval, "
              "--threads, -o and --quiet")

        r = buurtsim(["check", config])
        m = re.search(r"(\d+) run\(s\)", r.stdout)
        check(m is not None and m.group(1) == "2", f"check does not print the number of runs (2): {r.stdout[-400:]!r}")
        check("# Resolved buurtsim configuration" in r.stdout and "offset = -1.2" in r.stdout and "[population]" in r.stdout,
              f"check does not print the resolved configuration: {r.stdout[:400]!r}")
        check(re.search(r"estimated time on \d+ core\(s\): about ", r.stdout) is not None,
              f"check does not print an estimate of the time: {r.stdout[-400:]!r}")
        print(f"ok   check CONFIG: exit 0, {m.group(0)}")

    r = buurtsim(["params", "--format", "csv"])
    lines = r.stdout.splitlines()
    check(lines and lines[0] == CSV_HEADER, f"params --format csv header is {lines[:1]}, expected {CSV_HEADER!r}")
    rows = list(csv.reader(io.StringIO(r.stdout)))[1:]
    check(len(rows) > 20, f"params --format csv lists only {len(rows)} parameters")
    names = set()
    for row in rows:
        check(len(row) == 9, f"params --format csv: a row with {len(row)} fields, expected 9: {row}")
        check(row[8] in STATUSES, f"params --format csv: {row[0]} has status {row[8]!r}, expected one of {sorted(STATUSES)}")
        check(re.fullmatch(r"[a-z0-9_]+\.[a-z0-9_]+", row[0]) is not None, f"params --format csv: bad name {row[0]!r}")
        check(row[0] not in names, f"params --format csv: {row[0]} listed twice")
        names.add(row[0])
    check("fear.offset" in names, "params --format csv does not list fear.offset")
    print(f"ok   params --format csv: exact header, {len(rows)} parameters, every status valid")

    for fmt in ("text", "markdown"):
        r = buurtsim(["params", "--format", fmt])
        check("fear.offset" in r.stdout, f"params --format {fmt} does not list fear.offset")
    buurtsim(["params", "--format", "yaml"], expect=2)
    print("ok   params --format text and markdown list the parameters; an unknown format exits 2")

    r = buurtsim(["params", "--outcomes"])
    check(re.search(r"^unsafe_sometimes_pct\b", r.stdout, re.M) is not None, "params --outcomes does not list unsafe_sometimes_pct")
    check("survey indicator" in r.stdout and "model-only" in r.stdout.replace("model only", "model-only"),
          "params --outcomes does not say which outcomes are survey indicators and which model-only")
    print("ok   params --outcomes lists unsafe_sometimes_pct (survey indicator / model-only marked)")

    r = buurtsim(["--version"])
    m = re.search(r"(\d+\.\d+(\.\d+)?).*revision\s+(\S+?)\)?$", r.stdout.strip())
    check(m is not None, f"--version does not print a version and a revision: {r.stdout!r}")
    print(f"ok   --version: {r.stdout.strip()}")
    print("PASS test_results_layout")


if __name__ == "__main__":
    main()
