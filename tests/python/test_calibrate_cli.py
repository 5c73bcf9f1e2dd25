#!/usr/bin/python3
"""`buurtsim calibrate` from the command line (issue 6; docs/usage.md, "Observed data for
calibration (CSV)" and "Results file (HDF5)").

1. Malformed data files (unknown indicator, duplicate row, value out of range, missing field,
   wrong period format, unmatched neighbourhood, separators that cannot be told apart, mixed decimal
   marks, no sample size)
   exit 2 with the file and line in the message, and nothing is written.
2. --threads 1 and --threads 2 give the same posterior, predictive check and summary; the file
   passes scripts/check_results.py.
3. A calibration stopped after one generation (BUURTSIM_TEST_STOP_AFTER_GENERATIONS=1, handled
   as an interruption) exits 130, leaves OUT.h5 untouched and OUT.h5.partial and the journal
   behind; --resume finishes it with the same values as an uninterrupted run; --resume with a
   changed configuration exits 2.
4. Under mpirun -np 2 the values are those of one process (no mpirun: the test fails).

Needs BUURTSIM_BIN. Exits 1 with a message on the first failure.
"""
import os
import shutil
import subprocess
import sys
import tempfile

import h5py
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from testlib import BIN, SOURCE, check, check_results  # noqa: E402  (tests/python/testlib.py)

CONFIG = """\
model = "buurtsim"
weeks = 100
burn_in_weeks = 10
seed = 5
start_date = "2019-01-07"
[[neighbourhood]]
name = "Klein"
residents = 500
[calibration]
particles = 12
generations = 3
batch = 5
assumed_n = 300
[[calibration.parameter]]
name = "fear.offset"
min = -3.0
max = 0.0
[[calibration.ignore]]
neighbourhood = "Nederland"
"""

GOOD = """\
neighbourhood,period,indicator,value,n,source
Klein,2019,unsafe_sometimes_pct,25,300,test
Klein,2020-06,unsafe_sometimes_pct,27,,test
Klein,2019,safety_rating,7.1,300,test
Nederland,2019,unsafe_sometimes_pct,14,,national
"""

# (name, data, the expected line and a phrase of the message)
BAD = [
    ("unknown indicator", GOOD.replace("Klein,2019,safety_rating", "Klein,2019,safety_grade"), ":4:", "unknown indicator 'safety_grade'"),
    ("duplicate row", GOOD + "Klein,2019,safety_rating,7.0,300,again\n", ":6:", "duplicate row"),
    ("value out of range", GOOD.replace("7.1,300", "71,300"), ":4:", "outside the range of safety_rating"),
    ("missing field", GOOD.replace("Klein,2019,safety_rating,7.1,300,test", "Klein,2019,safety_rating,,300,test"), ":4:", "'value' is empty"),
    ("wrong period format", GOOD.replace("2020-06", "juni 2020"), ":3:", "'period' is \"juni 2020\""),
    ("unmatched neighbourhood", GOOD.replace("Klein,2019,safety", "Groot,2019,safety"), ":4:", "neighbourhood \"Groot\" is not simulated"),
    ("period outside the run", GOOD.replace("2020-06", "2023-06"), ":3:", "outside the recorded weeks"),
    ("ambiguous separators", GOOD.replace("neighbourhood,period", "neighbourhood;period", 1), ":1:", "cannot tell which separates"),
    ("mixed decimal marks", GOOD.replace(",", ";").replace("7.1", "7,1").replace(";25;", ";25.5;"), ":4:", "one decimal mark"),
]


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def calibrate(config, data, out, *extra, env=None, prefix=()):
    e = dict(os.environ)
    e.update(env or {})
    return subprocess.run([*prefix, BIN, "calibrate", config, "--data", data, "-o", out, "--quiet", *extra],
                          capture_output=True, text=True, env=e)


def values(path):
    """Every numeric and string dataset of the file (values that must not depend on threads or ranks)."""
    out = {}
    with h5py.File(path) as f:
        def visit(name, obj):
            if isinstance(obj, h5py.Dataset):
                out[name] = obj[()]
        f.visititems(visit)
    return out


def same(a, b, what):
    va, vb = values(a), values(b)
    check(sorted(va) == sorted(vb), f"{what}: datasets differ: {sorted(set(va) ^ set(vb))}")
    for name in va:
        x, y = va[name], vb[name]
        if getattr(x, "dtype", None) is not None and x.dtype.kind in "fiu":
            check(np.array_equal(x, y, equal_nan=True), f"{what}: {name} differs:\n{x}\n{y}")
        else:
            check(list(x) == list(y), f"{what}: {name} differs")


def main():
    with tempfile.TemporaryDirectory() as tmp:
        config, data = os.path.join(tmp, "cal.toml"), os.path.join(tmp, "obs.csv")
        write(config, CONFIG)
        write(data, GOOD)

        # 1. Bad data files.
        for name, text, line, phrase in BAD:
            outdir = os.path.join(tmp, "bad")
            os.makedirs(outdir, exist_ok=True)
            bad = os.path.join(tmp, "bad.csv")
            write(bad, text)
            r = calibrate(config, bad, os.path.join(outdir, "x.h5"))
            check(r.returncode == 2, f"{name}: exit {r.returncode}, expected 2; stderr: {r.stderr}")
            check("bad.csv" + line in r.stderr, f"{name}: the message does not name bad.csv{line}: {r.stderr}")
            check(phrase in r.stderr, f"{name}: the message does not say '{phrase}': {r.stderr}")
            check(os.listdir(outdir) == [], f"{name}: something was written: {os.listdir(outdir)}")
            shutil.rmtree(outdir)
        write(os.path.join(tmp, "no_n.toml"), CONFIG.replace("assumed_n = 300\n", ""))
        r = calibrate(os.path.join(tmp, "no_n.toml"), data, os.path.join(tmp, "x.h5"))
        check(r.returncode == 2 and "obs.csv:3: no n and no se" in r.stderr, f"a row without n: {r.returncode} {r.stderr}")
        check(not os.path.exists(os.path.join(tmp, "x.h5.partial")), "a row without n: OUT.h5.partial was left")
        print(f"ok: {len(BAD) + 1} malformed data files exit 2 with their line, nothing written")

        # 2. Threads.
        a, b = os.path.join(tmp, "a.h5"), os.path.join(tmp, "b.h5")
        r = calibrate(config, data, a, "--threads", "1")
        check(r.returncode == 0, f"calibrate --threads 1: exit {r.returncode}: {r.stderr}")
        check("Posterior" in r.stdout and "fear.offset" in r.stdout and "shrinkage" in r.stdout, f"no summary on stdout: {r.stdout}")
        check("Observed versus predicted" in r.stdout, f"no observed-versus-predicted table: {r.stdout}")
        check(not os.path.exists(a + ".journal") and not os.path.exists(a + ".partial"), "journal or partial left after success")
        r = calibrate(config, data, b, "--threads", "2")
        check(r.returncode == 0, f"calibrate --threads 2: exit {r.returncode}: {r.stderr}")
        same(a, b, "--threads 1 against --threads 2")
        with h5py.File(a) as f:
            check(f.attrs["kind"] in ("calibration", b"calibration"), "kind is not calibration")
            check(f["posterior/samples"].shape == (12, 1), f"posterior/samples has shape {f['posterior/samples'].shape}")
            check(abs(f["posterior/weights"][()].sum() - 1) < 1e-9, "posterior weights do not sum to 1")
            check(f["predictive/observed"].shape == (3,), "predictive/observed: expected the 3 rows not ignored")
            check(list(f["predictive/line"][()]) == [2, 3, 4], f"predictive/line: {f['predictive/line'][()]}")
            tol = f["generation/tolerance"][()]
            check(len(tol) == 3 and all(np.diff(tol) <= 0), f"tolerances do not shrink: {tol}")
        c = check_results(a)
        check(c.returncode == 0, f"check_results.py: {c.stdout} {c.stderr}")
        print("ok: --threads 1 and 2 give the same calibration file, which passes check_results.py")
        # The report (issue 8) builds from the calibration file the program wrote.
        html = os.path.join(tmp, "a.html")
        c = subprocess.run(["/usr/bin/python3", os.path.join(SOURCE, "analysis", "report.py"), a, "-o", html],
                           capture_output=True, text=True)
        check(c.returncode == 0, f"report.py on a calibration file: {c.stdout} {c.stderr}")
        with open(html, encoding="utf-8") as f:
            page = f.read()
        for fig in ("fig-posterior", "fig-predictive", "fig-generations"):
            check(f'id="{fig}"' in page, f"the calibration report lacks {fig}")
        print("ok: the report of a real calibration file has the posterior, the predictive check and the generations")

        # 3. Interrupted and resumed.
        out = os.path.join(tmp, "r.h5")
        write(out, "an older result")
        r = calibrate(config, data, out, env={"BUURTSIM_TEST_STOP_AFTER_GENERATIONS": "1"})
        check(r.returncode == 130, f"stopped calibration: exit {r.returncode}, expected 130: {r.stderr}")
        check(open(out).read() == "an older result", "the existing OUT.h5 was touched by an interrupted calibration")
        check(os.path.exists(out + ".partial") and os.path.exists(out + ".journal"), "no OUT.h5.partial or journal after the interruption")
        with h5py.File(out + ".partial") as f:
            check(f["generation/tolerance"].shape == (1,), "the partial file does not hold the finished generation")
        changed = os.path.join(tmp, "changed.toml")
        write(changed, CONFIG.replace("max = 0.0", "max = -0.5"))
        r = calibrate(changed, data, out, "--resume")
        check(r.returncode == 2 and "differs" in r.stderr, f"--resume with a changed config: exit {r.returncode}: {r.stderr}")
        r = calibrate(config, data, out, "--resume", "--set", "fear.witnessed=0.5")
        check(r.returncode == 2 and "configuration" in r.stderr, f"--resume with --set: exit {r.returncode}: {r.stderr}")
        r = calibrate(config, data, out, "--resume", "--threads", "2")
        check(r.returncode == 0, f"--resume: exit {r.returncode}: {r.stderr}")
        same(a, out, "resumed against uninterrupted")
        print("ok: an interrupted calibration resumes to the same values; --resume on a changed configuration exits 2")

        # 4. MPI (scripts/setup.sh installs openmpi-bin: without mpirun the test fails, it does not skip).
        mpirun = shutil.which("mpirun")
        check(mpirun is not None, "mpirun is not installed (openmpi-bin; scripts/setup.sh installs it)")
        m = os.path.join(tmp, "m.h5")
        env = {"OMPI_ALLOW_RUN_AS_ROOT": "1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM": "1", "ASAN_OPTIONS": "detect_leaks=0",
               "OMPI_MCA_rmaps_base_oversubscribe": "1"}
        r = calibrate(config, data, m, "--threads", "1", env=env, prefix=(mpirun, "-np", "2", "--oversubscribe"))
        check(r.returncode == 0, f"mpirun -np 2: exit {r.returncode}: {r.stderr}")
        same(a, m, "mpirun -np 2 against one process")
        print("ok: mpirun -np 2 gives the values of one process")
    return 0


if __name__ == "__main__":
    sys.exit(main())
