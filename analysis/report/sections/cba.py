"""Costs and benefits (/cba): the cost-effectiveness plane (axes fitted to the points, willingness-to-pay
lines clipped to them, quadrants labelled), the acceptability curve with its draw count, the net value
with its uncertainty, the costs by who bears them and by task, and the MKBA tables: the net value
under each rule for the years after the simulation, new cash and redeployed hours per year, benefits
by who receives them, and the effects not valued in euros (PM-posten)."""
import numpy as np

from .. import economics, names, plotting, words
from ..lang import L
from ..page import Section, esc, p, table

PAYERS = ["police", "municipality", "welfare", "corporation", "expenses", "volunteer_time", "resident_time"]
BENEFITS = ["burglary", "violence", "nuisance", "theft", "vandalism", "disorder", "displacement", "escalation",
            "insecurity"]


def _draws(per_rep, i):
    return int(np.isfinite(per_rep[i]).sum()) if per_rep is not None and per_rep.ndim == 2 else 0


def _plane(sec, results, scen, idx, col, get):
    costs, benefits = get("costs_eur"), get("benefits_eur")
    variant = results.attr("insecurity_variant", "net", "cba")
    years = get("unsafe_years_gained_net" if variant == "net" else "unsafe_years_gained")
    if years is None:
        years = get("unsafe_years_gained")
    ins = get("benefits_insecurity_eur")
    if costs is None or benefits is None or years is None or ins is None:
        return
    net_cost = costs - (benefits - ins)
    xs, ys = [float(years[i]) for i in idx], [float(net_cost[i]) for i in idx]
    xlim, ylim = economics.plane_limits(xs, ys)
    fig, ax = plotting.new(6.5, 4.5)
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.axhline(0, color="#888", lw=1)
    ax.axvline(0, color="#888", lw=1)
    wtp = get("wtp")
    for w in economics.nice_wtp(wtp if wtp is not None else [], ylim, xlim):
        seg = economics.wtp_segment(w, xlim, ylim)
        (x0, y0), (x1, y1) = seg
        ax.plot([x0, x1], [y0, y1], ls="--", lw=0.8, color="#999")
        ax.annotate(words.eur(w) + L(" a year", " per jaar"), (x1, y1), fontsize=7, color="#666", ha="right",
                    va="bottom", xytext=(-2, 2), textcoords="offset points")
    quads = [((0.98, 0.98), "right", "top", L("more effect, more cost", "meer effect, meer kosten")),
             ((0.02, 0.98), "left", "top", L("dominated: less effect, more cost", "gedomineerd: minder effect, meer kosten")),
             ((0.98, 0.02), "right", "bottom", L("dominant: more effect, saves money", "dominant: meer effect, bespaart geld")),
             ((0.02, 0.02), "left", "bottom", L("less effect, saves money", "minder effect, bespaart geld"))]
    for (x, y), ha, va, text in quads:
        ax.text(x, y, text, transform=ax.transAxes, ha=ha, va=va, fontsize=7, color="#777", style="italic")
    for i in idx:
        ax.scatter(years[i], net_cost[i], s=50, color=col[scen[i]], label=names.scenario_short(results, scen[i]),
                   zorder=3)
    ax.set_xlabel(L("resident-years not feeling unsafe gained", "gewonnen bewonersjaren zonder onveiligheidsgevoel"))
    ax.set_ylabel(L("net cost: costs minus the other benefits", "netto kosten: kosten min de overige baten"))
    plotting.euro_axis(ax.yaxis)
    ax.legend(fontsize=7, frameon=False, loc="center left")
    sec.add(plotting.done(fig, "fig-cba-plane", L("Cost-effectiveness plane", "Kosteneffectiviteitsvlak"),
                          L("Right of the vertical line: residents feel safer; below the horizontal line: the approach "
                            "saves more than it costs even before valuing safety. Dashed: willingness-to-pay lines "
                            "within the axes (below a line: worth it at that value per resident-year). Axes fitted to "
                            "the points; means over replicates.",
                            "Rechts van de verticale lijn: bewoners voelen zich veiliger; onder de horizontale lijn: "
                            "de aanpak bespaart meer dan ze kost, nog voor veiligheid is gewaardeerd. Gestippeld: "
                            "lijnen van betalingsbereidheid binnen de assen (eronder: de moeite waard bij die waarde "
                            "per bewonersjaar). Assen passend bij de punten; gemiddelden over de herhalingen.")))


def _ceac(sec, results, scen, idx, col, get):
    ceac, wtp, per_rep = get("ceac"), get("wtp"), get("npv_eur_replicate")
    if ceac is None or wtp is None or ceac.ndim != 2:
        return
    n = max([_draws(per_rep, i) for i in idx] or [0])
    fig, ax = plotting.new(6.5, 3.6)
    for i in idx:
        ax.plot(wtp, 100 * ceac[i], color=col[scen[i]], label=names.scenario_short(results, scen[i]), lw=1.6,
                drawstyle="steps-post")
    ax.set_ylim(-3, 103)
    ax.set_xlabel(L("willingness to pay per resident-year not feeling unsafe (EUR)",
                    "betalingsbereidheid per bewonersjaar zonder onveiligheidsgevoel (euro)"))
    ax.set_ylabel(L("probability cost-effective (%)", "kans op kosteneffectiviteit (%)"))
    plotting.euro_axis(ax.xaxis)
    if n:
        ax.set_title(L(f"over {n} replicates: steps of {100 / n:.0f} points",
                       f"over {n} herhalingen: stappen van {100 / n:.0f} procentpunt"), loc="left", fontsize=8)
    ax.legend(fontsize=7, frameon=False)
    sec.add(plotting.done(fig, "fig-cba-ceac", L("Acceptability curve", "Aanvaardbaarheidscurve"),
                          L(f"For each value a municipality puts on a resident-year of feeling safe, the share of the "
                            f"{n} replicates in which the approach's value exceeds its net cost; with {n} replicates "
                            "the curve moves in steps.",
                            f"Voor elke waarde die een gemeente hecht aan een bewonersjaar zonder onveiligheidsgevoel, "
                            f"het aandeel van de {n} herhalingen waarin de waarde van de aanpak de netto kosten "
                            f"overtreft; met {n} herhalingen beweegt de curve in stappen.")))


def _npv_figure(sec, results, scen, idx, col, get, price_year, level):
    npv = get("npv_eur")
    lo, hi, per_rep, ppos = get("npv_eur_lower"), get("npv_eur_upper"), get("npv_eur_replicate"), get("p_npv_positive")
    fig, ax = plotting.new(6.5, 0.8 + 0.5 * len(idx))
    ys = np.arange(len(idx))[::-1]
    for y, i in zip(ys, idx):
        if lo is not None and hi is not None:
            ax.errorbar([npv[i]], [y], xerr=np.abs([[npv[i] - lo[i]], [hi[i] - npv[i]]]), fmt="o",
                        color=col[scen[i]], capsize=3, ms=7)
        else:
            ax.plot([npv[i]], [y], "o", color=col[scen[i]], ms=7)
        if per_rep is not None and per_rep.ndim == 2:
            v = per_rep[i][np.isfinite(per_rep[i])]
            ax.plot(v, np.full(v.shape, y - 0.18), "|", color=col[scen[i]], ms=8, alpha=0.7)
        if ppos is not None and np.isfinite(ppos[i]):
            ax.annotate(L("positive in ", "positief in ") + words.share_of(ppos[i], _draws(per_rep, i)), (1.0, y),
                        xycoords=("axes fraction", "data"), xytext=(4, 0), textcoords="offset points", va="center",
                        fontsize=7)
    ax.axvline(0, color="#888", lw=1)
    ax.set_yticks(ys)
    ax.set_yticklabels([names.scenario_short(results, scen[i]) for i in idx])
    ax.set_xlabel(L(f"net present value (EUR {price_year})", f"netto contante waarde (euro van {price_year})"))
    plotting.euro_axis(ax.xaxis)
    ax.grid(axis="y", visible=False)
    sec.add(plotting.done(fig, "fig-cba-npv", L("Net value", "Netto waarde"),
                          L(f"Benefits minus costs: the mean over replicates with its {level:g}% interval; ticks "
                            "below: each replicate; right: the share of replicates with a positive net value.",
                            f"Baten min kosten: het gemiddelde over de herhalingen met het {level:g}%-interval; "
                            "streepjes: elke herhaling; rechts: het aandeel herhalingen met een positieve netto waarde.")))


def _costs_figure(sec, results, scen, idx, get):
    present = [n for n in PAYERS if get(f"costs_{n}_eur") is not None]
    task_costs, tasks = get("costs_by_task_eur"), results.labels("cba/task")
    panels = []
    if present:
        panels.append(([get(f"costs_{n}_eur") for n in present], [names.item(names.COST_ITEMS, n) for n in present],
                       L("Costs by who bears them (EUR)", "Kosten naar wie ze draagt (euro)")))
    if task_costs is not None and tasks:
        panels.append(([task_costs[:, t] for t in range(len(tasks))], [names.item(names.TASKS, t) for t in tasks],
                       L("Costs by task (EUR)", "Kosten naar taak (euro)")))
    if not panels:
        return
    fig, axes = plotting.new(8.5, 0.9 + 0.45 * len(idx), ncols=len(panels), squeeze=False)
    cmap = plotting.plt.get_cmap("Set2")  # not the approaches' colours
    for ax, (group, labels, title) in zip(axes[0], panels):
        ys = np.arange(len(idx))[::-1]
        left = np.zeros(len(idx))
        for k, (vals, lbl) in enumerate(zip(group, labels)):
            v = np.nan_to_num(np.asarray([vals[i] for i in idx], dtype=float))
            ax.barh(ys, v, left=left, color=cmap(k % 8), label=lbl, height=0.6)
            left += v
        ax.set_yticks(ys)
        ax.set_yticklabels([names.scenario_short(results, scen[i]) for i in idx])
        ax.set_title(title, loc="left")
        plotting.euro_axis(ax.xaxis)
        ax.legend(fontsize=6.5, frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=3)
        ax.grid(axis="y", visible=False)
    sec.add(plotting.done(fig, "fig-cba-costs", L("Who pays", "Wie betaalt"),
                          L("Present value of the approaches' costs by the organisation or group that bears them "
                            "(hours at each organisation's rate, other expenses, volunteers' and residents' time) and "
                            "of their professional hours by task.",
                            "Contante waarde van de kosten van de aanpakken naar de organisatie of groep die ze draagt "
                            "(uren tegen het uurtarief van elke organisatie, overige uitgaven, tijd van vrijwilligers "
                            "en bewoners) en van de uren van professionals naar taak.")))


def build(results):
    scen = results.labels("cba/scenario")
    npv = results.array("cba/npv_eur")
    if not scen or npv is None:
        return None
    base = results.attr("baseline", "baseline", "cba")
    idx = [i for i, s in enumerate(scen) if s != base]
    if not idx:
        return None
    col = plotting.colours(scen, results)
    level = results.attr("interval_level", 90.0, "cba")
    horizon = results.attr("horizon_weeks", None, "cba")
    recorded = results.attr("recorded_weeks", None, "cba")
    rate = results.attr("discount_rate", None, "cba")
    price_year = results.attr("price_year", 2023, "cba")
    get = lambda n: results.array(f"cba/{n}")  # noqa: E731
    sec = Section("cba", L("Costs and benefits", "Kosten en baten"))
    years_text = words.fixed(float(horizon) / 52, 0) if horizon is not None else "?"
    rate_text = words.fixed(100 * float(rate), 2) if rate is not None else "?"
    sec.add(p(L(f"Present values in euros of {price_year} over {years_text} years ({recorded} weeks simulated, then "
                f"as the net value by rule below shows), discounted at {rate_text}% a year, each approach against the "
                "baseline and paired by replicate. Benefits are crimes avoided, problems that did not escalate and "
                "resident-years of feeling safe, valued at the unit values of the configuration "
                "(docs/cost-benefit.md). Hours redeployed from regular work carry no cash cost: their cost is the "
                "regular work they no longer do, which shows in the outcomes.",
                f"Contante waarden in euro's van {price_year} over {years_text} jaar ({recorded} weken gesimuleerd, "
                f"daarna zoals de netto waarde per regel hieronder laat zien), verdisconteerd met {rate_text}% per "
                "jaar, elke aanpak tegen de basissituatie en per herhaling gepaard. Baten zijn vermeden delicten, "
                "problemen die niet escaleerden en bewonersjaren zonder onveiligheidsgevoel, gewaardeerd met de "
                "eenheidsprijzen van de configuratie (docs/cost-benefit.md). Herschikte uren kosten geen nieuw geld: "
                "hun kosten zijn het reguliere werk dat blijft liggen, en dat staat in de uitkomsten.")))
    _plane(sec, results, scen, idx, col, get)
    _ceac(sec, results, scen, idx, col, get)
    _npv_figure(sec, results, scen, idx, col, get, price_year, level)
    _costs_figure(sec, results, scen, idx, get)
    costs, benefits, lo, hi = get("costs_eur"), get("benefits_eur"), get("npv_eur_lower"), get("npv_eur_upper")
    ppos, per_rep, bcr, cpy = get("p_npv_positive"), get("npv_eur_replicate"), get("benefit_cost_ratio"), get(
        "cost_per_unsafe_year_eur")
    variant = results.attr("insecurity_variant", "net", "cba")
    years = get("unsafe_years_gained_net" if variant == "net" else "unsafe_years_gained")
    ins = get("benefits_insecurity_eur")
    na = L("n/a", "n.v.t.")
    rows = []
    for i in idx:
        if cpy is not None and years is not None and costs is not None and benefits is not None and ins is not None:
            ratio = economics.ratio_text(float(years[i]), float(costs[i] - (benefits[i] - ins[i])), float(cpy[i]),
                                         economics.effect_clear(results, scen[i]))
        else:
            ratio = na
        rows.append([esc(names.scenario(results, scen[i])), words.eur(costs[i]) if costs is not None else na,
                     words.eur(benefits[i]) if benefits is not None else na, words.eur(npv[i]),
                     f"[{words.eur(lo[i])}, {words.eur(hi[i])}]" if lo is not None and hi is not None else na,
                     words.num(bcr[i], 2) if bcr is not None else na,
                     words.share_of(ppos[i], _draws(per_rep, i)) if ppos is not None else na, esc(ratio)])
    sec.add(table([L("approach", "aanpak"), L("costs", "kosten"), L("benefits", "baten"), L("net value", "netto waarde"),
                   L(f"{level:g}% interval", f"{level:g}%-interval"), L("benefit/cost", "baten/kosten"),
                   L("P(net value > 0)", "kans netto waarde > 0"),
                   L("net cost per resident-year not feeling unsafe", "netto kosten per bewonersjaar zonder "
                     "onveiligheidsgevoel")], rows))
    ben = [n for n in BENEFITS if get(f"benefits_{n}_eur") is not None]
    if ben:
        sec.add(p(L("Benefits by kind:", "Baten naar soort:")))
        sec.add(table([L("approach", "aanpak")] + [names.item(names.BENEFIT_ITEMS, n) for n in ben],
                      [[esc(names.scenario(results, scen[i]))] + [words.eur(get(f"benefits_{n}_eur")[i]) for n in ben]
                       for i in idx]))
    _mkba_tables(sec, results, scen, idx)
    return sec


def _mkba_tables(sec, results, scen, idx):
    """The net value by rule, benefits by recipient, costs per year and the PM-posten."""
    get = lambda n: results.array(f"cba/{n}")  # noqa: E731
    who = lambda i: esc(names.scenario(results, scen[i]))  # noqa: E731
    rules, by_rule = results.labels("cba/rule"), get("npv_by_rule_eur")
    if rules and by_rule is not None:
        sec.add(p(L("Net value by what follows the simulated weeks up to the horizon: <i>decayed</i> (the approach "
                    "stops, its costs end and its effects fade), <i>held</i> (it goes on at its last year's level) or "
                    "<i>ended</i> (nothing after the simulation).",
                    "Netto waarde naar wat er na de gesimuleerde weken tot de horizon gebeurt: <i>uitdovend</i> (de "
                    "aanpak stopt, de kosten stoppen en de effecten nemen af), <i>volgehouden</i> (de aanpak gaat door "
                    "op het niveau van het laatste jaar) of <i>gestopt</i> (niets na de simulatie).")))
        sec.add(table([L("approach", "aanpak")] + [names.item(names.RULES, r) for r in rules],
                      [[who(i)] + [words.eur(by_rule[i][k]) for k in range(len(rules))] for i in idx]))
    recipients, by_rec = results.labels("cba/recipient"), get("benefits_by_recipient_eur")
    if recipients and by_rec is not None:
        sec.add(p(L("Benefits by who receives them:", "Baten naar wie ze ontvangt:")))
        sec.add(table([L("approach", "aanpak")] + [names.item(names.RECIPIENTS, r) for r in recipients],
                      [[who(i)] + [words.eur(by_rec[i][k]) for k in range(len(recipients))] for i in idx]))
    items, years = results.labels("cba/cost_item"), results.labels("cba/year")
    by_year, red, orgs = get("costs_by_year_eur"), get("redeployed_hours_by_year"), results.labels("cba/organisation")
    if items and years and by_year is not None:
        cash = [k for k, n in enumerate(items) if n in ("police", "municipality", "welfare", "corporation", "expenses")]
        shown = [y for y in range(len(years)) if np.nanmax(np.abs(np.nan_to_num(by_year[idx][:, y, :]))) >= 0.5
                 or (red is not None and np.nanmax(np.abs(np.nan_to_num(red[idx][:, y, :]))) >= 0.5)][:8]
        rows = []
        for i in idx:
            for k in cash:
                if np.nanmax(np.abs(by_year[i][:, k])) >= 0.5:
                    rows.append([who(i), L("new cash: ", "nieuw geld: ") + esc(names.item(names.COST_ITEMS, items[k]))]
                                + [words.eur(by_year[i][y][k]) for y in shown])
            if red is not None and orgs:
                for o, org in enumerate(orgs):
                    if np.nanmax(np.abs(red[i][:, o])) >= 0.5:
                        rows.append([who(i), L("redeployed hours (no cash): ", "herschikte uren (geen nieuw geld): ")
                                     + esc(names.item(names.COST_ITEMS, org))]
                                    + [words.num(red[i][y][o], 4) for y in shown])
        if rows and shown:
            sec.add(p(L("What a budget shows: new cash per year (additional hours at each organisation's rate and the "
                        "approaches' other expenses, undiscounted, euros of the price year) and the hours redeployed "
                        "from regular work (no cash; what they cost is the work they no longer do, in the outcomes).",
                        "Wat een begroting laat zien: nieuw geld per jaar (extra uren tegen het tarief van elke "
                        "organisatie en de overige uitgaven, niet verdisconteerd) en de uren die uit het reguliere "
                        "werk worden herschikt (geen nieuw geld; hun kosten zijn het werk dat blijft liggen).")))
            sec.add(table([L("approach", "aanpak"), L("item", "post")]
                          + [L("year ", "jaar ") + str(int(years[y]) + 1) for y in shown], rows))
    pm_outcomes, change = results.labels("cba/pm/outcome"), results.array("cba/pm/change")
    direction = results.array("cba/pm/direction")
    better = results.labels("cba/pm/better")
    info = results.outcomes()
    if pm_outcomes and change is not None:
        rows = []
        for k, o in enumerate(pm_outcomes):
            neither = bool(better) and better[k] == "neither"
            word = ({1: L("up", "omhoog"), -1: L("down", "omlaag"), 0: L("none", "geen")} if neither else
                    {1: L("better", "beter"), -1: L("worse", "slechter"), 0: L("none", "geen")})
            cells = []
            for i in idx:
                d = int(direction[i][k]) if direction is not None else 0
                cells.append(f"{words.signed(change[i][k], 2)} ({word.get(d, '')})" if np.isfinite(change[i][k])
                             else L("n/a", "n.v.t."))
            label = names.outcome(info[o]) if o in info else o.replace("_", " ")
            rows.append([esc(label)] + cells)
        sec.add(p(L("Not valued in euros (PM-posten): the change against the baseline over the last simulated year, "
                    "in the outcome's units, and its direction.",
                    "Niet in euro's gewaardeerd (PM-posten): de verandering tegen de basissituatie over het laatste "
                    "gesimuleerde jaar, in de eenheid van de uitkomst, en de richting.")))
        sec.add(table([L("effect", "effect")] + [who(i) for i in idx], rows))
