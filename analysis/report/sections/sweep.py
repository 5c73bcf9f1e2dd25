"""Sweep files (kind "sweep"): the design, sensitivity indices as ranked bars with intervals (and
their flags: outside the index's range, interval including zero, a small design), how often each
ranking of the approaches holds, outcomes over the design and the net value.
Reads /design/*, /status/complete, /sensitivity/* (indices over outcome, scenario, contrast and parameter,
read as target rows by ..sweepdata; with its *_flag datasets and the attributes
small_design, design_units, left_out), /final/<outcome>, /cba/npv_eur, /cba/p_npv_positive.
Every dataset is optional; what is absent is left out."""
import numpy as np

from .. import names, plotting, stats, words
from ..lang import L
from ..page import Folded, Section, esc, p, table
from ..sweepdata import sensitivity_targets

INDICES = {  # method: (dataset, lo, hi, axis label, what it means), the words as (English, Dutch)
    "sobol": [("total", "total_lo", "total_hi", ("total-order index", "totale index"),
               ("the share of the outcome's variance that involves the parameter, alone or with others",
                "het deel van de variantie van de uitkomst waarin de parameter een rol speelt, alleen of samen met "
                "andere")),
              ("first_order", "first_order_lo", "first_order_hi", ("first-order index", "eerste-orde-index"),
               ("the share explained by the parameter alone", "het deel dat de parameter alleen verklaart"))],
    "morris": [("mu_star", "mu_star_lo", "mu_star_hi", ("mu* (mean absolute elementary effect)",
                                                        "mu* (gemiddeld absoluut elementair effect)"),
                ("how much the outcome moves when the parameter moves across its range",
                 "hoeveel de uitkomst verschuift als de parameter over zijn bereik verschuift"))],
    "src": [("src", "src_lo", "src_hi", ("standardised regression coefficient", "gestandaardiseerde regressiecoëfficiënt"),
             ("the change in the outcome, in standard deviations, per standard deviation of the parameter (linear fit)",
              "de verandering van de uitkomst, in standaarddeviaties, per standaarddeviatie van de parameter "
              "(lineaire fit)"))],
}

MAX_TARGETS = 12
LEADING_TARGETS = 4  # shown open: the net value's and the key outcomes'; the rest folded
OUTSIDE_RANGE, INTERVAL_HAS_ZERO = 1, 2  # bits of /sensitivity/*_flag (docs/sensitivity.md, "Flags")


def flag_words(f):
    """The flags of one index in words ("" when none)."""
    f = int(f)
    bits = ([L("outside its possible range", "buiten het mogelijke bereik")] if f & OUTSIDE_RANGE else []) + \
        ([L("interval includes 0", "interval bevat 0")] if f & INTERVAL_HAS_ZERO else [])
    return "; ".join(bits)


def target_order(targets, key=()):
    """Targets in file order, the net present value's first (the verdict's sensitivity), then the key outcomes'."""
    def rank(t):
        name = str(targets[t])
        return (not name.startswith("cba/npv_eur"), name.split(" ")[0] not in key, t)
    return sorted(range(len(targets)), key=rank)


def design(results):
    params = results.labels("design/parameter")
    value = results.array("design/value")
    if not params or value is None:
        return None
    lo, hi = results.array("design/lo"), results.array("design/hi")
    complete = results.array("status/complete")
    kind = results.attr("design", None, "design")
    sec = Section("design", L("The sweep's design", "Het ontwerp van de verkenning"))
    n_points = value.shape[0]
    done = (L(f"{int(np.sum(complete))} of {n_points} points finished", f"{int(np.sum(complete))} van {n_points} "
              "punten klaar") if complete is not None else L(f"{n_points} points", f"{n_points} punten"))
    sec.add(p(f"{done}" + (L("; design ", "; ontwerp ") + esc(names.design(kind)) if kind else "")
              + L(f"; {len(params)} parameters varied, each within the range below.",
                  f"; {len(params)} parameters gevarieerd, elk binnen het bereik hieronder.")))
    rows = []
    na = L("n/a", "n.v.t.")
    for k, name in enumerate(params):
        col = value[:, k] if value.ndim == 2 and value.shape[1] > k else np.array([np.nan])
        rows.append([f"{esc(names.parameter(name))} <code>{esc(str(name))}</code>",
                     words.num(lo[k]) if lo is not None else na, words.num(hi[k]) if hi is not None else na,
                     words.num(np.nanmin(col)), words.num(np.nanmax(col))])
    sec.add(table([L("parameter", "parameter"), L("range from", "bereik van"), L("range to", "bereik tot"),
                   L("lowest value run", "laagste gerekende waarde"), L("highest value run", "hoogste gerekende waarde")],
                  rows))
    return sec


def _ranked_bars(vals, lo, hi, params, label, fid, title, caption, flags=None):
    order = np.argsort(np.nan_to_num(vals, nan=-np.inf))
    fig, ax = plotting.new(6.8, 0.7 + 0.28 * len(params))
    ys = np.arange(len(order))
    v = vals[order]
    # Flagged indices in pale grey (interval includes 0) or orange (outside the possible range).
    colour = [plotting.NEUTRAL_COLOUR] * len(order)
    if flags is not None:
        for y, i in enumerate(order):
            colour[y] = "#ff7f0e" if int(flags[i]) & OUTSIDE_RANGE else \
                "#c7c7c7" if int(flags[i]) & INTERVAL_HAS_ZERO else plotting.NEUTRAL_COLOUR
    ax.barh(ys, np.nan_to_num(v), color=colour, height=0.6)
    if lo is not None and hi is not None:
        err = np.abs(np.vstack([v - lo[order], hi[order] - v]))
        ax.errorbar(v, ys, xerr=np.nan_to_num(err), fmt="none", ecolor="#222", capsize=2, lw=0.8)
    ax.set_yticks(ys)
    ax.set_yticklabels([plotting.wrap(names.parameter(params[i]), 42) for i in order], fontsize=7.5)
    ax.set_xlabel(label)
    ax.axvline(0, color="#888", lw=0.8)
    ax.grid(axis="y", visible=False)
    return plotting.done(fig, fid, title, caption)


def sensitivity(results):
    method = results.attr("method", None, "sensitivity")
    params = results.labels("sensitivity/parameter") or results.labels("design/parameter")
    targets, rows = sensitivity_targets(results)
    if method not in INDICES or not params or not targets:
        return None
    sec = Section("sensitivity", L("What matters most: sensitivity", "Wat het meest telt: gevoeligheid"))
    chosen = [spec for spec in INDICES[method] if rows(spec[0]) is not None]
    if not chosen:
        return None
    name, lo_n, hi_n, label, meaning = chosen[0]
    label, meaning = L(*label), L(*meaning)
    vals = rows(name)
    lo, hi = rows(lo_n), rows(hi_n)
    if vals.ndim != 2 or vals.shape != (len(targets), len(params)):
        return None
    flags = rows(f"{name}_flag")
    if flags is not None and flags.shape != vals.shape:
        flags = None
    units = results.attr("design_units", None, "sensitivity")
    if results.attr("small_design", 0, "sensitivity"):
        sec.add(p(L(f"<b>A small design.</b> These indices come from {esc(str(units))} independent units (blocks, "
                    "trajectories or points), fewer than 16: their intervals are too narrow and the indices themselves "
                    "unreliable. Read them as a check that the sweep ran, not as a result; run the sweep with more "
                    "samples.",
                    f"<b>Een klein ontwerp.</b> Deze indices komen uit {esc(str(units))} onafhankelijke eenheden "
                    "(blokken, trajecten of punten), minder dan 16: hun intervallen zijn te smal en de indices zelf "
                    "onbetrouwbaar. Lees ze als controle dat de verkenning liep, niet als uitkomst; herhaal de "
                    "verkenning met meer steekproeven.")))
    sec.add(p(L(f"Method: {esc(names.method(method))}. Bars show the {esc(label)}, {esc(meaning)}; the longest bar "
                "is the parameter the outcome depends on most, within the sweep's ranges. Lines: the interval of each "
                "index as stored in the file. A grey bar's interval includes 0: this design does not tell that index "
                "apart from 0, which does not show that the parameter is unimportant (only a short interval near 0 "
                "from a design of adequate size does). An orange bar lies outside the index's possible range: "
                "estimation noise.",
                f"Methode: {esc(names.method(method))}. De balken tonen de {esc(label)}: {esc(meaning)}; de langste "
                "balk is de parameter waar de uitkomst binnen de bereiken van de verkenning het meest van afhangt. "
                "Lijnen: het interval van elke index zoals opgeslagen in het bestand. Bij een grijze balk bevat het "
                "interval 0: dit ontwerp onderscheidt die index niet van 0, wat niet bewijst dat de parameter "
                "onbelangrijk is (alleen een kort interval dicht bij 0 uit een ontwerp van voldoende omvang doet dat). "
                "Een oranje balk ligt buiten het mogelijke bereik van de index: schattingsruis.")))
    r2 = rows("r2")
    key = set(results.key_outcomes("final")) or set(results.key_outcomes())
    order = target_order(targets, key)[:MAX_TARGETS]
    folded = Folded(L(f"Sensitivity of the other {len(order) - LEADING_TARGETS} targets",
                      f"Gevoeligheid van de andere {len(order) - LEADING_TARGETS} doelgrootheden")) \
        if len(order) > LEADING_TARGETS else None
    for n, t in enumerate(order):
        target = names.target(results, targets[t])
        extra = L(f" The linear fit explains R² = {words.fixed(r2[t], 2)} of the variance.",
                  f" De lineaire fit verklaart R² = {words.fixed(r2[t], 2)} van de variantie.") \
            if r2 is not None and len(r2) > t else ""
        (folded if folded is not None and n >= LEADING_TARGETS else sec).add(_ranked_bars(
            vals[t], lo[t] if lo is not None else None, hi[t] if hi is not None else None, params, label,
            f"fig-sensitivity-{t}", L(f"Sensitivity of {target}", f"Gevoeligheid van {target}"),
            L(f"Parameters ranked by their {esc(label)} for {esc(target)} (<code>{esc(str(targets[t]))}</code>).{extra}",
              f"Parameters gerangschikt naar hun {esc(label)} voor {esc(target)} "
              f"(<code>{esc(str(targets[t]))}</code>).{extra}"),
            flags[t] if flags is not None else None))
    if folded is not None:
        sec.add(folded)
    if len(targets) > MAX_TARGETS:
        sec.add(p(L(f"{len(targets) - MAX_TARGETS} further targets are in the file (/sensitivity).",
                    f"Nog {len(targets) - MAX_TARGETS} doelgrootheden staan in het bestand (/sensitivity).")))
    if method == "sobol" and len(chosen) > 1:
        fo, fo_lo, fo_hi = (rows(n) for n in ("first_order", "first_order_lo", "first_order_hi"))
        fo_flags = rows("first_order_flag")
        first, total = L("first order", "eerste orde"), L("total", "totaal")
        rows = [[esc(names.target(results, targets[t])), esc(names.parameter(params[k])), words.fixed(fo[t, k], 2),
                 words.pair(words.fixed(fo_lo[t, k], 2), words.fixed(fo_hi[t, k], 2))
                 if fo_lo is not None and fo_hi is not None else "",
                 words.fixed(vals[t, k], 2),
                 esc("; ".join(x for x in (
                     f"{first}: {flag_words(fo_flags[t, k])}" if fo_flags is not None and flag_words(fo_flags[t, k])
                     else "",
                     f"{total}: {flag_words(flags[t, k])}" if flags is not None and flag_words(flags[t, k]) else "") if x))]
                for t in target_order(targets)[:MAX_TARGETS] for k in np.argsort(-np.nan_to_num(vals[t]))[:3]]
        sec.add(Folded(L("First-order and total indices of the top 3 parameters per target",
                         "Eerste-orde- en totale indices van de 3 belangrijkste parameters per doelgrootheid")).add(
            table([L("target", "doelgrootheid"), L("parameter (top 3)", "parameter (top 3)"), first, "interval", total,
                   L("flags", "kanttekeningen")], rows)))
    left_out = results.attr("left_out", "", "sensitivity")
    undefined = [line.split(": ")[0] for line in str(left_out).splitlines() if "not a number" in line]
    if undefined:
        sec.add(p(L(f"Left out, with no indices: {esc(words.listing(names.target(results, u) for u in undefined))} "
                    "(not a number at some points, or undefined indices; the reasons are in the attribute "
                    "<code>left_out</code> of /sensitivity).",
                    f"Weggelaten, zonder indices: {esc(words.listing(names.target(results, u) for u in undefined))} "
                    "(op sommige punten geen getal, of onbepaalde indices; de redenen staan in het attribuut "
                    "<code>left_out</code> van /sensitivity).")))
    return sec


def rankings(results):
    share = results.array("sensitivity/ranking_share")
    outcomes = results.labels("sensitivity/ranking_outcome")
    ranks = results.labels("sensitivity/ranking")
    if share is None or not outcomes or not ranks or share.shape != (len(outcomes), len(ranks)):
        return None
    sec = Section("rankings", L("How robust is the ranking of the approaches?",
                                "Hoe robuust is de rangorde van de aanpakken?"))
    sec.add(p(L("For each outcome, the share of the sweep's points at which each order of the approaches holds "
                "(for example <i>a &lt; b &lt; c</i>: the outcome is lowest in a). A ranking that holds at nearly "
                "every point does not depend on the uncertain parameters; shares spread over several orders mean the "
                "choice between approaches depends on them.",
                "Per uitkomst het deel van de punten van de verkenning waarop elke volgorde van de aanpakken geldt "
                "(bijvoorbeeld <i>a &lt; b &lt; c</i>: de uitkomst is het laagst bij a). Een rangorde die op bijna "
                "elk punt geldt, hangt niet af van de onzekere parameters; aandelen verspreid over meerdere volgordes "
                "betekenen dat de keuze tussen de aanpakken ervan afhangt.")))
    # A figure for each key outcome the file ranks (all of them when it ranks none of those);
    # the other outcomes' most frequent order in one table, so the section stays readable.
    key = results.key_outcomes("final")
    shown = [k for k, o in enumerate(outcomes) if o in key] or list(range(len(outcomes)))
    rest = []
    for k, outcome in enumerate(outcomes):
        if k in shown or not np.isfinite(share[k]).any():
            continue
        j = int(np.nanargmax(share[k]))
        rest.append([esc(names.outcome_named(results, outcome)), esc(names.ranking(results, ranks[j])),
                     words.pct(share[k][j])])
    for k in shown:
        outcome = outcomes[k]
        row = share[k]
        keep = [j for j in np.argsort(-np.nan_to_num(row)) if np.nan_to_num(row[j]) > 0][:10]
        if not keep:
            continue
        fig, ax = plotting.new(6.8, 0.7 + 0.3 * len(keep))
        ys = np.arange(len(keep))[::-1]
        ax.barh(ys, [100 * row[j] for j in keep], color=plotting.NEUTRAL_COLOUR, height=0.6)
        for y, j in zip(ys, keep):
            ax.annotate(words.pct(row[j]), (100 * row[j], y), xytext=(3, 0), textcoords="offset points",
                        va="center", fontsize=7)
        ax.set_yticks(ys)
        ax.set_yticklabels([plotting.wrap(names.ranking(results, ranks[j]), 60) for j in keep], fontsize=7.5)
        ax.set_xlim(0, 110)
        ax.set_xlabel(L("share of the sweep's points (%)", "aandeel van de punten van de verkenning (%)"))
        ax.grid(axis="y", visible=False)
        what = names.outcome_named(results, outcome)
        sec.add(plotting.done(fig, f"fig-ranking-{k}", L(f"Rankings by {what}", f"Rangordes naar {what}"),
                              L(f"How often each order of the approaches holds for {esc(what)} "
                                "(the most frequent first; at most 10 shown).",
                                f"Hoe vaak elke volgorde van de aanpakken geldt voor {esc(what)} "
                                "(de vaakste eerst; hoogstens 10 getoond).")))
    if rest:
        sec.add(Folded(L("The other outcomes' most frequent order", "De vaakste volgorde bij de andere uitkomsten")).add(
            table([L("outcome", "uitkomst"), L("most frequent order", "vaakste volgorde"),
                   L("share of points", "aandeel van de punten")], rest)))
    return sec if sec.figures() else None


def outcomes(results):
    value = results.array("design/value")
    params = results.labels("design/parameter")
    scen = results.labels("final/scenario") or results.labels("scenario")
    if value is None or not params or not scen:
        return None
    sec = Section("sweep-outcomes", L("Outcomes across the design", "Uitkomsten over het ontwerp"))
    folded = Folded(L("Each key outcome against the first parameters of the design (scatter plots)",
                      "Elke belangrijke uitkomst tegen de eerste parameters van het ontwerp (spreidingsdiagrammen)"))
    col = plotting.colours(scen, results)
    residents = results.array("final/residents")
    for name, info in results.key_outcomes("final").items():
        a = results.array(f"final/{name}")
        if a is None or a.ndim != 4 or a.shape[0] != value.shape[0]:
            continue
        weights = residents if residents is not None and len(residents) == a.shape[3] else np.ones(a.shape[3])
        pooled = stats.pool(a, weights, axis=3, count=info.pooling == "sum")  # over neighbourhoods
        y = np.nanmean(pooled, axis=2) if np.isfinite(a).any() else None  # (point, scenario)
        if y is None:
            continue
        n = min(len(params), 4)
        fig, axes = plotting.new(2.3 * n + 0.8, 2.6, ncols=n, squeeze=False, sharey=True)
        for k in range(n):
            ax = axes[0][k]
            for s, sc in enumerate(scen[: y.shape[1]]):
                ax.scatter(value[:, k], y[:, s], s=8, alpha=0.6, color=col[sc], label=names.scenario_short(results, sc))
            ax.set_xlabel(plotting.wrap(names.parameter(params[k]), 28), fontsize=7)
        axes[0][0].set_ylabel(names.outcome_axis(info))
        axes[0][-1].legend(fontsize=6, frameon=False)
        folded.add(plotting.done(fig, f"fig-sweep-{name}", L(f"{names.outcome_title(info)} across the design",
                                                             f"{names.outcome_title(info)} over het ontwerp"),
                                 L(f"Each point: one design point and scenario, {esc(names.outcome(info))} averaged "
                                   "over replicates and pooled over neighbourhoods (the mean of the last weeks); the "
                                   f"first {n} parameters of the design shown. Unfinished points are left out.",
                                   f"Elke stip: één punt van het ontwerp en één scenario, {esc(names.outcome(info))} "
                                   "gemiddeld over de herhalingen en samengenomen over de buurten (het gemiddelde van "
                                   f"de laatste weken); de eerste {n} parameters van het ontwerp getoond. Onafgemaakte "
                                   "punten zijn weggelaten.")))
    if not folded.parts:
        return None
    sec.add(p(L("How each key outcome moves with the parameters, point by point: the detail behind the sensitivity "
                "indices above.",
                "Hoe elke belangrijke uitkomst per punt met de parameters meebeweegt: de details achter de "
                "gevoeligheidsindices hierboven.")))
    sec.add(folded)
    return sec


def cba(results):
    npv = results.array("cba/npv_eur")
    scen = results.labels("cba/scenario") or results.labels("scenario")
    ppos = results.array("cba/p_npv_positive")
    if npv is None or npv.ndim != 3 or not scen:
        return None
    idx = [i for i, s in enumerate(scen) if s != "baseline" and i < npv.shape[1]]
    if not idx:
        return None
    sec = Section("sweep-cba", L("Net value across the design", "Netto waarde over het ontwerp"))
    fig, ax = plotting.new(6.8, 0.8 + 0.5 * len(idx))
    data = [npv[:, i, :].ravel()[np.isfinite(npv[:, i, :].ravel())] for i in idx]
    keep = [k for k, d in enumerate(data) if d.size]
    if keep:
        col = plotting.colours(scen, results)
        box = ax.boxplot([data[k] for k in keep], vert=False, whis=(5, 95), showfliers=False, patch_artist=True)
        for patch, k in zip(box["boxes"], keep):
            patch.set_facecolor(col[scen[idx[k]]])
            patch.set_edgecolor("#333333")
        ax.set_yticks(range(1, len(keep) + 1))
        ax.set_yticklabels([names.scenario_short(results, scen[idx[k]]) for k in keep])
        ax.axvline(0, color="#888", lw=1)
        ax.set_xlabel(L("net present value (EUR)", "netto contante waarde (euro)"))
        plotting.euro_axis(ax.xaxis)
        sec.add(plotting.done(fig, "fig-sweep-npv", L("Net value over the design", "Netto waarde over het ontwerp"),
                              L("The spread of the net present value over every design point and replicate (box: "
                                "middle half; whiskers: 5th to 95th percentile).",
                                "De spreiding van de netto contante waarde over alle punten van het ontwerp en alle "
                                "herhalingen (doos: de middelste helft; snorharen: 5e tot 95e percentiel).")))
    else:
        plotting.plt.close(fig)
    if ppos is not None and len(ppos) >= len(scen):
        sec.add(table([L("approach", "aanpak"), L("share of points and replicates with a positive net value",
                                                  "aandeel van de punten en herhalingen met een positieve netto waarde")],
                      [[esc(names.scenario(results, scen[i])), words.pct(ppos[i])] for i in idx]))
    return sec if len(sec.parts) else None
