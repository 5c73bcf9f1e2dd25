"""`buurtsim init` as a user runs it (docs/usage.md, "A configuration for your own buurt"): the
file it writes runs as is; bad options and a bad --neighbourhoods file give exit 2, a message
naming the option (or the file and line) and no file; an existing file is kept without --force."""
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from testlib import BIN, check  # noqa: E402


def init(*args, cwd):
    return subprocess.run([BIN, "init", *args], capture_output=True, text=True, cwd=cwd, timeout=60)


with tempfile.TemporaryDirectory() as tmp:
    # The file runs as is.
    p = init("-n", "Mijn buurt=500", "--approaches", "vba", "--years", "1", "--replicates", "1",
             "--funding", "additional", "-o", "mijn.toml", cwd=tmp)
    check(p.returncode == 0, f"init failed: {p.stderr}")
    text = open(os.path.join(tmp, "mijn.toml")).read()
    check("buurtsim init -n 'Mijn buurt=500'" in text, "the header gives the command, quoted as typed")
    check('funding = "additional"' in text, "--funding additional is written")
    r = subprocess.run([BIN, "run", "mijn.toml", "--weeks", "8", "--uncertainty", "none", "-o", "mijn.h5",
                        "--quiet"], capture_output=True, text=True, cwd=tmp, timeout=300)
    check(r.returncode == 0, f"run of the written configuration failed: {r.stderr}")
    check(os.path.exists(os.path.join(tmp, "mijn.h5")), "the run wrote its results")
    print("init -> run: ok")

    # An existing file is kept.
    before = open(os.path.join(tmp, "mijn.toml")).read()
    p = init("-n", "Ander=900", "-o", "mijn.toml", cwd=tmp)
    check(p.returncode == 2 and "--force" in p.stderr, f"an existing file must be refused: {p.returncode} {p.stderr}")
    check(open(os.path.join(tmp, "mijn.toml")).read() == before, "the existing file is unchanged")
    p = init("-n", "Ander=900", "-o", "mijn.toml", "--force", cwd=tmp)
    check(p.returncode == 0 and 'name = "Ander"' in open(os.path.join(tmp, "mijn.toml")).read(), "--force replaces")
    print("existing file: ok")

    # Bad options: exit 2, the option named, nothing written.
    for args, needle in [(["-n", "A=4.000"], "thousands separators"),
                         (["-n", "A=4000", "--approaches", "politie"], "'politie' is not an approach"),
                         (["-n", "A=4000", "--funding", "extra"], "additional or redeployed"),
                         (["-n", "A=4000", "--years", "0"], "--years"),
                         ([], "--neighbourhood")]:
        p = init(*args, "-o", "bad.toml", cwd=tmp)
        check(p.returncode == 2 and needle in p.stderr, f"{args}: expected exit 2 with '{needle}': {p.stderr}")
        check(not os.path.exists(os.path.join(tmp, "bad.toml")), f"{args}: nothing written")
    print("bad options: ok")

    # A --neighbourhoods file: its entries are copied with their comments; its errors name its line.
    with open(os.path.join(tmp, "buurten.toml"), "w") as f:
        f.write('# two buurten\n[[neighbourhood]]\nname = "Noord"\nresidents = 2500\n'
                'population.share_corporation = 0.45  # from CBS\n\n'
                '[[neighbourhood]]\nname = "Zuid"\nresidents = 3100\n')
    p = init("--neighbourhoods", "buurten.toml", "--approaches", "none", cwd=tmp)
    check(p.returncode == 0 and "# from CBS" in p.stdout and 'name = "Zuid"' in p.stdout,
          f"the buurten file is copied: {p.stderr}")
    with open(os.path.join(tmp, "kapot.toml"), "w") as f:
        f.write('[[neighbourhood]]\nname = "Noord"\nresidents = 2500\npopulation.share_korporatie = 0.4\n')
    p = init("--neighbourhoods", "kapot.toml", "-o", "bad.toml", cwd=tmp)
    check(p.returncode == 2 and "kapot.toml:4" in p.stderr, f"a bad key names the file and line: {p.stderr}")
    check(not os.path.exists(os.path.join(tmp, "bad.toml")), "nothing written")
    print("--neighbourhoods: ok")
    # Buurten straight from the shipped CBS extract.
    cbs = os.path.join(os.environ.get("BUURTSIM_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", "..")),
                       "data", "cbs_kwb_2019_84583NED_den_haag.csv")
    p = init("--cbs", cbs, "--code", "bu05183480=Mijnbuurt", "--approaches", "vba", cwd=tmp)
    check(p.returncode == 0 and "name = 'Mijnbuurt'" in p.stdout and "residents = 6205" in p.stdout,
          f"--cbs/--code give the CBS entry: {p.stderr}")
    p = init("--cbs", cbs, "--code", "BU00000000", "-o", "bad.toml", cwd=tmp)
    check(p.returncode == 2 and "BU00000000" in p.stderr and not os.path.exists(os.path.join(tmp, "bad.toml")),
          f"an unknown code: exit 2, named, nothing written: {p.stderr}")
    print("--cbs: ok")
print("PASS")
