#!/usr/bin/python3
"""docs/usage.md, "Output, progress and the report", for sweep and calibrate (test_report_beside.py
covers run): without -o the command writes results/<config-stem>.h5 and makes the HTML report
beside it, results/<config-stem>.html, and says so on stdout; --no-report makes none.

In a scratch directory, `buurtsim sweep s.toml` (the 12-point sweep of test_sweep_cli.py) writes
results/s.h5 and results/s.html with the sweep's figures, and `buurtsim calibrate cal.toml --data
obs.csv` (the calibration of test_calibrate_cli.py) writes results/cal.h5 and results/cal.html
with the posterior and the predictive check. Breaks it catches: a command that forgets
write_report_beside (tried by hand for sweep), or calls it with the wrong path, or makes a
report despite --no-report.

Needs BUURTSIM_BIN. Labelled slow (about 10 s on 2 cores, most of it matplotlib).
"""
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_calibrate_cli import CONFIG as CALIBRATION, GOOD as OBSERVED  # noqa: E402
from test_sweep_cli import SWEEP  # noqa: E402
from testlib import BIN, check  # noqa: E402  (tests/python/testlib.py)


def beside(tmp, command, stem, figure):
    results, report = os.path.join("results", stem + ".h5"), os.path.join("results", stem + ".html")
    r = subprocess.run([BIN] + command + ["--quiet"], cwd=tmp, capture_output=True, text=True, timeout=600)
    check(r.returncode == 0, f"{command[0]} without -o exited {r.returncode}: {r.stderr[-1500:]}")
    check(f"results written to {results}" in r.stdout, f"{command[0]}: no results line: {r.stdout[-500:]}")
    check(f"report written to {report}" in r.stdout, f"{command[0]}: no report line: {r.stdout[-500:]} {r.stderr[-500:]}")
    check(os.path.exists(os.path.join(tmp, results)), f"{command[0]}: {results} is missing")
    with open(os.path.join(tmp, report), encoding="utf-8") as f:
        html = f.read()
    check(f'id="{figure}' in html and "data:image/png;base64," in html,
          f"{command[0]}: the report beside the results lacks {figure} or its figures")
    print(f"ok   {command[0]} without -o: {results} and the report {report} beside it ({figure})")
    os.remove(os.path.join(tmp, report))
    r = subprocess.run([BIN] + command + ["--quiet", "--no-report"], cwd=tmp, capture_output=True, text=True, timeout=600)
    check(r.returncode == 0 and not os.path.exists(os.path.join(tmp, report)), f"{command[0]} --no-report made a report")
    print(f"ok   {command[0]} --no-report: no report")


def main():
    with tempfile.TemporaryDirectory(prefix="buurtsim_beside_kinds_") as tmp:
        for name, text in (("s.toml", SWEEP), ("cal.toml", CALIBRATION), ("obs.csv", OBSERVED)):
            with open(os.path.join(tmp, name), "w", encoding="utf-8") as f:
                f.write(text)
        beside(tmp, ["sweep", "s.toml"], "s", "fig-sweep-npv")
        beside(tmp, ["calibrate", "cal.toml", "--data", "obs.csv"], "cal", "fig-posterior")
    return 0


if __name__ == "__main__":
    sys.exit(main())
