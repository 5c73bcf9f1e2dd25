#!/usr/bin/python3
"""What an interrupted or failed command leaves behind (docs/results.md, "Lifecycle"; docs/usage.md,
"Exit status"; docs/sweeps.md, "Bounded memory, resume, interruption"; docs/calibration.md,
"Interruption and --resume"), for run, sweep and calibrate.

Interruptions are real signals sent from outside while the command works: each is sent when a
progress line shows that some work is done and more is left (testlib.signal_on_line), so it
lands mid-run every time, not by timing.
  - run, SIGINT and SIGTERM: exit 130; an existing OUT.h5 is untouched; OUT.h5.partial is kept,
    passes scripts/check_results.py, /status/complete marks some runs finished and some not, an
    unfinished run holds NaN after the last week it reached, and a run that never started zero
    counts and NaN estimates in its survey wave, /summary is computed over the finished replicates only; no
    summary table and no "results written to" on stdout.
  - run of Epstein's model, SIGTERM: exit 130, OUT.h5 untouched, OUT.h5.partial with the
    finished replicates (/status/complete), zeros and NaN for the others.
  - sweep, SIGINT and SIGTERM: exit 130 with a message naming --resume; OUT.h5 untouched;
    OUT.h5.partial passes check_results.py and /status/complete marks the finished points; the
    journal is kept; --resume finishes with every dataset identical to an uninterrupted sweep.
  - calibrate, SIGINT in the middle of generation 1 (of 0, 1): exit 130; OUT.h5 untouched;
    OUT.h5.partial holds generation 0 only, no /predictive, root attribute complete = 0; the
    journal is kept; --resume finishes with the values of an uninterrupted calibration.
    SIGTERM likewise exits 130 and keeps the partial file and the journal.
A failure while running (a write past the file-size limit, which fails as on a full disk;
testlib.run_with_file_limit) exits 1 for every command and leaves OUT.h5 untouched: run and
calibrate remove OUT.h5.partial; sweep keeps OUT.h5.partial and its journal, and --resume then
finishes with the values of an uninterrupted sweep.

Breaks it catches, tried by hand: no SIGTERM handler (the process dies of the signal, exit
-15); an interrupted run that renames OUT.h5.partial over OUT.h5; a failed write that ends in a
crash instead of exit 1 (HDF5 1.10 closing a half-closed file at exit, exit -11: fixed in
experiments/io/hdf5/h5.cpp, no_cleanup_at_exit, and experiments/io/sweep_file.cpp, close). It
also fails on /summary over all replicates and on a sweep that drops its journal when
interrupted (not tried).

Needs BUURTSIM_BIN. Labelled slow (about 30 s on the shared 2-core machine).
"""
import os
import signal
import subprocess
import sys
import tempfile

import h5py
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_calibrate_cli import CONFIG as CALIBRATION, GOOD as OBSERVED, same  # noqa: E402
from test_determinism import SMALL, compare_files  # noqa: E402
from test_sweep_cli import POINTS, SWEEP  # noqa: E402
from testlib import BIN, SOURCE, check, check_results, run_with_file_limit, signal_on_line  # noqa: E402

OLDER = b"an older results file"
# Runs long enough to interrupt after the first of them (about 0.3 s each on one thread).
RUN = SMALL.replace("residents = 1500", "residents = 20000").replace("replicates = 2", "replicates = 6")
RUNS = 6
# A calibration whose batches take about a quarter of a second on one thread: after the first
# batch of generation 1 at least three more are needed (16 particles, at most 4 accepted a batch).
SLOW_CALIBRATION = (CALIBRATION.replace("residents = 500", "residents = 3000").replace("particles = 12", "particles = 16")
                    .replace("generations = 3", "generations = 2").replace("batch = 5", "batch = 4"))
NAMES = {signal.SIGINT: "SIGINT", signal.SIGTERM: "SIGTERM"}


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def older(path):
    with open(path, "wb") as f:
        f.write(OLDER)


def untouched(path):
    with open(path, "rb") as f:
        return f.read() == OLDER


def layout_ok(path, what):
    r = check_results(path)
    check(r.returncode == 0, f"{what}: {path} fails check_results.py: {r.stdout}{r.stderr}")


def run_interrupted(tmp, sig):
    """run: a real signal after the first finished run."""
    name = NAMES[sig]
    out = os.path.join(tmp, f"run_{name}.h5")
    older(out)
    code, stdout, stderr = signal_on_line([BIN, "run", os.path.join(tmp, "run.toml"), "-o", out, "--threads", "1"],
                                          "runs 1/", sig)
    check(code == 130, f"run, {name}: exit {code}, expected 130: {stderr[-1500:]}")
    check(untouched(out), f"run, {name}: the existing OUT.h5 was changed")
    check(os.path.exists(out + ".partial"), f"run, {name}: no OUT.h5.partial")
    check("results written to" not in stdout and "unsafe_sometimes_pct" not in stdout,
          f"run, {name}: a summary was printed: {stdout[-500:]}")
    check("interrupted" in stderr, f"run, {name}: no message saying so: {stderr[-500:]}")
    layout_ok(out + ".partial", f"run, {name}")
    with h5py.File(out + ".partial", "r") as f:
        done = f["status/complete"][0, :]
        check(1 <= done.sum() < RUNS, f"run, {name}: /status/complete is {done}: expected some runs finished, some not")
        fear = f["fear_mean"][0, :, 0, :]  # (replicate, week)
        for r in range(RUNS):
            if done[r]:
                check(not np.isnan(fear[r]).any(), f"run, {name}: finished replicate {r} has NaN weeks")
            else:
                check(np.isnan(fear[r, -1]), f"run, {name}: unfinished replicate {r} has a value in its last week")
        # /survey: a wave an unfinished run did not reach holds zero counts and NaN estimates (the
        # runs that never started are all NaN at the root).
        never = [r for r in range(RUNS) if np.isnan(fear[r]).all()]
        check(len(never) >= 1, f"run, {name}: every run had started when the signal arrived")
        for count in ("n", "approached", "eligible", "n_effective"):
            values = f["survey"][count][0, :, 0, 0]
            check(all(values[r] == 0 for r in never), f"run, {name}: /survey/{count} of the runs never started: {values}")
        for estimate in ("unsafe_sometimes_pct", "unsafe_sometimes_pct_se", "unsafe_sometimes_pct_lower"):
            values = f["survey"][estimate][0, :, 0, 0]
            check(all(np.isnan(values[r]) for r in never), f"run, {name}: /survey/{estimate} of the runs never started: {values}")
        # /summary: over the finished replicates only (docs/results.md, "/summary", step 3); one
        # neighbourhood and 30 recorded weeks, so a replicate's value is its mean over all weeks.
        expected = np.mean([fear[r].mean() for r in range(RUNS) if done[r]])
        got = f["summary/fear_mean"][0]
        check(abs(got - expected) < 1e-9 * max(1.0, abs(expected)),
              f"run, {name}: /summary/fear_mean is {got}, the mean over the finished replicates is {expected}")
    print(f"ok   run, {name} after the first run: exit 130, OUT.h5 untouched, OUT.h5.partial a checked layout with "
          f"{int(done.sum())} of {RUNS} runs complete, NaN after the last week reached, /summary over the finished ones")


def epstein_interrupted(tmp, sig):
    """run of the epstein kind: a real signal after the first finished replicate (docs/results.md,
    "The epstein kind")."""
    name = NAMES[sig]
    out = os.path.join(tmp, f"epstein_{name}.h5")
    older(out)
    config = os.path.join(SOURCE, "configs", "validation", "epstein2002.toml")
    code, stdout, stderr = signal_on_line([BIN, "run", config, "-o", out, "--threads", "1", "--replicates", str(RUNS),
                                           "--weeks", "1000"], "replicate 1/", sig)
    check(code == 130, f"epstein, {name}: exit {code}, expected 130: {stderr[-1500:]}")
    check(untouched(out), f"epstein, {name}: the existing OUT.h5 was changed")
    layout_ok(out + ".partial", f"epstein, {name}")
    with h5py.File(out + ".partial", "r") as f:
        done = f["status/complete"][()]
        check(1 <= done.sum() < RUNS, f"epstein, {name}: /status/complete is {done}")
        for r in range(RUNS):
            if not done[r]:
                check(not f["quiet"][r].any() and not f["active"][r].any() and np.isnan(f["legitimacy"][r]).all(),
                      f"epstein, {name}: unfinished replicate {r} does not hold zeros and NaN")
    print(f"ok   epstein, {name} after the first replicate: exit 130, OUT.h5 untouched, OUT.h5.partial a checked layout "
          f"with {int(done.sum())} of {RUNS} replicates complete, zeros and NaN for the others")


def sweep_interrupted(tmp, sig, full):
    """sweep: a real signal after the first finished point, then --resume."""
    name = NAMES[sig]
    out = os.path.join(tmp, f"sweep_{name}.h5")
    older(out)
    args = [BIN, "sweep", os.path.join(tmp, "sweep.toml"), "-o", out]
    code, stdout, stderr = signal_on_line(args + ["--threads", "1"], "points 1/", sig)
    check(code == 130, f"sweep, {name}: exit {code}, expected 130: {stderr[-1500:]}")
    check("--resume" in stderr, f"sweep, {name}: the message does not say how to continue: {stderr[-500:]}")
    check(untouched(out), f"sweep, {name}: the existing OUT.h5 was changed")
    check(os.path.exists(out + ".journal"), f"sweep, {name}: no journal kept")
    layout_ok(out + ".partial", f"sweep, {name}")
    with h5py.File(out + ".partial", "r") as f:
        done = int(f["status/complete"][()].sum())
    check(1 <= done < POINTS, f"sweep, {name}: {done} of {POINTS} points complete in OUT.h5.partial")
    r = subprocess.run(args + ["--resume", "--quiet"], capture_output=True, text=True, timeout=600)
    check(r.returncode == 0, f"sweep, {name}: --resume exited {r.returncode}: {r.stderr[-1500:]}")
    n = compare_files(full, out, f"sweep resumed after {name} against uninterrupted")
    check(not os.path.exists(out + ".journal") and not os.path.exists(out + ".partial"),
          f"sweep, {name}: the resumed sweep left its journal or partial file")
    print(f"ok   sweep, {name} after the first point: exit 130, OUT.h5 untouched, {done} of {POINTS} points in "
          f"OUT.h5.partial, journal kept; --resume gives {n} datasets identical to the uninterrupted sweep")


def calibrate_interrupted(tmp, sig, reference=None):
    """calibrate: a real signal in the middle of generation 1; with a reference, --resume too."""
    name = NAMES[sig]
    out = os.path.join(tmp, f"cal_{name}.h5")
    older(out)
    args = [BIN, "calibrate", os.path.join(tmp, "slow.toml"), "--data", os.path.join(tmp, "obs.csv"), "-o", out]
    code, stdout, stderr = signal_on_line(args + ["--threads", "1"], "  generation 1:", sig)
    check(code == 130, f"calibrate, {name}: exit {code}, expected 130: {stderr[-1500:]}")
    check("--resume" in stderr, f"calibrate, {name}: the message does not say how to continue: {stderr[-500:]}")
    check(untouched(out), f"calibrate, {name}: the existing OUT.h5 was changed")
    check(os.path.exists(out + ".journal"), f"calibrate, {name}: no journal kept")
    layout_ok(out + ".partial", f"calibrate, {name}")
    with h5py.File(out + ".partial", "r") as f:
        check(int(f.attrs["complete"]) == 0, f"calibrate, {name}: root attribute complete is {f.attrs['complete']}")
        check(f["generation/tolerance"].shape == (1,),
              f"calibrate, {name}: OUT.h5.partial holds {f['generation/tolerance'].shape[0]} generations, expected 1")
        check("predictive" not in f, f"calibrate, {name}: an interrupted calibration wrote /predictive")
    if reference is None:
        print(f"ok   calibrate, {name} in generation 1: exit 130, OUT.h5 untouched, generation 0 in OUT.h5.partial "
              "(complete = 0, no /predictive), journal kept")
        return
    r = subprocess.run(args + ["--resume", "--quiet", "--threads", "2"], capture_output=True, text=True, timeout=600)
    check(r.returncode == 0, f"calibrate, {name}: --resume exited {r.returncode}: {r.stderr[-1500:]}")
    same(reference, out, f"calibrate resumed after {name} against uninterrupted")
    check(not os.path.exists(out + ".journal"), f"calibrate, {name}: the resumed calibration left its journal")
    print(f"ok   calibrate, {name} in generation 1: exit 130, OUT.h5 untouched, generation 0 in OUT.h5.partial "
          "(complete = 0, no /predictive), journal kept; --resume gives the values of the uninterrupted calibration")


def failures(tmp, full_sweep):
    """A write that fails while the command runs: exit 1."""
    # run: the file is written at the end (about 400 kB); 64 kB is not enough.
    out = os.path.join(tmp, "fail_run.h5")
    older(out)
    r = run_with_file_limit([BIN, "run", os.path.join(tmp, "small.toml"), "-o", out, "--quiet"], 64 * 1024)
    check(r.returncode == 1, f"run, failed write: exit {r.returncode}, expected 1: {r.stderr[-1500:]}")
    check("run failed" in r.stderr, f"run, failed write: unclear message: {r.stderr[-800:]}")
    check(untouched(out), "run, failed write: the existing OUT.h5 was changed")
    check(not os.path.exists(out + ".partial"), "run, failed write: OUT.h5.partial was not removed")
    print("ok   run, a write failing while running: exit 1, OUT.h5 untouched, OUT.h5.partial removed")

    # sweep: the limit is the size of OUT.h5.partial after the first point (measured with the
    # test-only kill hook), so the first point is stored and a later one fails.
    probe = os.path.join(tmp, "probe.h5")
    args = [BIN, "sweep", os.path.join(tmp, "sweep.toml"), "--quiet", "--threads", "1"]
    r = subprocess.run(args + ["-o", probe], capture_output=True, text=True, timeout=600,
                       env=dict(os.environ, BUURTSIM_TEST_KILL_AFTER_POINTS="1"))
    check(r.returncode == -signal.SIGKILL, f"sweep: the kill hook did not kill the probe (exit {r.returncode})")
    limit = os.path.getsize(probe + ".partial")
    out = os.path.join(tmp, "fail_sweep.h5")
    older(out)
    r = run_with_file_limit(args + ["-o", out], limit)
    check(r.returncode == 1, f"sweep, failed write: exit {r.returncode}, expected 1: {r.stderr[-1500:]}")
    check("sweep failed" in r.stderr and "--resume" in r.stderr, f"sweep, failed write: unclear message: {r.stderr[-800:]}")
    check(untouched(out), "sweep, failed write: the existing OUT.h5 was changed")
    check(os.path.exists(out + ".partial") and os.path.exists(out + ".journal"),
          "sweep, failed write: OUT.h5.partial or the journal was not kept (docs/sweeps.md: both kept)")
    r = subprocess.run(args + ["-o", out, "--resume"], capture_output=True, text=True, timeout=600)
    check(r.returncode == 0, f"sweep, --resume after a failed write: exit {r.returncode}: {r.stderr[-1500:]}")
    n = compare_files(full_sweep, out, "sweep resumed after a failed write against uninterrupted")
    print(f"ok   sweep, a write failing after the first point: exit 1, OUT.h5 untouched, partial and journal kept; "
          f"--resume gives {n} datasets identical to the uninterrupted sweep")

    # calibrate: the journal's generations are small, the file written at the end is not.
    out = os.path.join(tmp, "fail_cal.h5")
    older(out)
    r = run_with_file_limit([BIN, "calibrate", os.path.join(tmp, "cal.toml"), "--data", os.path.join(tmp, "obs.csv"),
                             "-o", out, "--quiet"], 16 * 1024)
    check(r.returncode == 1, f"calibrate, failed write: exit {r.returncode}, expected 1: {r.stderr[-1500:]}")
    check("failed" in r.stderr, f"calibrate, failed write: unclear message: {r.stderr[-800:]}")
    check(untouched(out), "calibrate, failed write: the existing OUT.h5 was changed")
    check(not os.path.exists(out + ".partial"), "calibrate, failed write: OUT.h5.partial was not removed")
    print("ok   calibrate, a write failing while running: exit 1, OUT.h5 untouched, OUT.h5.partial removed")


def main():
    check(os.access(BIN, os.X_OK), f"BUURTSIM_BIN={BIN} is not an executable")
    with tempfile.TemporaryDirectory(prefix="buurtsim_lifecycle_") as tmp:
        p = lambda name: os.path.join(tmp, name)
        write(p("run.toml"), RUN)
        write(p("small.toml"), SMALL)
        write(p("sweep.toml"), SWEEP)
        write(p("cal.toml"), CALIBRATION)
        write(p("slow.toml"), SLOW_CALIBRATION)
        write(p("obs.csv"), OBSERVED)

        for sig in (signal.SIGINT, signal.SIGTERM):
            run_interrupted(tmp, sig)
        epstein_interrupted(tmp, signal.SIGTERM)

        full = p("sweep_full.h5")
        r = subprocess.run([BIN, "sweep", p("sweep.toml"), "-o", full, "--quiet"], capture_output=True, text=True)
        check(r.returncode == 0, f"the uninterrupted sweep exited {r.returncode}: {r.stderr}")
        for sig in (signal.SIGINT, signal.SIGTERM):
            sweep_interrupted(tmp, sig, full)

        reference = p("cal_full.h5")
        r = subprocess.run([BIN, "calibrate", p("slow.toml"), "--data", p("obs.csv"), "-o", reference, "--quiet"],
                           capture_output=True, text=True)
        check(r.returncode == 0, f"the uninterrupted calibration exited {r.returncode}: {r.stderr}")
        calibrate_interrupted(tmp, signal.SIGINT, reference)
        calibrate_interrupted(tmp, signal.SIGTERM)

        failures(tmp, full)
    return 0


if __name__ == "__main__":
    sys.exit(main())
