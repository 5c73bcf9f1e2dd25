"""The effect of each approach against the baseline: paired differences with their intervals, and
the probability that a buurtmonitor detects them. Reads /comparison/<outcome>_difference,
_difference_lower, _difference_upper, _detection and the group's attributes."""
import numpy as np

from .. import plotting, words
from . import budget
from ..page import Section, esc, p, table


def comparison(results):
    """{outcome: (diff, lo, hi, detection or None)} arrays over /comparison/scenario, and the scenarios."""
    scen = results.labels("comparison/scenario")
    if not scen:
        return None, {}
    out = {}
    for name in results.names("comparison"):
        if not name.endswith("_difference"):
            continue
        o = name[: -len("_difference")]
        d = results.array(f"comparison/{o}_difference")
        lo = results.array(f"comparison/{o}_difference_lower")
        hi = results.array(f"comparison/{o}_difference_upper")
        det = results.array(f"comparison/{o}_detection")
        if d is None or lo is None or hi is None:
            continue
        out[o] = (d, lo, hi, det)
    return scen, out


def build(results):
    scen, comp = comparison(results)
    if not scen or not comp:
        return None
    base = results.attr("baseline", "baseline", "comparison")
    level = results.attr("interval_level", 90.0, "comparison")
    idx = [i for i, s in enumerate(scen) if s != base]
    if not idx:
        return None
    names = [scen[i] for i in idx]
    col = plotting.colours(scen)
    sec = Section("effects", "Effect of each approach against the baseline")
    sec.add(p(f"The difference between each approach and the baseline ({esc(base)}) in the mean of the last year of "
              "the run, paired by replicate (each replicate of every scenario uses the same random numbers, so the "
              f"difference is not blurred by chance differences between runs), with its {level:g}% interval over "
              "replicates. <i>Seen by the survey</i> is the share of replicates in which the last survey wave of the "
              "approach and of the baseline differ significantly (5%, two-sided): the probability that a buurtmonitor "
              "of the configured sample size would show the change."))
    key = results.key_outcomes()
    outcomes = [o for o in key if o in comp]
    if outcomes:
        ncol = 2 if len(outcomes) > 1 else 1
        nrow = (len(outcomes) + ncol - 1) // ncol
        fig, axes = plotting.new(8.5, 1.0 + nrow * (0.45 * len(names) + 0.9), nrows=nrow, ncols=ncol, squeeze=False)
        for k, o in enumerate(outcomes):
            ax = axes[k // ncol][k % ncol]
            d, lo, hi, det = comp[o]
            ys = np.arange(len(idx))[::-1]
            for y, i in zip(ys, idx):
                err = np.abs([[d[i] - lo[i]], [hi[i] - d[i]]])
                ax.errorbar([d[i]], [y], xerr=err, fmt="o", color=col[scen[i]], capsize=3)
                if det is not None and np.isfinite(det[i]):
                    ax.annotate(f"seen {100 * det[i]:.0f}%", (1.0, y), xycoords=("axes fraction", "data"),
                                xytext=(4, 0), textcoords="offset points", va="center", fontsize=7, color="#333")
            ax.axvline(0, color="#888", lw=1)
            ax.set_yticks(ys)
            ax.set_yticklabels(names)
            ax.set_title(words.axis_label(key[o], 50), loc="left", fontsize=9)
            ax.grid(axis="y", visible=False)
        for k in range(len(outcomes), nrow * ncol):
            axes[k // ncol][k % ncol].set_visible(False)
        sec.add(plotting.done(fig, "fig-effects", "Differences from the baseline",
                              f"Points: the mean paired difference; bars: its {level:g}% interval; right: the "
                              "probability that the survey sees it (survey indicators only)."))
        rows = []
        for o in outcomes:
            d, lo, hi, det = comp[o]
            for i in idx:
                rows.append([esc(words.short(key[o])), esc(scen[i]), words.signed(d[i]), words.interval(lo[i], hi[i]),
                             words.pct(det[i]) if det is not None else "(not a survey item)"])
        sec.add(table(["outcome", "approach", "difference", f"{level:g}% interval", "seen by the survey"], rows))
        per = budget.per_100k_rows(results, scen, comp, outcomes, key, idx)
        if per:
            sec.add(p("<b>Per EUR 100,000 a year.</b> " + budget.PER_100K_TEXT))
            sec.add(table(["outcome", "approach", "planned cost a year", "effect per EUR 100,000 a year",
                           f"{level:g}% interval"], per))
    detected = sorted(o for o in comp if comp[o][3] is not None)
    if detected:
        m = np.array([[comp[o][3][i] for i in idx] for o in detected], dtype=float)
        fig, ax = plotting.new(1.8 + 0.9 * len(idx), 0.6 + 0.26 * len(detected))
        im = ax.imshow(m * 100, aspect="auto", cmap="Blues", vmin=0, vmax=100)
        ax.set_xticks(range(len(idx)))
        ax.set_xticklabels(names, rotation=30, ha="right")
        ax.set_yticks(range(len(detected)))
        ax.set_yticklabels(detected, fontsize=7)
        ax.grid(False)
        for (a, b), v in np.ndenumerate(m):
            if np.isfinite(v):
                ax.text(b, a, f"{100 * v:.0f}", ha="center", va="center", fontsize=6.5,
                        color="white" if v > 0.6 else "black")
        fig.colorbar(im, ax=ax, label="seen by the survey (%)", fraction=0.04)
        sec.add(plotting.done(fig, "fig-detection", "What a buurtmonitor would see",
                              "For every survey indicator, the percentage of replicates in which the last survey wave "
                              "shows the approach's difference from the baseline (significant at 5%). Around 5% means "
                              "the survey would not tell the approach from the baseline."))
    return sec
