"""The key assumptions behind a report, from the resolved configuration (config_toml) and the
group attributes of /cba, /survey, /design and /prior."""
from .. import names, words
from ..lang import L
from ..page import Section, esc, ul


def _common():
    return [L("The model is a simplification: residents, professionals and offenders follow stated rules "
              "(docs/odd.md). Its defaults are calibrated to Dutch averages (docs/calibration.md); the strengths of "
              "most mechanisms, and of every approach's effects, are assumptions (status <code>unidentified</code> in "
              "<code>buurtsim params</code>) and should be varied in a sweep before relying on them.",
              "Het model is een vereenvoudiging: bewoners, professionals en daders volgen vastgelegde regels "
              "(docs/odd.md). De standaardwaarden zijn gekalibreerd op Nederlandse gemiddelden (docs/calibration.md); "
              "de sterktes van de meeste mechanismen, en van de effecten van elke aanpak, zijn aannames en moeten in "
              "een verkenning worden gevarieerd voordat men erop vertrouwt."),
            L("Blocks are a grid, not a real street map; people, offenders and professionals are simulated, not "
              "observed.",
              "Blokken liggen op een rooster, niet op een echte plattegrond; bewoners, daders en professionals zijn "
              "gesimuleerd, niet waargenomen.")]


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
                bits.append(L("hours redeployed from the regular service (other work suffers)",
                              "uren herschikt uit de reguliere dienst (ander werk blijft liggen)")
                            if t["funding"] == "redeployed" else L("hours paid additionally", "extra betaalde uren"))
            if "fidelity" in t:
                bits.append(L("fidelity ", "programmatrouw ") + words.num(t["fidelity"], 2))
            if "start_week" in t:
                end = t.get("end_week", -1)
                bits.append(L("from week ", "vanaf week ") + str(t["start_week"])
                            + (L(" to the end", " tot het einde") if end == -1 else L(" to week ", " tot week ") + str(end)))
            items.append(f"<b>{esc(names.approach(a))}</b>: " + esc("; ".join(bits))
                         + L(f" (settings in the configuration; docs/approaches/{esc(a)}.md).",
                             " (instellingen in de configuratie; de documentatie beschrijft de aanpak)."))
        survey = cfg.get("survey") if isinstance(cfg.get("survey"), dict) else {}
        if survey.get("target_responses"):
            rate = survey.get("response_rate")
            rate_text = words.num(rate, 2) if isinstance(rate, (int, float)) else L("as configured", "zoals ingesteld")
            items.append(L(f"The simulated survey aims at {survey['target_responses']} respondents per neighbourhood "
                           f"per wave (response rate {rate_text}), weighted to the population like the "
                           "Veiligheidsmonitor.",
                           f"De gesimuleerde enquête mikt op {survey['target_responses']} respondenten per buurt per "
                           f"meting (respons {rate_text}), gewogen naar de bevolking zoals de Veiligheidsmonitor."))
        cba = cfg.get("cba") if isinstance(cfg.get("cba"), dict) else {}
        if cba:
            variant = str(cba.get("insecurity_variant", "net"))
            items.append(L("Costs and benefits: discount rate ", "Kosten en baten: discontovoet ")
                         + words.fixed(100 * float(cba.get("discount_rate", 0)), 2)
                         + L("% a year; a burglary valued at ", "% per jaar; een woninginbraak gewaardeerd op ")
                         + words.eur(cba.get("cost_burglary"))
                         + L(", a violent incident at ", ", een geweldsincident op ") + words.eur(cba.get("cost_violence"))
                         + L(", a resident-year not feeling unsafe at ", ", een bewonersjaar zonder onveiligheidsgevoel op ")
                         + words.eur(cba.get("value_unsafe_year"))
                         + (L(" (net of victimisation)", " (na aftrek van slachtofferschap)") if variant == "net"
                            else L(" (gross)", " (bruto)"))
                         + L(", a volunteer hour at ", ", een uur vrijwilligerswerk op ")
                         + words.eur(cba.get("value_volunteer_hour")) + " (docs/cost-benefit.md).")
    if results.kind == "sweep":
        design = results.attr("design", None, "design")
        if design:
            items.append(L(f"The sweep's design is {esc(names.design(design))}; every parameter is varied only "
                           "within the ranges in the design table, and the indices describe the model inside those "
                           "ranges.",
                           f"Het ontwerp van de verkenning is {esc(names.design(design))}; elke parameter varieert "
                           "alleen binnen de grenzen in de ontwerptabel, en de indices beschrijven het model binnen "
                           "die grenzen."))
    if results.kind == "calibration":
        items.append(L("Priors are uniform between the bounds in the posterior section; the posterior says which "
                       "parameter values reproduce the observed data within the tolerance, given the model's "
                       "structure. Parameters that the data do not constrain keep their prior spread.",
                       "De priors zijn uniform tussen de grenzen in het onderdeel over de posterior; de posterior zegt "
                       "welke parameterwaarden de waarnemingen binnen de tolerantie nabootsen. Parameters die de "
                       "gegevens niet vastleggen houden hun spreiding."))
    draws = results.attr("draws", None, "uncertainty")
    if draws is not None:
        mode = str(results.attr("mode", "none", "uncertainty"))
        posterior = str(results.attr("posterior", "", "uncertainty"))
        n = int(draws)
        if n > 0:
            se = words.fixed(50 / n ** 0.5, 1)
            items.append(L(f"Parameter uncertainty: each of the {n} replicates draws the uncertain parameters once "
                           f"({'declared distributions' if mode == 'declared' else 'none declared'}"
                           f"{'; the calibrated ones from a posterior' if posterior else ''}), the same draw in every "
                           "scenario, so intervals and probabilities include it; a probability over "
                           f"{n} draws has a Monte Carlo standard error of at most {se} points.",
                           f"Parameteronzekerheid: elk van de {n} herhalingen trekt de onzekere parameters één keer "
                           f"({'opgegeven verdelingen' if mode == 'declared' else 'geen opgegeven'}"
                           f"{'; de gekalibreerde uit een posterior' if posterior else ''}), dezelfde trekking in elk "
                           "scenario, dus de intervallen en kansen bevatten die onzekerheid; een kans over "
                           f"{n} trekkingen heeft een Monte-Carlostandaardfout van hoogstens {se} procentpunt."))
    elif results.kind in ("run", "sweep"):
        items.append(L("Parameter uncertainty is not included: the replicates differ in the model's random draws only "
                       "(run with --uncertainty declared to include it).",
                       "Parameteronzekerheid is niet meegenomen: de herhalingen verschillen alleen in het toeval van "
                       "het model."))
    level = results.attr("interval_level", None, "comparison") or results.attr("interval_level", None, "summary")
    if level and results.kind == "calibration":
        items.append(L("Intervals of parameters are credible intervals of the weighted posterior particles; intervals "
                       "of predictions are posterior predictive intervals, which include the survey's sampling error.",
                       "Intervallen van parameters zijn geloofwaardigheidsintervallen van de gewogen deeltjes van de "
                       "posterior; intervallen van voorspellingen zijn voorspellende intervallen, inclusief de "
                       "steekproeffout van de enquête."))
    elif level:
        kind = str(results.attr("interval_kind", None, "summary") or "")
        if "draw" in kind:
            kind_text = L("the central share of the replicates' values, each replicate with its own draw of the "
                          "uncertain parameters (percentiles)",
                          "het middelste deel van de waarden van de herhalingen, elk met een eigen trekking van de "
                          "onzekere parameters (percentielen)")
        else:
            kind_text = L("intervals of the mean over replicates (Student t)",
                          "intervallen van het gemiddelde over de herhalingen (Student t)")
        items.append(L(f"Intervals are {float(level):g}% intervals unless stated otherwise: ",
                       f"Intervallen zijn {float(level):g}%-intervallen tenzij anders vermeld: ") + kind_text + ".")
    if not items:
        return None
    sec = Section("assumptions", L("Key assumptions", "Belangrijkste aannames"))
    sec.add(ul(items))
    return sec
