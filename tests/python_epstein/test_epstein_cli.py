#!/usr/bin/python3
"""`buurtsim run configs/validation/epstein2002.toml` end to end: exit status, the results file
against the documented layout (scripts/check_results.py, docs/results.md, and xarray), its
content, determinism over threads and runs, and bad input.

Environment: BUURTSIM_BIN (the program), BUURTSIM_SOURCE_DIR (the source tree; default: two
levels up from this file); both read through tests/python/testlib.py."""
import os
import subprocess
import sys
import tempfile
import unittest

import h5py
import numpy as np
import xarray as xr

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "python"))
from testlib import BIN, SOURCE, check_results  # noqa: E402  (tests/python/testlib.py)

CONFIG = os.path.join(SOURCE, "configs", "validation", "epstein2002.toml")
STEPS, REPLICATES = 120, 2


def run(*args):
    return subprocess.run([BIN, "run", CONFIG, *args], capture_output=True, text=True, timeout=300)


def groups(path):
    names = [None]
    with h5py.File(path, "r") as f:
        f.visititems(lambda name, obj: names.append(name) if isinstance(obj, h5py.Group) else None)
    return names


def datasets(path):
    """Every dataset's values by path (the same work must give the same values)."""
    out = {}
    with h5py.File(path, "r") as f:
        f.visititems(lambda name, obj: out.__setitem__(name, obj[()]) if isinstance(obj, h5py.Dataset) else None)
    return out


def detect_outbursts(active, citizens, threshold):
    """(start, length, peak_share, peak_step, ended) for runs of steps with the share above."""
    found, current = [], None
    for i, a in enumerate(active):
        share, step = a / citizens, i + 1
        if share > threshold:
            if current is None:
                current = [step, 0, share, step, False]
                found.append(current)
            current[1] += 1
            if share > current[2]:
                current[2], current[3] = share, step
        elif current is not None:
            current[4] = True
            current = None
    return found


class EpsteinCli(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="buurtsim_epstein_")
        cls.out = {}
        cls.proc = {}
        common = ["--weeks", str(STEPS), "--replicates", str(REPLICATES), "--quiet"]
        for name, extra in [("two", ["--threads", "2"]), ("one", ["--threads", "1"]), ("again", ["--threads", "2"])]:
            path = os.path.join(cls.tmp.name, name + ".h5")
            cls.proc[name] = run(*common, *extra, "-o", path)
            cls.out[name] = path

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def assert_ran(self, name):
        p = self.proc[name]
        self.assertEqual(p.returncode, 0, f"{name}: exit {p.returncode}\n{p.stderr}")
        self.assertTrue(os.path.exists(self.out[name]))
        self.assertFalse(os.path.exists(self.out[name] + ".partial"))

    def test_run_succeeds_and_prints_a_summary(self):
        self.assert_ran("two")
        p = self.proc["two"]
        self.assertIn(f"results written to {self.out['two']}", p.stdout)
        lines = p.stdout.splitlines()
        header = next(i for i, line in enumerate(lines) if line.split()[:2] == ["replicate", "outbursts"])
        rows = [line.split() for line in lines[header + 1:header + 1 + REPLICATES]]
        self.assertEqual([r[0] for r in rows], [str(r) for r in range(REPLICATES)])
        self.assertEqual(p.stderr, "", "--quiet: nothing on stderr")

    def test_check_results_accepts_the_file(self):
        self.assert_ran("two")
        p = check_results(self.out["two"])
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)

    def test_every_group_opens_in_xarray_with_units_and_long_names(self):
        self.assert_ran("two")
        names = groups(self.out["two"])
        self.assertEqual(set(names), {None, "outbursts", "summary", "status"})
        for g in names:
            with xr.open_dataset(self.out["two"], engine="h5netcdf", group=g) as ds:
                ds.load()
                for var in list(ds.data_vars) + list(ds.coords):
                    for attr in ("units", "long_name"):
                        self.assertIn(attr, ds[var].attrs, f"/{g or ''} {var}: no {attr}")

    def test_layout_and_counts(self):
        self.assert_ran("two")
        path = self.out["two"]
        with h5py.File(path, "r") as f:
            self.assertEqual(f.attrs["kind"], "epstein")
            citizens = int(f.attrs["citizens"])
            self.assertEqual(citizens, 1120)  # 0.70 of 40 x 40
            self.assertEqual(int(f.attrs["residents"]), citizens)
            self.assertEqual(int(f.attrs["cops"]), 64)
            self.assertEqual(int(f.attrs["seed"]), 2002)
            threshold = float(f.attrs["outburst_threshold"])
        with xr.open_dataset(path, engine="h5netcdf") as ds:
            for name in ("quiet", "active", "jailed", "cops", "legitimacy"):
                self.assertEqual(ds[name].dims, ("replicate", "step"), name)
                self.assertEqual(ds[name].shape, (REPLICATES, STEPS), name)
            for name in ("quiet", "active", "jailed", "cops"):
                self.assertEqual(ds[name].dtype, np.int32, name)
            np.testing.assert_array_equal(ds["step"].values, np.arange(1, STEPS + 1))
            np.testing.assert_array_equal(ds["replicate"].values, np.arange(REPLICATES))
            total = ds["quiet"] + ds["active"] + ds["jailed"]
            self.assertTrue(bool((total == citizens).all()), "quiet + active + jailed is not the citizens every step")
            self.assertTrue(bool((ds["cops"] == 64).all()))
            np.testing.assert_allclose(ds["legitimacy"].values, 0.82)
            self.assertGreater(int(ds["active"].max()), 0, "nobody ever rebelled")
            self.assertGreater(int(ds["jailed"].max()), 0, "nobody was ever jailed")
            active = ds["active"].values
        with xr.open_dataset(path, engine="h5netcdf", group="outbursts") as ob:
            self.assertEqual(ob["start"].dims, ("outburst",))
            for r in range(REPLICATES):
                mine = ob.where(ob["replicate"] == r, drop=True)
                expected = detect_outbursts(active[r], citizens, threshold)
                self.assertEqual(len(mine["start"]), len(expected), f"replicate {r}: outburst count")
                for i, (start, length, peak, peak_step, ended) in enumerate(expected):
                    self.assertEqual(int(mine["start"][i]), start)
                    self.assertEqual(int(mine["length"][i]), length)
                    self.assertAlmostEqual(float(mine["peak_share"][i]), peak)
                    self.assertEqual(int(mine["peak_step"][i]), peak_step)
                    self.assertEqual(int(mine["ended"][i]), int(ended))
        with xr.open_dataset(path, engine="h5netcdf", group="status") as st:
            self.assertTrue(bool((st["complete"] == 1).all()))

    def test_threads_do_not_change_the_results(self):
        self.assert_ran("two")
        self.assert_ran("one")
        a, b = datasets(self.out["two"]), datasets(self.out["one"])
        self.assertEqual(a.keys(), b.keys())
        for name in a:
            np.testing.assert_array_equal(a[name], b[name], err_msg=f"{name}: --threads 1 and 2 differ")

    def test_same_seed_same_numbers_other_seed_other_numbers(self):
        self.assert_ran("two")
        self.assert_ran("again")
        a, b = datasets(self.out["two"]), datasets(self.out["again"])
        for name in a:
            np.testing.assert_array_equal(a[name], b[name], err_msg=f"{name}: two runs with the same seed differ")
        path = os.path.join(self.tmp.name, "seed.h5")
        p = run("--weeks", str(STEPS), "--replicates", str(REPLICATES), "--seed", "7", "--quiet", "-o", path)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertFalse(np.array_equal(datasets(path)["active"], a["active"]), "another seed gave the same numbers")

    def test_set_a_variant_by_bare_word(self):
        path = os.path.join(self.tmp.name, "moore.h5")
        p = run("--weeks", "30", "--replicates", "1", "--quiet", "--set", "epstein.vision_shape=moore", "-o", path)
        self.assertEqual(p.returncode, 0, p.stderr)
        with h5py.File(path, "r") as f:
            self.assertIn('vision_shape = "moore"', f.attrs["config_toml"])
            self.assertEqual(f["active"].shape, (1, 30))

    def test_bad_values_exit_2_without_a_file(self):
        for item in ("epstein.legitimacy=2",   # out of range (the loader)
                     "epstein.vision=25"):     # wraps around the 40 x 40 torus (epstein_param_errors)
            path = os.path.join(self.tmp.name, "bad.h5")
            p = run("--weeks", "30", "--set", item, "-o", path)
            self.assertEqual(p.returncode, 2, f"--set {item}: exit {p.returncode}\n{p.stderr}")
            self.assertIn(item.split("=")[0], p.stderr)
            self.assertTrue(p.stderr.startswith("buurtsim: "), p.stderr)
            self.assertFalse(os.path.exists(path), f"--set {item}: an output file was written")
            self.assertFalse(os.path.exists(path + ".partial"), f"--set {item}: a partial file was left")


if __name__ == "__main__":
    unittest.main(verbosity=2)
