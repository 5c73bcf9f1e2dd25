"""Costs and benefits (/cba): the cost-effectiveness plane, the acceptability curve, the net value
with its uncertainty, the costs by who bears them and by task, and the MKBA tables: the net value
under each rule for the years after the simulation, new cash and redeployed hours per year,
benefits by who receives them, and the effects not valued in euros (PM-posten)."""
import numpy as np

from .. import plotting, words
from ..page import Section, esc, p, table

PAYERS = [("costs_police_eur", "police"), ("costs_municipality_eur", "municipality"), ("costs_welfare_eur", "welfare"),
          ("costs_corporation_eur", "housing corporation"), ("costs_expenses_eur", "other expenses"),
          ("costs_volunteer_time_eur", "volunteers' time"), ("costs_resident_time_eur", "residents' time")]
BENEFITS = [("benefits_burglary_eur", "burglary"), ("benefits_violence_eur", "violence"),
            ("benefits_nuisance_eur", "nuisance"), ("benefits_theft_eur", "theft"),
            ("benefits_vandalism_eur", "vandalism"), ("benefits_disorder_eur", "disorder"),
            ("benefits_displacement_eur", "displacement"),
            ("benefits_escalation_eur", "escalation"), ("benefits_insecurity_eur", "insecurity")]


def build(results):
    scen = results.labels("cba/scenario")
    npv = results.array("cba/npv_eur")
    if not scen or npv is None:
        return None
    base = results.attr("baseline", "baseline", "cba")
    idx = [i for i, s in enumerate(scen) if s != base]
    if not idx:
        return None
    names = [scen[i] for i in idx]
    col = plotting.colours(scen)
    level = results.attr("interval_level", 90.0, "cba")
    horizon = results.attr("horizon_weeks", None, "cba")
    recorded = results.attr("recorded_weeks", None, "cba")
    after = results.attr("after_simulation", None, "cba")
    rate = results.attr("discount_rate", None, "cba")
    price_year = results.attr("price_year", 2023, "cba")
    variant = results.attr("insecurity_variant", "net", "cba")
    get = lambda n: results.array(f"cba/{n}")  # noqa: E731
    sec = Section("cba", "Costs and benefits")
    if recorded is not None and after is not None:
        horizon_text = (f"over a horizon of {horizon} weeks ({recorded} simulated, then {esc(str(after))}: "
                        "see the net value by rule below)")
    else:
        horizon_text = f"over the {horizon} recorded weeks" if horizon is not None else "over the run"
    rate_text = f", discounted at {100 * float(rate):.2f}% a year" if rate is not None else ""
    sec.add(p(f"Present values in euros of {price_year} {horizon_text}{rate_text}, each approach against the baseline "
              "and paired by replicate. Benefits are crimes avoided, problems that did not escalate and resident-years "
              f"of feeling safe ({esc(str(variant))} variant), valued at the unit values of the configuration "
              "(docs/cost-benefit.md). Each effect is valued once: hours redeployed from regular work carry no "
              "cash cost, their cost is the regular work they no longer do, which shows in the outcomes."))

    costs, benefits = get("costs_eur"), get("benefits_eur")
    years = get("unsafe_years_gained_net" if variant == "net" else "unsafe_years_gained")
    if years is None:
        years = get("unsafe_years_gained")
    ins = get("benefits_insecurity_eur")
    if costs is not None and benefits is not None and years is not None and ins is not None:
        net_cost = costs - (benefits - ins)
        fig, ax = plotting.new(6.5, 4.5)
        for i in idx:
            ax.scatter(years[i], net_cost[i], s=50, color=col[scen[i]], label=scen[i], zorder=3)
        wtp = get("wtp")
        xs = np.array([min(0.0, np.nanmin(years[idx])), max(0.0, np.nanmax(years[idx]))]) * 1.15
        if wtp is not None and len(wtp) > 1:
            for w in (float(wtp[len(wtp) // 4]), float(wtp[-1])):
                ax.plot(xs, w * xs, ls="--", lw=0.8, color="#999")
                ax.annotate(f"EUR {w:,.0f} per year", (xs[-1], w * xs[-1]), fontsize=7, color="#666")
        ax.axhline(0, color="#888", lw=1)
        ax.axvline(0, color="#888", lw=1)
        ax.set_xlabel("resident-years not feeling unsafe gained")
        ax.set_ylabel("net cost (EUR): costs minus the other benefits")
        plotting.euro_axis(ax.yaxis)
        ax.legend(fontsize=7, frameon=False)
        sec.add(plotting.done(fig, "fig-cba-plane", "Cost-effectiveness plane",
                              "Right of the vertical line: residents feel safer; below the horizontal line: the approach "
                              "saves more than it costs even before valuing safety. Below a dashed line: worth it at "
                              "that willingness to pay per resident-year not feeling unsafe. Means over replicates."))
    ceac, wtp = get("ceac"), get("wtp")
    if ceac is not None and wtp is not None and ceac.ndim == 2:
        fig, ax = plotting.new(6.5, 3.6)
        for i in idx:
            ax.plot(wtp, 100 * ceac[i], color=col[scen[i]], label=scen[i], lw=1.6)
        ax.set_ylim(-3, 103)
        ax.set_xlabel("willingness to pay per resident-year not feeling unsafe (EUR)")
        ax.set_ylabel("probability cost-effective (%)")
        ax.legend(fontsize=7, frameon=False)
        sec.add(plotting.done(fig, "fig-cba-ceac", "Acceptability curve",
                              "For each value a municipality puts on a resident-year of feeling safe, the share of "
                              "replicates in which the approach's value exceeds its net cost."))
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
            n = int(np.isfinite(per_rep[i]).sum()) if per_rep is not None and per_rep.ndim == 2 else 0
            ax.annotate(f"positive in {words.share_of(ppos[i], n)}", (1.0, y), xycoords=("axes fraction", "data"),
                        xytext=(4, 0), textcoords="offset points", va="center", fontsize=7)
    ax.axvline(0, color="#888", lw=1)
    ax.set_yticks(ys)
    ax.set_yticklabels(names)
    ax.set_xlabel(f"net present value (EUR {price_year})")
    plotting.euro_axis(ax.xaxis)
    ax.grid(axis="y", visible=False)
    sec.add(plotting.done(fig, "fig-cba-npv", "Net value",
                          f"Benefits minus costs: the mean over replicates with its {level:g}% interval; ticks below: "
                          "each replicate; right: the share of replicates with a positive net value."))
    present = [(n, label) for n, label in PAYERS if get(n) is not None]
    task_costs, tasks = get("costs_by_task_eur"), results.labels("cba/task")
    if present or (task_costs is not None and tasks):
        panels = int(bool(present)) + int(task_costs is not None and bool(tasks))
        fig, axes = plotting.new(8.5, 0.9 + 0.45 * len(idx), ncols=panels, squeeze=False)
        ax_i = 0
        for group, label_of, title in (([get(n) for n, _ in present], [lbl for _, lbl in present], "who bears them"),
                                       (None, tasks, "by task")):
            if group is None:
                if task_costs is None or not tasks:
                    continue
                group = [task_costs[:, t] for t in range(len(tasks))]
            elif not present:
                continue
            ax = axes[0][ax_i]
            ax_i += 1
            ys = np.arange(len(idx))[::-1]
            left = np.zeros(len(idx))
            cmap = plotting.plt.get_cmap("tab10")
            for k, (vals, lbl) in enumerate(zip(group, label_of)):
                v = np.nan_to_num(np.asarray([vals[i] for i in idx], dtype=float))
                ax.barh(ys, v, left=left, color=cmap(k % 10), label=lbl, height=0.6)
                left += v
            ax.set_yticks(ys)
            ax.set_yticklabels(names)
            ax.set_title(f"Costs {title} (EUR)", loc="left")
            plotting.euro_axis(ax.xaxis)
            ax.legend(fontsize=6.5, frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=3)
            ax.grid(axis="y", visible=False)
        sec.add(plotting.done(fig, "fig-cba-costs", "Who pays",
                              "Present value of the approaches' costs by the organisation or group that bears them "
                              "(hours at each organisation's rate, other expenses, volunteers' and residents' time) "
                              "and of their professional hours by task."))
    rows = []
    bcr, cpy = get("benefit_cost_ratio"), get("cost_per_unsafe_year_eur")
    for i in idx:
        rows.append([esc(scen[i]), words.eur(costs[i]) if costs is not None else "n/a",
                     words.eur(benefits[i]) if benefits is not None else "n/a", words.eur(npv[i]),
                     f"[{words.eur(lo[i])}, {words.eur(hi[i])}]" if lo is not None and hi is not None else "n/a",
                     words.num(bcr[i], 2) if bcr is not None else "n/a",
                     words.share_of(ppos[i], int(np.isfinite(per_rep[i]).sum()))
                     if ppos is not None and per_rep is not None and per_rep.ndim == 2 else
                     (words.pct(ppos[i]) if ppos is not None else "n/a"),
                     words.eur(cpy[i]) if cpy is not None else "n/a"])
    sec.add(table(["approach", "costs", "benefits", "net value", f"{level:g}% interval", "benefit/cost",
                   "P(net value > 0)", "net cost per resident-year not feeling unsafe"], rows))
    ben = [(n, label) for n, label in BENEFITS if get(n) is not None]
    if ben:
        sec.add(table(["approach"] + [lbl for _, lbl in ben],
                      [[esc(scen[i])] + [words.eur(get(n)[i]) for n, _ in ben] for i in idx]))
    _mkba_tables(sec, results, scen, idx)
    return sec


def _mkba_tables(sec, results, scen, idx):
    """The net value by rule, benefits by recipient, costs per year and the PM-posten."""
    get = lambda n: results.array(f"cba/{n}")  # noqa: E731
    rules, by_rule = results.labels("cba/rule"), get("npv_by_rule_eur")
    if rules and by_rule is not None:
        sec.add(p("Net value by what follows the simulated weeks up to the horizon: <i>decayed</i> (the approach "
                  "stops, its costs end and its effects fade), <i>held</i> (it goes on at its last year's level) or "
                  "<i>ended</i> (nothing after the simulation)."))
        sec.add(table(["approach"] + [esc(r) for r in rules],
                      [[esc(scen[i])] + [words.eur(by_rule[i][k]) for k in range(len(rules))] for i in idx]))
    recipients, by_rec = results.labels("cba/recipient"), get("benefits_by_recipient_eur")
    if recipients and by_rec is not None:
        sec.add(p("Benefits by who receives them:"))
        sec.add(table(["approach"] + [esc(r) for r in recipients],
                      [[esc(scen[i])] + [words.eur(by_rec[i][k]) for k in range(len(recipients))] for i in idx]))
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
                    rows.append([esc(scen[i]), f"new cash: {esc(items[k])} (EUR)"]
                                + [words.eur(by_year[i][y][k]) for y in shown])
            if red is not None and orgs:
                for o, org in enumerate(orgs):
                    if np.nanmax(np.abs(red[i][:, o])) >= 0.5:
                        rows.append([esc(scen[i]), f"redeployed {esc(org)} hours (no cash)"]
                                    + [words.num(red[i][y][o], 4) for y in shown])
        if rows and shown:
            sec.add(p("What a budget shows: new cash per year (additional hours at each organisation's rate and the "
                      "approaches' other expenses, undiscounted, euros of the price year) and the hours redeployed "
                      "from regular work (no cash; what they cost is the work they no longer do, in the outcomes)."))
            sec.add(table(["approach", "item"] + [f"year {int(years[y]) + 1}" for y in shown], rows))
    pm_items, change, outcome = results.labels("cba/pm/item"), results.array("cba/pm/change"), results.labels(
        "cba/pm/outcome")
    direction = results.array("cba/pm/direction")
    better = results.labels("cba/pm/better")
    if pm_items and change is not None:
        rows = []
        for k, name in enumerate(pm_items):
            neither = bool(better) and better[k] == "neither"
            word = {1: "up", -1: "down", 0: "none"} if neither else {1: "better", -1: "worse", 0: "none"}
            cells = []
            for i in idx:
                d = int(direction[i][k]) if direction is not None else 0
                cells.append(f"{words.signed(change[i][k])} ({word.get(d, '')})" if np.isfinite(change[i][k]) else "n/a")
            rows.append([esc(name), esc(outcome[k]) if outcome else ""] + cells)
        sec.add(p("Not valued in euros (PM-posten): the change against the baseline over the last simulated year, in "
                  "the outcome's units, and its direction (up or down for an outcome that is neither better nor worse)."))
        sec.add(table(["effect", "outcome"] + [esc(scen[i]) for i in idx], rows))
