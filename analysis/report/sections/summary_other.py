"""The summaries at the top of sweep, calibration and epstein reports."""
import numpy as np

from .. import names, words
from ..lang import L
from ..page import Section, esc, p
from ..sweepdata import sensitivity_targets


def _box(text_parts):
    sec = Section("summary", L("Summary", "Samenvatting"))
    sec.add('<div class="summary">' + "".join(p(x) for x in text_parts) + "</div>")
    return sec


def _sentence(bits):
    """Clauses joined by semicolons into one sentence that starts with a capital."""
    text = "; ".join(bits)
    return text[:1].upper() + text[1:] + "."


def _more(items, shown):
    """The first `shown` items as a list in words, with an ellipsis when there are more."""
    return words.listing(items[:shown]) + (", …" if len(items) > shown else "")


def sweep(results):
    params = results.labels("design/parameter")
    value = results.array("design/value")
    if not params or value is None:
        return None
    complete = results.array("status/complete")
    n = len(params)
    listed = esc(_more([names.parameter(x) for x in params], 6))
    finished = int(np.sum(complete)) if complete is not None else None
    parts = [L(f"<b>What was explored.</b> A sweep over {n} uncertain parameter{'s' if n != 1 else ''} ({listed}) "
               f"at {value.shape[0]} design points" + (f", {finished} of them finished" if finished is not None else "")
               + ".",
               f"<b>Wat is verkend.</b> Een verkenning van {n} onzekere parameter{'s' if n != 1 else ''} ({listed}) "
               f"op {value.shape[0]} punten van het ontwerp" + (f", waarvan {finished} klaar" if finished is not None
                                                                else "") + ".")]
    share = results.array("sensitivity/ranking_share")
    outcomes, ranks = results.labels("sensitivity/ranking_outcome"), results.labels("sensitivity/ranking")
    if share is not None and outcomes and ranks and share.shape == (len(outcomes), len(ranks)):
        bits = []
        key = results.key_outcomes("final")
        for k, o in enumerate(outcomes):
            if key and o not in key or not np.isfinite(share[k]).any():
                continue  # the summary names the key outcomes; the rankings section has the others
            j = int(np.nanargmax(share[k]))
            what, order, held = (esc(names.outcome_named(results, o)), esc(names.ranking(results, ranks[j])),
                                 words.pct(share[k, j]))
            bits.append(L(f"for {what}, <i>{order}</i> holds at {held} of the points",
                          f"voor {what} geldt <i>{order}</i> op {held} van de punten"))
        if bits:
            parts.append(L("<b>How robust the choice is.</b> ", "<b>Hoe robuust de keuze is.</b> ") + _sentence(bits))
    (targets, rows), params_s = sensitivity_targets(results), results.labels("sensitivity/parameter") or params
    method = results.attr("method", None, "sensitivity")
    name = {"sobol": "total", "morris": "mu_star", "src": "src"}.get(method)
    vals = rows(name) if name else None
    if vals is not None and targets and vals.ndim == 2 and vals.shape[1] == len(params_s):
        bits = []
        flags = rows(f"{name}_flag")
        from .sweep import LEADING_TARGETS, target_order
        key = set(results.key_outcomes("final")) or set(results.key_outcomes())
        for t in target_order(targets, key)[:LEADING_TARGETS]:
            target = esc(names.target(results, targets[t]))
            k = int(np.nanargmax(np.abs(vals[t])))
            unsure = flags is not None and flags.shape == vals.shape and int(flags[t, k]) & 2
            param = esc(names.parameter(params_s[k]))
            bits.append(L(f"{target} depends most on <i>{param}</i>", f"{target} hangt het meest af van <i>{param}</i>")
                        + (L(" (its interval includes 0)", " (het interval bevat 0)") if unsure else ""))
        small = results.attr("small_design", 0, "sensitivity")
        parts.append(L("<b>What drives the net value and the key outcomes.</b> ",
                       "<b>Wat de netto waarde en de belangrijkste uitkomsten bepaalt.</b> ") + _sentence(bits)
                     + (L(" The design is small (fewer than 16 units): these indices are unreliable.",
                          " Het ontwerp is klein (minder dan 16 eenheden): deze indices zijn onbetrouwbaar.")
                        if small else ""))
    parts.append(L("<b>How sure.</b> The sweep shows how results move within the stated parameter ranges; it says "
                   "nothing about values outside them, and the ranges themselves are assumptions.",
                   "<b>Hoe zeker.</b> De verkenning laat zien hoe de uitkomsten binnen de opgegeven bereiken van de "
                   "parameters bewegen; over waarden daarbuiten zegt ze niets, en de bereiken zelf zijn aannames."))
    return _box(parts)


FAR_SE = 2.0  # a predicted mean further than this many observed standard errors is not a good fit


def far_fits(results):
    """Observations inside the predictive interval whose predicted mean is still far from the observed value."""
    obs, mean = results.array("predictive/observed"), results.array("predictive/predicted_mean")
    se, misfit = results.array("predictive/observed_se"), results.array("predictive/misfit")
    if obs is None or mean is None or se is None or len(se) != len(obs):
        return []
    out = []
    for j in range(len(obs)):
        if misfit is not None and len(misfit) == len(obs) and misfit[j]:
            continue
        if se[j] > 0 and abs(mean[j] - obs[j]) > FAR_SE * se[j]:
            out.append(names.observation(results, j))
    return out


def calibration(results):
    samples = results.array("posterior/samples")
    params = results.labels("posterior/parameter")
    if samples is None or not params:
        return None
    obs = results.array("predictive/observed")
    misfit = results.array("predictive/misfit")
    n = len(params)
    listed = esc(words.listing(names.parameter(x) for x in params))
    against = (L(f"{len(obs)} observations", f"{len(obs)} waarnemingen") if obs is not None
               else L("observed data", "waargenomen gegevens"))
    parts = [L(f"<b>What was calibrated.</b> {n} parameter{'s' if n != 1 else ''} ({listed}) against {against}, "
               f"with {samples.shape[0]} posterior particles.",
               f"<b>Wat is gekalibreerd.</b> {n} parameter{'s' if n != 1 else ''} ({listed}) op {against}, "
               f"met {samples.shape[0]} deeltjes in de posterior.")]
    if misfit is not None and obs is not None and len(misfit) == len(obs):
        bad = int(np.sum(misfit))
        far = far_fits(results)
        inside = len(obs) - bad
        m = len(obs)
        text = L(f"<b>Fit.</b> The calibrated model's predictive interval holds {inside} of the {m} "
                 f"observation{'s' if m != 1 else ''}",
                 f"<b>Aansluiting.</b> Het voorspellende interval van het gekalibreerde model bevat {inside} van de "
                 f"{m} waarneming{'en' if m != 1 else ''}")
        if bad:
            text += L(f"; {bad} {'is a misfit' if bad == 1 else 'are misfits'}, marked red below",
                      f"; {bad} {'sluit' if bad == 1 else 'sluiten'} niet aan, hieronder rood gemarkeerd")
        close = inside - len(far)
        if far:
            listed_far = esc(words.listing(far))
            text += L(f". Of those inside, {len(far)} {'is' if len(far) == 1 else 'are'} still far from the observed "
                      f"value (the predicted mean more than {FAR_SE:g} observed standard errors away: {listed_far}), "
                      f"so the fit is good for {close} of {m} only",
                      f". Daarvan {'ligt' if len(far) == 1 else 'liggen'} er {len(far)} nog ver van de waargenomen "
                      f"waarde (het voorspelde gemiddelde meer dan {FAR_SE:g} standaardfouten van de waarneming af: "
                      f"{listed_far}), dus de aansluiting is goed voor slechts {close} van de {m}")
        parts.append(text + ".")
    parts.append(L("<b>How sure.</b> A parameter is identified by the data only when its posterior is much narrower "
                   "than its prior (see the chart and the width column).",
                   "<b>Hoe zeker.</b> De gegevens leggen een parameter alleen vast als de posterior veel smaller is "
                   "dan de prior (zie de grafiek en de kolom met de breedte)."))
    return _box(parts)


def epstein(results):
    outb = results.array("summary/outbursts")
    parts = [f"<b>What was run.</b> Epstein's civil violence model I as a docking validation of the engine "
             f"(docs/validation.md): {results.attr('citizens', '?')} citizens and {results.attr('cops', '?')} cops on a "
             f"{results.attr('width', '?')}×{results.attr('height', '?')} torus, {results.attr('steps', '?')} steps, "
             f"{results.attr('replicates', '?')} replicates, legitimacy as configured."]
    if outb is not None:
        ml = results.array("summary/mean_length")
        parts.append(f"<b>Result.</b> {words.num(np.nanmean(outb))} outbursts per replicate on average"
                     + (f", lasting {words.num(np.nanmean(ml))} steps" if ml is not None and np.isfinite(ml).any() else "")
                     + ": the punctuated pattern of the paper when outbursts occur.")
    return _box(parts)
