#!/usr/bin/python3
"""A results file that crashes Debian's HDF5 1.10 inside its own parser (the fuzzer's finding
fuzz/findings/results_file_h5hg_read_segv.h5, a mutated sweep file: a segmentation fault in H5HG_read)
is refused by every command that reads a results file given by the user, and by the report
(analysis/report.py, whose h5py uses the same HDF5): exit 2, a message naming
the file and the signal, no crash, no core file, nothing written (docs/reliability.md, "Findings,
fixed"). Also under mpirun, where the commands have called MPI_Init before they read.

The second finding, fuzz/findings/results_file_h5hg_read_loop.h5, makes HDF5 loop without end:
the same commands refuse it after their probe's bound of processor time (10 s each here).

Needs BUURTSIM_BIN. Labelled quick (about 35 s: three commands meet the loop's 10 s bound).
"""
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
from test_determinism import SMALL  # noqa: E402
from testlib import BIN, PYTHON, SOURCE, check  # noqa: E402

FINDING = os.path.join(SOURCE, "fuzz", "findings", "results_file_h5hg_read_segv.h5")
# The second finding: HDF5 loops without end in H5HG_read on it; refused after the probes' bound
# of 3 s of processor time (experiments/io/hdf5/probe_untrusted.hpp, analysis/report/probe.py).
LOOPING = os.path.join(SOURCE, "fuzz", "findings", "results_file_h5hg_read_loop.h5")
LOOP_MESSAGE = ("sweep.h5 is damaged: reading it keeps the HDF5 library busy without end (stopped after 3 s of "
                "processor time); nothing was written")
REPORT = os.path.join(SOURCE, "analysis", "report.py")
MESSAGE = "sweep.h5 is damaged: reading it makes the HDF5 library crash (signal 11, SIGSEGV); nothing was written"
MPI_ENV = {"OMPI_ALLOW_RUN_AS_ROOT": "1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM": "1",
           "OMPI_MCA_rmaps_base_oversubscribe": "1", "ASAN_OPTIONS": "detect_leaks=0"}


def digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def refused(tmp, command, what, env=None, message=MESSAGE):
    """Exit 2 with the message; the damaged file and the folder as they were (no core file)."""
    before, listing = digest(os.path.join(tmp, "sweep.h5")), sorted(os.listdir(tmp))
    r = subprocess.run(command, cwd=tmp, capture_output=True, text=True, timeout=300,
                       env=dict(os.environ, **(env or {})))
    check(r.returncode == 2, f"{what}: exit {r.returncode}, expected 2: {r.stderr[-1500:]}")
    check(message in r.stderr, f"{what}: the message does not say {message!r}: {r.stderr[-1500:]}")
    for raw in ("Segmentation fault", "core dumped", "HDF5-DIAG", "fork()"):
        check(raw not in r.stderr, f"{what}: {raw!r} in the output: {r.stderr[-1500:]}")
    check(digest(os.path.join(tmp, "sweep.h5")) == before, f"{what}: the damaged file was changed")
    check(sorted(os.listdir(tmp)) == listing, f"{what}: files appeared or went: {sorted(os.listdir(tmp))}")
    said = next((line for line in r.stderr.splitlines() if message in line), "")
    print(f"ok   {what}: exit 2, \"{said}\", nothing written")


def main():
    check(os.path.exists(FINDING), f"no {FINDING}")
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copy(FINDING, os.path.join(tmp, "sweep.h5"))
        with open(os.path.join(tmp, "small.toml"), "w") as f:
            f.write(SMALL)
        refused(tmp, [BIN, "sensitivity", "sweep.h5"], "sensitivity on the damaged sweep file")
        # export lists the groups first, and HDF5 refuses the damaged listing before any string is read.
        refused(tmp, [BIN, "export", "sweep.h5", "-o", "tables", "--quiet"], "export of the damaged file",
                message="sweep.h5: cannot read it as a results file (listing '/': bad symbol table node signature")
        refused(tmp, [BIN, "run", "small.toml", "--posterior", "sweep.h5", "-o", "run.h5", "--quiet"],
                "run --posterior with the damaged file")
        refused(tmp, [PYTHON, REPORT, "sweep.h5", "-o", "sweep.html"], "analysis/report.py on the damaged file")
        mpirun = shutil.which("mpirun")
        check(mpirun is not None, "mpirun is not installed (openmpi-bin; scripts/setup.sh installs it)")
        refused(tmp, [mpirun, "-np", "1", BIN, "sensitivity", "sweep.h5"],
                "mpirun -np 1 sensitivity (MPI initialised)", env=MPI_ENV)
    check(os.path.exists(LOOPING), f"no {LOOPING}")
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copy(LOOPING, os.path.join(tmp, "sweep.h5"))
        with open(os.path.join(tmp, "small.toml"), "w") as f:
            f.write(SMALL)
        refused(tmp, [BIN, "sensitivity", "sweep.h5"], "sensitivity on the looping file", message=LOOP_MESSAGE)
        refused(tmp, [BIN, "run", "small.toml", "--posterior", "sweep.h5", "-o", "run.h5", "--quiet"],
                "run --posterior with the looping file", message=LOOP_MESSAGE)
        refused(tmp, [PYTHON, REPORT, "sweep.h5", "-o", "sweep.html"], "analysis/report.py on the looping file",
                message=LOOP_MESSAGE.replace("sweep.h5", "report: error: sweep.h5", 1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
