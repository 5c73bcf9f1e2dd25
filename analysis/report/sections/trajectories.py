"""Outcome trajectories per scenario, with bands over replicates and the survey waves as points
with their intervals. Reads <outcome>(scenario, replicate, neighbourhood, week), residents,
/survey/<outcome>, _lower, _upper, _se, eligible and /survey/week."""
import numpy as np

from .. import names, plotting, stats
from ..lang import L
from ..page import Section, p
from ..rundata import RunData

MAX_REPLICATE_POINTS = 8


def build(results):
    d = RunData(results)
    if not d.scenarios or not d.weeks:
        return None
    level = results.attr("interval_level", 90.0, "survey")
    survey_weeks = results.array("survey/week")
    start = results.attr("start_date")
    sec = Section("trajectories", L("How the outcomes develop", "Hoe de uitkomsten zich ontwikkelen"))
    sec.add(p(L("Each line is the mean over the replicates of one scenario, pooled over the neighbourhoods "
                "(residents-weighted); the shaded band holds the middle 90% of the replicates (5th to 95th percentile; "
                "with few replicates, about their full range). Points are the simulated survey at each wave, one per "
                f"replicate, with its {level:g}% interval: what a buurtmonitor would have measured.",
                "Elke lijn is het gemiddelde over de herhalingen van één scenario, over de buurten samengenomen "
                "(gewogen naar inwoners); de band bevat de middelste 90% van de herhalingen (met weinig herhalingen "
                "ongeveer alle). Punten zijn de gesimuleerde enquête bij elke meting, één per herhaling, met het "
                f"{level:g}%-interval: wat een buurtmonitor gemeten zou hebben.")))
    x = np.asarray(d.weeks, dtype=float)
    col = plotting.colours(d.scenarios, results)
    for name in d.key:
        info = d.info[name]
        y = d.outcome(name)
        if y is None:
            continue
        fig, ax = plotting.new(7.5, 3.6)
        mean, lo, hi = stats.band(y, axis=1)
        for s, scen in enumerate(d.scenarios):
            ax.plot(x, mean[s], color=col[scen], lw=1.6, label=names.scenario_short(results, scen))
            ax.fill_between(x, lo[s], hi[s], color=col[scen], alpha=0.15, lw=0)
        survey = d.survey_pooled(name) if survey_weeks is not None else None
        if survey is not None:
            est, slo, shi = survey
            n_rep = min(est.shape[1], MAX_REPLICATE_POINTS)
            spread = min(3.0, max(1.0, len(x) / 60.0))
            for s, scen in enumerate(d.scenarios):
                for r in range(n_rep):
                    off = (s - (len(d.scenarios) - 1) / 2) * spread + (r - (n_rep - 1) / 2) * spread / (2 * n_rep)
                    wx = np.asarray(survey_weeks, dtype=float) + off
                    yerr = np.abs(np.vstack([est[s, r] - slo[s, r], shi[s, r] - est[s, r]]))
                    ax.errorbar(wx, est[s, r], yerr=yerr, fmt="o", ms=3, color=col[scen], elinewidth=0.8,
                                capsize=0, alpha=0.8)
        ax.set_xlabel(L("recorded week", "gesimuleerde week") + (L(f" (week 0 starts {start})",
                                                                      f" (week 0 begint {start})") if start else ""))
        ax.set_ylabel(names.outcome_axis(info))
        ax.legend(fontsize=7, ncol=min(5, len(d.scenarios)), loc="best", frameon=False)
        has_survey = (L(" Points: the survey waves.", " Punten: de metingen van de enquête.") if survey is not None
                      else L(" (No survey estimate of this outcome.)", " (Geen enquêteschatting van deze uitkomst.)"))
        sec.add(plotting.done(fig, f"fig-trajectory-{name}", names.outcome_title(info),
                              L("True population value per week", "Werkelijke waarde in de bevolking per week")
                              + f" ({names.unit_short(info.units) or '-'}).{has_survey}"))
    return sec if sec.figures() else None
