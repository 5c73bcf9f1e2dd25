#!/usr/bin/python3
"""docs/usage.md, "Shipped configurations": every shipped configuration actually runs with --weeks 26
and --replicates 1, and each file it writes passes scripts/check_results.py (test_shipped_configs.py
runs only `check` on them).

  - configs/*.toml and configs/validation/*.toml and configs/scale/*.toml with `run`;
  - configs/sweep.toml with `sweep`, as shipped (its 384 points; about 40 s);
  - configs/calibration.toml with `calibrate --data data/veiligheidsmonitor_examples.csv`: its data
    run from 2014 to 2021, so it needs the weeks that reach them (docs/usage.md says so): with
    --weeks 26 it exits 2 naming a row outside the run; with its own weeks it runs, here with the
    estimator's effort cut (12 particles, 2 generations, as scripts/regression.py does; the model
    and the data are as shipped).
Every shipped file is covered: a configuration that no case runs fails the test.
A break it catches (shown): BUURTSIM_BIN set to a wrapper that fails `run configs/bap.toml` with exit
1 makes the test fail at once, naming the configuration; a file that fails check_results.py fails
it likewise.

Needs BUURTSIM_BIN. Labelled slow (about 90 s on 2 cores).
"""
import glob
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from testlib import BIN, SOURCE, check, check_results  # noqa: E402  (tests/python/testlib.py)

sys.path.insert(0, os.path.join(SOURCE, "scripts"))
from regression import shrink_calibration  # noqa: E402  (scripts/regression.py)

DATA = os.path.join(SOURCE, "data", "veiligheidsmonitor_examples.csv")
COMMON = ["--weeks", "26", "--replicates", "1", "--quiet", "--no-report", "--threads", "2"]


def run(args, out):
    start = time.time()
    r = subprocess.run([BIN] + args + ["-o", out], capture_output=True, text=True, timeout=1800, cwd=SOURCE)
    check(r.returncode == 0, f"buurtsim {' '.join(args)} exited {r.returncode}: {r.stderr[-1500:]}")
    c = check_results(out)
    check(c.returncode == 0, f"{' '.join(args)}: {out} fails check_results.py: {c.stdout}{c.stderr}")
    return time.time() - start


def main():
    check(os.access(BIN, os.X_OK), f"BUURTSIM_BIN={BIN} is not an executable")
    configs = sorted(os.path.relpath(p, SOURCE) for p in glob.glob(os.path.join(SOURCE, "configs", "**", "*.toml"),
                                                                    recursive=True))
    check(len(configs) >= 13, f"only {len(configs)} shipped configurations: {configs}")
    done = []
    with tempfile.TemporaryDirectory(prefix="buurtsim_shipped_") as tmp:
        for config in configs:
            stem = os.path.splitext(os.path.basename(config))[0]
            out = os.path.join(tmp, stem + ".h5")
            if config == os.path.join("configs", "sweep.toml"):
                seconds = run(["sweep", config] + COMMON, out)
            elif config == os.path.join("configs", "calibration.toml"):
                r = subprocess.run([BIN, "calibrate", config, "--data", DATA, "-o", out] + COMMON, capture_output=True,
                                   text=True, timeout=600, cwd=SOURCE)
                check(r.returncode == 2 and "lies outside the recorded weeks" in r.stderr,
                      f"calibrate {config} --weeks 26: exit {r.returncode}, expected 2 naming a row outside the run: "
                      f"{r.stderr[-800:]}")
                shrunk = os.path.join(tmp, "calibration.toml")
                shrink_calibration(os.path.join(SOURCE, config), shrunk)
                seconds = run(["calibrate", shrunk, "--data", DATA, "--replicates", "1", "--quiet", "--no-report",
                               "--threads", "2"], out)
            else:
                seconds = run(["run", config] + COMMON, out)
            done.append(config)
            print(f"ok   {config}: runs and its file passes check_results.py ({seconds:.0f} s)")
    check(done == configs, f"not every shipped configuration ran: {sorted(set(configs) - set(done))}")
    print(f"ok: all {len(done)} shipped configurations run with --weeks 26 --replicates 1 (calibration: its own weeks)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
