#!/usr/bin/python3
"""Makes the HTML report of a buurtsim results file (run, sweep, calibration or epstein).

Usage: analysis/report.py RESULTS.h5 [-o REPORT.html] [--lang en|nl]

Without -o the report is written beside the results file (results/compare.h5 ->
results/compare.html). The code is the package analysis/report/; docs/report.md describes each
section and the datasets it reads.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from report.cli import main  # noqa: E402  (the package analysis/report/, not this file)

if __name__ == "__main__":
    sys.exit(main(guarded=True))  # a file that crashes HDF5 crashes a child (report/cli.py, in_child)
