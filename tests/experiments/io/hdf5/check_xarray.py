#!/usr/bin/python3
"""Check the file written by test_xarray.cpp opens in xarray (engine h5netcdf) as labelled
arrays: every group opens, dimensions are named by their scales, string labels come back as
strings, and every variable carries units and long_name.

Usage: check_xarray.py FILE.h5   (exit status 0 when all is well, 1 with messages otherwise)
"""
import sys

import h5py
import numpy as np
import xarray as xr

problems = []


def check(condition, message):
    if not condition:
        problems.append(message)


def open_group(path, group):
    try:
        return xr.open_dataset(path, engine="h5netcdf", group=group)
    except Exception as e:  # the message names the dataset and axis without a scale
        problems.append(f"/{group or ''}: xarray cannot open it: {e}")
        return None


def main(path):
    with h5py.File(path, "r") as f:
        groups = [None]
        f.visititems(lambda name, obj: groups.append(name) if isinstance(obj, h5py.Group) else None)
        check(f.attrs["kind"] == "run" and isinstance(f.attrs["kind"], str),
              f"h5py reads root attribute kind as {f.attrs['kind']!r}, not the str 'run'")

    opened = {}
    for group in groups:
        ds = open_group(path, group)
        if ds is None:
            continue
        opened[group] = ds
        for name, var in ds.variables.items():
            for attr in ("units", "long_name"):
                check(attr in var.attrs, f"/{group or ''}/{name}: no {attr}")
        for dim in ds.dims:
            check(dim in ds.coords, f"/{group or ''}: dimension {dim} has no coordinate")

    root = opened.get(None)
    if root is not None:
        check(root.attrs.get("kind") == "run", f"root attrs: {dict(root.attrs)}")
        check(root.attrs.get("seed") == 42, f"root seed attribute: {root.attrs.get('seed')!r}")
        fear = root["fear_mean"]
        check(fear.dims == ("scenario", "week"), f"fear_mean dims {fear.dims}")
        check(fear.attrs.get("units") == "1" and fear.attrs.get("long_name") == "mean fear of crime",
              f"fear_mean attrs {fear.attrs}")
        labels = list(root["scenario"].values)
        check(labels == ["baseline", "vba", "wijkveiligheid"], f"scenario labels {labels!r}")
        check(all(isinstance(v, str) for v in labels), f"scenario labels are not str: {labels!r}")
        check(list(root["week"].values) == [0, 1, 2, 3], f"week values {root['week'].values}")
        check(np.array_equal(fear.sel(scenario="vba").values, [4.0, 5.0, 6.0, 7.0]),
              f"fear_mean for vba: {fear.sel(scenario='vba').values}")
        check(root["incidents"].dims == ("scenario", "week"), f"incidents dims {root['incidents'].dims}")
        check(root["total_cost"].dims == () and float(root["total_cost"]) == 1.5e6,
              "total_cost is not the scalar 1.5e6")
        frame = root[["fear_mean"]].to_dataframe()
        check(len(frame) == 12 and list(frame.index.names) == ["scenario", "week"],
              f"to_dataframe gives {frame.index.names} with {len(frame)} rows")

    survey = opened.get("survey")
    if survey is None:
        problems.append("no /survey group opened")
    else:
        x = survey["unsafe_sometimes_pct"]
        check(x.dims == ("scenario", "wave"), f"/survey/unsafe_sometimes_pct dims {x.dims}")
        check(x.attrs.get("units") == "%", f"/survey/unsafe_sometimes_pct attrs {x.attrs}")
        check(list(survey["scenario"].values) == ["baseline", "vba", "wijkveiligheid"],
              f"/survey scenario labels {list(survey['scenario'].values)!r}")
        check(survey["week"].dims == ("wave",), f"/survey/week dims {survey['week'].dims}")
        check(list(survey["week"].values) == [10, 62], f"/survey/week {survey['week'].values}")

    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__.strip())
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
