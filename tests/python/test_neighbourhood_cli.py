#!/usr/bin/python3
"""`buurtsim neighbourhood` from the command line (issue 18; docs/neighbourhoods.md).

1. The shipped real extracts (data/cbs_kwb_2019_84583NED_den_haag.csv, CBS's open-data CSV
   shape; data/cbs_kwb_2020_84799NED_aa_en_hunze.csv, a re-export with ',' and NA) give a
   configuration that `buurtsim check` accepts, `buurtsim run` runs and `buurtsim init
   --neighbourhoods` builds on.
2. An existing output file is refused (exit 2) and left as it was.
3. Malformed files (CONSTRUCTED below in CBS's 2019 shape, not CBS figures): a code not in the
   file, a row with another number of fields, a figure that is no number, an unclosed quote,
   mixed decimal marks, too few residents, a file that is no KWB table: exit 2, the file and
   line in the message, nothing written (no output, no OUT.partial).
4. `--all-buurten --world-per-municipality` on a CONSTRUCTED file of two municipalities with a
   wijk, a gemeente and a buurt of 15 residents among the rows: every buurt of 20 or more
   residents, labelled by its municipality and grouped by it, the small one left out with a
   note; `buurtsim check` accepts the result and sees two worlds.

Needs BUURTSIM_BIN. Exits 1 with a message on the first failure.
"""
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from testlib import BIN, SOURCE, check  # noqa: E402  (tests/python/testlib.py)

DEN_HAAG = os.path.join(SOURCE, "data", "cbs_kwb_2019_84583NED_den_haag.csv")
AA_EN_HUNZE = os.path.join(SOURCE, "data", "cbs_kwb_2020_84799NED_aa_en_hunze.csv")

# CONSTRUCTED figures in the shape of CBS's 2019 open-data CSV (quoted, padded, ';', decimal comma).
HEADER = ('"ID";"WijkenEnBuurten";"SoortRegio_2";"Codering_3";"AantalInwoners_5";"k_0Tot15Jaar_8";'
          '"k_15Tot25Jaar_9";"k_25Tot45Jaar_10";"k_45Tot65Jaar_11";"k_65JaarOfOuder_12";'
          '"GemiddeldeHuishoudensgrootte_32"\r\n')
ROW_A = '"1";"BU99990001";"Buurt     ";"BU99990001";"    1000";"     150";"     150";"     250";"     250";"     200";"     2,1"\r\n'
ROW_B = '"2";"BU99990002";"Buurt     ";"BU99990002";"     600";"     100";"     100";"     100";"     200";"     100";"       ."\r\n'
GOOD = HEADER + ROW_A + ROW_B

# (name, file text, codes, the expected "FILE:LINE:" part, a phrase of the message)
BAD = [
    ("code not in the file", GOOD, ["BU99990003"], "kwb.csv:", "no row for region BU99990003"),
    ("ragged row", GOOD.replace('"     2,1"\r\n', '"     2,1";"9"\r\n'), ["BU99990002"], "kwb.csv:2:",
     "expected 11 fields"),
    ("no number", GOOD.replace('"     2,1"', '"    2,1x"'), ["BU99990001"], "kwb.csv:2:",
     "'GemiddeldeHuishoudensgrootte_32' of BU99990001 is \"2,1x\""),
    ("unclosed quote", GOOD.replace('"     2,1"', '"     2,1'), ["BU99990001"], "kwb.csv:2:", "never closed"),
    ("mixed decimal marks", GOOD.replace('"       ."', '"     2.5"'), ["BU99990001", "BU99990002"], "kwb.csv:3:",
     "one decimal mark"),
    ("too few residents", GOOD.replace('"     600"', '"      15"'), ["BU99990002"], "kwb.csv:3:",
     "at least 20 residents"),
    ("not a KWB table", "buurt;jaar\r\nNoord;2019\r\n", ["BU99990001"], "kwb.csv:1:", "not a CBS table"),
]


def run(*args, cwd):
    return subprocess.run([BIN, *args], capture_output=True, text=True, timeout=300, cwd=cwd)


def main():
    with tempfile.TemporaryDirectory() as tmp:
        # 1. The real extracts, two table years.
        r = run("neighbourhood", "--cbs", DEN_HAAG, "--code", "BU05183480=Zuidwest", "--code", "BU05181785",
                "-o", "den_haag.toml", cwd=tmp)
        check(r.returncode == 0, f"den haag extract: exit {r.returncode}: {r.stderr}")
        text = open(os.path.join(tmp, "den_haag.toml"), encoding="utf-8").read()
        check("residents = 6205" in text and "name = 'Zuidwest'" in text, f"den haag entries: {text}")
        check("GemiddeldeHuishoudensgrootte is not in this table" in text, "a note for the missing household size")
        check(tmp not in text, "an absolute temporary path in the written configuration")
        r = run("neighbourhood", "--cbs", AA_EN_HUNZE, "--code", "BU16800000", cwd=tmp)
        check(r.returncode == 0 and "population.share_corporation = 0.2" in r.stdout,
              f"aa en hunze to stdout: exit {r.returncode}: {r.stderr}{r.stdout}")
        with open(os.path.join(tmp, "aa.toml"), "w", encoding="utf-8") as f:
            f.write(r.stdout)
        for name in ("den_haag.toml", "aa.toml"):
            c = run("check", name, cwd=tmp)
            check(c.returncode == 0, f"buurtsim check {name}: exit {c.returncode}: {c.stderr}")
        r = run("run", "aa.toml", "--weeks", "2", "--replicates", "1", "--no-report", "-o", "aa.h5", cwd=tmp)
        check(r.returncode == 0 and os.path.exists(os.path.join(tmp, "aa.h5")),
              f"buurtsim run on the written configuration: exit {r.returncode}: {r.stderr}")
        r = run("init", "--neighbourhoods", "den_haag.toml", "-o", "full.toml", cwd=tmp)
        check(r.returncode == 0, f"buurtsim init --neighbourhoods on the written file: exit {r.returncode}: {r.stderr}")
        c = run("check", "full.toml", cwd=tmp)
        check(c.returncode == 0 and "Zuidwest" in c.stdout, f"check of init's configuration: {c.stderr}")
        print("ok   the real extracts of two table years give configurations that check, run and init accept")

        # 2. An existing output is not replaced.
        r = run("neighbourhood", "--cbs", DEN_HAAG, "--code", "BU05183480", "-o", "den_haag.toml", cwd=tmp)
        check(r.returncode == 2 and "exists" in r.stderr, f"existing output: exit {r.returncode}: {r.stderr}")
        check(open(os.path.join(tmp, "den_haag.toml"), encoding="utf-8").read() == text, "existing output changed")
        print("ok   an existing output file is refused and left as it was")

        # 3. Malformed files.
        for name, data, codes, where, phrase in BAD:
            with open(os.path.join(tmp, "kwb.csv"), "w", encoding="utf-8", newline="") as f:
                f.write(data)
            args = ["neighbourhood", "--cbs", "kwb.csv", "-o", "out.toml"]
            for c in codes:
                args += ["--code", c]
            r = run(*args, cwd=tmp)
            check(r.returncode == 2, f"{name}: exit {r.returncode}, expected 2: {r.stderr}")
            check(where in r.stderr and phrase in r.stderr, f"{name}: expected {where!r} and {phrase!r}: {r.stderr}")
            check(not os.path.exists(os.path.join(tmp, "out.toml")) and
                  not os.path.exists(os.path.join(tmp, "out.toml.partial")), f"{name}: something was written")
        print(f"ok   {len(BAD)} malformed files exit 2 with their line, nothing written")

        # 4. Every buurt of a file, one world per municipality.
        other_a = ROW_A.replace("BU99990001", "BU88880001").replace('"1";', '"3";')
        other_small = ROW_B.replace("BU99990002", "BU88880002").replace('"     600"', '"      15"').replace('"2";', '"4";')
        wijk = ROW_A.replace("BU99990001", "WK999900").replace("Buurt     ", "Wijk      ").replace('"1";', '"5";')
        gemeente = ROW_A.replace("BU99990001", "GM9999").replace("Buurt     ", "Gemeente  ").replace('"1";', '"6";')
        with open(os.path.join(tmp, "kwb_all.csv"), "w", encoding="utf-8", newline="") as f:
            f.write(HEADER + gemeente + wijk + ROW_A + other_a + ROW_B + other_small)
        r = run("neighbourhood", "--cbs", "kwb_all.csv", "--all-buurten", "--world-per-municipality", "-o", "all.toml",
                cwd=tmp)
        check(r.returncode == 0, f"--all-buurten: exit {r.returncode}: {r.stderr}")
        text = open(os.path.join(tmp, "all.toml"), encoding="utf-8").read()
        names = [line.split("'")[1] for line in text.splitlines() if line.startswith("name = ")]
        worlds = [line.split("'")[1] for line in text.splitlines() if line.startswith("world = ")]
        check(names == ["BU88880001", "BU99990001", "BU99990002"], f"--all-buurten entries: {names}")
        check(worlds == ["GM8888", "GM9999", "GM9999"], f"--world-per-municipality labels: {worlds}")
        check("3 of the file's 4 buurten; left out: 1 with fewer than 20 residents" in text and
              "(15 residents in all)" in text, f"the note on the buurt left out: {text[:800]}")
        c = run("check", "all.toml", cwd=tmp)
        check(c.returncode == 0 and "2 world(s)" in c.stdout, f"check of --all-buurten's file: {c.returncode} {c.stderr}")
        r = run("neighbourhood", "--cbs", "kwb_all.csv", "--all-buurten", "--code", "BU99990001", cwd=tmp)
        check(r.returncode == 2 and "either --code" in r.stderr, f"--all-buurten with --code: {r.returncode} {r.stderr}")
        print("ok   --all-buurten --world-per-municipality: every buurt, one world per municipality, small ones noted")


if __name__ == "__main__":
    main()
