#!/usr/bin/python3
"""The HTML report of sweep and calibration files (analysis/report.py, docs/report.md; issue 8).

`buurtsim sweep` and `calibrate` do not write files yet, so this test fabricates files in their
planned layout (report_fixtures.py, a test fixture) and checks that:
1. a sweep file with Sobol indices and rankings gives the design, sensitivity bars per target,
   ranking shares, outcomes across the design and the net value; with Morris indices or
   standardised regression coefficients the sensitivity section has its bars too;
2. a calibration file gives prior and posterior, observed against predicted, and the generations;
3. a sweep without /sensitivity and a calibration without /predictive leave those sections out,
   without a crash or a warning.

Exits 1 with a message on the first failure.
"""
import contextlib
import io
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import report_fixtures  # noqa: E402  (the fabricated files)
from test_report import check_self_contained, parse  # noqa: E402
from testlib import SOURCE, check  # noqa: E402  (tests/python/testlib.py)

sys.path.insert(0, os.path.join(SOURCE, "analysis"))
from report import cli  # noqa: E402  (the package analysis/report/)
from report.load import Results  # noqa: E402
from report.sections import sweep  # noqa: E402


def figures_and_sections(path):
    """Makes the report through the command line's main() in this process (saves a Python start-up
    per file; test_report.py runs the script itself)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = cli.main([path])
    check(status == 0, f"{path}: exit {status}; stderr {err.getvalue()!r}")
    check("report written to" in out.getvalue(), f"{path}: stdout {out.getvalue()!r}")
    check("warning" not in err.getvalue(), f"{path}: warnings on stderr: {err.getvalue()!r}")
    text, ids = parse(os.path.splitext(path)[0] + ".html")
    check_self_contained(text, ids, path)
    return text, ids


def main():
    with tempfile.TemporaryDirectory() as tmp:
        for method in ("sobol",):
            path = os.path.join(tmp, f"sweep_{method}.h5")
            report_fixtures.make_sweep(path, method=method)
            text, ids = figures_and_sections(path)
            for sid in ("summary", "design", "sensitivity", "rankings", "sweep-outcomes", "sweep-cba", "provenance"):
                check(sid in ids.sections, f"sweep ({method}): section {sid} missing (have {ids.sections})")
            expected = [f"fig-sensitivity-{t}" for t in range(4)] + ["fig-ranking-0", "fig-ranking-1", "fig-sweep-npv",
                                                                     "fig-sweep-unsafe_sometimes_pct"]
            for fid in expected:
                check(fid in ids.figures, f"sweep ({method}): figure {fid} missing (have {ids.figures})")
            check("wijkveiligheidsaanpak &lt; Veilige Buurten Aanpak &lt; baseline" in text,
                  f"sweep ({method}): the top ranking is not named (by the approaches' names)")
            check("22 of 24 points finished" in text, f"sweep ({method}): the completion is not stated")
            for words in ("A small design.", "total: interval includes 0", "first order: outside its possible range",
                          "Left out, with no indices: fear mean (Veilige Buurten Aanpak)", "these indices are unreliable"):
                check(words in text, f"sweep ({method}): the report does not say '{words}' (flags, small design)")
            print(f"ok: sweep ({method}) report: {ids.figures}")

        for method in ("morris", "src"):  # the sensitivity section alone, in this process (fast)
            path = os.path.join(tmp, f"sweep_{method}.h5")
            report_fixtures.make_sweep(path, method=method)
            with Results(path) as results:
                section = sweep.sensitivity(results)
            check(section is not None, f"sweep ({method}): no sensitivity section")
            ids = [f.id for f in section.figures()]
            check(ids == [f"fig-sensitivity-{t}" for t in range(4)], f"sweep ({method}): sensitivity figures {ids}")
            print(f"ok: sweep ({method}) sensitivity: {ids}")

        path = os.path.join(tmp, "sweep_bare.h5")
        report_fixtures.make_sweep(path, with_sensitivity=False)
        text, ids = figures_and_sections(path)
        check("sensitivity" not in ids.sections and "rankings" not in ids.sections,
              f"sweep without /sensitivity: sections {ids.sections}")
        check("design" in ids.sections and "fig-sweep-npv" in ids.figures, "sweep without /sensitivity: design or npv lost")
        print("ok: a sweep without /sensitivity leaves it out")

        path = os.path.join(tmp, "calibration.h5")
        report_fixtures.make_calibration(path)
        text, ids = figures_and_sections(path)
        for fid in ("fig-posterior", "fig-predictive", "fig-generations"):
            check(fid in ids.figures, f"calibration: figure {fid} missing (have {ids.figures})")
        check("2 are misfits" in text, "calibration: the misfits are not counted in the summary")
        print(f"ok: calibration report: {ids.figures}")

        path = os.path.join(tmp, "calibration_bare.h5")
        report_fixtures.make_calibration(path, with_predictive=False)
        text, ids = figures_and_sections(path)
        check("predictive" not in ids.sections and "fig-posterior" in ids.figures,
              f"calibration without /predictive: sections {ids.sections}")
        print("ok: a calibration without /predictive leaves it out")
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
