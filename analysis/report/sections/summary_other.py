"""The summaries at the top of sweep, calibration and epstein reports."""
import numpy as np

from .. import words
from ..page import Section, esc, p


def _box(text_parts):
    sec = Section("summary", "Summary")
    sec.add('<div class="summary">' + "".join(p(x) for x in text_parts) + "</div>")
    return sec


def sweep(results):
    params = results.labels("design/parameter")
    value = results.array("design/value")
    if not params or value is None:
        return None
    complete = results.array("status/complete")
    parts = [f"<b>What was explored.</b> A sweep over {len(params)} uncertain parameter"
             f"{'s' if len(params) != 1 else ''} ({esc(words.listing(params[:6]))}"
             f"{', …' if len(params) > 6 else ''}) at {value.shape[0]} design points"
             + (f", {int(np.sum(complete))} of them finished" if complete is not None else "") + "."]
    share = results.array("sensitivity/ranking_share")
    outcomes, ranks = results.labels("sensitivity/ranking_outcome"), results.labels("sensitivity/ranking")
    if share is not None and outcomes and ranks and share.shape == (len(outcomes), len(ranks)):
        bits = []
        for k, o in enumerate(outcomes):
            j = int(np.nanargmax(share[k]))
            bits.append(f"for {esc(o)}, <i>{esc(ranks[j])}</i> holds at {words.pct(share[k, j])} of the points")
        parts.append("<b>How robust the choice is.</b> " + "; ".join(bits) + ".")
    targets, params_s = results.labels("sensitivity/target"), results.labels("sensitivity/parameter") or params
    method = results.attr("method", None, "sensitivity")
    name = {"sobol": "total", "morris": "mu_star", "src": "src"}.get(method)
    vals = results.array(f"sensitivity/{name}") if name else None
    if vals is not None and targets and vals.ndim == 2 and vals.shape[1] == len(params_s):
        bits = []
        flags = results.array(f"sensitivity/{name}_flag")
        from .sweep import LEADING_TARGETS, target_order
        key = set(results.key_outcomes("final")) or set(results.key_outcomes())
        for t in target_order(targets, key)[:LEADING_TARGETS]:
            target = targets[t]
            k = int(np.nanargmax(np.abs(vals[t])))
            unsure = flags is not None and flags.shape == vals.shape and int(flags[t, k]) & 2
            bits.append(f"{esc(target)} depends most on <code>{esc(params_s[k])}</code>"
                        + (" (its interval includes 0)" if unsure else ""))
        small = results.attr("small_design", 0, "sensitivity")
        parts.append("<b>What drives the net value and the key outcomes.</b> " + "; ".join(bits) + "."
                     + (" The design is small (fewer than 16 units): these indices are unreliable." if small else ""))
    parts.append("<b>How sure.</b> The sweep shows how results move within the stated parameter ranges; it says "
                 "nothing about values outside them, and the ranges themselves are assumptions.")
    return _box(parts)


FAR_SE = 2.0  # a predicted mean further than this many observed standard errors is not a good fit


def far_fits(results):
    """Observations inside the predictive interval whose predicted mean is still far from the observed value."""
    obs, mean = results.array("predictive/observed"), results.array("predictive/predicted_mean")
    se, misfit = results.array("predictive/observed_se"), results.array("predictive/misfit")
    if obs is None or mean is None or se is None or len(se) != len(obs):
        return []
    parts = [results.labels(f"predictive/{n}") for n in ("neighbourhood", "period", "indicator")]
    out = []
    for j in range(len(obs)):
        if misfit is not None and len(misfit) == len(obs) and misfit[j]:
            continue
        if se[j] > 0 and abs(mean[j] - obs[j]) > FAR_SE * se[j]:
            out.append(" ".join(str(lab[j]) for lab in parts if lab and len(lab) > j) or f"observation {j}")
    return out


def calibration(results):
    samples = results.array("posterior/samples")
    params = results.labels("posterior/parameter")
    if samples is None or not params:
        return None
    obs = results.array("predictive/observed")
    misfit = results.array("predictive/misfit")
    parts = [f"<b>What was calibrated.</b> {len(params)} parameter{'s' if len(params) != 1 else ''} "
             f"({esc(words.listing(params))}) against "
             + (f"{len(obs)} observations" if obs is not None else "observed data")
             + f", with {samples.shape[0]} posterior particles."]
    if misfit is not None and obs is not None and len(misfit) == len(obs):
        bad = int(np.sum(misfit))
        far = far_fits(results)
        inside = len(obs) - bad
        text = (f"<b>Fit.</b> The calibrated model's predictive interval holds {inside} of the {len(obs)} "
                f"observation{'s' if len(obs) != 1 else ''}")
        if bad:
            text += f"; {bad} {'is a misfit' if bad == 1 else 'are misfits'}, marked red below"
        close = inside - len(far)
        if far:
            text += (f". Of those inside, {len(far)} {'is' if len(far) == 1 else 'are'} still far from the observed "
                     f"value (the predicted mean more than {FAR_SE:g} observed standard errors away: "
                     + esc(words.listing(far)) + "), so the fit is good for "
                     f"{close} of {len(obs)} only")
        parts.append(text + ".")
    parts.append("<b>How sure.</b> A parameter is identified by the data only when its posterior is much narrower than "
                 "its prior (see the chart and the width column).")
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
