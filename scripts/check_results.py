#!/usr/bin/python3
"""Checks that a buurtsim results file has the layout documented in docs/results.md.

Usage: scripts/check_results.py RESULTS.h5

What it checks (docs/results.md, "Conventions" and "Root attributes", and the sections on each
kind of file):
  - the file opens as HDF5;
  - the root carries the attributes kind, buurtsim_version, created, command_line, seed and
    config_toml, and kind is one of run, sweep, calibration or epstein;
  - the root and every group open with xarray (engine h5netcdf), i.e. every axis of every
    dataset has a dimension scale, and every data variable has `units` and `long_name`;
  - a run file has the root attribute `residents`, the dimensions scenario, replicate,
    neighbourhood and week at the root, and a /survey group with a wave dimension;
  - an epstein file has the datasets quiet, active and jailed;
  - a calibration file has /posterior/samples; a sweep file has /design/value.

Each violation is printed on its own line and the exit status is 1; a conforming file gets a
one-line summary and exit status 0; wrong usage exits 2. Runs under Debian's /usr/bin/python3
with python3-h5py, python3-xarray and python3-h5netcdf.
"""
import sys

import h5py
import xarray as xr

KINDS = ("run", "sweep", "calibration", "epstein")
REQUIRED_ROOT_ATTRIBUTES = ("kind", "buurtsim_version", "created", "command_line", "seed", "config_toml")
RUN_DIMENSIONS = ("scenario", "replicate", "neighbourhood", "week")
EPSTEIN_DATASETS = ("quiet", "active", "jailed")
VARIABLE_ATTRIBUTES = ("units", "long_name")


def text(value):
    """An HDF5 string attribute as str (h5py may hand back bytes)."""
    return value.decode() if isinstance(value, bytes) else str(value)


def group_names(f):
    """The root (None) followed by the path of every group below it."""
    names = []

    def visit(name, obj):
        if isinstance(obj, h5py.Group):
            names.append(name)

    f.visititems(visit)
    return [None] + names


def open_group(path, group):
    return xr.open_dataset(path, engine="h5netcdf", group=group)


def check_groups(path, names):
    """Every group opens as labelled arrays and every variable says its units and meaning."""
    problems = []
    for group in names:
        prefix = "/" if group is None else f"/{group}/"
        try:
            ds = open_group(path, group)
        except Exception as e:  # xarray's message names the dataset and the axis lacking a scale
            problems.append(f"{prefix.rstrip('/') or '/'}: xarray cannot open it: {str(e)[:160]}")
            continue
        with ds:
            for name in ds.data_vars:
                absent = [a for a in VARIABLE_ATTRIBUTES if a not in ds[name].attrs]
                if absent:
                    problems.append(f"{prefix}{name}: missing {', '.join(absent)}")
    return problems


def check_run(path, f):
    problems = []
    if "residents" not in f.attrs:
        problems.append("run file: root attribute residents missing")
    with open_group(path, None) as root:
        problems += [f"run file: root has no {d} dimension" for d in RUN_DIMENSIONS if d not in root.dims]
    if "survey" not in f:
        problems.append("run file: no /survey group")
    else:
        with open_group(path, "survey") as survey:
            if "wave" not in survey.dims:
                problems.append("run file: /survey has no wave dimension")
    return problems


def check_kind(path, f, kind):
    if kind == "run":
        return check_run(path, f)
    if kind == "epstein":
        return [f"epstein file: no {name} dataset" for name in EPSTEIN_DATASETS if name not in f]
    if kind == "calibration" and not ("posterior" in f and "samples" in f["posterior"]):
        return ["calibration file: no /posterior/samples"]
    if kind == "sweep" and not ("design" in f and "value" in f["design"]):
        return ["sweep file: no /design/value"]
    return []


def check(path):
    """Prints each violation (or a summary) and returns the exit status."""
    try:
        f = h5py.File(path, "r")
    except OSError as e:
        print(f"not an HDF5 file: {e}")
        return 1
    with f:
        problems = [f"root attribute missing: {a}" for a in REQUIRED_ROOT_ATTRIBUTES if a not in f.attrs]
        kind = text(f.attrs.get("kind", b""))
        if kind not in KINDS:
            problems.append(f"root attribute kind is {kind!r}; expected run, sweep, calibration or epstein")
        names = group_names(f)
        problems += check_groups(path, names)
        problems += check_kind(path, f, kind)
    for problem in problems:
        print(problem)
    if problems:
        return 1
    print(f"{path}: {kind} file has the documented layout ({len(names)} groups checked)")
    return 0


def main(argv):
    if len(argv) != 2:
        print(__doc__.strip())
        return 2
    return check(argv[1])


if __name__ == "__main__":
    sys.exit(main(sys.argv))
