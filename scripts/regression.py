#!/usr/bin/python3
"""Numbers unchanged: runs every shipped configuration (at shortened --weeks where it is long)
and compares a checksum of every dataset with those stored in tests/regression/checksums.json.

    scripts/regression.py check  BIN [--only CASE ...]   # exit 1 when a dataset differs
    scripts/regression.py record BIN                     # write tests/regression/checksums.json

A checksum covers a dataset's type, shape and bytes (variable-length strings by value), so any
changed number, renamed or added dataset shows. Attributes are not covered: they hold the
version, the resolved configuration text and descriptions, which change with the code. When a
change is meant to alter numbers (a named bug fix, a model change), record the checksums again
in the same commit and say why in the CHANGELOG (docs/architecture.md, "Numbers unchanged").
"""
import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile

import h5py
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STORE = os.path.join(ROOT, "tests", "regression", "checksums.json")
COMMON = ["--quiet", "--no-report", "--threads", "2"]


def shrink_calibration(src, dst):
    """The calibration example with 12 particles and 2 generations (it takes minutes as shipped)."""
    text = open(src).read()
    for key, value in (("particles", 12), ("generations", 2), ("batch", 12)):
        text, n = re.subn(rf"^{key} = \d+", f"{key} = {value}", text, flags=re.M)
        assert n == 1, f"{src}: no '{key} = ...' line to shorten"
    with open(dst, "w") as out:
        out.write(text)


def cases(tmp):
    """(name, argument lists run in order, the file whose datasets count)."""
    out = []
    for cfg in ["baseline", "nl_average", "vba", "bap", "wijkveiligheid", "buurtpreventie", "combined",
                "compare", "maastricht_vba"]:
        h5 = os.path.join(tmp, f"{cfg}.h5")
        extra = ["--replicates", "16"] if cfg == "compare" else []  # its 64 draws: 16 cover the mode
        out.append((cfg, [["run", f"configs/{cfg}.toml", "--weeks", "52", "-o", h5] + extra], h5))
    h5 = os.path.join(tmp, "epstein2002.h5")
    out.append(("epstein2002", [["run", "configs/validation/epstein2002.toml", "--weeks", "300", "-o", h5]], h5))
    h5 = os.path.join(tmp, "large.h5")
    out.append(("large", [["run", "configs/scale/large.toml", "--weeks", "3", "--replicates", "1", "-o", h5]], h5))
    h5 = os.path.join(tmp, "sweep.h5")
    out.append(("sweep", [["sweep", "configs/sweep.toml", "--replicates", "1", "--weeks", "26", "-o", h5],
                          ["sensitivity", h5]], h5))
    cal = os.path.join(tmp, "calibration.toml")
    shrink_calibration(os.path.join(ROOT, "configs", "calibration.toml"), cal)
    h5 = os.path.join(tmp, "calibration.h5")
    out.append(("calibration", [["calibrate", cal, "--data", "data/veiligheidsmonitor_examples.csv", "-o", h5]], h5))
    # The shipped calibration example's posterior carried into a run of its neighbourhoods.
    post = os.path.join(tmp, "posterior_run.h5")
    out.append(("posterior_run", [["calibrate", cal, "--data", "data/veiligheidsmonitor_examples.csv", "-o", h5],
                                  ["run", cal, "--posterior", h5, "--replicates", "4", "--weeks", "26", "-o", post]],
                post))
    return out


TMP = []  # the temporary directory of this check: paths in string datasets (a posterior's file) name it


def digest(ds):
    h = hashlib.sha256()
    h.update(f"{ds.dtype.str}|{ds.shape}|".encode())
    if h5py.check_string_dtype(ds.dtype) is not None or ds.dtype.kind == "O":
        for v in np.asarray(ds.asstr()[()] if ds.shape != () else [ds.asstr()[()]]).ravel():
            text = str(v)
            for tmp in TMP:
                text = text.replace(tmp, "TMP")
            h.update(text.encode() + b"\0")
    else:
        h.update(np.ascontiguousarray(ds[()]).tobytes())
    return h.hexdigest()


def checksums(path):
    sums = {}
    with h5py.File(path, "r") as f:
        f.visititems(lambda name, obj: sums.__setitem__(name, digest(obj)) if isinstance(obj, h5py.Dataset) else None)
    return dict(sorted(sums.items()))


def run_case(binary, name, steps, h5):
    for args in steps:
        if "-o" in args and os.path.exists(args[args.index("-o") + 1]):
            continue  # made by an earlier case of this check (the calibration the posterior run reads)
        cmd = [binary] + args + ([] if args[0] == "sensitivity" else COMMON)
        r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
        if r.returncode != 0:
            sys.exit(f"regression: {name}: `{' '.join(cmd)}` exited {r.returncode}:\n{r.stderr}")
    return checksums(h5)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("mode", choices=["check", "record"])
    ap.add_argument("binary", help="the buurtsim program")
    ap.add_argument("--only", nargs="*", help="case names (default: all)")
    a = ap.parse_args()
    binary = os.path.abspath(a.binary)
    stored = json.load(open(STORE)) if os.path.exists(STORE) else {}
    with tempfile.TemporaryDirectory() as tmp:
        TMP.append(tmp)
        selected = [c for c in cases(tmp) if not a.only or c[0] in a.only]
        if a.only and len(selected) != len(a.only):
            sys.exit(f"regression: unknown case in {a.only}; cases: {[c[0] for c in cases(tmp)]}")
        got = {name: run_case(binary, name, steps, h5) for name, steps, h5 in selected}
    if a.mode == "record":
        stored.update(got)
        os.makedirs(os.path.dirname(STORE), exist_ok=True)
        with open(STORE, "w") as out:
            json.dump(stored, out, indent=1, sort_keys=True)
            out.write("\n")
        print(f"regression: recorded {sum(len(v) for v in got.values())} datasets of {len(got)} cases in {STORE}")
        return 0
    failures = []
    for name, sums in got.items():
        want = stored.get(name)
        if want is None:
            failures.append(f"{name}: no stored checksums (record them)")
            continue
        for ds in sorted(set(want) | set(sums)):
            if ds not in sums:
                failures.append(f"{name}: /{ds} is gone")
            elif ds not in want:
                failures.append(f"{name}: /{ds} is new")
            elif want[ds] != sums[ds]:
                failures.append(f"{name}: /{ds} differs")
    for f in failures:
        print("FAIL", f)
    n = sum(len(v) for v in got.values())
    print(f"regression: {len(got)} cases, {n} datasets, {len(failures)} differences")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
