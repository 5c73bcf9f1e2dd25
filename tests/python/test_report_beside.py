#!/usr/bin/python3
"""docs/usage.md, "Output, progress and the report": without -o a command writes
results/<config-stem>.h5 and makes the HTML report beside it. In a scratch directory: `buurtsim run small.toml` writes
results/small.h5 and results/small.html and prints both paths; --no-report and -o make no report.
Needs BUURTSIM_BIN.
"""
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_determinism import SMALL  # noqa: E402
from testlib import BIN, check  # noqa: E402  (tests/python/testlib.py)


def main():
    with tempfile.TemporaryDirectory(prefix="buurtsim_beside_") as tmp:
        with open(os.path.join(tmp, "small.toml"), "w", encoding="utf-8") as f:
            f.write(SMALL.replace("replicates = 2", "replicates = 1"))
        r = subprocess.run([BIN, "run", "small.toml", "--quiet"], cwd=tmp, capture_output=True, text=True, timeout=300)
        check(r.returncode == 0, f"run without -o exited {r.returncode}: {r.stderr}")
        check("results written to results/small.h5" in r.stdout, f"no results line: {r.stdout[-500:]}")
        check("report written to results/small.html" in r.stdout, f"no report line: {r.stdout[-500:]} {r.stderr}")
        with open(os.path.join(tmp, "results", "small.html"), encoding="utf-8") as f:
            html = f.read()
        check("<figure" in html and "data:image/png;base64," in html, "the report beside the results has no figures")
        print("ok   run without -o: results/small.h5 and the report results/small.html beside it")

        os.remove(os.path.join(tmp, "results", "small.html"))
        r = subprocess.run([BIN, "run", "small.toml", "--quiet", "--no-report"], cwd=tmp, capture_output=True, text=True, timeout=300)
        check(r.returncode == 0 and not os.path.exists(os.path.join(tmp, "results", "small.html")), "--no-report made a report")
        r = subprocess.run([BIN, "run", "small.toml", "--quiet", "-o", "other.h5"], cwd=tmp, capture_output=True, text=True, timeout=300)
        check(r.returncode == 0 and not os.path.exists(os.path.join(tmp, "other.html")), "-o made a report")
        print("ok   --no-report and -o: no report")


if __name__ == "__main__":
    main()
