#!/usr/bin/python3
"""Which uncertainty matters (docs/uncertainty.md): /decision and the intervals of a run with
parameter uncertainty, through the command line and the report.

1. The default comparison, shortened (12 replicates of 30 weeks), with its declared parameter
   uncertainty writes /decision: for every criterion the shares of ranking first add up to 1,
   every EVPPI lies in [0, EVPI], the tornado has a bar for every parameter of each approach
   scenario except another approach's (NaN, as for the baseline), some of them clear, and there
   is one sample per replicate.
2. Its intervals are uncertainty intervals over the draws: the interval of the net present value
   equals the 5th and 95th percentiles of the replicates' values (numpy's default, Hyndman and
   Fan type 7), and /summary says which kind it is.
3. With --uncertainty none there is no /decision and the interval is the mean's (Student t).
4. The report of the first file has the section "Which uncertainty matters for the choice"; in
   Dutch its tornado's labels are the parameters' Dutch names, no identifier or English word.

Needs BUURTSIM_BIN. About 15 s.
"""
import os
import subprocess
import sys
import tempfile

import h5py
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from testlib import BIN, PYTHON, SOURCE, check  # noqa: E402  (tests/python/testlib.py)

SHORT = ["--replicates", "12", "--weeks", "30", "--quiet", "--no-report"]
APPROACHES = {"vba", "bap", "wijkveiligheid", "buurtpreventie"}


def main():
    with tempfile.TemporaryDirectory() as tmp:
        drawn, pinned = os.path.join(tmp, "drawn.h5"), os.path.join(tmp, "pinned.h5")
        subprocess.run([BIN, "run", "-o", drawn] + SHORT, check=True, stdout=subprocess.DEVNULL)
        subprocess.run([BIN, "run", "-o", pinned, "--uncertainty", "none"] + SHORT, check=True,
                       stdout=subprocess.DEVNULL)
        with h5py.File(drawn) as f:
            check("decision" in f, "a run with parameter uncertainty has no /decision")
            g = f["decision"]
            check(int(g.attrs["samples"]) == 12, f"samples = {g.attrs['samples']}, expected 12")
            p_best, evpi, evppi = g["p_best"][()], g["evpi"][()], g["evppi"][()]
            check(np.allclose(p_best.sum(axis=1), 1.0), f"shares of ranking first do not add up to 1: {p_best}")
            check((evpi >= 0).all(), f"negative EVPI: {evpi}")
            check((evppi >= 0).all() and (evppi <= evpi[:, None] + 1e-9).all(), "an EVPPI outside [0, EVPI]")
            scenarios = [s.decode() for s in g["scenario"][()]]
            base = scenarios.index("baseline")
            low, high = g["npv_at_p10_eur"][()], g["npv_at_p90_eur"][()]
            check(np.isnan(low[base]).all(), "the baseline has tornado values")
            others = [i for i in range(len(scenarios)) if i != base]
            # The default comparison's scenarios are named after their approach; another approach's
            # parameters do not act in a scenario and are left out (NaN), every other one has its bar.
            groups = [p.decode().split(".")[0] for p in g["parameter"][()]]
            for i in others:
                for j, grp in enumerate(groups):
                    foreign = grp in APPROACHES and grp != scenarios[i]
                    check(np.isnan(low[i][j]) == foreign and np.isnan(high[i][j]) == foreign,
                          f"{scenarios[i]}: tornado of {groups[j]} parameter {j}: {low[i][j]}, {high[i][j]}")
            clear = g["npv_tornado_clear"][()]
            check(set(np.unique(clear)) <= {0, 1} and clear[others].sum() > 0, "no clear tornado bar at all")
            check(g["criterion"][0].decode() == "net_present_value", "the net present value is not the first criterion")

            kind = f["summary"].attrs["interval_kind"]
            kind = kind.decode() if isinstance(kind, bytes) else kind
            check(kind.startswith("uncertainty interval"), f"interval kind: {kind}")
            npv_rep = f["cba/npv_eur_replicate"][()]
            lower, upper = f["cba/npv_eur_lower"][()], f["cba/npv_eur_upper"][()]
            for i in others:
                lo, hi = np.percentile(npv_rep[i], [5, 95])
                check(abs(lower[i] - lo) <= 1e-6 * max(1.0, abs(lo)) and abs(upper[i] - hi) <= 1e-6 * max(1.0, abs(hi)),
                      f"{scenarios[i]}: NPV interval [{lower[i]}, {upper[i]}], percentiles [{lo}, {hi}]")
        with h5py.File(pinned) as f:
            check("decision" not in f, "a run without parameter uncertainty has /decision")
            kind = f["summary"].attrs["interval_kind"]
            kind = kind.decode() if isinstance(kind, bytes) else kind
            check("Student t" in kind, f"interval kind without draws: {kind}")
        html = os.path.join(tmp, "drawn.html")
        r = subprocess.run([PYTHON, os.path.join(SOURCE, "analysis", "report.py"), drawn, "-o", html, "--lang", "en"],
                           capture_output=True, text=True)
        check(r.returncode == 0, f"report failed: {r.stderr}")
        text = open(html, encoding="utf-8").read()
        check("Which uncertainty matters for the choice" in text, "the report lacks the decision section")
        check("fig-decision-tornado" in text, "the report lacks the tornado chart")
        # The Dutch report's tornado names the parameters, in Dutch, never by their identifiers.
        from test_report_lang import identifiers, report
        from test_report_lang_kinds import FigureTexts, check_figures
        figs = FigureTexts()
        report(drawn, os.path.join(tmp, "drawn-nl.html"), "--lang", "nl")
        drawn_texts = figs.take()
        check("fig-decision-tornado" in drawn_texts, "the Dutch report lacks the tornado chart")
        check_figures({"fig-decision-tornado": drawn_texts["fig-decision-tornado"]}, identifiers(), "nl",
                      "the Dutch tornado")
    print("decision analysis: /decision consistent, uncertainty intervals, report section")
    return 0


if __name__ == "__main__":
    sys.exit(main())
