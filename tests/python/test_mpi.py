#!/usr/bin/python3
"""MPI (docs/usage.md, "Determinism, threads and MPI"): `mpirun -np 2 buurtsim sweep|run ...` writes the same file
with the same numbers as one process; ranks on one machine share its cores (each of 2 ranks takes
half of them unless --threads says otherwise); bad input makes every rank exit 2 and nothing is
written. Breaks it catches (tried by hand): a rank that takes every core of the machine
(limit_threads ignoring the ranks on it, experiments/cli/commands/common.cpp).

Ranks on one machine stand in for machines (the distribution is the same: rank 0 hands out
tasks and alone writes). Needs BUURTSIM_BIN, mpirun (openmpi-bin).
"""
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_determinism import SMALL, compare_files  # noqa: E402
from test_sweep_cli import SWEEP  # noqa: E402
from testlib import BIN, check  # noqa: E402  (tests/python/testlib.py)
# Root may run mpirun only when told so; the test machine has 2 cores (oversubscribe for safety);
# LeakSanitizer reports the memory of OpenMPI's plugins as leaked, hence detect_leaks=0.
ENV = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1", ASAN_OPTIONS="detect_leaks=0",
           OMPI_MCA_rmaps_base_oversubscribe="1")


def run(args, ranks=None, expect=0):
    cmd = ([shutil.which("mpirun"), "-np", str(ranks)] if ranks else []) + [BIN] + args + ["--quiet"]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=600, env=ENV)
    if expect is not None:
        check(r.returncode == expect, f"{' '.join(cmd)} exited {r.returncode}, expected {expect}: {r.stderr[-2000:]}")
    return r


def main():
    check(shutil.which("mpirun") is not None, "mpirun is not installed (openmpi-bin; scripts/setup.sh installs it)")
    with tempfile.TemporaryDirectory(prefix="buurtsim_mpi_") as tmp:
        p = lambda name: os.path.join(tmp, name)
        with open(p("sweep.toml"), "w", encoding="utf-8") as f:
            f.write(SWEEP)
        run(["sweep", p("sweep.toml"), "-o", p("sweep1.h5")])
        run(["sweep", p("sweep.toml"), "-o", p("sweep2.h5")], ranks=2)
        n = compare_files(p("sweep1.h5"), p("sweep2.h5"), "sweep: 1 process vs 2 ranks")
        print(f"ok   sweep: 2 ranks give the same {n} datasets as one process")

        with open(p("run.toml"), "w", encoding="utf-8") as f:
            f.write(SMALL + '\n[[scenario]]\nname = "baseline"\napproaches = []\n\n'
                    '[[scenario]]\nname = "wijkveiligheid"\napproaches = ["wijkveiligheid"]\n')
        run(["run", p("run.toml"), "-o", p("run1.h5")])
        r = run(["run", p("run.toml"), "-o", p("run2.h5")], ranks=2)
        check(r.stdout.count("results written to") == 1, f"run under 2 ranks: rank 0 alone should print: {r.stdout}")
        n = compare_files(p("run1.h5"), p("run2.h5"), "run: 1 process vs 2 ranks")
        print(f"ok   run: 2 ranks give the same {n} datasets as one process; one rank prints")
        # Worlds (docs/decisions/0016-national-run.md): tasks are the worlds of the runs; a world
        # travels to rank 0 on its own.
        worlds = SMALL.replace('name = "Klein"\n', 'name = "Klein"\nworld = "W1"\n') + "".join(
            f'\n[[neighbourhood]]\nname = "{name}"\nresidents = {n}\nworld = "{world}"\n'
            for name, n, world in [("Oost", 600, "W2"), ("West", 500, "W2"), ("Dorp", 400, "W3")])
        with open(p("worlds.toml"), "w", encoding="utf-8") as f:
            f.write(worlds + '\n[[scenario]]\nname = "baseline"\napproaches = []\n\n'
                    '[[scenario]]\nname = "wijkveiligheid"\napproaches = ["wijkveiligheid"]\n')
        run(["run", p("worlds.toml"), "-o", p("worlds1.h5"), "--threads", "1"])
        run(["run", p("worlds.toml"), "-o", p("worlds2.h5")], ranks=2)
        n = compare_files(p("worlds1.h5"), p("worlds2.h5"), "run of three worlds: 1 process vs 2 ranks")
        print(f"ok   run of three worlds: 2 ranks give the same {n} datasets as one process")
        # The uncertainty mode: each rank draws the same parameters per replicate.
        run(["run", p("run.toml"), "-o", p("unc1.h5"), "--uncertainty", "declared"])
        run(["run", p("run.toml"), "-o", p("unc2.h5"), "--uncertainty", "declared"], ranks=2)
        n = compare_files(p("unc1.h5"), p("unc2.h5"), "run --uncertainty declared: 1 process vs 2 ranks")
        print(f"ok   run --uncertainty declared: 2 ranks give the same {n} datasets (with /uncertainty/draws) as one process")

        # Ranks on one machine share its cores (docs/sweeps.md, "Under MPI, and on a cluster"): by
        # default each of 2 ranks takes half of them, as the first line on stderr says. Started
        # with --bind-to none, as a launcher that does not pin ranks to cores would: OpenMPI's own
        # binding would otherwise give each rank one core whatever the program asks.
        cores = os.cpu_count()
        each = max(1, cores // 2)
        usable = len(os.sched_getaffinity(0))  # one process: TBB's default, the cores it may run on
        threads = lambda t: f"{t} thread{'' if t == 1 else 's'}"
        mpirun = [shutil.which("mpirun"), "-np", "2", "--bind-to", "none"]
        r = subprocess.run(mpirun + [BIN, "run", p("run.toml"), "-o", p("cores.h5")], capture_output=True, text=True,
                           timeout=600, env=ENV)
        check(r.returncode == 0, f"run under 2 ranks without --quiet: exit {r.returncode}: {r.stderr[-1500:]}")
        said = f"2 ranks (2 on this machine, {threads(each)} each)"
        check(said in r.stderr, f"2 ranks on {cores} cores: expected '{said}' on stderr: {r.stderr[:600]}")
        r = subprocess.run([BIN, "run", p("run.toml"), "-o", p("cores.h5")], capture_output=True, text=True, timeout=600)
        check(r.returncode == 0 and f"weeks, {threads(usable)}\n" in r.stderr,
              f"one process allowed {usable} cores: expected '{threads(usable)}' on stderr: {r.stderr[:600]}")
        r = subprocess.run(mpirun + [BIN, "run", p("run.toml"), "-o", p("cores.h5"), "--threads", "3"],
                           capture_output=True, text=True, timeout=600, env=ENV)
        check(r.returncode == 0 and "2 ranks (2 on this machine, 3 threads each)" in r.stderr,
              f"2 ranks with --threads 3: expected '3 threads each' on stderr: {r.stderr[:600]}")
        print(f"ok   2 ranks on this machine's {cores} cores: {threads(each)} each by default (one process: "
              f"{threads(usable)}); --threads sets it")

        with open(p("bad.toml"), "w", encoding="utf-8") as f:
            f.write(SWEEP.replace("samples = 3", "samples = -1"))
        r = run(["sweep", p("bad.toml"), "-o", p("bad.h5")], ranks=2, expect=None)
        check(r.returncode == 2, f"a bad sweep config under 2 ranks exited {r.returncode}, expected 2")
        check(r.stderr.count("'sweep.samples'") == 1, f"the message should come once, from rank 0: {r.stderr}")
        check(not os.path.exists(p("bad.h5")) and not os.path.exists(p("bad.h5.partial")), "a bad config wrote a file")
        print("ok   bad config under 2 ranks: exit 2, one message, nothing written")


if __name__ == "__main__":
    main()
