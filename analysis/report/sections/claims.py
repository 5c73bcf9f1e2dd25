"""Which results are programme claims explored rather than evidence: the claims of the source
documents (the CLAIMS list of analysis/programme_claims.py, shown in docs/approaches/claims.md)
for the approaches in this file, with the model's difference from /comparison."""
import importlib.util
import pathlib

import numpy as np

from .. import words
from ..page import Section, esc, p, table
from .effects import comparison

CLAIMS_SCRIPT = pathlib.Path(__file__).resolve().parents[2] / "programme_claims.py"


def load_claims():
    """(CLAIMS, verdict) from analysis/programme_claims.py, or (None, None) when it is not there."""
    if not CLAIMS_SCRIPT.is_file():
        return None, None
    spec = importlib.util.spec_from_file_location("buurtsim_programme_claims", CLAIMS_SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return getattr(module, "CLAIMS", None), getattr(module, "verdict", None)


def build(results):
    mapping = results.scenario_approaches()
    scen, comp = comparison(results)
    if not scen or not comp or not any(mapping.get(s) for s in scen):
        return None
    claims, verdict = load_claims()
    sec = Section("claims", "Programme claims: explored, not evidence")
    sec.add(p("The programme documents state what each approach is expected to achieve. The model builds in "
              "mechanisms through which those effects <i>could</i> arise, with assumed strengths; whether a claim "
              "appears below follows from those assumptions. These rows are therefore explorations of the claims, "
              "<b>not evidence that the approaches work</b> (or do not). Only the VBA has an evaluation to compare "
              "with (configs/maastricht_vba.toml). A result marked wiring holds by construction (its sign could not "
              "be otherwise); an emergent one follows from mechanisms that do not name the outcome. Which mechanism "
              "carries each claim, and what happens without it: docs/approaches/claims.md and "
              "docs/approaches/decomposition.md."))
    if not claims:
        return sec
    rows = []
    level = results.attr("interval_level", 90.0, "comparison")
    for i, s in enumerate(scen):
        for approach, claim, outcome, better, _off, how in claims:
            if approach not in mapping.get(s, []) or outcome not in comp:
                continue
            d, lo, hi, _ = comp[outcome]
            if not np.isfinite(d[i]):
                continue
            v = verdict((d[i], lo[i], hi[i]), better) if verdict else ""
            if len(mapping.get(s, [])) > 1:
                v += " (several approaches in this scenario)"
            rows.append([esc(s), esc(claim), f"<code>{esc(outcome)}</code> ({esc(better)})", esc(how),
                         f"{words.signed(d[i])} {words.interval(lo[i], hi[i])}", esc(v)])
    if rows:
        sec.add(table(["scenario", "claim (source document)", "outcome (expected direction)",
                       "how it arises (wiring: true by construction; emergent)", f"model: difference [{level:g}% interval]", "in the model"], rows, cls="claim"))
    return sec
