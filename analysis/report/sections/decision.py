"""Which uncertainty matters for the decision (/decision): how often each approach is the best
choice, what perfect information would be worth (EVPI) and which parameter group is worth
measuring first (EVPPI), and a tornado chart of the net value over the drawn parameters."""
import numpy as np

from .. import names, plotting, words
from ..lang import L
from ..page import Section, esc, p, table

TORNADO_BARS = 10


def _value(x, unit):
    return words.eur(x) if unit == "EUR" else f"{words.num(x, 2)} {esc(names.points(unit))}"


def _criterion(results, name):
    if name == "net_present_value":
        return L("net present value", "netto contante waarde")
    info = results.outcomes().get(name)
    return names.outcome(info) if info is not None else name.replace("_", " ")


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
    sec = Section("decision", L("Which uncertainty matters for the choice", "Welke onzekerheid telt voor de keuze"))
    pm = f"{100 * 0.5 / max(1, samples) ** 0.5:.0f}"
    sec.add(p(L(f"Each of the {samples} replicates drew its own values of the uncertain parameters, the same in every "
                "scenario, so these figures include what we do not know about the mechanisms, not only the model's "
                "chance. A share is given with its Monte Carlo error (&plusmn; one standard error): with "
                f"{samples} draws a share is known to about &plusmn;{pm} percentage points at most.",
                f"Elk van de {samples} herhalingen trok eigen waarden van de onzekere parameters, dezelfde in elk "
                "scenario, dus deze cijfers bevatten wat we over de mechanismen niet weten, niet alleen het toeval "
                "van het model. Een aandeel staat er met zijn Monte-Carlofout (&plusmn; één standaardfout): met "
                f"{samples} trekkingen is een aandeel tot op hoogstens &plusmn;{pm} procentpunt bekend.")))

    rows = []
    for c, name in enumerate(crit):
        best = int(np.nanargmax(p_best[c]))
        cells = [esc(_criterion(results, name))]
        for s in range(len(scen)):
            share = p_best[c][s]
            err = se[c][s] if se is not None else float("nan")
            cell = f"{words.pct(share)} &plusmn; {100 * err:.0f}" if np.isfinite(err) else words.pct(share)
            cells.append(f"<b>{cell}</b>" if s == best else cell)
        cells.append(_value(evpi[c], units[c]) if evpi is not None else L("n/a", "n.v.t."))
        rows.append(cells)
    sec.add(table([L("best on", "beste op")] + [esc(names.scenario(results, s)) for s in scen]
                  + [L("EVPI per choice", "EVPI per keuze")], rows))
    sec.add(p(L("Each row: the share of draws in which each scenario is the best choice on that criterion (the net "
                "present value against the baseline, or a key outcome counted in its better direction). EVPI: how "
                "much better, on average, the choice would be if every uncertain quantity were known before choosing "
                "(an upper bound: the model's own chance counts as if it could be known).",
                "Elke rij: het aandeel trekkingen waarin elk scenario de beste keuze is op dat criterium (de netto "
                "contante waarde tegen de basissituatie, of een belangrijke uitkomst in de gunstige richting). EVPI "
                "(verwachte waarde van volledige informatie): hoeveel beter de keuze gemiddeld zou zijn als elke "
                "onzekere grootheid vooraf bekend was (een bovengrens).")))

    if evppi is not None and groups:
        order = np.argsort(-np.nan_to_num(evppi[0]))
        head = [esc(names.group(g)) for g in (groups[i] for i in order)]
        rows = []
        for c, name in enumerate(crit):
            share = evppi[c] / evpi[c] if evpi is not None and evpi[c] > 0 else np.full(len(groups), np.nan)
            rows.append([esc(_criterion(results, name))]
                        + [words.pct(share[i]) if np.isfinite(share[i]) else "0%" for i in order])
        sec.add(table([L("criterion", "criterium")] + head, rows))
        top = names.group(groups[order[0]])
        sec.add(p(L("What learning one parameter group alone would be worth, as a share of the EVPI (EVPPI, regression "
                    "method of Strong, Oakley &amp; Brennan 2014). The group with the largest share is the one worth "
                    f"measuring first for the net value: <b>{esc(top)}</b>.",
                    "Wat het waard zou zijn om alleen één groep parameters te kennen, als aandeel van de EVPI "
                    "(EVPPI, regressiemethode van Strong, Oakley &amp; Brennan 2014). De groep met het grootste "
                    f"aandeel is het eerst de moeite van het meten waard voor de netto waarde: <b>{esc(top)}</b>.")))

    low, high = results.array("decision/npv_at_p10_eur"), results.array("decision/npv_at_p90_eur")
    clear = results.array("decision/npv_tornado_clear")
    params = results.labels("decision/parameter")
    if low is not None and high is not None and params:
        col = plotting.colours(scen, results)
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
                ax.set_yticklabels([plotting.wrap(names.parameter(params[j]), 48) for j in top], fontsize=7)
                ax.set_title(names.scenario_short(results, scen[s]) + L(": net present value (EUR)",
                                                                       ": netto contante waarde (euro)"), loc="left")
                plotting.euro_axis(ax.xaxis)
                ax.grid(axis="y", visible=False)
            sec.add(plotting.done(fig, "fig-decision-tornado", L("Tornado: what moves the net value",
                                                                 "Tornado: wat de netto waarde beweegt"),
                                  L("For each drawn parameter, the net present value against the baseline at the "
                                    "parameter's 10th and 90th percentile over the draws (a straight line fitted on "
                                    f"that parameter alone); the {TORNADO_BARS} widest bars per approach. Grey: the "
                                    "line's slope is less than 3 standard errors from zero, so the bar may be noise — "
                                    f"with {samples} draws and many parameters some bars are wide by chance. Another "
                                    "approach's parameters are left out.",
                                    "Voor elke getrokken parameter de netto contante waarde tegen de basissituatie bij "
                                    "het 10e en 90e percentiel van die parameter (een rechte lijn op die parameter "
                                    f"alleen); de {TORNADO_BARS} breedste balken per aanpak. Grijs: de helling ligt "
                                    "minder dan 3 standaardfouten van nul, dus de balk kan ruis zijn.")))
    return sec
