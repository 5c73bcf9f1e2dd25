#!/usr/bin/python3
"""Bad input to `buurtsim run` (docs/usage.md, "Exit status"; issue 2, "Bad input").

Every bad config or option gives exit status 2, one message on stderr naming the file, line
and key where they apply, no output file and no OUT.h5.partial; an existing OUT.h5 is left
byte for byte as it was. `-o` into an impossible place exits 2 without touching anything.

Needs BUURTSIM_BIN (the program). Exits 1 with a message on the first failure.
"""
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from testlib import BIN, check  # noqa: E402  (tests/python/testlib.py)
EXISTING = b""  # the bytes of a real results file, set in main()

# A small, valid config; the bad ones below are variations on it (line numbers matter).
GOOD = """\
model = "buurtsim"
weeks = 30
burn_in_weeks = 20
replicates = 1
seed = 7
[fear]
offset = -1.2
[survey]
weeks = [20]
target_responses = 200
[[neighbourhood]]
name = "Klein"
residents = 1500
"""


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def read_bytes(path):
    with open(path, "rb") as f:
        return f.read()


def snapshot(directory):
    """Every file under directory with its bytes: to see that nothing was touched."""
    files = {}
    for root, dirs, names in os.walk(directory):
        for d in dirs:
            files[os.path.relpath(os.path.join(root, d), directory) + "/"] = None
        for n in names:
            p = os.path.join(root, n)
            files[os.path.relpath(p, directory)] = read_bytes(p)
    return files


def run(args, cwd):
    return subprocess.run([BIN] + args, cwd=cwd, capture_output=True, text=True, timeout=120)


def expect_usage_error(label, args, expected, cwd):
    """Runs `buurtsim run ARGS -o OUT.h5`, first with no OUT.h5, then with an existing one."""
    out = os.path.join(cwd, "OUT.h5")
    for existing in (False, True):
        if existing:
            with open(out, "wb") as f:
                f.write(EXISTING)
        elif os.path.exists(out):
            os.remove(out)
        before = snapshot(cwd)
        r = run(["run"] + args + ["-o", out], cwd)
        what = f"{label} ({'with' if existing else 'without'} an existing OUT.h5)"
        check(r.returncode == 2, f"{what}: exit status {r.returncode}, expected 2; stderr: {r.stderr!r}")
        lines = [line for line in r.stderr.splitlines() if line.strip()]
        check(len(lines) == 1, f"{what}: expected one message on stderr, got {len(lines)}: {r.stderr!r}")
        for part in expected:
            check(part in lines[0], f"{what}: the message does not contain {part!r}: {lines[0]!r}")
        check(not os.path.exists(out + ".partial"), f"{what}: OUT.h5.partial was left behind")
        if existing:
            check(read_bytes(out) == before["OUT.h5"], f"{what}: the existing OUT.h5 was changed")
        else:
            check(not os.path.exists(out), f"{what}: OUT.h5 was written")
        check(snapshot(cwd) == before, f"{what}: the directory changed: {sorted(set(snapshot(cwd)) ^ set(before))}")
    # Without -o the output would go to results/<stem>.h5: nothing may appear there either.
    before = snapshot(cwd)
    r = run(["run"] + args, cwd)
    check(r.returncode == 2, f"{label} (no -o): exit status {r.returncode}, expected 2")
    check(snapshot(cwd) == before, f"{label} (no -o): the directory changed: {sorted(set(snapshot(cwd)) ^ set(before))}")
    print(f"ok   {label}: exit 2, {lines[0]}")


def replace_line(text, number, new):
    lines = text.splitlines()
    lines[number - 1] = new
    return "\n".join(lines) + "\n"


def main():
    check(os.access(BIN, os.X_OK), f"BUURTSIM_BIN={BIN} is not an executable")
    with tempfile.TemporaryDirectory(prefix="buurtsim_bad_input_") as tmp:
        # Each bad config lives in its own file, named in the message with the line of the key.
        configs = {
            "unknown_key.toml": (replace_line(GOOD, 5, "sed = 7"), ["unknown_key.toml:5:", "'sed'"]),
            "wrong_type.toml": (replace_line(GOOD, 2, 'weeks = "thirty"'), ["wrong_type.toml:2:", "'weeks'", "whole number"]),
            "out_of_range.toml": (replace_line(GOOD, 7, "offset = 99"), ["out_of_range.toml:7:", "'fear.offset'", "-5 to 3"]),
            "unknown_param.toml": (replace_line(GOOD, 7, "ofset = -1"), ["unknown_param.toml:7:", "'fear.ofset'", "fear.offset"]),
            "age_shares.toml": (GOOD + "population.share_age_15_24 = 0.5\npopulation.share_age_45_64 = 0.5\n",
                                ["age_shares.toml:15:", "'population.share_age_45_64'", "add up to"]),
            "global_in_nb.toml": (GOOD + "fear.individual_sd = 0.3\n", ["global_in_nb.toml:14:", "'fear.individual_sd'"]),
            "not_toml.toml": (replace_line(GOOD, 6, "[fear"), ["not_toml.toml:6:"]),
            # Approaches: an unknown name (the message lists the known ones), a window ending before
            # it starts, one starting after the last week, over-committed capacity when capacity
            # is hard, a phase switch on an unknown outcome.
            "unknown_approach.toml": (GOOD + '[[scenario]]\nname = "x"\napproaches = ["vbb"]\n',
                                      ["unknown_approach.toml:16:", "unknown approach \"vbb\"", "bap", "buurtpreventie", "vba", "wijkveiligheid"]),
            "window_backwards.toml": (GOOD + '[[scenario]]\nname = "x"\napproaches = ["vba"]\n[scenario.set]\n"vba.start_week" = 10\n"vba.end_week" = 5\n',
                                      ["window_backwards.toml:", "'vba.end_week'", "before it starts"]),
            "window_late.toml": (GOOD + '[[scenario]]\nname = "x"\napproaches = ["bap"]\n[scenario.set]\n"bap.start_week" = 30\n',
                                 ["window_late.toml:", "'bap.start_week'", "after the last recorded week (29)"]),
            "capacity_hard.toml": (GOOD + '[[scenario]]\nname = "x"\napproaches = ["vba", "wijkveiligheid"]\n'
                                   '[scenario.set]\n"organisations.capacity_hard" = true\n"vba.funding" = "redeployed"\n"vba.police_hours" = 5\n"wijkveiligheid.funding" = "redeployed"\n'
                                   '"wijkveiligheid.police_hours" = 5\n',
                                   ["capacity_hard.toml:", "police", "more than the capacity", "capacity_hard"]),
            "uncertainty_key.toml": (GOOD + '[uncertainty]\nparameters = "declared"\ndraw = 4\n',
                                     ["uncertainty_key.toml:16:", "'uncertainty.draw'", "unknown key"]),
            "uncertainty_include.toml": (GOOD + '[uncertainty]\ninclude = ["fear.hearsy"]\n',
                                         ["uncertainty_include.toml:15:", "fear.hearsay"]),
            "switch_outcome.toml": (GOOD + '[[scenario]]\nname = "x"\napproaches = ["bap"]\n[scenario.set]\n"bap.switch_outcome" = "unsafe_pct"\n',
                                    ["switch_outcome.toml:", "'bap.switch_outcome'", "unsafe_sometimes_pct"]),
            # [budget] (like-for-like comparisons): a bad basis, a target its expenses alone exceed.
            "budget_basis.toml": (GOOD + '[budget]\nbasis = "equal"\n', ["budget_basis.toml:15:", "'budget.basis'", "equal_cost"]),
            "budget_below_expenses.toml": (GOOD + '[[scenario]]\nname = "x"\napproaches = ["vba"]\n[budget]\ncost_per_year = 1000\n',
                                           ["budget_below_expenses.toml:18:", "'budget.cost_per_year'", "other expenses alone"]),
        }
        for name, (text, _) in configs.items():
            write(os.path.join(tmp, name), text)
        write(os.path.join(tmp, "good.toml"), GOOD)
        work = os.path.join(tmp, "work")
        os.mkdir(work)

        # The good config runs, so the failures below are the bad input's doing; its file is the
        # "existing OUT.h5" that failed runs must leave as it is.
        good = os.path.join(tmp, "good.toml")
        good_h5 = os.path.join(tmp, "good.h5")
        r = run(["run", good, "-o", good_h5, "--quiet"], work)
        check(r.returncode == 0, f"the good config failed with exit status {r.returncode}: {r.stderr!r}")
        check(os.path.exists(good_h5) and not os.path.exists(good_h5 + ".partial"), "the good config wrote no file or left a .partial")
        global EXISTING
        EXISTING = read_bytes(good_h5)
        print("ok   the unmodified config runs (exit 0) and writes its file")

        for name, (_, expected) in configs.items():
            expect_usage_error(f"config {name}", [os.path.join(tmp, name)], expected, work)
        expect_usage_error("missing config file", [os.path.join(tmp, "missing.toml")], ["missing.toml", "no such file"], work)
        expect_usage_error("--threads -1", [good, "--threads", "-1"], ["--threads"], work)
        expect_usage_error("--interval 150", [good, "--interval", "150"], ["--interval"], work)
        expect_usage_error("--bogus", [good, "--bogus"], ["--bogus"], work)
        expect_usage_error("--weeks abc", [good, "--weeks", "abc"], ["--weeks"], work)
        expect_usage_error("--replicates 0", [good, "--replicates", "0"], ["--replicates"], work)
        expect_usage_error("--seed -1", [good, "--seed", "-1"], ["--seed"], work)
        expect_usage_error("--set unknown parameter", [good, "--set", "fear.ofset=1"], ["fear.ofset", "'fear.ofset'", "did you mean"], work)
        expect_usage_error("--set out of range", [good, "--set", "fear.offset=99"], ["--set fear.offset=99", "'fear.offset'"], work)
        expect_usage_error("--set model", [good, "--set", "model=epstein2002"], ["--set model=epstein2002", "the model is the file's"], work)
        expect_usage_error("--set sweep key", [good, "--set", "sweep.samples=0"], ["--set sweep.samples=0", "'sweep.samples'"], work)
        expect_usage_error("--set decimal comma", [good, "--set", "cba.discount_rate=0,04"], ["use a decimal point: 0.04"], work)
        expect_usage_error("--scenario unknown", [good, "--scenario", "nobody"], ["--scenario nobody", "the scenarios are"], work)
        expect_usage_error("--set without =", [good, "--set", "fear.offset"], ["KEY=VALUE"], work)
        expect_usage_error("--funding extra", [good, "--funding", "extra"], ["--funding", "'funding'", "redeployed"], work)
        expect_usage_error("--cost-per-year -5", [good, "--cost-per-year=-5"], ["--cost-per-year", "positive"], work)
        expect_usage_error("--cost-per-year and --hours-per-year", [good, "--cost-per-year", "1e5", "--hours-per-year", "100"],
                           ["--cost-per-year", "--hours-per-year", "not both"], work)
        expect_usage_error("two configs", [good, good], ["positional"], work)
        # Parameter uncertainty: a bad mode, a bad [uncertainty] key, a missing posterior, a
        # results file that is not a calibration's (the good run's own file).
        expect_usage_error("--uncertainty some", [good, "--uncertainty", "some"], ["--uncertainty", "declared or none"], work)
        expect_usage_error("--posterior missing", [good, "--posterior", os.path.join(tmp, "cal.h5")], ["--posterior", "cal.h5", "no such file"], work)
        expect_usage_error("--posterior of a run", [good, "--posterior", good_h5], ["--posterior", "good.h5", "not a calibration results file"], work)

        # -o under a regular file: exit 2, nothing touched.
        blocker = os.path.join(work, "afile")
        write(blocker, "a regular file\n")
        before = snapshot(tmp)
        r = run(["run", good, "-o", os.path.join(blocker, "out.h5")], work)
        check(r.returncode == 2, f"-o under a regular file: exit status {r.returncode}, expected 2; stderr: {r.stderr!r}")
        check(r.stderr.strip() != "", "-o under a regular file: no message on stderr")
        check(snapshot(tmp) == before, f"-o under a regular file: files changed: {sorted(set(snapshot(tmp)) ^ set(before))}")
        print(f"ok   -o under a regular file: exit 2, {r.stderr.strip().splitlines()[-1]}")

        # -o naming an existing directory: it cannot become the results file; refused before any work.
        adir = os.path.join(work, "adir")
        os.mkdir(adir)
        before = snapshot(tmp)
        r = run(["run", good, "-o", adir], work)
        check(r.returncode == 2, f"-o naming a directory: exit status {r.returncode}, expected 2; stderr: {r.stderr!r}")
        check("directory" in r.stderr, f"-o naming a directory: the message does not say so: {r.stderr!r}")
        check(snapshot(tmp) == before, f"-o naming a directory: files changed: {sorted(set(snapshot(tmp)) ^ set(before))}")
        print(f"ok   -o naming a directory: exit 2, {r.stderr.strip().splitlines()[-1]}")

    print("PASS test_cli_bad_input")


if __name__ == "__main__":
    main()
