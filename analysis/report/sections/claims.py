"""Which results are programme claims explored rather than evidence: the claims of the source
documents (the CLAIMS list of analysis/programme_claims.py, shown in docs/approaches/claims.md)
for the approaches in this file, with the model's difference from /comparison."""
import importlib.util
import pathlib

import numpy as np

from .. import names, words
from ..lang import L, dutch
from ..page import Section, esc, p, table
from ..rundata import comparison

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
    sec = Section("claims", L("Programme claims: explored, not evidence",
                               "Claims van de programma's: verkend, geen bewijs"))
    sec.add(p(L("The programme documents state what each approach is expected to achieve. The model builds in "
                "mechanisms through which those effects <i>could</i> arise, with assumed strengths; whether a claim "
                "appears below follows from those assumptions. These rows are therefore explorations of the claims, "
                "<b>not evidence that the approaches work</b> (or do not). Only the VBA has an evaluation to compare "
                "with (configs/maastricht_vba.toml). A result marked wiring holds by construction (its sign could not "
                "be otherwise); an emergent one follows from mechanisms that do not name the outcome. Which mechanism "
                "carries each claim, and what happens without it: docs/approaches/claims.md and "
                "docs/approaches/decomposition.md.",
                "De programmadocumenten zeggen wat elke aanpak moet bereiken. Het model bevat mechanismen waarlangs "
                "die effecten <i>zouden kunnen</i> ontstaan, met aangenomen sterktes; of een claim hieronder optreedt "
                "volgt uit die aannames. Deze rijen zijn dus verkenningen van de claims, <b>geen bewijs dat de "
                "aanpakken werken</b> (of niet werken). Alleen de Veilige Buurten Aanpak heeft een evaluatie om mee "
                "te vergelijken. Welk mechanisme elke claim draagt staat in de documentatie (docs/approaches/claims.md).")))
    if not claims:
        return sec
    rows = []
    level = results.attr("interval_level", 90.0, "comparison")
    info = results.outcomes()
    verdict_nl = {"produced": "opgetreden", "reversed": "omgekeerd", "not distinguishable from zero": "niet van nul te onderscheiden"}
    for i, s in enumerate(scen):
        for approach, claim, outcome, better, _off, how in claims:
            if approach not in mapping.get(s, []) or outcome not in comp:
                continue
            d, lo, hi, _ = comp[outcome]
            if not np.isfinite(d[i]):
                continue
            v = verdict((d[i], lo[i], hi[i]), better) if verdict else ""
            v = L(v, verdict_nl.get(v, v))
            if len(mapping.get(s, [])) > 1:
                v += L(" (several approaches in this scenario)", " (meerdere aanpakken in dit scenario)")
            what = names.outcome(info[outcome]) if outcome in info else outcome.replace("_", " ")
            direction = {"+": L("up", "omhoog"), "-": L("down", "omlaag")}.get(better, better)
            row = [esc(names.scenario(results, s))]
            if not dutch():
                row.append(esc(claim))
            row += [f"{esc(what)} ({direction})"]
            if not dutch():
                row.append(esc(how))
            row += [f"{words.signed(d[i], 3, lo[i], hi[i])} {words.interval(lo[i], hi[i])}", esc(v)]
            rows.append(row)
    if rows:
        head = ([L("scenario", "scenario")] + ([] if dutch() else ["claim (source document)"])
                + [L("outcome (expected direction)", "uitkomst (verwachte richting)")]
                + ([] if dutch() else ["how it arises (wiring: true by construction; emergent)"])
                + [L(f"model: difference [{level:g}% interval]", f"model: verschil [{level:g}%-interval]"),
                   L("in the model", "in het model")])
        sec.add(table(head, rows, cls="claim"))
    return sec
