#!/usr/bin/python3
"""`buurtsim sweep` end to end (issue 5; docs/results.md, "Lifecycle"; docs/sweeps.md).

On a small Saltelli sweep (2 parameters, 3 base samples = 12 points, baseline + wijkveiligheid,
2 replicates, 800 residents, 8 + 26 weeks):
  - the file has the documented layout (scripts/check_results.py), holds the design and every point
    complete, and every group opens in xarray;
  - --threads 1 and --threads 2 give identical datasets;
  - a kill -9 after k = 4 finished points (test-only hook BUURTSIM_TEST_KILL_AFTER_POINTS)
    leaves OUT.h5.partial showing at least k points complete and no OUT.h5; --resume then gives
    datasets identical to the uninterrupted sweep; an existing OUT.h5 survives the killed run;
  - SIGINT, sent on the first progress line so that it lands mid-sweep, stops the sweep with exit
    status 130 and --resume finishes it, again identically (a sweep that ends before the signal
    fails the test);
  - --resume with a different configuration exits 2 and keeps the partial work;
  - bad sweep configs exit 2 naming the file, line and key, and write nothing; a design point
    that breaks a cross-parameter rule exits 2 naming the point, its values and the rule.

Needs BUURTSIM_BIN.
"""
import os
import shutil
import signal
import subprocess
import sys
import tempfile

import h5py
import numpy as np
import xarray as xr

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_determinism import compare_files  # noqa: E402
from testlib import BIN, SOURCE, check, check_results, signal_on_line  # noqa: E402  (tests/python/testlib.py)

SWEEP = """\
model = "buurtsim"
weeks = 26
burn_in_weeks = 8
replicates = 2
seed = 77
start_date = "2024-01-01"

[survey]
weeks = [20]
target_responses = 100

[[neighbourhood]]
name = "Klein"
residents = 800

[sweep]
design = "saltelli"
samples = 3

[[sweep.parameter]]
name = "fear.hearsay"
min = 0.1
max = 0.8

[[sweep.parameter]]
name = "trust.sanction_cost"

[[scenario]]
name = "baseline"
approaches = []

[[scenario]]
name = "wijkveiligheid"
approaches = ["wijkveiligheid"]
"""
POINTS = 3 * (2 + 2)


def sweep(args, env=None, expect=0):
    r = subprocess.run([BIN, "sweep"] + args + ["--quiet"], capture_output=True, text=True, timeout=600,
                       env=dict(os.environ, **(env or {})))
    if expect is not None:
        check(r.returncode == expect, f"buurtsim sweep {' '.join(args)} exited {r.returncode}, expected {expect}: {r.stderr}")
    return r


def complete_points(path):
    with h5py.File(path, "r") as f:
        return int(np.sum(f["status/complete"][()]))


def main():
    check(os.access(BIN, os.X_OK), f"BUURTSIM_BIN={BIN} is not an executable")
    with tempfile.TemporaryDirectory(prefix="buurtsim_sweep_") as tmp:
        p = lambda name: os.path.join(tmp, name)
        with open(p("s.toml"), "w", encoding="utf-8") as f:
            f.write(SWEEP)

        # A whole sweep, and its layout.
        sweep([p("s.toml"), "-o", p("full.h5"), "--threads", "2"])
        r = check_results(p("full.h5"))
        check(r.returncode == 0, f"check_results.py: {r.stdout}{r.stderr}")
        check(not os.path.exists(p("full.h5.partial")) and not os.path.exists(p("full.h5.journal")),
              "a finished sweep leaves its .partial or .journal behind")
        with h5py.File(p("full.h5"), "r") as f:
            check(f.attrs["kind"] == "sweep", "root attribute kind is not 'sweep'")
            check(f["design/value"].shape == (POINTS, 2), f"/design/value has shape {f['design/value'].shape}")
            names = [x.decode() if isinstance(x, bytes) else x for x in f["design/parameter"][()]]
            check(names == ["fear.hearsay", "trust.sanction_cost"], f"/design/parameter is {names}")
            v = f["design/value"][()]
            check(np.all(v[:, 0] >= 0.1) and np.all(v[:, 0] <= 0.8), "fear.hearsay outside its range")
            check(f["final/unsafe_sometimes_pct"].shape == (POINTS, 2, 2, 1), "/final has the wrong shape")
            check(not np.isnan(f["final/unsafe_sometimes_pct"][()]).any(), "/final has NaN in a finished sweep")
            # fear.hearsay feeds fear: every distinct value of it gives a distinct fear_mean.
            hearsay_values = len(np.unique(v[:, 0]))
            check(hearsay_values > 2 and len(np.unique(f["final/fear_mean"][:, 0, 0, 0])) >= hearsay_values,
                  "fear.hearsay does not change fear_mean across the points")
            check(f["cba/npv_eur"].shape == (POINTS, 2, 2), "/cba/npv_eur has the wrong shape")
        check(complete_points(p("full.h5")) == POINTS, "not every point is complete")
        with h5py.File(p("full.h5"), "r") as f:
            counts = (int(f["status"].attrs["points_total"]), int(f["status"].attrs["points_done"]))
            check(counts == (POINTS, POINTS), f"/status points_total, points_done are {counts}, expected {POINTS} each")
            p_npv = f["cba/p_npv_positive"][()]
            check(p_npv.shape == (2,) and np.isnan(p_npv[0]) and 0 <= p_npv[1] <= 1,
                  f"/cba/p_npv_positive is {p_npv}: expected NaN for the baseline and a share for wijkveiligheid")
        for group in ["design", "final", "cba", "status"]:
            xr.open_dataset(p("full.h5"), engine="h5netcdf", group=group).load()
        print(f"ok   {POINTS}-point sweep: contract layout, design stored, every point complete, xarray opens every group")

        # `buurtsim sensitivity` on the real sweep file, then its report (issue 8). Three blocks
        # are too few for Sobol indices (docs/sensitivity.md, "Design size"): --allow-small, and
        # the report must say so.
        shutil.copy(p("full.h5"), p("sens.h5"))
        r = subprocess.run([BIN, "sensitivity", p("sens.h5"), "--bootstrap", "50", "--allow-small"], capture_output=True,
                           text=True, timeout=300)
        check(r.returncode == 0, f"sensitivity on the sweep file: {r.stderr}")
        r = subprocess.run(["/usr/bin/python3", os.path.join(SOURCE, "analysis", "report.py"), p("sens.h5"), "-o", p("full.html")],
                           capture_output=True, text=True, timeout=300)
        check(r.returncode == 0, f"report.py on the sweep file: {r.stderr}")
        with open(p("full.html"), encoding="utf-8") as f:
            page = f.read()
        for fig in ("fig-sensitivity-", "fig-ranking-", "fig-sweep-npv"):
            check(f'id="{fig}' in page, f"the sweep report lacks {fig}")
        check("A small design." in page, "the sweep report does not say that 3 blocks are a small design")
        print("ok   sensitivity and the report on the real sweep file (indices, rankings, net value)")

        sweep([p("s.toml"), "-o", p("t1.h5"), "--threads", "1"])
        n = compare_files(p("full.h5"), p("t1.h5"), "--threads 2 vs --threads 1")
        print(f"ok   --threads 1 and 2: {n} datasets identical")

        # kill -9 after 4 points, over an existing results file.
        with open(p("killed.h5"), "wb") as f:
            f.write(b"an older results file")
        r = sweep([p("s.toml"), "-o", p("killed.h5"), "--threads", "2"], env={"BUURTSIM_TEST_KILL_AFTER_POINTS": "4"}, expect=None)
        check(r.returncode == -signal.SIGKILL, f"the fault hook did not kill the sweep (exit {r.returncode}): {r.stderr}")
        with open(p("killed.h5"), "rb") as f:
            check(f.read() == b"an older results file", "a killed sweep changed the existing results file")
        check(os.path.exists(p("killed.h5.journal")), "no journal after the kill")
        k = complete_points(p("killed.h5.partial"))
        check(4 <= k < POINTS, f"the partial file shows {k} complete points after a kill after 4")
        print(f"ok   kill -9 after 4 points: OUT.h5 untouched, OUT.h5.partial shows {k} complete points")
        sweep([p("s.toml"), "-o", p("killed.h5"), "--threads", "2", "--resume"])
        n = compare_files(p("full.h5"), p("killed.h5"), "resumed after kill -9 vs uninterrupted")
        print(f"ok   --resume after kill -9: {n} datasets identical to the uninterrupted sweep")

        # A different configuration refuses to resume.
        sweep([p("s.toml"), "-o", p("other.h5")], env={"BUURTSIM_TEST_KILL_AFTER_POINTS": "2"}, expect=None)
        r = sweep([p("s.toml"), "-o", p("other.h5"), "--resume", "--set", "fear.offset=-1.0"], expect=2)
        check("another configuration" in r.stderr, f"unclear refusal: {r.stderr}")
        check(os.path.exists(p("other.h5.journal")), "a refused resume removed the journal")
        print("ok   --resume with another configuration: exit 2, journal kept")

        # SIGINT on the first progress line (one point done, eleven to go), so it lands mid-sweep every time.
        code, out, err = signal_on_line([BIN, "sweep", p("s.toml"), "-o", p("int.h5"), "--threads", "1"], "points 1/",
                                        signal.SIGINT)
        check(code == 130, f"SIGINT: exit {code}, expected 130: {err[-1500:]}")
        check("--resume" in err, f"SIGINT: the message does not say how to continue: {err}")
        check(not os.path.exists(p("int.h5")), "SIGINT: OUT.h5 was written")
        check(1 <= complete_points(p("int.h5.partial")) < POINTS, "SIGINT: OUT.h5.partial does not show a sweep in progress")
        sweep([p("s.toml"), "-o", p("int.h5"), "--threads", "2", "--resume"])
        n = compare_files(p("full.h5"), p("int.h5"), "resumed after SIGINT vs uninterrupted")
        print(f"ok   SIGINT: exit 130; --resume gives {n} datasets identical to the uninterrupted sweep")

        # Bad sweep configs.
        bad = {
            "unknown parameter": (SWEEP.replace('name = "fear.hearsay"', 'name = "fear.hearsy"'), "fear.hearsay"),
            "empty range": (SWEEP.replace("min = 0.1\nmax = 0.8", "min = 0.5\nmax = 0.5"), "empty"),
            "zero points": (SWEEP.replace("samples = 3", "samples = 0"), "samples"),
            "unknown design": (SWEEP.replace('design = "saltelli"', 'design = "sobol"'), "design"),
            "choice parameter": (SWEEP.replace('name = "trust.sanction_cost"', 'name = "vba.funding"'), "numbers"),
            "no parameters": (SWEEP[:SWEEP.index("[[sweep.parameter]]")] + SWEEP[SWEEP.index("[[scenario]]"):], "parameter"),
            "unknown key": (SWEEP.replace("samples = 3", "samples = 3\npoints = 9"), "points"),
        }
        for what, (text, expected) in bad.items():
            path = p("bad.toml")
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            r = sweep([path, "-o", p("bad.h5")], expect=2)
            check(f"{path}:" in r.stderr and expected in r.stderr, f"{what}: unclear message: {r.stderr!r}")
            check(not os.path.exists(p("bad.h5")) and not os.path.exists(p("bad.h5.partial")), f"{what}: something was written")
            print(f"ok   bad config ({what}): exit 2, {r.stderr.strip().splitlines()[0]}")
        # A design point that breaks a cross-parameter rule (model/validate.hpp): the factorial
        # design's last point (0.7, 0.7) puts the two nuisance shares above 1 together.
        start = SWEEP.index("[sweep]")
        rule = (SWEEP[:start] + '[sweep]\ndesign = "factorial"\nlevels = 2\n\n'
                '[[sweep.parameter]]\nname = "offending.nuisance_mix_nuisance"\nmin = 0.3\nmax = 0.7\n\n'
                '[[sweep.parameter]]\nname = "offending.nuisance_mix_vandalism"\nmin = 0.3\nmax = 0.7\n\n'
                + SWEEP[SWEEP.index("[[scenario]]"):])
        with open(p("rule.toml"), "w", encoding="utf-8") as f:
            f.write(rule)
        r = sweep([p("rule.toml"), "-o", p("bad.h5")], expect=2)
        named = ("design point 3 (offending.nuisance_mix_nuisance = 0.7, offending.nuisance_mix_vandalism = 0.7)",
                 "nuisance_mix_nuisance + nuisance_mix_vandalism must be at most 1")
        check(all(x in r.stderr for x in named) and f"{p('rule.toml')}:" in r.stderr,
              f"a point breaking a cross-parameter rule: the message does not name the point, its values and the rule: {r.stderr!r}")
        check(not os.path.exists(p("bad.h5")) and not os.path.exists(p("bad.h5.partial")), "a point breaking a rule: something was written")
        print(f"ok   a design point breaking a cross-parameter rule: exit 2, {r.stderr.strip().splitlines()[0]}")
        r = sweep([os.path.join(os.path.dirname(BIN), "..", "..", "configs", "baseline.toml"), "-o", p("bad.h5")], expect=2)
        check("[sweep]" in r.stderr, f"a config without [sweep]: unclear message: {r.stderr!r}")
        print("ok   a config without [sweep]: exit 2")


if __name__ == "__main__":
    main()
