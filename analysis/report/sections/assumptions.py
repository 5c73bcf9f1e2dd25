"""The key assumptions behind a report, from the resolved configuration (config_toml) and the
group attributes of /cba, /survey, /design and /prior."""
from .. import words
from ..page import Section, esc, ul

APPROACH_NAMES = {"vba": "Veilige Buurten Aanpak", "bap": "Buurtactieplan Passart",
                  "wijkveiligheid": "outreaching wijkveiligheidsaanpak", "buurtpreventie": "Buurtpreventie PLUS"}


def _common():
    return ["The model is a simplification: residents, professionals and offenders follow stated rules "
            "(docs/odd.md). Its defaults are calibrated to Dutch averages (docs/calibration.md); the strengths of most "
            "mechanisms, and of every approach's effects, are assumptions (status <code>unidentified</code> in "
            "<code>buurtsim params</code>) and should be varied in a sweep before relying on them.",
            "Blocks are a grid, not a real street map; people, offenders and professionals are simulated, not "
            "observed."]


def build(results):
    cfg = results.config()
    items = []
    if results.kind in ("run", "sweep"):
        items += _common()
        used = sorted({a for lst in results.scenario_approaches().values() for a in lst})
        for a in used:
            t = cfg.get(a, {}) if isinstance(cfg.get(a), dict) else {}
            bits = []
            if "funding" in t:
                bits.append("hours redeployed from the regular service (other work suffers)"
                            if t["funding"] == "redeployed" else "hours paid additionally")
            if "fidelity" in t:
                bits.append(f"fidelity {t['fidelity']}")
            if "start_week" in t:
                end = t.get("end_week", -1)
                bits.append(f"from week {t['start_week']}" + (" to the end" if end == -1 else f" to week {end}"))
            items.append(f"<b>{esc(APPROACH_NAMES.get(a, a))}</b> (<code>{esc(a)}</code>): " + esc("; ".join(bits))
                         + f" (settings in the [{esc(a)}] table of the configuration; docs/approaches/{esc(a)}.md).")
        survey = cfg.get("survey") if isinstance(cfg.get("survey"), dict) else {}
        if survey.get("target_responses"):
            items.append(f"The simulated survey aims at {survey['target_responses']} respondents per neighbourhood per "
                         f"wave (response rate {survey.get('response_rate', 'as configured')}), weighted to the "
                         "population like the Veiligheidsmonitor.")
        cba = cfg.get("cba") if isinstance(cfg.get("cba"), dict) else {}
        if cba:
            items.append("Costs and benefits: discount rate "
                         f"{100 * float(cba.get('discount_rate', 0)):.2f}% a year; a burglary valued at "
                         f"{words.eur(cba.get('cost_burglary'))}, a violent incident at {words.eur(cba.get('cost_violence'))}, "
                         f"a resident-year not feeling unsafe at {words.eur(cba.get('value_unsafe_year'))} "
                         f"({esc(str(cba.get('insecurity_variant', 'net')))} of victimisation), a volunteer hour at "
                         f"{words.eur(cba.get('value_volunteer_hour'))} (docs/cost-benefit.md).")
    if results.kind == "sweep":
        design = results.attr("design", None, "design")
        if design:
            items.append(f"The sweep's design is <code>{esc(str(design))}</code>; every parameter is varied only within "
                         "the ranges in the design table, and the indices describe the model inside those ranges.")
    if results.kind == "calibration":
        items.append("Priors are uniform between the bounds in the posterior section; the posterior says which "
                     "parameter values reproduce the observed data within the tolerance, given the model's structure. "
                     "Parameters that the data do not constrain keep their prior spread.")
    draws = results.attr("draws", None, "uncertainty")
    if draws is not None:
        mode = str(results.attr("mode", "none", "uncertainty"))
        posterior = str(results.attr("posterior", "", "uncertainty"))
        n = int(draws)
        if n > 0:
            items.append(f"Parameter uncertainty: each of the {n} replicates draws the uncertain parameters once "
                         f"({'declared distributions' if mode == 'declared' else 'none declared'}"
                         f"{'; the calibrated ones from the posterior of ' + esc(posterior) if posterior else ''}), the "
                         "same draw in every scenario, so intervals and probabilities include it; a probability over "
                         f"{n} draws has a Monte Carlo standard error of at most {50 / n ** 0.5:.1f} points "
                         "(/uncertainty in the file; docs/usage.md).")
    elif results.kind in ("run", "sweep"):
        items.append("Parameter uncertainty is not included: the replicates differ in the model's random draws only "
                     "(run with --uncertainty declared to include it).")
    level = results.attr("interval_level", None, "comparison") or results.attr("interval_level", None, "summary")
    if level:
        kind = results.attr("interval_kind", None, "summary") or "interval of the mean over replicates (Student t)"
        items.append(f"Intervals are {float(level):g}% intervals unless stated otherwise: {esc(str(kind))}.")
    if not items:
        return None
    sec = Section("assumptions", "Key assumptions")
    sec.add(ul(items))
    return sec
