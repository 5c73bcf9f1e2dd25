#!/usr/bin/python3
"""Issue 20, items 4 and 5, at the command line (docs/reliability.md, "Untrusted numbers" and
"Memory"): each failure that was seen, as the user met it. Small runs (300 residents, a few
weeks): seconds in all. Needs BUURTSIM_BIN; exits 1 with a message on the first failure.
"""
import math
import os
import shutil
import struct
import subprocess
import sys
import tempfile

import h5py
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
from testlib import BIN, PYTHON, SOURCE, check  # noqa: E402  (tests/python/testlib.py)

SWEEP = """model = "buurtsim"
weeks = 3
burn_in_weeks = 1
replicates = 1
[[neighbourhood]]
name = "A"
residents = 300
[[scenario]]
name = "baseline"
[sweep]
design = "latin_hypercube"
samples = 4
final_weeks = 2
[[sweep.parameter]]
name = "fear.hearsay"
min = 0.1
max = 0.8
"""
RUN = """model = "buurtsim"
weeks = 3
burn_in_weeks = 1
replicates = 2
[[neighbourhood]]
name = "A"
residents = 300
[[scenario]]
name = "baseline"
[[scenario]]
name = "vba"
approaches = ["vba"]
"""


def buurtsim(*args, env=None):
    e = dict(os.environ, **(env or {}))
    return subprocess.run([BIN, *args], capture_output=True, text=True, timeout=300, env=e)


def fnv1a(data, h=1469598103934665603):
    for b in data:
        h = ((h ^ b) * 1099511628211) & 0xFFFFFFFFFFFFFFFF
    return h


def journal_records(path):
    """(header bytes, [(id, values)]) of a journal (experiments/io/journal.cpp)."""
    with open(path, "rb") as f:
        data = f.read()
    n = struct.unpack_from("<Q", data, 8)[0]
    at = 16 + n
    header, records = data[:at], []
    while at + 16 <= len(data):
        rid, count = struct.unpack_from("<QQ", data, at)
        values = list(struct.unpack_from(f"<{count}d", data, at + 16))
        records.append((rid, values))
        at += 24 + 8 * count
    return header, records


def write_journal(path, header, records):
    with open(path, "wb") as f:
        f.write(header)
        for rid, values in records:
            body = struct.pack("<QQ", rid, len(values)) + struct.pack(f"<{len(values)}d", *values)
            f.write(body + struct.pack("<Q", fnv1a(body)))


def interrupted_sweep(tmp, name):
    cfg = os.path.join(tmp, "sweep.toml")
    with open(cfg, "w") as f:
        f.write(SWEEP)
    out = os.path.join(tmp, name)
    r = buurtsim("sweep", cfg, "-o", out, "--quiet", env={"BUURTSIM_TEST_KILL_AFTER_POINTS": "2"})
    check(r.returncode == -9, f"the sweep was to be killed after 2 points: {r.returncode} {r.stderr}")
    return cfg, out


def sweep_journal_nan_record(tmp):
    """A record with a valid checksum but NaN in its counts is run again, not stored as complete."""
    cfg, out = interrupted_sweep(tmp, "nan.h5")
    header, records = journal_records(out + ".journal")
    check(len(records) == 2, f"expected 2 journal records, found {len(records)}")
    rid, values = records[1]
    write_journal(out + ".journal", header, [records[0], (rid, [math.nan] * len(values))])
    r = buurtsim("sweep", cfg, "-o", out, "--resume", "--no-report")
    check(r.returncode == 0, f"resume failed: {r.stderr}")
    check(f"point {rid} is run again" in r.stderr, f"no note of the damaged record: {r.stderr}")
    check("1 of 4 points finished before" in r.stderr, f"the NaN record counted as finished: {r.stderr}")
    with h5py.File(out) as f:
        incidents = f["final/incidents"][()]
    check(np.all(np.isfinite(incidents)), "NaN incidents stored in the finished sweep")
    print("ok: a sweep journal record of NaN is run again")
    return out


def sweep_journal_header(tmp):
    """A damaged journal header: exit 2 and how to start over (as calibrate does)."""
    cfg, out = interrupted_sweep(tmp, "header.h5")
    with open(out + ".journal", "r+b") as f:
        f.write(b"XX")
    r = buurtsim("sweep", cfg, "-o", out, "--resume", "--quiet")
    check(r.returncode == 2, f"exit {r.returncode}, expected 2: {r.stderr}")
    check("start over" in r.stderr and "--resume" in r.stderr, f"no hint how to start over: {r.stderr}")
    print("ok: a damaged sweep journal header exits 2 saying how to start over")


def sensitivity_design_values(tmp, sweep_file):
    """NaN or 1e308 in /design/value is refused (it gave NaN coefficients, or -nan and 0)."""
    for bad in [math.nan, 1e308]:
        copy = os.path.join(tmp, "design.h5")
        shutil.copy(sweep_file, copy)
        with h5py.File(copy, "r+") as f:
            v = f["design/value"][()]
            v[1, 0] = bad
            f["design/value"][...] = v
        r = buurtsim("sensitivity", copy, "--bootstrap", "0")
        check(r.returncode == 2, f"/design/value {bad}: exit {r.returncode}, expected 2: {r.stdout} {r.stderr}")
        check("/design/value of point 1" in r.stderr and "outside its range" in r.stderr,
              f"/design/value {bad}: {r.stderr}")
        check("nan" not in r.stdout.lower(), f"nan printed: {r.stdout}")
    print("ok: NaN and 1e308 in /design/value are refused")


def sensitivity_all_nan(tmp, sweep_file):
    """Complete points holding NaN are not reported as "every outcome is constant"."""
    copy = os.path.join(tmp, "allnan.h5")
    shutil.copy(sweep_file, copy)
    with h5py.File(copy, "r+") as f:
        for name, ds in f["final"].items():
            if isinstance(ds, h5py.Dataset) and ds.ndim == 4 and ds.dtype.kind == "f":
                ds[...] = np.nan
    r = buurtsim("sensitivity", copy, "--bootstrap", "0")
    check(r.returncode == 2, f"exit {r.returncode}: {r.stderr}")
    check("every outcome is constant" not in r.stderr and "not a number" in r.stderr, f"message: {r.stderr}")
    print("ok: a sweep of NaN points is not called constant")


def calibration_se(tmp):
    """se = 1e-300 (every distance infinite, posterior = prior, exit 0) is refused with its line."""
    data = os.path.join(tmp, "tiny_se.csv")
    with open(os.path.join(SOURCE, "data", "veiligheidsmonitor_examples.csv")) as f:
        lines = f.read().splitlines()
    head = lines[0].split(",")
    lines[0] = ",".join(head[:5] + ["se"] + head[5:])
    lines[1:] = [",".join(x.split(",")[:5] + [""] + x.split(",")[5:]) for x in lines[1:]]
    row = lines[9].split(",")  # Heerlen 2019 unsafe_sometimes_pct: line 10 of the file
    row[5] = "1e-300"
    lines[9] = ",".join(row)
    with open(data, "w") as f:
        f.write("\n".join(lines) + "\n")
    r = buurtsim("calibrate", os.path.join(SOURCE, "configs", "calibration.toml"), "--data", data,
                 "-o", os.path.join(tmp, "cal.h5"), "--quiet")
    check(r.returncode == 2, f"exit {r.returncode}, expected 2: {r.stderr}")
    check(f"{data}:10: 'se' 1e-300 is too small" in r.stderr, f"message: {r.stderr}")
    check(not os.path.exists(os.path.join(tmp, "cal.h5")), "a calibration file was written")
    print("ok: se = 1e-300 refused with its line")


def report_no_runs_finished(tmp):
    """A run file in which 0 of N runs finished: the report says so, not "no clear change"."""
    cfg = os.path.join(tmp, "run.toml")
    with open(cfg, "w") as f:
        f.write(RUN)
    out = os.path.join(tmp, "run.h5")
    r = buurtsim("run", cfg, "-o", out, "--quiet", "--no-report")
    check(r.returncode == 0, f"run failed: {r.stderr}")
    with h5py.File(out, "r+") as f:
        f["status/complete"][...] = 0
    html = os.path.join(tmp, "run.html")
    r = subprocess.run([PYTHON, os.path.join(SOURCE, "analysis", "report.py"), out, "-o", html],
                       capture_output=True, text=True, timeout=300,
                       env=dict(os.environ, MPLCONFIGDIR=os.path.join(tmp, "mpl")))
    check(r.returncode == 0, f"report failed: {r.stderr}")
    with open(html) as f:
        page = f.read()
    check("No runs finished" in page and "(0 of 4)" in page, "the report does not say that no run finished")
    check("no clear change in the key outcomes" not in page, "the report says 'no clear change'")
    print("ok: the report of a file without finished runs says so")


def messages(tmp):
    base = os.path.join(SOURCE, "configs", "baseline.toml")
    cases = [
        (["check", base, "--set", "survey.target_responses=1000000000000"], "got 1000000000000"),
        (["check", base, "--set", "fear.offset=1\nfoo"], "line break"),
        (["check", base, "--set", "scenario..fear.offset=1"], "scenario.NAME.KEY=VALUE"),
        (["check", base, "--weeks", "29999"], "--weeks 29999: 'weeks': weeks + burn_in_weeks"),
    ]
    u16 = os.path.join(tmp, "u16.toml")
    with open(base, encoding="utf-8") as f:
        text = f.read()
    with open(u16, "wb") as f:
        f.write(text.encode("utf-16"))
    cases.append((["check", u16], "saved as UTF-16"))
    nul = os.path.join(tmp, "nul.toml")
    with open(nul, "wb") as f:
        f.write(b'model = "buurtsim"\nweeks = 4\x00\xff\xfe\n')
    cases.append((["check", nul], "NUL byte on line 2"))
    for args, want in cases:
        r = buurtsim(*args)
        check(r.returncode == 2, f"{args[2:]}: exit {r.returncode}, expected 2")
        check(want in r.stderr, f"{args[2:]}: expected '{want}' in: {r.stderr!r}")
        check(all(c == "\n" or c == "\t" or ord(c) >= 32 for c in r.stderr) and "\ufffd" not in r.stderr,
              f"{args[2:]}: raw bytes in the message: {r.stderr!r}")
    print("ok: the messages (10^12 whole, --set line break and empty scenario, UTF-16, NUL, --weeks blamed)")


def available_gib():
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) / 1024 / 1024
    return 0


def memory(tmp):
    # residents = 200,000,000 needs about 37 GiB: refused where less is available (on a larger
    # machine it would run, for minutes; not here).
    if available_gib() < 30:
        huge = os.path.join(tmp, "huge.toml")
        with open(huge, "w") as f:
            f.write(SWEEP.split("[sweep]")[0].replace("residents = 300", "residents = 200000000"))
        r = buurtsim("run", huge, "-o", os.path.join(tmp, "huge.h5"), "--quiet")
        check(r.returncode == 2 and "of memory" in r.stderr and "fewer residents" in r.stderr,
              f"residents = 200,000,000: exit {r.returncode}: {r.stderr}")
    else:
        print(f"skipped: residents = 200,000,000 (this machine has {available_gib():.0f} GiB available)")
    # A sweep point holds every week of its runs (a `run` streams them to its file instead).
    sweep = os.path.join(tmp, "long_sweep.toml")
    with open(sweep, "w") as f:
        f.write(SWEEP)
    r = buurtsim("sweep", sweep, "--weeks", "28000", "--replicates", "65535", "-o", os.path.join(tmp, "long.h5"),
                 "--quiet")
    check(r.returncode == 2 and "fewer replicates (--replicates) or weeks (--weeks)" in r.stderr,
          f"sweep --weeks 28000 --replicates 65535: exit {r.returncode}: {r.stderr}")
    left = [n for n in os.listdir(tmp) if n.startswith("long.h5")]
    check(not left, f"files were left: {left}")
    r = buurtsim("check", os.path.join(SOURCE, "configs", "baseline.toml"))
    check(r.returncode == 0 and "# memory: about" in r.stdout, f"check prints no estimate: {r.stdout[-300:]}")
    print("ok: runs that cannot fit are refused before they start; check prints the estimate")


def main():
    with tempfile.TemporaryDirectory() as tmp:
        messages(tmp)
        memory(tmp)
        sweep_file = sweep_journal_nan_record(tmp)
        sweep_journal_header(tmp)
        sensitivity_design_values(tmp, sweep_file)
        sensitivity_all_nan(tmp, sweep_file)
        calibration_se(tmp)
        report_no_runs_finished(tmp)
    return 0


if __name__ == "__main__":
    sys.exit(main())
