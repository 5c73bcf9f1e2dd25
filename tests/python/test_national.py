#!/usr/bin/python3
"""The national configuration, reduced (issue 22; docs/usage.md, "The national run").

scripts/national_config.py writes the country's configuration; here the same script with small
totals (150,000 residents, 10 municipalities, 120 buurten, two years):
1. the totals are exact: residents, buurten and worlds (municipalities) as asked, the 8 real
   buurten of the shipped CBS extracts among them with their CBS residents, every world's
   buurten together, every buurt at least 20 residents; the same file twice (no randomness);
2. `buurtsim check` accepts it;
3. `buurtsim run` from one process and from `mpirun -np 2` gives the same datasets and attributes
   (the worlds are tasks spread over the ranks);
4. bad totals (fewer residents than the real buurten hold, a municipality count of zero) and an
   existing output exit 2 and leave nothing or the old file.

Needs BUURTSIM_BIN, mpirun (openmpi-bin).
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_determinism import compare_files  # noqa: E402
from test_mpi import run  # noqa: E402
from testlib import BIN, SOURCE, check  # noqa: E402  (tests/python/testlib.py)

SCRIPT = os.path.join(SOURCE, "scripts", "national_config.py")
REDUCED = ["--residents", "150000", "--municipalities", "10", "--buurten", "120", "--weeks", "104", "--burn-in", "0"]
# The shipped extracts' buurten and their CBS residents (data/README.md).
REAL = {"BU05181785": 55, "BU05183284": 15010, "BU05183387": 8730, "BU05183396": 7955, "BU05183398": 10820,
        "BU05183480": 6205, "BU16800000": 3455, "BU16800009": 155}


def generate(out, *extra):
    return subprocess.run(["/usr/bin/python3", SCRIPT, "--buurtsim", BIN, "-o", out, *REDUCED, *extra],
                          capture_output=True, text=True, timeout=120)


def main():
    check(shutil.which("mpirun") is not None, "mpirun is not installed (openmpi-bin; scripts/setup.sh installs it)")
    with tempfile.TemporaryDirectory(prefix="buurtsim_national_") as tmp:
        p = lambda name: os.path.join(tmp, name)
        r = generate(p("national.toml"))
        check(r.returncode == 0, f"national_config.py: exit {r.returncode}: {r.stderr}")
        text = open(p("national.toml"), encoding="utf-8").read()
        entries = re.findall(r"^name = '([^']*)'\nworld = '([^']*)'\nresidents = (\d+)", text, re.M)
        check(len(entries) == 120 and text.count("[[neighbourhood]]") == 120, f"120 buurten, got {len(entries)}")
        check(sum(int(n) for _, _, n in entries) == 150000, "the residents do not add up to 150,000")
        check(min(int(n) for _, _, n in entries) >= 20, "a buurt below 20 residents")
        check(len({name for name, _, _ in entries}) == 120, "two buurten of one name")
        worlds = [w for i, (_, w, _) in enumerate(entries) if i == 0 or entries[i - 1][1] != w]
        check(len(worlds) == 10 and len(set(worlds)) == 10, f"10 worlds, each together; got {worlds}")
        real = {name: int(n) for name, _, n in entries if name.startswith("BU")}
        check(real == REAL, f"the real buurten and their CBS residents: {real}")
        check({w for name, w, _ in entries if name.startswith("BU")} == {"GM0518", "GM1680"},
              "the real buurten's worlds are their municipalities")
        check(len(re.findall(r'^dates = \["2024-10-14", "2025-10-13"\]$', text, re.M)) == 1, "two yearly waves")
        check(generate(p("again.toml")).returncode == 0 and
              open(p("again.toml"), encoding="utf-8").read() == text, "a second file differs from the first")
        print("ok   the reduced national configuration: 150,000 residents, 120 buurten, 10 worlds, 8 of them real")

        c = subprocess.run([BIN, "check", p("national.toml")], capture_output=True, text=True, timeout=120)
        check(c.returncode == 0 and len(set(re.findall(r"^world = '([^']*)'", c.stdout, re.M))) == 10,
              f"buurtsim check: exit {c.returncode}, expected 10 worlds in the resolved configuration: {c.stderr}")
        print("ok   buurtsim check accepts it")

        run(["run", p("national.toml"), "-o", p("one.h5"), "--no-report"])
        run(["run", p("national.toml"), "-o", p("two.h5"), "--no-report"], ranks=2)
        n = compare_files(p("one.h5"), p("two.h5"), "national: 1 process vs 2 ranks")
        print(f"ok   run: 2 ranks give the same {n} datasets as one process")

        for what, extra in [("fewer residents than the real buurten", ["--residents", "1000"]),
                            ("no municipalities", ["--municipalities", "0"])]:
            r = subprocess.run(["/usr/bin/python3", SCRIPT, "--buurtsim", BIN, "-o", p("bad.toml"), *REDUCED, *extra],
                               capture_output=True, text=True, timeout=120)
            check(r.returncode == 2 and "national_config:" in r.stderr, f"{what}: exit {r.returncode}: {r.stderr}")
            check(not os.path.exists(p("bad.toml")) and not os.path.exists(p("bad.toml.partial")),
                  f"{what}: something was written")
        r = generate(p("national.toml"))
        check(r.returncode == 2 and "exists" in r.stderr, f"existing output: exit {r.returncode}: {r.stderr}")
        check(open(p("national.toml"), encoding="utf-8").read() == text, "the existing output changed")
        print("ok   bad totals and an existing output exit 2, nothing written or changed")


if __name__ == "__main__":
    main()
