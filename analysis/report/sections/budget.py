"""The planned budgets of a run (/budget): the funding mode and budget of each approach scenario for
the summary, and each key effect per EUR 100,000 a year of planned cost for the effects section
(docs/cost-benefit.md, "Like-for-like comparisons")."""
import numpy as np

from .. import names, words
from ..lang import L
from ..page import esc

PER = 100_000.0   # effects per this many EUR a year of planned cost
NEAR_ZERO = 1_000.0  # a planned cost below this (EUR a year) gives no meaningful effect per euro
FUNDING = {0: ("additional hours (new cash)", "extra uren (nieuw geld)"),
           1: ("redeployed hours (taken from the regular service)", "herschikte uren (uit de reguliere dienst)"),
           2: ("mixed funding", "gemengde financiering")}
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
    text = {"equal_cost": L(f"at equal cost: every approach's hours scaled to a planned {words.eur(target)} a year "
                            "(its other expenses as designed)",
                            f"bij gelijke kosten: de uren van elke aanpak geschaald naar {words.eur(target)} per jaar "
                            "(de overige uitgaven zoals ontworpen)"),
            "equal_hours": L(f"at equal hours: every approach's hours scaled to {words.num(target, 4)} hours a year",
                             f"bij gelijke uren: de uren van elke aanpak geschaald naar {words.num(target, 4)} uur per "
                             "jaar")}.get(
        basis, L("as configured (each approach with its own budget and funding mode, so not like for like)",
                 "zoals ingesteld (elke aanpak met een eigen budget en financiering, dus niet gelijk op)"))
    if funding != "as_configured":
        text += L(f"; every approach funded by {esc(funding)} hours",
                  "; elke aanpak gefinancierd met " + ("extra" if funding == "additional" else "herschikte") + " uren")
    return text


def summary(results):
    """The paragraph on funding modes and budgets at the top of the summary; None without /budget."""
    b = budgets(results)
    if not b:
        return None
    items = []
    for s, x in b.items():
        hours = ", ".join(f"{names.item(names.COST_ITEMS, o)} {words.num(h, 4)}"
                          for o, h in zip(ORGS, np.atleast_1d(x["hours_per_year"])) if h > 0)
        funding = FUNDING.get(int(x['funding']), ("no hours", "geen uren"))
        items.append(f"<b>{esc(names.scenario(results, s))}</b>: {L(*funding)}; "
                     f"{words.num(x['hours_per_year_total'], 4)} {L('hours a year', 'uur per jaar')} ({hours}); "
                     + L(f"planned {words.eur(x['cost_eur'])} a year, of which {words.eur(x['new_cash_eur'])} new cash "
                         f"and {words.eur(x['redeployed_eur'])} redeployed hours",
                         f"begroot {words.eur(x['cost_eur'])} per jaar, waarvan {words.eur(x['new_cash_eur'])} nieuw "
                         f"geld en {words.eur(x['redeployed_eur'])} herschikte uren"))
    return (L(f"<b>Funding and budgets.</b> The approaches are compared {basis_text(results)}. Planned budgets per year "
              "(hours at full strength at the organisations' hourly rates, plus other expenses): ",
              f"<b>Financiering en budgetten.</b> De aanpakken worden vergeleken {basis_text(results)}. Begrote "
              "budgetten per jaar (uren op volle sterkte tegen de uurtarieven van de organisaties, plus overige "
              "uitgaven): ")
            + "; ".join(items) + L(". Effects per EUR 100,000 a year are in "
                                   "<a href=\"#effects\">the effects section</a>; with <code>--cost-per-year</code> or "
                                   "<code>--hours-per-year</code> every approach gets the same budget.",
                                   ". Effecten per € 100.000 per jaar staan bij <a href=\"#effects\">de effecten</a>."))


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
                rows.append([esc(names.outcome(key[o])), esc(names.scenario(results, scen[i])), words.eur(cost),
                             L("n/a", "n.v.t."), L("planned cost about zero", "begrote kosten ongeveer nul")])
                continue
            f = PER / cost
            rows.append([esc(names.outcome(key[o])), esc(names.scenario(results, scen[i])), words.eur(cost),
                         words.signed(d[i] * f, 2, lo[i] * f, hi[i] * f), words.interval(lo[i] * f, hi[i] * f)])
    return rows


def per_100k_text():
    return L(PER_100K_TEXT, PER_100K_TEXT_NL)


PER_100K_TEXT_NL = (
    "Elk verschil gedeeld door de begrote kosten per jaar van de aanpak, maal 100.000: het effect per € 100.000 per "
    "jaar aan middelen (uren tegen hun uurtarief, betaald of herschikt, plus overige uitgaven), met het interval op "
    "dezelfde manier geschaald. Zo zijn aanpakken van verschillende omvang te vergelijken; het veronderstelt dat het "
    "effect meegroeit met het budget, wat in het model niet zo hoeft te zijn. Begrote kosten onder € 1.000 per jaar "
    "geven geen zinvolle verhouding (n.v.t.).")
PER_100K_TEXT = (
    "Each difference divided by the approach's planned cost a year, times 100,000: the effect per EUR 100,000 a year "
    "of resources (hours at their hourly rates whether paid extra or redeployed, plus other expenses), with the "
    "interval scaled alike (the planned cost is a fixed figure). It compares approaches of different size; it "
    "assumes the effect grows in proportion to the budget, which the model need not do: a run at equal cost "
    "(<code>--cost-per-year</code>) tests that. A planned cost below EUR 1,000 a year gives no meaningful ratio "
    "(n/a); the planned cost is never negative, as it counts resources used, not savings.")
