#!/usr/bin/python3
"""Wall time of `buurtsim fit` for one real buurt (issue 18: "the fit of one buurt takes under a
minute on the 2-core machine").

The buurt and its figures are those of tests/python/test_own_buurt.py: `init --cbs --code` from a
shipped CBS extract, then survey figures SIMULATED AT KNOWN VALUES (one baseline run; four
indicators, three yearly waves), written as a Dutch spreadsheet. Only the `fit` command is timed
(wall and CPU seconds of the process, two threads), as a user runs it.

Usage: /usr/bin/python3 bench/fit.py [path/to/buurtsim] [--buurt Annen|Bouwlust|all]
Prints a Markdown table for bench/RESULTS.md.
"""
import argparse
import os
import resource
import sys
import tempfile
import time

import h5py

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.normpath(os.path.join(HERE, ".."))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("bin", nargs="?", default=os.path.join(SOURCE, "build", "bin", "buurtsim"))
    ap.add_argument("--buurt", default="all")
    args = ap.parse_args()
    os.environ["BUURTSIM_BIN"] = os.path.abspath(args.bin)
    os.environ["BUURTSIM_SOURCE_DIR"] = SOURCE
    sys.path.insert(0, os.path.join(SOURCE, "tests", "python"))
    import test_own_buurt as own  # noqa: E402 (needs BUURTSIM_BIN set first)

    print("| buurt | residents | indicators x waves | simulations | wall s | CPU s | simulating s |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for extract, code, name, truth, seed in own.BUURTEN:
        if args.buurt not in ("all", name):
            continue
        with tempfile.TemporaryDirectory() as d:
            cfg, data, _ = own.config_and_figures(d, extract, code, name, truth, seed)
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t = time.monotonic()
            p, _ = own.run(["fit", cfg, "--data", data, "-o", os.path.join(d, "fit.h5"), "--threads", "2"], d)
            wall = time.monotonic() - t
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
            with h5py.File(os.path.join(d, "fit.h5"), "r") as h:
                residents, sim_seconds = int(h.attrs["residents"]), float(h.attrs["simulation_seconds"])
            sims = own.design_simulations(os.path.join(d, "fit.h5"))
            print(f"| {name} ({code}) | {residents} | {len(own.INDICATORS)} x {own.YEARS} | {sims} + predictive | "
                  f"{wall:.1f} | {cpu:.1f} | {sim_seconds:.1f} |", flush=True)


if __name__ == "__main__":
    main()
