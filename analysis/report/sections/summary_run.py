"""The plain-language summary at the top of a run report: what was compared, what the model
expects, how sure it is and what a buurtmonitor would see. Reads /comparison (differences and
detection), /cba (net value), the root labels and attributes, and the configuration."""
import numpy as np

from .. import words
from ..page import Section, esc, p, ul
from ..rundata import RunData
from . import budget
from .effects import comparison



def _what(d, results):
    cfg = results.config()
    nbs = d.neighbourhoods
    res = int(np.nansum(d.residents)) if len(nbs) else None
    weeks = len(d.weeks)
    burn = results.attr("burn_in_weeks")
    approaches = d.approach_scenarios()
    where = (f"{len(nbs)} neighbourhood{'s' if len(nbs) != 1 else ''} ({esc(words.listing(nbs))}"
             + (f", {res:,} residents" if res else "") + ")")
    span = f"{weeks} weeks ({weeks / 52:.1f} years)" + (f" after a burn-in of {burn} weeks" if burn else "")
    reps = len(d.replicates)
    if approaches:
        mapping = d.r.scenario_approaches()
        shown = []
        for s in approaches:
            a = mapping.get(s)
            shown.append(f"<b>{esc(s)}</b>" + (f" ({esc(' + '.join(a))})" if a and a != [s] else ""))
        head = f"{len(approaches)} scenario{'s' if len(approaches) != 1 else ''} with an approach ({words.listing(shown)}) against the baseline (no approach)"
    else:
        head = f"the scenario{'s' if len(d.scenarios) != 1 else ''} {esc(words.listing(d.scenarios))}"
    n = cfg.get("survey", {}).get("target_responses") if isinstance(cfg.get("survey"), dict) else None
    waves = results.labels("survey/week") or []
    survey = (f" A simulated survey of about {n} respondents per neighbourhood is taken at "
              f"{len(waves)} wave{'s' if len(waves) != 1 else ''} (recorded week{'s' if len(waves) != 1 else ''} "
              f"{esc(words.listing([str(w) for w in waves]))})." if n and waves else " No survey wave falls in the run.")
    return (f"<b>What was compared.</b> This run compares {head}, in {where}, over {span}, with {reps} "
            f"replicate{'s' if reps != 1 else ''} (independent repetitions) per scenario.{survey}")


def _finished(results):
    """(finished, total) runs from /status/complete, or None in a file without it."""
    complete = results.array("status/complete")
    if complete is None:
        return None
    return int(np.sum(complete == 1)), int(np.size(complete))


def _pairs_finished(results, scen, i):
    """Whether some replicate of scenario i and of the baseline both finished (True without /status)."""
    complete = results.array("status/complete")
    labels = results.labels("status/scenario") or []
    base = results.attr("baseline", "baseline", "comparison")
    if complete is None or complete.ndim != 2 or scen[i] not in labels or base not in labels:
        return True
    return bool(np.any((complete[labels.index(scen[i])] == 1) & (complete[labels.index(base)] == 1)))


def _expects(results, scen, comp, level):
    out = []
    npv = results.array("cba/npv_eur")
    cba_scen = results.labels("cba/scenario") or []
    ppos = results.array("cba/p_npv_positive")
    per_rep = results.array("cba/npv_eur_replicate")
    for i, s in enumerate(scen):
        if s == results.attr("baseline", "baseline", "comparison"):
            continue
        clear, unclear = [], []
        key = results.key_outcomes()
        for o, info in key.items():
            if o not in comp:
                continue
            d, lo, hi, _ = comp[o]
            if not (np.isfinite(lo[i]) and np.isfinite(hi[i])):
                continue
            if lo[i] > 0 or hi[i] < 0:
                verb = "rises" if d[i] > 0 else "falls"
                clear.append(f"{esc(words.plain(info))} {verb} by {words.num(abs(d[i]))} {esc(words.points(info.units))} "
                             f"({level:g}% interval {words.num(lo[i])} to {words.num(hi[i])})")
            else:
                unclear.append(words.plain(info))
        text = f"<b>{esc(s)}</b>: "
        if not _pairs_finished(results, scen, i):
            out.append(text + "no replicate of this scenario and the baseline finished: nothing to compare.")
            continue
        text += ("; ".join(clear) + ". ") if clear else "no clear change in the key outcomes. "
        if unclear and clear:
            text += f"No clear change in {esc(words.listing(unclear))}. "
        seen = [(o, comp[o][3][i]) for o, info in key.items() if info.survey and o in comp and comp[o][3] is not None
                and np.isfinite(comp[o][3][i])]
        likely = [f"{esc(words.plain(key[o]))} ({words.pct(v)})" for o, v in seen if v >= 0.5]
        if likely:
            text += f"A buurtmonitor would probably see the change in: {words.listing(likely)}. "
        elif seen:
            o, v = max(seen, key=lambda t: t[1])
            text += ("A buurtmonitor would probably not see any of these changes (the most visible, "
                     f"{esc(words.plain(key[o]))}, shows in {words.pct(v)} of the simulated surveys). ")
        if npv is not None and s in cba_scen:
            j = cba_scen.index(s)
            text += f"Net value (benefits minus costs) {words.eur(npv[j])}"
            if ppos is not None and np.isfinite(ppos[j]):
                n = int(np.isfinite(per_rep[j]).sum()) if per_rep is not None and per_rep.ndim == 2 else 0
                text += (f", positive in {words.share_of(ppos[j], n)} replicates" if n
                         else f", positive in {words.pct(ppos[j])} of replicates")
            text += "."
        out.append(text)
    return out


def build(results):
    d = RunData(results)
    if not d.scenarios:
        return None
    sec = Section("summary", "Summary")
    parts = [_what(d, results)]
    if budget.summary(results):
        parts.append(budget.summary(results))
    scen, comp = comparison(results)
    level = results.attr("interval_level", 90.0, "comparison")
    done = _finished(results)
    if done is not None and done[0] == 0:
        # An interrupted file in which no run finished holds no results: saying "no clear change"
        # would read as a finding.
        parts.append(f"<b>No runs finished</b> (0 of {done[1]}): the command was interrupted before any run "
                     "completed, so this file holds no results to compare. Run it again (or let it finish).")
        scen, comp = [], {}
    if scen and comp:
        parts.append("<b>What the model expects</b> (mean of the last year of the run, difference from the baseline):"
                     + ul(_expects(results, scen, comp, level)))
    reps = len(d.replicates)
    parts.append(f"<b>How sure.</b> The intervals ({level:g}%) are over {reps} replicates of the model: they say how "
                 "precisely the runs pin down what the model expects, not whether the model's assumptions are right. "
                 + ("With so few replicates they are wide; more replicates (<code>--replicates</code>) narrow them. "
                    if reps < 8 else "")
                 + "Most strengths of the approaches' mechanisms are assumptions taken from programme documents and "
                 "the literature, not measured effects (see <a href=\"#assumptions\">Key assumptions</a>); the expected "
                 "effects of the programmes are explored, not confirmed (<a href=\"#claims\">Programme claims</a>).")
    if scen and comp:
        parts.append("<b>What a buurtmonitor would see.</b> Real neighbourhoods have one survey per wave, with sampling "
                     "error. The probability that the survey shows a change is given per approach above and for every "
                     "indicator in <a href=\"#fig-detection\">the detection chart</a>; a change seen in fewer than half "
                     "of the simulated surveys may well go unnoticed in practice, even when the model says it is real.")
    sec.add('<div class="summary">' + "".join(p(x) for x in parts) + "</div>")
    return sec
