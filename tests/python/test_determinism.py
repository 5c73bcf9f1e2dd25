#!/usr/bin/python3
"""Determinism (docs/usage.md, "Determinism, threads and MPI": the same seed, configuration and
program version give the same values in every dataset for any --threads; issue 2, "Tests").

On a small config (one neighbourhood of 1500 residents, 20 + 30 weeks, 2 replicates, one
survey wave):
  - --threads 1 and --threads 2 give identical values in every dataset of every group and in
    every attribute, except the root attributes created and command_line;
  - the same command twice likewise;
  - rerunning from the file's stored config_toml reproduces every dataset;
  - a different --seed changes the outcome datasets.

Needs BUURTSIM_BIN. Exits 1 with a message on the first failure.
"""
import os
import subprocess
import sys
import tempfile

import h5py
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from testlib import BIN, check  # noqa: E402  (tests/python/testlib.py)

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

# Root attributes that may differ between two runs of the same work.
VOLATILE_ROOT_ATTRS = {"created", "command_line"}
# Attributes that hold HDF5 object references (dimension scales): compared by what they point to.
REFERENCE_ATTRS = {"DIMENSION_LIST", "REFERENCE_LIST"}


def run(args):
    r = subprocess.run([BIN, "run"] + args + ["--quiet"], capture_output=True, text=True, timeout=300)
    check(r.returncode == 0, f"buurtsim run {' '.join(args)} exited {r.returncode}: {r.stderr}")
    return r


def values_equal(a, b):
    a = np.asarray(a)
    b = np.asarray(b)
    if a.shape != b.shape or a.dtype != b.dtype:
        return False
    if a.dtype.kind == "f":
        return np.array_equal(a, b, equal_nan=True)
    if a.dtype.kind == "O":
        return [str(x) for x in a.ravel()] == [str(x) for x in b.ravel()]
    return np.array_equal(a, b)


def datasets(f):
    out = {}
    f.visititems(lambda name, obj: out.__setitem__(name, obj) if isinstance(obj, h5py.Dataset) else None)
    return out


def groups(f):
    out = {"/": f}
    f.visititems(lambda name, obj: out.__setitem__(name, obj) if isinstance(obj, h5py.Group) else None)
    return out


def compare_attrs(label, a, b, skip):
    keys_a = set(a.attrs.keys()) - skip - REFERENCE_ATTRS
    keys_b = set(b.attrs.keys()) - skip - REFERENCE_ATTRS
    check(keys_a == keys_b, f"{label}: attributes differ: {sorted(keys_a ^ keys_b)}")
    for key in sorted(keys_a):
        check(values_equal(a.attrs[key], b.attrs[key]),
              f"{label}: attribute {key} differs: {str(a.attrs[key])[:200]!r} vs {str(b.attrs[key])[:200]!r}")


def compare_files(path_a, path_b, what, attributes=True):
    """Every dataset (and, with attributes, every attribute) of the two files is identical."""
    with h5py.File(path_a, "r") as a, h5py.File(path_b, "r") as b:
        da, db = datasets(a), datasets(b)
        check(set(da) == set(db), f"{what}: different datasets: {sorted(set(da) ^ set(db))}")
        check(len(da) > 0, f"{what}: no datasets at all")
        for name in sorted(da):
            check(values_equal(da[name][()], db[name][()]), f"{what}: dataset /{name} differs")
        if attributes:
            ga, gb = groups(a), groups(b)
            check(set(ga) == set(gb), f"{what}: different groups: {sorted(set(ga) ^ set(gb))}")
            for name in ga:
                compare_attrs(f"{what}: group {name}", ga[name], gb[name], VOLATILE_ROOT_ATTRS if name == "/" else set())
            for name in da:
                compare_attrs(f"{what}: dataset /{name}", da[name], db[name], set())
        return len(da)


def outcome_names(path):
    """Root datasets with dimensions (scenario, replicate, neighbourhood, week): the outcomes."""
    with h5py.File(path, "r") as f:
        names = []
        for name, obj in f.items():
            if isinstance(obj, h5py.Dataset) and obj.ndim == 4:
                names.append(name)
        return names


def main():
    check(os.access(BIN, os.X_OK), f"BUURTSIM_BIN={BIN} is not an executable")
    with tempfile.TemporaryDirectory(prefix="buurtsim_determinism_") as tmp:
        config = os.path.join(tmp, "small.toml")
        with open(config, "w", encoding="utf-8") as f:
            f.write(SMALL)
        p = lambda name: os.path.join(tmp, name)

        run([config, "-o", p("t1.h5"), "--threads", "1"])
        run([config, "-o", p("t2.h5"), "--threads", "2"])
        n = compare_files(p("t1.h5"), p("t2.h5"), "--threads 1 vs --threads 2")
        print(f"ok   --threads 1 and --threads 2: {n} datasets and all attributes identical (except created, command_line)")

        os.rename(p("t2.h5"), p("t2_first.h5"))
        run([config, "-o", p("t2.h5"), "--threads", "2"])
        compare_files(p("t2_first.h5"), p("t2.h5"), "the same command twice")
        print(f"ok   the same command twice: {n} datasets and all attributes identical (except created, command_line)")

        with h5py.File(p("t1.h5"), "r") as f:
            stored = f.attrs["config_toml"]
        stored = stored.decode() if isinstance(stored, bytes) else str(stored)
        check("[[neighbourhood]]" in stored, "the stored config_toml has no [[neighbourhood]]: " + stored[:200])
        rerun_config = p("from_stored.toml")
        with open(rerun_config, "w", encoding="utf-8") as f:
            f.write(stored)
        run([rerun_config, "-o", p("rerun.h5")])
        compare_files(p("t1.h5"), p("rerun.h5"), "rerun from the stored config_toml", attributes=False)
        with h5py.File(p("rerun.h5"), "r") as f:
            again = f.attrs["config_toml"]
        again = again.decode() if isinstance(again, bytes) else str(again)
        check(again == stored, "rerun from the stored config_toml: its own config_toml differs from the one it ran")
        print(f"ok   rerun from the stored config_toml: {n} datasets identical, and the same config_toml")

        run([config, "-o", p("seed.h5"), "--seed", "4243"])
        outcomes = outcome_names(p("t1.h5"))
        check(len(outcomes) >= 10, f"expected the outcome datasets at the root, found {outcomes}")
        changed, constant = [], []
        with h5py.File(p("t1.h5"), "r") as a, h5py.File(p("seed.h5"), "r") as b:
            check(int(a.attrs["seed"]) != int(b.attrs["seed"]), "--seed 4243 is not recorded in the seed attribute")
            for name in outcomes:
                va, vb = a[name][()], b[name][()]
                if values_equal(va, vb):
                    # An outcome that cannot vary (for example a fixed cost) is the same for any seed.
                    check(np.all(va == va.flat[0]), f"--seed 4243: outcome {name} varies over weeks but is identical for both seeds")
                    constant.append(name)
                else:
                    changed.append(name)
            for name in ("incidents", "fear_mean", "unsafe_sometimes_pct", "victimised_12m_pct"):
                check(name in changed, f"--seed 4243: outcome {name} did not change")
            survey = [k for k in a["survey"] if a["survey"][k].ndim == 4]
            check(any(not values_equal(a["survey"][k][()], b["survey"][k][()]) for k in survey),
                  "--seed 4243: no /survey estimate changed")
        print(f"ok   a different --seed changes {len(changed)} of {len(outcomes)} outcomes "
              f"(constant by construction: {', '.join(constant) or 'none'}) and the survey estimates")
    print("PASS test_determinism")


if __name__ == "__main__":
    main()
