"""Which uncertainty matters for the decision (/decision): how often each approach is the best
choice, what perfect information would be worth (EVPI) and which parameter group is worth
measuring first (EVPPI), and a tornado chart of the net value over the drawn parameters."""
import numpy as np

from .. import plotting, words
from ..page import Section, esc, p, table

TORNADO_BARS = 10


def _value(x, unit):
    return words.eur(x) if unit == "EUR" else f"{words.num(x)} {esc(words.points(unit))}"


def build(results):
    crit = results.labels("decision/criterion")
    scen = results.labels("decision/scenario")
    p_best = results.array("decision/p_best")
    if not crit or not scen or p_best is None:
        return None
    samples = int(results.attr("samples", 0, "decision"))
    se = results.array("decision/p_best_se")
    evpi = results.array("decision/evpi")
    evppi = results.array("decision/evppi")
    groups = results.labels("decision/group") or []
    units = results.labels("decision/criterion_unit") or ["" for _ in crit]
    sec = Section("decision", "Which uncertainty matters for the choice")
    sec.add(p(f"Each of the {samples} replicates drew its own values of the uncertain parameters, the same in every "
              "scenario, so these figures include what we do not know about the mechanisms, not only the model's "
              "chance. A share is given with its Monte Carlo error (&plusmn; one standard error): with "
              f"{samples} draws a share is known to about &plusmn;{100 * 0.5 / max(1, samples) ** 0.5:.0f} "
              "percentage points at most."))

    rows = []
    for c, name in enumerate(crit):
        best = int(np.nanargmax(p_best[c]))
        cells = [esc(name.replace("_", " "))]
        for s in range(len(scen)):
            share = p_best[c][s]
            err = se[c][s] if se is not None else float("nan")
            cell = f"{words.pct(share)} &plusmn; {100 * err:.0f}" if np.isfinite(err) else words.pct(share)
            cells.append(f"<b>{cell}</b>" if s == best else cell)
        cells.append(_value(evpi[c], units[c]) if evpi is not None else "n/a")
        rows.append(cells)
    sec.add(table(["best on"] + [esc(s) for s in scen] + ["EVPI per choice"], rows))
    sec.add(p("Each row: the share of draws in which each scenario is the best choice on that criterion (the net "
              "present value against the baseline, or a key outcome counted in its better direction). EVPI: how "
              "much better, on average, the choice would be if every uncertain quantity were known before choosing "
              "(an upper bound: the model's own chance counts as if it could be known)."))

    if evppi is not None and groups:
        order = np.argsort(-np.nan_to_num(evppi[0]))
        head = [esc(g) for g in (groups[i] for i in order)]
        rows = []
        for c, name in enumerate(crit):
            share = evppi[c] / evpi[c] if evpi is not None and evpi[c] > 0 else np.full(len(groups), np.nan)
            rows.append([esc(name.replace("_", " "))]
                        + [words.pct(share[i]) if np.isfinite(share[i]) else "0%" for i in order])
        sec.add(table(["criterion"] + head, rows))
        top = groups[order[0]]
        sec.add(p("What learning one parameter group alone would be worth, as a share of the EVPI (EVPPI, regression "
                  "method of Strong, Oakley &amp; Brennan 2014). The group with the largest share is the one worth "
                  f"measuring first for the net value: <b>{esc(top)}</b>."))

    low, high = results.array("decision/npv_at_p10_eur"), results.array("decision/npv_at_p90_eur")
    clear = results.array("decision/npv_tornado_clear")
    params = results.labels("decision/parameter")
    if low is not None and high is not None and params:
        col = plotting.colours(scen)
        shown = [s for s in range(len(scen)) if np.isfinite(low[s]).any()]
        if shown:
            fig, axes = plotting.new(8.5, 0.6 + 0.32 * TORNADO_BARS * len(shown), nrows=len(shown), squeeze=False)
            for ax, s in zip(axes[:, 0], shown):
                width = np.abs(high[s] - low[s])
                top = np.argsort(-np.nan_to_num(width))[:TORNADO_BARS][::-1]
                mid = np.nanmean([low[s][top], high[s][top]])
                ys = np.arange(len(top))
                for y, j in zip(ys, top):
                    a, b = sorted((low[s][j], high[s][j]))
                    sure = clear is None or bool(clear[s][j])
                    ax.barh(y, b - a, left=a, color=col[scen[s]] if sure else "#c8c8c8", height=0.6)
                ax.axvline(mid, color="#888", lw=0.8)
                ax.set_yticks(ys)
                ax.set_yticklabels([params[j] for j in top], fontsize=7)
                ax.set_title(f"{scen[s]}: net present value (EUR)", loc="left")
                plotting.euro_axis(ax.xaxis)
                ax.grid(axis="y", visible=False)
            sec.add(plotting.done(fig, "fig-decision-tornado", "Tornado: what moves the net value",
                                  "For each drawn parameter, the net present value against the baseline at the "
                                  "parameter's 10th and 90th percentile over the draws (a straight line fitted on that "
                                  f"parameter alone); the {TORNADO_BARS} widest bars per approach. Grey: the line's "
                                  "slope is less than 3 standard errors from zero, so the bar may be noise — with "
                                  f"{samples} draws and many parameters some bars are wide by chance. Another "
                                  "approach's parameters are left out."))
    return sec
