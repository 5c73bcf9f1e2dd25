#!/usr/bin/python3
"""The HTML report of a run file and of an epstein file (analysis/report.py, docs/report.md; issue 8).

1. A small run of the default comparison (2 replicates, 45 weeks: one survey wave) gives a report
   beside the file (run.h5 -> run.html) with every expected figure, only embedded images, no
   network reference, no warning, and "report written to" on stdout.
2. Copies of that file without /cba and /blocks, or without /comparison and /survey, give a
   report without the matching sections and figures, and every other section still there.
3. An epstein file gives its report; -o writes it elsewhere and leaves no temporary file behind.
4. Bad input exits 2 with a clear message: a missing path, a plain-text file, an HDF5 file
   without the root attribute `kind`, and one with an unknown kind.

Needs BUURTSIM_BIN. Exits 1 with a message on the first failure.
"""
import contextlib
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
from html.parser import HTMLParser

import h5py

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from testlib import BIN, SOURCE, check  # noqa: E402  (tests/python/testlib.py)
REPORT = os.path.join(SOURCE, "analysis", "report.py")
sys.path.insert(0, os.path.join(SOURCE, "analysis"))
from report import cli  # noqa: E402  (the package analysis/report/)

RUN_FIGURES = ["fig-effects", "fig-detection", "fig-cba-plane", "fig-cba-ceac", "fig-cba-npv", "fig-cba-costs",
               "fig-map-disorder", "fig-map-incidents"] + [
    f"fig-trajectory-{o}" for o in ("unsafe_sometimes_pct", "trust_police_mean", "team_awareness_pct", "active_pct",
                                    "victimised_12m_pct", "recorded_crime")]
RUN_SECTIONS = ["summary", "effects", "trajectories", "cba", "map", "claims", "assumptions", "provenance"]


class Ids(HTMLParser):
    """Collects the ids of <section> and <figure> elements and the src of every <img>, <script> and <link>."""

    def __init__(self):
        super().__init__()
        self.sections, self.figures, self.sources = [], [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "section":
            self.sections.append(a.get("id"))
        elif tag == "figure":
            self.figures.append(a.get("id"))
        if tag in ("img", "script", "iframe") and "src" in a:
            self.sources.append(a["src"])
        if tag == "link" and "href" in a:
            self.sources.append(a["href"])


def report(results, *extra, expect=0, in_process=False):
    """Runs analysis/report.py (or, with in_process, its main() here: no Python start-up)."""
    if in_process:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = cli.main([results, *extra])
        r = subprocess.CompletedProcess([results, *extra], status, out.getvalue(), err.getvalue())
    else:
        r = subprocess.run(["/usr/bin/python3", REPORT, results, *extra], capture_output=True, text=True)
    check(r.returncode == expect, f"report.py {results} {' '.join(extra)}: exit {r.returncode}, expected {expect}; "
                                  f"stdout {r.stdout!r} stderr {r.stderr[-2000:]!r}")
    return r


def parse(html_path):
    with open(html_path, encoding="utf-8") as f:
        text = f.read()
    ids = Ids()
    ids.feed(text)
    return text, ids


def check_self_contained(text, ids, name):
    check(ids.sources, f"{name}: no images")
    for src in ids.sources:
        check(src.startswith("data:image/png;base64,"), f"{name}: an element loads {src[:60]!r}, not an embedded image")
    check(not re.search(r"(src|href)\s*=\s*[\"']?(https?:)?//", text), f"{name}: a reference to the network")
    check(len(set(ids.figures)) == len(ids.figures), f"{name}: duplicate figure ids {ids.figures}")


def copy_without(src, dst, groups):
    shutil.copy(src, dst)
    with h5py.File(dst, "r+") as f:
        for g in groups:
            del f[g]


def main():
    with tempfile.TemporaryDirectory() as tmp:
        run = os.path.join(tmp, "run.h5")
        subprocess.run([BIN, "run", os.path.join(SOURCE, "configs", "compare.toml"), "--replicates", "2", "--weeks",
                        "45", "--quiet", "-o", run], check=True, stdout=subprocess.DEVNULL)

        # 1. The full report, beside the results file (in English; compare.toml asks for Dutch).
        r = report(run, "--lang", "en")
        html_path = os.path.join(tmp, "run.html")
        check(os.path.isfile(html_path), "no run.html beside run.h5")
        check(f"report written to {html_path}" in r.stdout, f"stdout lacks 'report written to {html_path}': {r.stdout!r}")
        check("warning" not in r.stderr, f"warnings on stderr: {r.stderr!r}")
        text, ids = parse(html_path)
        check_self_contained(text, ids, "run report")
        for fid in RUN_FIGURES:
            check(fid in ids.figures, f"run report: figure {fid} missing (have {ids.figures})")
        for sid in RUN_SECTIONS:
            check(sid in ids.sections, f"run report: section {sid} missing (have {ids.sections})")
        check(ids.sections[0] == "summary", "the summary is not the first section")
        for phrase in ("Bottom line", "What was compared", "What the model expects", "How sure",
                       "What a buurtmonitor would see", "not evidence", "20261125", "The full resolved configuration",
                       # like-for-like budgets (/budget): funding modes and budgets, effects per EUR 100,000
                       "Funding and budgets", "redeployed hours (taken from the regular service)",
                       "as configured (each approach with its own budget", "Per EUR 100,000 a year"):
            check(phrase in text, f"run report lacks {phrase!r}")
        print(f"ok: run report with {len(ids.figures)} figures and sections {ids.sections}")

        # 2. Optional parts missing.
        cases = [(["cba", "blocks"], ["cba", "map"], ["fig-cba-plane", "fig-cba-ceac", "fig-cba-npv", "fig-cba-costs",
                                                      "fig-map-disorder", "fig-map-incidents"]),
                 (["comparison", "survey"], ["effects", "claims"], ["fig-effects", "fig-detection"])]
        for k, (groups, gone_sections, gone_figures) in enumerate(cases):
            path = os.path.join(tmp, f"without{k}.h5")
            copy_without(run, path, groups)
            r = report(path, "--lang", "en", in_process=True)
            check("warning" not in r.stderr, f"without {groups}: warnings on stderr: {r.stderr!r}")
            text, ids = parse(os.path.join(tmp, f"without{k}.html"))
            for sid in gone_sections:
                check(sid not in ids.sections, f"without {groups}: section {sid} still there")
            for fid in gone_figures:
                check(fid not in ids.figures, f"without {groups}: figure {fid} still there")
            for sid in ("summary", "trajectories", "assumptions", "provenance"):
                check(sid in ids.sections, f"without {groups}: section {sid} missing too")
            check(any(f.startswith("fig-trajectory-") for f in ids.figures), f"without {groups}: no trajectories")
            check("Not in this report" in text, f"without {groups}: the omitted sections are not named")
            print(f"ok: without /{', /'.join(groups)}: sections {ids.sections}")

        # 3. An epstein file.
        ep = os.path.join(tmp, "ep.h5")
        subprocess.run([BIN, "run", os.path.join(SOURCE, "configs", "validation", "epstein2002.toml"), "--weeks", "60",
                        "--replicates", "2", "--quiet", "-o", ep], check=True, stdout=subprocess.DEVNULL)
        r = report(ep)
        check("warning" not in r.stderr, f"epstein: warnings on stderr: {r.stderr!r}")
        text, ids = parse(os.path.join(tmp, "ep.html"))
        check_self_contained(text, ids, "epstein report")
        for fid in ("fig-epstein-states",):
            check(fid in ids.figures, f"epstein report: figure {fid} missing (have {ids.figures})")
        check("outbursts" in ids.sections and "provenance" in ids.sections, f"epstein sections {ids.sections}")
        print(f"ok: epstein report with figures {ids.figures}")
        other = os.path.join(tmp, "out", "named.html")
        r = report(ep, "-o", other, "--quiet")
        check(os.path.isfile(other) and r.stdout == "", "-o with --quiet: no file, or output on stdout")
        leftovers = [n for n in os.listdir(os.path.dirname(other)) if n != "named.html"]
        check(not leftovers, f"temporary files left beside the report: {leftovers}")
        print("ok: -o writes the named file and leaves no temporary file")

        # 4. Not a buurtsim results file: exit 2 with a message naming the file and the reason.
        text_file = os.path.join(tmp, "notes.h5")
        with open(text_file, "w") as f:
            f.write("not hdf5\n")
        no_kind = os.path.join(tmp, "nokind.h5")
        with h5py.File(no_kind, "w") as f:
            f["x"] = [1, 2, 3]
        bad_kind = os.path.join(tmp, "badkind.h5")
        with h5py.File(bad_kind, "w") as f:
            f.attrs["kind"] = "spreadsheet"
        for path, words in ((os.path.join(tmp, "absent.h5"), "no such file"), (text_file, "not an HDF5 file"),
                            (no_kind, "'kind'"), (bad_kind, "not a buurtsim kind"), (tmp, "directory")):
            r = report(path, expect=2)
            check(path in r.stderr and words in r.stderr, f"{path}: stderr {r.stderr!r} lacks the path or {words!r}")
            check(not os.path.exists(os.path.splitext(path)[0] + ".html"), f"{path}: a report was written anyway")
        print("ok: missing, non-HDF5, kind-less and unknown-kind inputs exit 2 with a message")
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
