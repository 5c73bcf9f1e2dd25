"""The summary at the top of a run report: the bottom line first (which approach does best on what, at
what net cost a year, how sure, what a buurtmonitor would see, what size of change matters), then what
was compared and each approach's findings. Every statement comes from verdict.py, so none can
contradict another."""
import re

import numpy as np

from .. import names, verdict, words
from ..lang import L, dutch
from ..page import Section, esc, p, ul
from ..rundata import RunData
from . import budget


def warning_text(w):
    """A warning of the file (/summary attribute warnings) in the report's language."""
    if not dutch():
        return esc(w)
    m = re.match(r"short horizon: (\d+) recorded weeks \(fewer than (\d+)\)", w)
    if m:
        return (f"korte looptijd: {m[1]} gesimuleerde weken (minder dan {m[2]}); uitkomsten die langzaam veranderen, "
                "zoals vertrouwen en het imago van de buurt, zijn nog niet uitgewerkt")
    m = re.match(r"few parameter draws: (\d+) \(fewer than (\d+)\)", w)
    if m:
        return f"weinig trekkingen van de parameters: {m[1]} (minder dan {m[2]}); de kansen zijn grof"
    m = re.match(r"few replicates: (\d+) \(fewer than (\d+)\)", w)
    if m:
        return f"weinig herhalingen: {m[1]} (minder dan {m[2]}); de intervallen zijn breed en de kansen grof"
    m = re.match(r"below the survey's detection limit: .* scenario \"(.*)\"", w)
    if m:
        return (f"onder de meetgrens van de enquête: een buurtmonitor van deze omvang ziet bij {esc(m[1])} "
                "waarschijnlijk geen verandering in de belangrijkste enquête-indicatoren")
    return esc(w)


def warning_scenario_names(results, w):
    """A warning with its scenario named by its approaches."""
    m = re.search(r"scenario \"(.*)\"", w)
    if not m:
        return warning_text(w)
    named = f"<b>{esc(names.scenario(results, m[1]))}</b>"
    if dutch():
        return warning_text(w).replace(f"bij {esc(m[1])} ", f"bij {named} ")
    return esc(w[: m.start()]) + named


def _change(f, info):
    unit = names.points(info.units)
    verb = (L("rises", "stijgt") if f.diff > 0 else L("falls", "daalt"))
    return (f"{esc(names.outcome(info))} {verb} {L('by', 'met')} {words.rounded(abs(f.diff), f.lo, f.hi)} {esc(unit)} "
            f"({L('interval', 'interval')} {words.rounded(f.lo, f.lo, f.hi)} {L('to', 'tot')} "
            f"{words.rounded(f.hi, f.lo, f.hi)})")


def _cost_items(results, a):
    """The largest cost items of an approach, with what its other expenses mostly are."""
    if not a.cost_items:
        return ""
    shown = []
    cfg = results.config()
    for it, value, share in a.cost_items[:2]:
        text = f"{esc(names.item(names.COST_ITEMS, it))} {words.eur_round(value)}"
        if np.isfinite(share):
            text += f" ({words.pct(share)})"
        if it == "expenses":
            biggest = []
            for ap in results.scenario_approaches().get(a.scenario, [a.scenario]):
                table = cfg.get(ap, {}) if isinstance(cfg.get(ap), dict) else {}
                for param, en, nl in names.EXPENSES.get(ap, []):
                    v = table.get(param)
                    if isinstance(v, (int, float)) and v > 0:
                        biggest.append((float(v), L(en, nl)))
            if biggest:
                v, what = max(biggest)
                text += L(", mostly ", ", vooral ") + esc(what) + f" ({words.eur(v)} {L('a week', 'per week')})"
        shown.append(text)
    return L("Largest costs: ", "Grootste kosten: ") + words.listing(shown) + ". "


def bottom_line(results, v):
    """The first paragraph: the best approach on net value and on each key outcome, at what net cost, how sure."""
    key = results.key_outcomes()
    by = {a.scenario: a for a in v.approaches}
    out = [f"<b>{L('Bottom line', 'In het kort')}.</b> "]
    if v.best_npv is not None:
        a = by[v.best_npv]
        name = f"<b>{esc(names.scenario(results, a.scenario))}</b>"
        cost = (L(", at a planned cost of ", ", bij begrote kosten van ") + words.eur_round(a.cost_year, 3)
                + L(" a year", " per jaar") if np.isfinite(a.cost_year) else "")
        sure = ""
        if np.isfinite(a.p_positive):
            sure = (L("; its net value is positive in ", "; de netto contante waarde is positief in ")
                    + words.share_of(a.p_positive, a.draws) + L(" replicates", " herhalingen"))
        if np.isfinite(a.p_best_npv):
            sure += (L(", and it is the best choice on net value in ", ", en het is de beste keuze op netto waarde in ")
                     + words.pct(a.p_best_npv) + L(" of the parameter draws", " van de trekkingen van de parameters"))
        value = (words.fixed(v.horizon_years, 0) + L(" years: ", " jaar: ") + words.eur_round(a.npv) + ")")
        if len(v.approaches) == 1:
            out.append(name + L(" has a net value (benefits minus costs over ", " heeft een netto waarde (baten min "
                                                                             "kosten over ") + value + cost + sure + ". ")
        else:
            out.append(L("Of the approaches compared, ", "Van de vergeleken aanpakken heeft ") + name
                       + L(" has the highest net value (benefits minus costs over ",
                           " de hoogste netto waarde (baten min kosten over ") + value + cost + sure + ". ")
        if a.npv < 0:
            out.append(L("In the model no approach pays for itself. " if len(v.approaches) > 1
                         else "In the model it does not pay for itself. ",
                         "In het model verdient geen enkele aanpak zichzelf terug. " if len(v.approaches) > 1
                         else "In het model verdient de aanpak zichzelf niet terug. "))
    elif v.approaches:
        out.append(L("No costs and benefits were computed. ", "Er zijn geen kosten en baten berekend. "))
    best = [(o, s) for o, s in v.best_on.items() if o in key]
    if best:
        bits = []
        for o, s in best:
            f = next(f for f in by[s].findings if f.outcome == o)
            bits.append(f"{esc(names.outcome(key[o]))}: <b>{esc(names.scenario(results, s))}</b> "
                        f"({words.signed(f.diff, 2, f.lo, f.hi)} {esc(names.points(key[o].units))})")
        out.append(L("Best on each outcome it clearly improves by an amount that matters: ",
                     "Het beste op elke uitkomst die duidelijk en merkbaar verbetert: ") + "; ".join(bits) + ". ")
    else:
        out.append(L("No approach clearly improves a key outcome by an amount that matters. ",
                     "Geen enkele aanpak verbetert een belangrijke uitkomst duidelijk en merkbaar. "))
    out.append(L("A change matters here when it is at least one standard error of a buurtmonitor of the buurt's "
                 "size: a smaller change is within the survey's sampling noise, so no buurtmonitor could show it. ",
                 "Een verandering is hier merkbaar als ze minstens één standaardfout van een buurtmonitor van deze "
                 "buurtomvang is: een kleinere verandering valt binnen de steekproefruis van de enquête, dus geen "
                 "buurtmonitor kan haar laten zien. "))
    if v.warnings:
        out.append(f"<b>{L('Provisional', 'Voorlopig')}:</b> "
                   + L("this verdict is provisional (see the warnings below).",
                       "deze uitkomst is voorlopig (zie de waarschuwingen hieronder)."))
    return "".join(out)


def _approach(results, v, a):
    key = results.key_outcomes()
    good, small, uncertain_seen, none, bad, other = [], [], [], [], [], []
    for f in a.findings:
        info = key[f.outcome]
        if f.matters:
            (bad if f.worsens else good if f.improves else other).append(_change(f, info))
        elif f.clear:
            small.append(f"{_change(f, info)}, " + L("less than one survey standard error (",
                                                       "minder dan één standaardfout van de enquête (")
                         + words.num(f.threshold, 2) + " " + esc(names.points(info.units)) + ")")
        elif f.seen:
            uncertain_seen.append(f"{esc(names.outcome(info))} ("
                                  + L("the survey shows a change in ", "de enquête laat een verandering zien in ")
                                  + words.pct(f.detection) + L(" of the simulated surveys, but the interval of the "
                                                                "change includes zero",
                                                                " van de gesimuleerde enquêtes, maar het interval van "
                                                                "de verandering bevat nul") + ")")
        else:
            none.append(esc(names.outcome(info)))
    text = f"<b>{esc(names.scenario(results, a.scenario))}</b>: "
    if good:
        text += "; ".join(good) + ". "
    if bad:
        text += L("Worse: ", "Slechter: ") + "; ".join(bad) + ". "
    if other:
        text += L("Also: ", "Verder: ") + "; ".join(other) + ". "
    if small:
        text += L("Clear but too small to matter: ", "Duidelijk maar te klein om merkbaar te zijn: ") + "; ".join(
            small) + ". "
    if uncertain_seen:
        text += L("Uncertain: ", "Onzeker: ") + "; ".join(uncertain_seen) + ". "
    if none:
        text += L("No clear change in ", "Geen duidelijke verandering in ") + words.listing(none) + ". "
    survey = [f for f in a.findings if np.isfinite(f.detection) and f.matters]
    seen = [f for f in survey if f.seen]
    if seen:
        text += (L("A buurtmonitor would probably see the change in ", "Een buurtmonitor ziet waarschijnlijk de "
                                                                        "verandering in ")
                 + words.listing(f"{esc(names.outcome(key[f.outcome]))} ({words.pct(f.detection)})" for f in seen)
                 + L(" after one wave. ", " na één meting. "))
    for f in survey:
        if f.seen:
            continue
        k = f.waves_needed()
        what = esc(names.outcome(key[f.outcome]))
        if k is not None and k <= verdict.MAX_WAVES:
            text += (L(f"The change in {what} would take about {k} survey waves to show. ",
                       f"De verandering in {what} wordt pas na ongeveer {k} metingen zichtbaar. "))
        else:
            text += (L(f"The change in {what} is too small for a buurtmonitor to show in "
                       f"{verdict.MAX_WAVES} waves. ",
                       f"De verandering in {what} is te klein om in {verdict.MAX_WAVES} metingen zichtbaar te "
                       "worden. "))
    if np.isfinite(a.npv):
        text += (L("Net value ", "Netto waarde ") + words.eur_round(a.npv))
        if np.isfinite(a.p_positive):
            text += (L(", positive in ", ", positief in ") + words.share_of(a.p_positive, a.draws)
                     + L(" replicates", " herhalingen"))
        if np.isfinite(a.cost_year):
            text += L("; planned cost ", "; begrote kosten ") + words.eur_round(a.cost_year, 3) + L(" a year", " per jaar")
        text += ". " + _cost_items(results, a)
    return text


def _what(d, results, v):
    nbs = d.neighbourhoods
    res = int(np.nansum(d.residents)) if len(nbs) else None
    weeks = len(d.weeks)
    approaches = d.approach_scenarios()
    where = (f"{len(nbs)} {L('neighbourhood' if len(nbs) == 1 else 'neighbourhoods', 'buurt' if len(nbs) == 1 else 'buurten')}"
             + (f" ({words.local(f'{res:,}')} {L('residents', 'inwoners')})" if res else ""))
    span = (f"{weeks} {L('weeks', 'weken')} ({words.fixed(weeks / 52, 1)} {L('years', 'jaar')})")
    reps = len(d.replicates)
    shown = [f"<b>{esc(names.scenario(results, s))}</b>" for s in approaches]
    head = (L("the approaches ", "de aanpakken ") + words.listing(shown)
            + L(" against the baseline (no approach)", " met de basissituatie (geen aanpak)"))
    waves = results.labels("survey/week") or []
    n = v.respondents
    survey = (L(f" A simulated buurtmonitor of about {n:.0f} respondents per neighbourhood is taken at {len(waves)} "
                "waves.", f" Een gesimuleerde buurtmonitor van ongeveer {n:.0f} respondenten per buurt wordt "
                f"{len(waves)} keer afgenomen.") if np.isfinite(n) and waves
              else L(" No survey wave falls in the run.", " Er valt geen meting van de enquête in de simulatie."))
    return (f"<b>{L('What was compared', 'Wat is vergeleken')}.</b> " + L("This run compares ", "Deze simulatie vergelijkt ")
            + head + L(", in ", ", in ") + where + L(", over ", ", over ") + span + L(", with ", ", met ")
            + f"{reps} " + L("replicates (independent repetitions) per scenario.",
                             "herhalingen (onafhankelijke runs) per scenario.") + survey)


def _finished(results):
    """(finished, total) runs from /status/complete, or None in a file without it."""
    complete = results.array("status/complete")
    if complete is None:
        return None
    return int(np.sum(complete == 1)), int(np.size(complete))


def build(results):
    d = RunData(results)
    if not d.scenarios:
        return None
    v = verdict.compute(results)
    done = _finished(results)
    if done is not None and done[0] == 0:
        v.approaches = []  # nothing finished: no finding, not even "no clear change"
    sec = Section("summary", L("Summary", "Samenvatting"))
    parts = [bottom_line(results, v)] if v.approaches else []
    if v.warnings:
        parts.append(f"<b>{L('Warnings', 'Waarschuwingen')}.</b> "
                     + ul([warning_scenario_names(results, w) for w in v.warnings]))
    parts.append(_what(d, results, v))
    if done is not None and done[0] == 0:
        # An interrupted file in which no run finished holds no results: "no clear change" would
        # read as a finding.
        parts.append(L(f"<b>No runs finished</b> (0 of {done[1]}): the command was interrupted before any run "
                       "completed, so this file holds no results to compare. Run it again (or let it finish).",
                       f"<b>Geen enkele run is afgerond</b> (0 van {done[1]}): de opdracht werd onderbroken voordat "
                       "een run klaar was, dus dit bestand bevat geen resultaten om te vergelijken. Start hem "
                       "opnieuw (of laat hem afmaken)."))
    b = budget.summary(results)
    if b:
        parts.append(b)
    if v.approaches:
        parts.append(f"<b>{L('What the model expects', 'Wat het model verwacht')}</b> "
                     + L("(mean of the last year of the run, difference from the baseline, "
                         f"{v.level:g}% intervals):",
                         f"(gemiddelde van het laatste jaar, verschil met de basissituatie, {v.level:g}%-intervallen):")
                     + ul([_approach(results, v, a) for a in v.approaches]))
    over_draws = "draw" in v.interval_kind
    parts.append(f"<b>{L('How sure', 'Hoe zeker')}.</b> "
                 + (L(f"The intervals ({v.level:g}%) are over {len(d.replicates)} replicates, each with its own draw of "
                      "the uncertain parameters: they include what we do not know about the mechanisms. ",
                      f"De intervallen ({v.level:g}%) gaan over {len(d.replicates)} herhalingen, elk met een eigen "
                      "trekking van de onzekere parameters: ze bevatten wat we over de mechanismen niet weten. ")
                    if over_draws else
                    L(f"The intervals ({v.level:g}%) are over {len(d.replicates)} replicates of the model: they say how "
                      "precisely the runs pin down what the model expects, not whether its assumptions are right. ",
                      f"De intervallen ({v.level:g}%) gaan over {len(d.replicates)} herhalingen van het model: ze "
                      "zeggen hoe nauwkeurig de runs vastleggen wat het model verwacht, niet of de aannames kloppen. "))
                 + L("Most strengths of the approaches' mechanisms are assumptions from programme documents and the "
                     "literature, not measured effects (see <a href=\"#assumptions\">Key assumptions</a>).",
                     "De meeste sterktes van de mechanismen van de aanpakken zijn aannames uit programmadocumenten en "
                     "literatuur, geen gemeten effecten (zie <a href=\"#assumptions\">Belangrijkste aannames</a>)."))
    sec.add('<div class="summary">' + "".join(p(x) for x in parts) + "</div>")
    return sec
