#!/usr/bin/python3
"""--resume (docs/sweeps.md, "Bounded memory, resume, interruption"; docs/calibration.md,
"Interruption and --resume"; docs/usage.md, "Output, progress and the report").

Run (four worlds x 2 scenarios x 2 replicates: 16 tasks, one thread), killed with SIGKILL once a
progress line says 3 worlds are done (testlib.signal_on_line):
  - a rerun without --resume or --restart refuses (exit 2, naming both), and --resume with another
    --seed or --replicates refuses (exit 2), each leaving the journal byte for byte as it was;
  - --resume under `mpirun -np 2` says how many worlds finished before and gives a file identical
    to an uninterrupted run, and removes the journal;
  - interrupted by SIGINT at 5 worlds: exit 130 naming --resume; --resume in one process on two
    threads gives the identical file;
  - under `mpirun -np 2` with rank 0's files limited (its journal write fails as on a full disk):
    exit 1 naming the cause and --resume, never a hang; --resume then gives the identical file;
  - --resume without a journal starts from the beginning with a note and gives the same file.

Sweep (the 12-point sweep of test_sweep_cli.py), from a journal of 2 points (the test-only kill
hook BUURTSIM_TEST_KILL_AFTER_POINTS):
  - --resume refuses with exit 2, and leaves the journal byte for byte as it was, when --seed,
    --replicates or --weeks differ, or when the journal was written by another program version
    (its header edited to another version: the journal stores the version as text);
  - after those refusals the same journal resumes under `mpirun -np 2` to a file identical to an
    uninterrupted sweep (so the refusals were for the differences, and resume works under MPI);
  - a refused resume under mpirun exits 2 on every rank with one message;
  - --resume without a journal starts from the beginning with a note and gives the same file;
  - a sweep without --resume or --restart over a journal of another version refuses (exit 2,
    naming both); with --restart it starts over, replaces the journal and removes it when done.
Calibrate (the calibration of test_calibrate_cli.py), from a journal of generation 0
(BUURTSIM_TEST_STOP_AFTER_GENERATIONS=1):
  - --resume refuses with exit 2 when the data file was edited, when --seed differs, or when the
    journal was written by another program version, each named in the message;
  - the same journal then resumes under `mpirun -np 2` to the values of an uninterrupted run;
  - a refused resume under mpirun exits 2 with one message;
  - --resume without a journal starts from scratch with a note and gives the same values.

Breaks it catches (tried by hand: a sweep journal without the version, a calibration journal
without the data file's hash): a journal identity without the version, --seed, --replicates,
--weeks or the data file (the resume goes ahead); a refusal that truncates or replaces the
journal; --resume that fails without a journal; a resume that only works in one process.

Needs BUURTSIM_BIN and mpirun (openmpi-bin; scripts/setup.sh installs it: without it the test
fails). Labelled slow (about 25 s on the shared 2-core machine).
"""
import os
import shutil
import signal
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_calibrate_cli import CONFIG as CALIBRATION, GOOD as OBSERVED, same  # noqa: E402
from test_determinism import compare_files  # noqa: E402
from test_mpi import ENV  # noqa: E402
from test_sweep_cli import SWEEP  # noqa: E402
from test_determinism import SMALL  # noqa: E402
from testlib import BIN, check, signal_on_line  # noqa: E402

# Four worlds (docs/usage.md, "Worlds"), two scenarios and two replicates: 16 tasks of a few
# tenths of a second each on one thread.
WORLDS = SMALL.replace('name = "Klein"\n', 'name = "Klein"\nworld = "W1"\n') + "".join(
    f'\n[[neighbourhood]]\nname = "{name}"\nresidents = {n}\nworld = "{world}"\n'
    for name, n, world in [("Oost", 1200, "W2"), ("West", 900, "W2"), ("Dorp", 1000, "W3"), ("Wijk", 800, "W4")]) + \
    '\n[[scenario]]\nname = "baseline"\napproaches = []\n\n[[scenario]]\nname = "vba"\napproaches = ["vba"]\n'


def cmd(args, mpi=False, env=None, expect=None):
    prefix = [shutil.which("mpirun"), "-np", "2", "--oversubscribe"] if mpi else []
    r = subprocess.run(prefix + [BIN] + args, capture_output=True, text=True, timeout=600, env=dict(ENV, **(env or {})))
    if expect is not None:
        check(r.returncode == expect, f"{' '.join(args)}{' under mpirun -np 2' if mpi else ''}: exit {r.returncode}, "
              f"expected {expect}: {r.stderr[-1500:]}")
    return r


def read(path):
    with open(path, "rb") as f:
        return f.read()


def program_version():
    r = subprocess.run([BIN, "--version"], capture_output=True, text=True)
    check(r.returncode == 0 and r.stdout.startswith("buurtsim "), f"buurtsim --version: {r.stdout}{r.stderr}")
    return r.stdout.split()[1]  # "buurtsim 0.2.0 (source revision ...)"


def other_version(journal, stamp, copy):
    """Copies `journal` to `copy` with the program version in its header replaced by another of
    the same length (the header is text, compared as a whole; the records are checksummed)."""
    data = read(journal)
    version = program_version().encode()
    changed = version[:-1] + (b"8" if version[-1:] == b"9" else b"9")
    old = stamp + version
    check(data.count(old) == 1, f"{journal}: the header does not hold {old!r}")
    with open(copy, "wb") as f:
        f.write(data.replace(old, stamp + changed, 1))


def sweep_resume(tmp):
    p = lambda name: os.path.join(tmp, name)
    config = p("s.toml")
    cmd(["sweep", config, "-o", p("full.h5"), "--quiet"], expect=0)
    r = cmd(["sweep", config, "-o", p("j.h5"), "--quiet", "--threads", "1"], env={"BUURTSIM_TEST_KILL_AFTER_POINTS": "2"})
    check(r.returncode == -9, f"the kill hook did not kill the sweep (exit {r.returncode})")
    journal = read(p("j.h5.journal"))
    for option in (["--seed", "78"], ["--replicates", "3"], ["--weeks", "27"]):
        r = cmd(["sweep", config, "-o", p("j.h5"), "--resume", "--quiet"] + option, expect=2)
        check("another configuration or program version" in r.stderr, f"--resume {' '.join(option)}: unclear refusal: {r.stderr}")
        check(read(p("j.h5.journal")) == journal, f"--resume {' '.join(option)}: the refusal changed the journal")
        print(f"ok   sweep --resume {' '.join(option)}: exit 2, journal unchanged")
    other_version(p("j.h5.journal"), b"buurtsim ", p("v.h5.journal"))
    version_journal = read(p("v.h5.journal"))
    r = cmd(["sweep", config, "-o", p("v.h5"), "--resume", "--quiet"], expect=2)
    check("program version" in r.stderr, f"--resume of another version's journal: unclear refusal: {r.stderr}")
    check(read(p("v.h5.journal")) == version_journal, "--resume of another version's journal: the refusal changed it")
    print("ok   sweep --resume of a journal written by another program version: exit 2, journal unchanged")
    r = cmd(["sweep", config, "-o", p("v.h5"), "--resume", "--quiet"], mpi=True, expect=2)
    check(r.stderr.count("cannot resume") == 1, f"a refused resume under mpirun: expected one message: {r.stderr}")
    print("ok   sweep --resume refused under mpirun -np 2: exit 2, one message")

    cmd(["sweep", config, "-o", p("j.h5"), "--resume", "--quiet"], mpi=True, expect=0)
    n = compare_files(p("full.h5"), p("j.h5"), "sweep resumed under mpirun -np 2 against uninterrupted")
    check(not os.path.exists(p("j.h5.journal")), "the resumed sweep left its journal")
    print(f"ok   sweep --resume under mpirun -np 2 (after the refusals): {n} datasets identical to the uninterrupted sweep")

    r = cmd(["sweep", config, "-o", p("none.h5"), "--resume"], expect=0)
    check("nothing to resume" in r.stderr, f"--resume without a journal: no note: {r.stderr}")
    n = compare_files(p("full.h5"), p("none.h5"), "sweep --resume without a journal against a fresh sweep")
    print(f"ok   sweep --resume without a journal: a note, and {n} datasets identical to a fresh sweep")

    r = cmd(["sweep", config, "-o", p("v.h5"), "--quiet"], expect=2)
    check("--resume" in r.stderr and "--restart" in r.stderr, f"a sweep over an old journal: unclear refusal: {r.stderr}")
    cmd(["sweep", config, "-o", p("v.h5"), "--quiet", "--restart"], expect=0)
    n = compare_files(p("full.h5"), p("v.h5"), "sweep --restart over an old journal against a fresh sweep")
    check(not os.path.exists(p("v.h5.journal")), "a sweep over an old journal left a journal behind")
    print(f"ok   sweep over another version's journal: refused without --restart; with it starts over ({n} datasets "
          "identical), journal gone")


def run_resume(tmp):
    p = lambda name: os.path.join(tmp, name)
    config = p("w.toml")
    cmd(["run", config, "-o", p("full.h5"), "--quiet", "--no-report"], expect=0)
    code, _, stderr = signal_on_line([BIN, "run", config, "-o", p("k.h5"), "--no-report", "--threads", "1"],
                                     "worlds 3/16 done", signal.SIGKILL)
    check(code == -signal.SIGKILL, f"run killed at 3 worlds: exit {code}: {stderr[-1000:]}")
    check(os.path.exists(p("k.h5.journal")) and not os.path.exists(p("k.h5")), "run killed: no journal, or an OUT.h5")
    journal = read(p("k.h5.journal"))
    r = cmd(["run", config, "-o", p("k.h5"), "--quiet", "--no-report"], expect=2)
    check("--resume" in r.stderr and "--restart" in r.stderr, f"a run over a journal: unclear refusal: {r.stderr}")
    for option in (["--seed", "78"], ["--replicates", "3"]):
        r = cmd(["run", config, "-o", p("k.h5"), "--resume", "--quiet", "--no-report"] + option, expect=2)
        check("another configuration or program version" in r.stderr,
              f"run --resume {' '.join(option)}: unclear refusal: {r.stderr}")
    check(read(p("k.h5.journal")) == journal, "the refusals changed the journal")
    print("ok   run killed (SIGKILL) at 3 of 16 worlds: a rerun without --resume or --restart, and --resume with "
          "another --seed or --replicates, exit 2 and leave the journal as it was")

    r = cmd(["run", config, "-o", p("k.h5"), "--resume", "--no-report"], mpi=True, expect=0)
    check("resuming: 3 of 16 worlds finished before" in r.stderr, f"run --resume: no count of the finished: {r.stderr}")
    n = compare_files(p("full.h5"), p("k.h5"), "run resumed under mpirun -np 2 against uninterrupted")
    check(not os.path.exists(p("k.h5.journal")), "the resumed run left its journal")
    print(f"ok   run --resume under mpirun -np 2 after SIGKILL: {n} datasets identical to the uninterrupted run, "
          "journal gone")

    code, _, stderr = signal_on_line([BIN, "run", config, "-o", p("i.h5"), "--no-report", "--threads", "1"],
                                     "worlds 5/16 done", signal.SIGINT)
    check(code == 130 and "--resume" in stderr, f"run, SIGINT at 5 worlds: exit {code}: {stderr[-1000:]}")
    cmd(["run", config, "-o", p("i.h5"), "--resume", "--quiet", "--no-report", "--threads", "2"], expect=0)
    n = compare_files(p("full.h5"), p("i.h5"), "run resumed after SIGINT against uninterrupted")
    print(f"ok   run, SIGINT at 5 of 16 worlds: exit 130 naming --resume; --resume on 2 threads: {n} datasets "
          "identical")

    # A write failing on rank 0 under mpirun (its files limited to 300 kB, SIGXFSZ ignored, so the
    # journal's write fails as on a full disk): every rank stops, exit 1, not a hang; the finished
    # worlds stay in the journal and --resume finishes the run.
    run_args = ["run", config, "-o", p("f.h5"), "--quiet", "--no-report"]
    limited = " ".join(["ulimit -f 600; trap '' XFSZ; exec", BIN] + run_args)  # dash: 512-byte blocks
    try:
        r = subprocess.run([shutil.which("mpirun"), "--oversubscribe", "-np", "1", "sh", "-c", limited, ":",
                            "-np", "1", BIN] + run_args, capture_output=True, text=True, timeout=120, env=ENV)
    except subprocess.TimeoutExpired:
        check(False, "run under mpirun -np 2 with a failing write on rank 0: no end after 120 s (the ranks hang)")
    check(r.returncode == 1 and "file size limit" in r.stderr and "--resume" in r.stderr,
          f"run under mpirun, a write failing on rank 0: exit {r.returncode}: {r.stderr[-1500:]}")
    cmd(["run", config, "-o", p("f.h5"), "--resume", "--quiet", "--no-report"], mpi=True, expect=0)
    n = compare_files(p("full.h5"), p("f.h5"), "run resumed after a failed write under mpirun")
    print(f"ok   run under mpirun -np 2, a write failing on rank 0: exit 1 naming the cause and --resume (no hang); "
          f"--resume then gives {n} datasets identical")

    r = cmd(["run", config, "-o", p("none.h5"), "--resume", "--no-report"], expect=0)
    check("nothing to resume" in r.stderr, f"run --resume without a journal: no note: {r.stderr}")
    n = compare_files(p("full.h5"), p("none.h5"), "run --resume without a journal against a fresh run")
    print(f"ok   run --resume without a journal: a note, and {n} datasets identical to a fresh run")


def calibrate_resume(tmp):
    p = lambda name: os.path.join(tmp, name)
    config, data = p("cal.toml"), p("obs.csv")
    base = ["calibrate", config, "--data", data, "--quiet"]
    cmd(base + ["-o", p("a.h5")], expect=0)
    r = cmd(base + ["-o", p("c.h5")], env={"BUURTSIM_TEST_STOP_AFTER_GENERATIONS": "1"})
    check(r.returncode == 130, f"the stop hook: exit {r.returncode}, expected 130: {r.stderr}")
    journal = read(p("c.h5.journal"))

    with open(data, "w", encoding="utf-8") as f:
        f.write(OBSERVED.replace("Klein,2019,safety_rating,7.1", "Klein,2019,safety_rating,7.2"))
    r = cmd(base + ["-o", p("c.h5"), "--resume"], expect=2)
    check("the data file" in r.stderr and "differs" in r.stderr, f"--resume with an edited data file: unclear: {r.stderr}")
    check(read(p("c.h5.journal")) == journal, "--resume with an edited data file: the refusal changed the journal")
    with open(data, "w", encoding="utf-8") as f:
        f.write(OBSERVED)
    print("ok   calibrate --resume after the data file was edited: exit 2 naming the data file, journal unchanged")

    r = cmd(base + ["-o", p("c.h5"), "--resume", "--seed", "6"], expect=2)
    check("the resolved configuration" in r.stderr, f"calibrate --resume --seed 6: unclear refusal: {r.stderr}")
    print("ok   calibrate --resume --seed 6: exit 2 naming the configuration")

    other_version(p("c.h5.journal"), b"version ", p("v.h5.journal"))
    r = cmd(base + ["-o", p("v.h5"), "--resume"], expect=2)
    check("the program version" in r.stderr, f"calibrate --resume of another version's journal: unclear: {r.stderr}")
    print("ok   calibrate --resume of a journal written by another program version: exit 2 naming the version")
    r = cmd(base + ["-o", p("v.h5"), "--resume"], mpi=True, expect=2)
    check(r.stderr.count("the program version") == 1, f"a refused resume under mpirun: expected one message: {r.stderr}")
    print("ok   calibrate --resume refused under mpirun -np 2: exit 2, one message")

    cmd(base + ["-o", p("c.h5"), "--resume", "--threads", "1"], mpi=True, expect=0)
    same(p("a.h5"), p("c.h5"), "calibrate resumed under mpirun -np 2 against uninterrupted")
    print("ok   calibrate --resume under mpirun -np 2 (after the refusals): the values of the uninterrupted calibration")

    r = cmd(["calibrate", config, "--data", data, "-o", p("none.h5"), "--resume"], expect=0)
    check("--resume: no " in r.stderr and "starting from scratch" in r.stderr, f"--resume without a journal: no note: {r.stderr}")
    same(p("a.h5"), p("none.h5"), "calibrate --resume without a journal against a fresh calibration")
    print("ok   calibrate --resume without a journal: a note, and the values of a fresh calibration")


def main():
    check(shutil.which("mpirun") is not None, "mpirun is not installed (openmpi-bin; scripts/setup.sh installs it)")
    with tempfile.TemporaryDirectory(prefix="buurtsim_resume_") as tmp:
        for name, text in (("s.toml", SWEEP), ("cal.toml", CALIBRATION), ("obs.csv", OBSERVED), ("w.toml", WORLDS)):
            with open(os.path.join(tmp, name), "w", encoding="utf-8") as f:
                f.write(text)
        run_resume(tmp)
        sweep_resume(tmp)
        calibrate_resume(tmp)
    return 0


if __name__ == "__main__":
    sys.exit(main())
