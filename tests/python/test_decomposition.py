#!/usr/bin/python3
"""analysis/decomposition.py (docs/approaches/decomposition.md) on a small comparison of every
built-in approach: every setting it names exists (the program refuses an unknown one, and the
script then fails), every approach has its table with a row per organisation and per mechanism,
and the row without any hours is exactly 0 for every outcome (an approach without hours does
nothing at all), while the row with every mechanism on is not 0 everywhere (the runs are not
all the same run).

Needs BUURTSIM_BIN. A few seconds (22 short runs of a small neighbourhood).
"""
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from testlib import BIN, SOURCE, check  # noqa: E402  (tests/python/testlib.py)

sys.path.insert(0, os.path.join(SOURCE, "analysis"))
import decomposition  # noqa: E402

CONFIG = """\
model = "buurtsim"
weeks = 12
burn_in_weeks = 4
replicates = 2
seed = 5
start_date = "2024-01-01"

[survey]
weeks = [11]
target_responses = 60

[[neighbourhood]]
name = "Wijk"
residents = 800
"""
SCENARIOS = ["baseline"] + list(decomposition.MECHANISMS)


def main():
    with tempfile.TemporaryDirectory() as tmp:
        cfg = os.path.join(tmp, "small.toml")
        with open(cfg, "w") as f:
            f.write(CONFIG)
            for s in SCENARIOS:
                f.write(f'\n[[scenario]]\nname = "{s}"\napproaches = [{"" if s == "baseline" else chr(34) + s + chr(34)}]\n')
        out = subprocess.run(["/usr/bin/python3", os.path.join(SOURCE, "analysis", "decomposition.py"), "--bin", BIN,
                              "--config", cfg, "--replicates", "2"], capture_output=True, text=True, timeout=600)
        check(out.returncode == 0, f"decomposition.py runs every setting it names (exit {out.returncode}): {out.stderr[-2000:]}")
        sections = re.split(r"^### ", out.stdout, flags=re.M)[1:]
        check([s.split("\n", 1)[0].strip() for s in sections] == list(decomposition.MECHANISMS),
              "one table per approach, in order")
        zero = "+0 [+0, +0]"
        for s in sections:
            name = s.split("\n", 1)[0].strip()
            rows = [r for r in s.splitlines() if r.startswith("| ") and not r.startswith("| switched off")]
            cells = {r.split(" | ")[0][2:]: r.strip(" |").split(" | ")[2:] for r in rows}
            wanted = 2 + len(decomposition.ORGANISATIONS) + len(decomposition.MECHANISMS[name])
            check(len(rows) == wanted, f"{name}: {wanted} rows (all on, no hours, each organisation, each mechanism), got {len(rows)}")
            off = cells["all hours (the approach off)"]
            check(len(off) == len(decomposition.OUTCOMES) and all(c == zero for c in off),
                  f"{name}: without hours every effect is exactly 0: {off}")
            check(any(c != zero for c in cells["nothing"]), f"{name}: with every mechanism on some effect is not 0")
        print(f"decomposition: {len(sections)} approaches, every setting accepted, no hours gives exactly 0")
    return 0


if __name__ == "__main__":
    sys.exit(main())
