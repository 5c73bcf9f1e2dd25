#!/usr/bin/python3
"""Writes the fuzzers' seed corpus (fuzz/, docs/reliability.md "Fuzzing") into OUT/<target>/:
the repository's configurations (fuzz_config), its data files (fuzz_observed_csv), journals with
the fuzz targets' identities (fuzz_sweep_journal, fuzz_calibration_journal: whole records,
a torn one, a flipped bit) and, given a buurtsim program, a small sweep file and a small
calibration file (fuzz_results_file) and the journal of a run of fuzz/run_journal.toml with the
identity "fuzz" (fuzz_run_journal: whole, cut after some records, torn, a flipped count).

    scripts/fuzz_seeds.py OUT [BUURTSIM]
"""
import glob
import os
import shutil
import signal
import struct
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MAGIC = b"BSJOURN1"


def fnv1a(data, h=1469598103934665603):
    for b in data:
        h = ((h ^ b) * 1099511628211) & 0xFFFFFFFFFFFFFFFF
    return h


def record(rid, values):
    head = struct.pack("<QQ", rid, len(values))
    body = struct.pack(f"<{len(values)}d", *values)
    return head + body + struct.pack("<Q", fnv1a(head + body))


def journal(identity, records):
    ident = identity.encode()
    return MAGIC + struct.pack("<Q", len(ident)) + ident + b"".join(records)


def generation(index, particles=3, params=2):
    """pack({g}) of experiments/analysis/calibration.cpp."""
    theta = [0.1 * (i + k) for i in range(particles) for k in range(params)]
    return ([1.0, float(index), 2.5, 10.0, 1.0, 0.3, particles * 0.9, 1.5, float(particles), float(params)] + theta +
            [1.0 / particles] * particles + [0.5 + i for i in range(particles)])


def write(out, target, name, data):
    os.makedirs(os.path.join(out, target), exist_ok=True)
    with open(os.path.join(out, target, name), "wb") as f:
        f.write(data)


def journals(out):
    sweep = [record(p, [float(p + i) for i in range(8)]) for p in range(3)]
    full = journal("fuzz", sweep)
    write(out, "fuzz_sweep_journal", "three_points", full)
    write(out, "fuzz_sweep_journal", "torn", full[:-5])
    flipped = bytearray(full)
    flipped[len(MAGIC) + 8 + 4 + 8 + 3] ^= 0x40  # the first record's count
    write(out, "fuzz_sweep_journal", "flipped_count", bytes(flipped))
    write(out, "fuzz_sweep_journal", "nan_values", journal("fuzz", [record(0, [float("nan")] * 4)]))
    ident = "buurtsim calibration\nversion fuzz\nconfig 0000000000000001\ndata 0000000000000002\n"
    cal = journal(ident, [record(g, generation(g)) for g in range(2)])
    write(out, "fuzz_calibration_journal", "two_generations", cal)
    write(out, "fuzz_calibration_journal", "torn", cal[:-3])
    bad = generation(0)
    bad[8] = 82.0  # more particles than the record holds (the old "vector::_M_range_check")
    write(out, "fuzz_calibration_journal", "rows_too_many", journal(ident, [record(0, bad)]))


def texts(out):
    for path in sorted(glob.glob(os.path.join(ROOT, "configs", "**", "*.toml"), recursive=True)):
        shutil.copy(path, os.path.join(out, "fuzz_config", os.path.relpath(path, ROOT).replace("/", "_")))
    for path in sorted(glob.glob(os.path.join(ROOT, "data", "*.csv"))):
        shutil.copy(path, os.path.join(out, "fuzz_observed_csv", os.path.basename(path)))


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


def results_files(out, buurtsim):
    with tempfile.TemporaryDirectory() as tmp:
        cfg = os.path.join(tmp, "sweep.toml")
        with open(cfg, "w") as f:
            f.write(SWEEP)
        cal = os.path.join(tmp, "calibration.toml")
        with open(os.path.join(ROOT, "configs", "calibration.toml")) as f:
            text = f.read().replace("particles = 50", "particles = 10").replace("generations = 7", "generations = 2")
        with open(cal, "w") as f:
            f.write(text)
        made = []
        for args, name in [(["sweep", cfg, "-o", os.path.join(tmp, "sweep.h5")], "sweep.h5"),
                           (["calibrate", cal, "--data", os.path.join(ROOT, "data", "veiligheidsmonitor_examples.csv"),
                             "-o", os.path.join(tmp, "calibration.h5")], "calibration.h5")]:
            r = subprocess.run([buurtsim, *args, "--quiet", "--no-report"], capture_output=True, text=True)
            if r.returncode == 0:
                shutil.copy(os.path.join(tmp, name), os.path.join(out, "fuzz_results_file", name))
                made.append(name)
            else:
                print(f"fuzz_seeds: {name} not made ({r.stderr.strip()[:200]})", file=sys.stderr)
        return made


def run_journal_records(buurtsim, one_world):
    """The records of a run's whole journal (fuzz/run_journal.toml, as two worlds or as one): the run
    held at its point of no return (the test hook) and interrupted there keeps every record."""
    with open(os.path.join(ROOT, "fuzz", "run_journal.toml")) as f:
        text = "".join(line for line in f if not (one_world and line.startswith("world")))
    with tempfile.TemporaryDirectory() as tmp:
        config, result = os.path.join(tmp, "run.toml"), os.path.join(tmp, "run.h5")
        with open(config, "w") as f:
            f.write(text)
        proc = subprocess.Popen([buurtsim, "run", config, "-o", result, "--quiet", "--no-report"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                env=dict(os.environ, BUURTSIM_TEST_PAUSE_AT="point_of_no_return"))
        line = proc.stderr.readline()
        if line.startswith("test: paused"):
            proc.send_signal(signal.SIGINT)
        rest = proc.communicate(timeout=300)[1]
        try:
            with open(result + ".journal", "rb") as f:
                data = f.read()
        except OSError:
            print(f"fuzz_seeds: the run journal was not made ({(line + rest).strip()[:200]})", file=sys.stderr)
            return []
    n = struct.unpack("<Q", data[len(MAGIC):len(MAGIC) + 8])[0]
    at, records = len(MAGIC) + 8 + n, []
    while at + 16 <= len(data):
        rid, count = struct.unpack("<QQ", data[at:at + 16])
        records.append((rid, list(struct.unpack(f"<{count}d", data[at + 16:at + 16 + 8 * count]))))
        at += 16 + 8 * count + 8
    return records


def run_journal(out, buurtsim):
    """fuzz_run_journal's seeds (fuzz/fuzz_run_journal.cpp): byte 0 chooses the world count (bit 0)
    and the mode (bit 1: the journal file as it is; 0: records framed as [u64 id][u16 count][doubles])."""
    for one_world in (False, True):
        records = run_journal_records(buurtsim, one_world)
        if not records:
            continue
        tag = "one_world" if one_world else "two_worlds"
        whole = journal("fuzz", [record(rid, values) for rid, values in records])
        header = len(whole) - sum(16 + 8 * len(v) + 8 for _, v in records)
        raw = bytes([2 | one_world])
        write(out, "fuzz_run_journal", f"{tag}_whole", raw + whole)
        write(out, "fuzz_run_journal", f"{tag}_half", raw + whole[:header + (len(whole) - header) // 2])
        write(out, "fuzz_run_journal", f"{tag}_torn", raw + whole[:-5])
        flipped = bytearray(whole)
        flipped[header + 8 + 3] ^= 0x40  # the first record's count
        write(out, "fuzz_run_journal", f"{tag}_flipped_count", raw + bytes(flipped))
        framed = b"".join(struct.pack("<QH", rid, len(v)) + struct.pack(f"<{len(v)}d", *v) for rid, v in records)
        write(out, "fuzz_run_journal", f"{tag}_framed", bytes([one_world]) + framed)


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    out = sys.argv[1]
    for t in ["fuzz_config", "fuzz_observed_csv", "fuzz_sweep_journal", "fuzz_calibration_journal",
              "fuzz_results_file", "fuzz_run_journal"]:
        os.makedirs(os.path.join(out, t), exist_ok=True)
    texts(out)
    journals(out)
    if len(sys.argv) > 2:
        results_files(out, sys.argv[2])
        run_journal(out, sys.argv[2])
    return 0


if __name__ == "__main__":
    sys.exit(main())
