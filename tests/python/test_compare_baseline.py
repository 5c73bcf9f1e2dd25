#!/usr/bin/python3
"""docs/usage.md, "Shipped configurations": the default comparison's baseline is configs/baseline.toml unchanged: `run
configs/baseline.toml` and `run configs/compare.toml` (the embedded default) with the same
--seed, --replicates and --weeks give identical baseline datasets (the default comparison draws its
parameters, [uncertainty] parameters = "declared": baseline.toml is run in the same mode, and each
replicate's draws are the same)."""
import os
import subprocess
import sys
import tempfile

import h5py
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from testlib import BIN  # noqa: E402  (tests/python/testlib.py)


def run(args, out):
    subprocess.run([BIN, "run", *args, "-o", out, "--quiet", "--seed", "5", "--replicates", "2", "--weeks", "30"],
                   check=True, stdout=subprocess.DEVNULL)


def main():
    with tempfile.TemporaryDirectory() as tmp:
        a, b, c = (os.path.join(tmp, n) for n in ("baseline.h5", "compare.h5", "embedded.h5"))
        run(["configs/baseline.toml", "--uncertainty", "declared"], a)
        run(["configs/compare.toml"], b)
        run([], c)
        with h5py.File(a) as fa, h5py.File(b) as fb, h5py.File(c) as fc:
            base = list(fb["scenario"].asstr()[()]).index("baseline")
            assert list(fc["scenario"].asstr()[()]) == list(fb["scenario"].asstr()[()]), "embedded default differs from configs/compare.toml"
            checked = 0
            for name, ds in fa.items():
                if not isinstance(ds, h5py.Dataset) or ds.ndim != 4 or ds.dims[0][0].name != "/scenario":
                    continue
                x, y, z = ds[0], fb[name][base], fc[name][base]
                if not (np.array_equal(x, y, equal_nan=True) and np.array_equal(x, z, equal_nan=True)):
                    print(f"FAIL: {name} differs between configs/baseline.toml and the default comparison's baseline")
                    return 1
                checked += 1
            # The survey too: each scenario's survey is a sample of its own, the same whatever runs beside it.
            for name, ds in fa["survey"].items():
                if not isinstance(ds, h5py.Dataset) or ds.ndim != 4:
                    continue
                x, y, z = ds[0], fb["survey"][name][base], fc["survey"][name][base]
                if not (np.array_equal(x, y, equal_nan=True) and np.array_equal(x, z, equal_nan=True)):
                    print(f"FAIL: /survey/{name} differs between configs/baseline.toml and the default comparison's baseline")
                    return 1
                checked += 1
            assert checked > 100, f"only {checked} datasets compared"
            print(f"ok: {checked} outcome datasets identical between baseline.toml, compare.toml and the embedded default")
    return 0


if __name__ == "__main__":
    sys.exit(main())
