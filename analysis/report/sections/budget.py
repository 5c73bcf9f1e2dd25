"""The planned budgets of a run (/budget): the funding mode and budget of each approach scenario for
the summary, and each key effect per EUR 100,000 a year of planned cost for the effects section
(docs/cost-benefit.md, "Like-for-like comparisons")."""
import numpy as np

from .. import words
from ..page import esc

PER = 100_000.0   # effects per this many EUR a year of planned cost
NEAR_ZERO = 1_000.0  # a planned cost below this (EUR a year) gives no meaningful effect per euro
FUNDING = {0: "additional hours (new cash)", 1: "redeployed hours (taken from the regular service)", 2: "mixed funding"}
ORGS = ["police", "municipality", "welfare", "corporation"]


def budgets(results):
    """{scenario: dict of the planned budget} for the scenarios with an approach; {} without /budget."""
    scen = results.labels("budget/scenario")
    cost = results.array("budget/cost_eur")
    if not scen or cost is None:
        return {}
    get = {k: results.array(f"budget/{k}") for k in
           ("new_cash_eur", "redeployed_eur", "expenses_eur", "hours_per_year", "hours_per_year_total", "funding",
            "lever_scale")}
    out = {}
    for i, s in enumerate(scen):
        if get["funding"] is not None and get["funding"][i] < 0:
            continue
        out[s] = {k: (v[i] if v is not None else np.nan) for k, v in get.items()}
        out[s]["cost_eur"] = cost[i]
    return out


def basis_text(results):
    basis = results.attr("basis", "as_configured", "budget")
    target = float(results.attr("target", 0.0, "budget") or 0.0)
    funding = results.attr("funding_override", "as_configured", "budget")
    text = {"equal_cost": f"at equal cost: every approach's hour levers scaled to a planned {words.eur(target)} a year "
                          "(its other expenses as designed)",
            "equal_hours": f"at equal hours: every approach's hour levers scaled to {target:,.0f} hours a year"}.get(
        basis, "as configured (each approach with its own budget and funding mode, so not like for like)")
    if funding != "as_configured":
        text += f"; every approach funded by {esc(funding)} hours"
    return text


def summary(results):
    """The paragraph on funding modes and budgets at the top of the summary; None without /budget."""
    b = budgets(results)
    if not b:
        return None
    items = []
    for s, x in b.items():
        hours = ", ".join(f"{o} {h:,.0f}" for o, h in zip(ORGS, np.atleast_1d(x["hours_per_year"])) if h > 0)
        items.append(f"<b>{esc(s)}</b>: {FUNDING.get(int(x['funding']), 'no hours')}; "
                     f"{x['hours_per_year_total']:,.0f} hours a year ({hours}); planned {words.eur(x['cost_eur'])} a "
                     f"year, of which {words.eur(x['new_cash_eur'])} new cash and {words.eur(x['redeployed_eur'])} "
                     "redeployed hours")
    return (f"<b>Funding and budgets.</b> The approaches are compared {basis_text(results)}. Planned budgets per year "
            "(hours at full strength at the organisations' hourly rates, plus other expenses): "
            + "; ".join(items) + ". Effects per EUR 100,000 a year are in "
            "<a href=\"#effects\">the effects section</a>; with <code>--cost-per-year</code> or "
            "<code>--hours-per-year</code> every approach gets the same budget.")


def per_100k_rows(results, scen, comp, outcomes, key, idx):
    """Rows (outcome, approach, effect per EUR 100,000 a year, interval) of the effects table."""
    b = budgets(results)
    rows = []
    for o in outcomes:
        d, lo, hi, _ = comp[o]
        for i in idx:
            x = b.get(scen[i])
            if x is None:
                continue
            cost = float(x["cost_eur"])
            if not np.isfinite(cost) or cost < NEAR_ZERO:
                rows.append([esc(words.short(key[o])), esc(scen[i]), words.eur(cost), "n/a", "planned cost about zero"])
                continue
            f = PER / cost
            rows.append([esc(words.short(key[o])), esc(scen[i]), words.eur(cost), words.signed(d[i] * f),
                         words.interval(lo[i] * f, hi[i] * f)])
    return rows


PER_100K_TEXT = (
    "Each difference divided by the approach's planned cost a year, times 100,000: the effect per EUR 100,000 a year "
    "of resources (hours at their hourly rates whether paid extra or redeployed, plus other expenses), with the "
    "interval scaled alike (the planned cost is a fixed figure). It compares approaches of different size; it "
    "assumes the effect grows in proportion to the budget, which the model need not do: a run at equal cost "
    "(<code>--cost-per-year</code>) tests that. A planned cost below EUR 1,000 a year gives no meaningful ratio "
    "(n/a); the planned cost is never negative, as it counts resources used, not savings.")
