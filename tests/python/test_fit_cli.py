#!/usr/bin/python3
"""`buurtsim fit` and the convergence message (issue 18; docs/calibration.md, "Your survey levels
in one step" and "Convergence").

1. fit on a small buurt's figures: exit 0; the calibration file has a posterior `run --posterior`
   takes; --write-config writes a configuration that `run` takes as is and that holds the
   fitted values; an indicator without a survey-level parameter (avoidance_pct) and a figure
   outside the model's range (unsafe_sometimes_pct = 99) are named in "What could not be
   fitted".
2. An ABC-SMC calibration stopped far from the data (one generation) prints "NOT CONVERGED" with
   the reason and writes converged = 0.

Needs BUURTSIM_BIN. Small on purpose: about 20 s on 2 cores.
"""
import os
import subprocess
import sys
import tempfile

import h5py

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from testlib import BIN, check  # noqa: E402

CONFIG = """\
model = "buurtsim"
weeks = 60
burn_in_weeks = 10
seed = 3
start_date = "2023-01-02"
[survey]
dates = ["2023-10-16"]
target_responses = 200
[[neighbourhood]]
name = "Klein"
residents = 400
"""

DATA = """\
neighbourhood,period,indicator,value,n
Klein,2023,safety_rating,6.9,300
Klein,2023,unsafe_often_pct,99,300
Klein,2023,avoidance_pct,20,300
"""

ABC = CONFIG + """\
[calibration]
particles = 10
generations = 1
[[calibration.parameter]]
name = "survey.rating_intercept"
min = 1.0
max = 10.0
"""


def main():
    with tempfile.TemporaryDirectory() as d:
        cfg = os.path.join(d, "klein.toml")
        with open(cfg, "w") as f:
            f.write(CONFIG)
        data = os.path.join(d, "klein.csv")
        with open(data, "w") as f:
            f.write(DATA)
        fit = os.path.join(d, "fit.h5")
        out_cfg = os.path.join(d, "fitted.toml")
        p = subprocess.run([BIN, "fit", cfg, "--data", data, "-o", fit, "--write-config", out_cfg, "--threads", "2"],
                           capture_output=True, text=True, timeout=600, cwd=d)
        print(p.stdout)
        check(p.returncode == 0, f"fit exits 0 (got {p.returncode}: {p.stderr[-2000:]})")
        check("What could not be fitted" in p.stdout, "fit says what it could not fit")
        check("avoidance_pct: no survey-level parameter" in p.stdout, "an indicator without a lever is named")
        check("unsafe_often_pct 2023" in p.stdout and "outside the range the model reaches" in p.stdout,
              "a figure outside the model's range is named")
        with h5py.File(fit, "r") as h:
            labels = [x.decode() if isinstance(x, bytes) else x for x in h["posterior/parameter"][()]]
            check(labels == ["survey.rating_intercept", "fear.often_threshold"], f"fitted parameters {labels}")
            check(h.attrs["method"] == "emulator", "the file records the method")
            mean = h["summary/mean"][()]
        with open(out_cfg) as f:
            text = f.read()
        check("rating_intercept" in text and "often_threshold" in text, "the written configuration holds the values")
        r = subprocess.run([BIN, "run", out_cfg, "--posterior", fit, "--replicates", "2", "--weeks", "5", "-o",
                            os.path.join(d, "run.h5"), "--quiet", "--no-report"], capture_output=True, text=True,
                           timeout=600, cwd=d)
        check(r.returncode == 0, f"run takes the written configuration and the fit ({r.stderr[-1000:]})")
        check(6.0 < mean[0] < 8.0, f"the reachable figure is fitted despite the unreachable one ({mean[0]})")
        print(f"fit: posterior means {mean}")

        abc = os.path.join(d, "abc.toml")
        with open(abc, "w") as f:
            f.write(ABC)
        rating = os.path.join(d, "klein_rating.csv")
        with open(rating, "w") as f:
            f.write("neighbourhood,period,indicator,value,n\nKlein,2023,safety_rating,6.9,300\n")
        p = subprocess.run([BIN, "calibrate", abc, "--data", rating, "-o", os.path.join(d, "abc.h5"), "--threads", "2"],
                           capture_output=True, text=True, timeout=600, cwd=d)
        print(p.stdout)
        check(p.returncode == 0, f"calibrate exits 0 ({p.stderr[-1000:]})")
        check(p.stdout.startswith("NOT CONVERGED"), "a calibration far from the data says NOT CONVERGED first")
        check("times as wide as the observation's sampling error" in p.stdout, "and why")
        with h5py.File(os.path.join(d, "abc.h5"), "r") as h:
            check(int(h.attrs["converged"]) == 0, "converged = 0 in the file")
    print("test_fit_cli: all checks passed")


if __name__ == "__main__":
    main()
