#!/usr/bin/python3
"""Common random numbers across sweep points (docs/sweeps.md, "Common random numbers": replicate r
of every point and every scenario uses the same random streams (seed, replicate), so differences
between points are differences of parameters, not of luck; docs/odd.md section 1).

A factorial sweep over vba.start_week (10, 15, 20), scenarios baseline and vba, 2 replicates,
every week kept (/weekly):
  - the baseline, which no vba parameter touches, is identical at every point, in every outcome
    and every week, and equal, value for value, to the baseline of `buurtsim run` on the same
    configuration (its /final the mean over the last final_weeks weeks, summed in week order);
  - in the vba scenario the weeks before the earliest start (weeks 0-9) are identical at every
    point, in every outcome: the draws up to the approach's start do not depend on the point;
    from week 20 the points differ (the parameter acts);
  - replicates 0 and 1 differ (the replicates of a point are independent).
Breaks it catches: streams keyed by the point (a seed salted with the point number: tried by
hand), a point
that runs under another seed or replicate numbering than `run`, replicates sharing streams.

Needs BUURTSIM_BIN. About 1 s.
"""
import os
import subprocess
import sys
import tempfile

import h5py
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from testlib import BIN, check  # noqa: E402  (tests/python/testlib.py)

CONFIG = """\
model = "buurtsim"
weeks = 26
burn_in_weeks = 8
replicates = 2
seed = 31
start_date = "2024-01-01"

[survey]
weeks = [20]
target_responses = 100

[[neighbourhood]]
name = "Klein"
residents = 800

[[scenario]]
name = "baseline"
approaches = []

[[scenario]]
name = "vba"
approaches = ["vba"]
"""
SWEEP = """
[sweep]
design = "factorial"
levels = 3
final_weeks = 13
weekly = true

[[sweep.parameter]]
name = "vba.start_week"
min = 10
max = 20
"""


def text(values):
    return [v.decode() if isinstance(v, bytes) else str(v) for v in values]


def main():
    check(os.access(BIN, os.X_OK), f"BUURTSIM_BIN={BIN} is not an executable")
    with tempfile.TemporaryDirectory(prefix="buurtsim_crn_") as tmp:
        p = lambda name: os.path.join(tmp, name)
        with open(p("run.toml"), "w", encoding="utf-8") as f:
            f.write(CONFIG)
        with open(p("sweep.toml"), "w", encoding="utf-8") as f:
            f.write(CONFIG + SWEEP)
        for args in (["sweep", p("sweep.toml"), "-o", p("sweep.h5")], ["run", p("run.toml"), "-o", p("run.h5")]):
            r = subprocess.run([BIN] + args + ["--quiet"], capture_output=True, text=True, timeout=600)
            check(r.returncode == 0, f"buurtsim {' '.join(args)} exited {r.returncode}: {r.stderr[-1500:]}")

        with h5py.File(p("sweep.h5"), "r") as sw, h5py.File(p("run.h5"), "r") as run:
            check(list(sw["design/value"][:, 0]) == [10, 15, 20], f"design: {sw['design/value'][()]}")
            check(text(sw["final/scenario"][()]) == ["baseline", "vba"], f"scenarios: {sw['final/scenario'][()]}")
            check(text(run["scenario"][()]) == ["baseline", "vba"], f"run scenarios: {run['scenario'][()]}")
            outcomes = sorted(name for name in sw["weekly"] if sw["weekly"][name].ndim == 5)
            check(len(outcomes) > 40, f"only {len(outcomes)} weekly outcomes")
            final_weeks = int(sw["final"].attrs["final_weeks"])
            differ_later = []
            for name in outcomes:
                weekly = sw["weekly"][name][()]  # (point, scenario, replicate, neighbourhood, week)
                final = sw["final"][name][()]    # (point, scenario, replicate, neighbourhood)
                base = weekly[:, 0]
                for point in range(1, weekly.shape[0]):
                    check(np.array_equal(base[point], base[0], equal_nan=True),
                          f"{name}: the baseline differs between points 0 and {point}")
                    check(np.array_equal(weekly[point, 1, :, :, :10], weekly[0, 1, :, :, :10], equal_nan=True),
                          f"{name}: the vba scenario differs between points 0 and {point} before the earliest start")
                # The baseline of every point is the baseline of `run`, week for week...
                ran = run[name][0]  # (replicate, neighbourhood, week)
                check(np.array_equal(base[0], ran, equal_nan=True), f"{name}: the sweep's baseline is not run's baseline")
                # ...and /final is its mean over the last final_weeks weeks, summed in week order.
                for rep in range(ran.shape[0]):
                    total = 0.0
                    for w in range(ran.shape[2] - final_weeks, ran.shape[2]):
                        total += float(ran[rep, 0, w])
                    mean = total / final_weeks
                    check(all(np.array_equal(final[pt, 0, rep, 0], mean, equal_nan=True) for pt in range(final.shape[0])),
                          f"{name}: /final of the baseline, replicate {rep}, is not run's mean over the last weeks")
                if not np.array_equal(weekly[0, 1, :, :, 20:], weekly[2, 1, :, :, 20:], equal_nan=True):
                    differ_later.append(name)
            check(len(differ_later) >= 5, f"the vba scenario hardly differs between start weeks 10 and 20: {differ_later}")
            fear = sw["weekly"]["fear_mean"][0, 0, :, 0, :]
            check(not np.array_equal(fear[0], fear[1]), "replicates 0 and 1 of the baseline are identical")
        print(f"ok   {len(outcomes)} outcomes: the baseline identical at every point and equal to run's, week for week "
              f"and in /final; the vba scenario identical across points before its earliest start, different after "
              f"({len(differ_later)} outcomes); replicates independent")
    return 0


if __name__ == "__main__":
    sys.exit(main())
