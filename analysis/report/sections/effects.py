"""The effect of each approach against the baseline: paired differences with their intervals, and
the probability that a buurtmonitor detects them. Reads /comparison (difference,
difference_lower, difference_upper and detection over outcome and scenario) and its attributes."""
import numpy as np

from .. import names, plotting, words
from ..lang import L
from . import budget
from ..page import Section, esc, p, table
from ..rundata import comparison


def build(results):
    scen, comp = comparison(results)
    if not scen or not comp:
        return None
    base = results.attr("baseline", "baseline", "comparison")
    level = results.attr("interval_level", 90.0, "comparison")
    idx = [i for i, s in enumerate(scen) if s != base]
    if not idx:
        return None
    labels = [names.scenario_short(results, scen[i]) for i in idx]
    col = plotting.colours(scen, results)
    sec = Section("effects", L("Effect of each approach against the baseline", "Effect van elke aanpak"))
    sec.add(p(L("The difference between each approach and the baseline in the mean of the last year of "
                "the run, paired by replicate (each replicate of every scenario uses the same random numbers, so the "
                f"difference is not blurred by chance differences between runs), with its {level:g}% interval over "
                "replicates. <i>Seen by the survey</i> is the share of replicates in which the last survey wave of the "
                "approach and of the baseline differ significantly (5%, two-sided): the probability that a "
                "buurtmonitor of the configured sample size would show the change.",
                "Het verschil tussen elke aanpak en de basissituatie in het gemiddelde van het laatste jaar, per "
                "herhaling gepaard (elke herhaling gebruikt in elk scenario dezelfde toevalsgetallen, zodat toeval "
                f"tussen runs het verschil niet vertroebelt), met het {level:g}%-interval over de herhalingen. "
                "<i>Gezien door de enquête</i> is het aandeel herhalingen waarin de laatste meting van de aanpak en "
                "van de basissituatie significant verschillen (5%, tweezijdig): de kans dat een buurtmonitor van de "
                "ingestelde steekproefomvang de verandering laat zien.")))
    key = results.key_outcomes()
    outcomes = [o for o in key if o in comp]
    if outcomes:
        ncol = 2 if len(outcomes) > 1 else 1
        nrow = (len(outcomes) + ncol - 1) // ncol
        fig, axes = plotting.new(8.5, 1.0 + nrow * (0.45 * len(labels) + 0.9), nrows=nrow, ncols=ncol, squeeze=False)
        for k, o in enumerate(outcomes):
            ax = axes[k // ncol][k % ncol]
            d, lo, hi, det = comp[o]
            ys = np.arange(len(idx))[::-1]
            for y, i in zip(ys, idx):
                err = np.abs([[d[i] - lo[i]], [hi[i] - d[i]]])
                ax.errorbar([d[i]], [y], xerr=err, fmt="o", color=col[scen[i]], capsize=3)
                if det is not None and np.isfinite(det[i]):
                    ax.annotate(L("seen", "gezien") + f" {100 * det[i]:.0f}%", (1.0, y), xycoords=("axes fraction", "data"),
                                xytext=(4, 0), textcoords="offset points", va="center", fontsize=7, color="#333")
            ax.axvline(0, color="#888", lw=1)
            ax.set_yticks(ys)
            ax.set_yticklabels(labels)
            ax.set_title(names.outcome_axis(key[o], 50), loc="left", fontsize=9)
            ax.grid(axis="y", visible=False)
        for k in range(len(outcomes), nrow * ncol):
            axes[k // ncol][k % ncol].set_visible(False)
        sec.add(plotting.done(fig, "fig-effects", L("Differences from the baseline", "Verschillen met de basissituatie"),
                              L(f"Points: the mean paired difference; bars: its {level:g}% interval; right: the "
                                "probability that the survey sees it (survey indicators only).",
                                f"Punten: het gemiddelde gepaarde verschil; balken: het {level:g}%-interval; rechts: "
                                "de kans dat de enquête het ziet (alleen enquête-indicatoren).")))
        rows = []
        for o in outcomes:
            d, lo, hi, det = comp[o]
            for i in idx:
                rows.append([esc(names.outcome(key[o])), esc(names.scenario(results, scen[i])),
                             words.signed(d[i], 3, lo[i], hi[i]), words.interval(lo[i], hi[i]),
                             words.pct(det[i]) if det is not None else L("(not a survey item)", "(geen enquêtevraag)")])
        sec.add(table([L("outcome", "uitkomst"), L("approach", "aanpak"), L("difference", "verschil"),
                       L(f"{level:g}% interval", f"{level:g}%-interval"), L("seen by the survey", "gezien door de enquête")],
                      rows))
        per = budget.per_100k_rows(results, scen, comp, outcomes, key, idx)
        if per:
            sec.add(p(L("<b>Per EUR 100,000 a year.</b> ", "<b>Per € 100.000 per jaar.</b> ") + budget.per_100k_text()))
            sec.add(table([L("outcome", "uitkomst"), L("approach", "aanpak"), L("planned cost a year", "begroot per jaar"),
                           L("effect per EUR 100,000 a year", "effect per € 100.000 per jaar"),
                           L(f"{level:g}% interval", f"{level:g}%-interval")], per))
    info = results.outcomes()
    detected = [o for o in info if o in comp and comp[o][3] is not None]
    if detected:
        m = np.array([[comp[o][3][i] for i in idx] for o in detected], dtype=float)
        fig, ax = plotting.new(5.0 + 0.9 * len(idx), 0.6 + 0.26 * len(detected))
        im = ax.imshow(m * 100, aspect="auto", cmap="Blues", vmin=0, vmax=100)
        ax.set_xticks(range(len(idx)))
        ax.set_xticklabels(labels, rotation=30, ha="right")
        ax.set_yticks(range(len(detected)))
        ax.set_yticklabels([names.outcome(info[o])[:60] for o in detected], fontsize=7)
        ax.grid(False)
        for (a, b), v in np.ndenumerate(m):
            if np.isfinite(v):
                ax.text(b, a, f"{100 * v:.0f}", ha="center", va="center", fontsize=6.5,
                        color="white" if v > 0.6 else "black")
        fig.colorbar(im, ax=ax, label=L("seen by the survey (%)", "gezien door de enquête (%)"), fraction=0.04)
        sec.add(plotting.done(fig, "fig-detection", L("What a buurtmonitor would see", "Wat een buurtmonitor ziet"),
                              L("For every survey indicator, the percentage of replicates in which the last survey wave "
                                "shows the approach's difference from the baseline (significant at 5%). Around 5% "
                                "means the survey would not tell the approach from the baseline.",
                                "Voor elke enquête-indicator het percentage herhalingen waarin de laatste meting het "
                                "verschil met de basissituatie laat zien (significant bij 5%). Rond 5% betekent dat de "
                                "enquête de aanpak niet van de basissituatie onderscheidt.")))
    return sec
