"""The one table of human names the report uses, per language: approaches, scenarios, outcomes, cost
and benefit items, tasks, organisations, parameter groups and (through parameter_names.py) parameters,
sensitivity targets and rankings. The report's text and figures name things only through these
functions, never by their identifiers in the program."""
import re

from .lang import L, dutch
from . import words
from .load import OutcomeInfo
from .parameter_names import LEVERS, PARAMETERS

APPROACHES = {
    "vba": ("Veilige Buurten Aanpak", "Veilige Buurten Aanpak"),
    "bap": ("Buurtactieplan (Heerlen)", "Buurtactieplan (Heerlen)"),
    "wijkveiligheid": ("outreaching wijkveiligheidsaanpak", "outreachende wijkveiligheidsaanpak"),
    "buurtpreventie": ("Buurtpreventie", "Buurtpreventie"),
}
BASELINE = ("baseline (no approach)", "basissituatie (geen aanpak)")

# Dutch names of the outcomes the report's text and figures name; the English ones come from the
# outcome's declaration (its long name, read from the file).
OUTCOMES_NL = {
    "unsafe_sometimes_pct": "voelt zich wel eens onveilig in de eigen buurt",
    "unsafe_often_pct": "voelt zich vaak onveilig in de eigen buurt",
    "safety_rating": "rapportcijfer voor de veiligheid van de buurt",
    "trust_police_mean": "vertrouwen in de politie",
    "trust_municipality_mean": "vertrouwen in de gemeente",
    "trust_corporation_mean": "vertrouwen in de woningcorporatie",
    "police_satisfied_pct": "tevreden over het functioneren van de politie in de buurt",
    "police_no_judgement_pct": "geen oordeel over het functioneren van de politie in de buurt",
    "contact_police_12m_pct": "contact met de politie in de afgelopen 12 maanden",
    "police_visible_often_pct": "ziet de politie vaak in de buurt",
    "avoidance_pct": "mijdt plekken in de buurt uit angst",
    "victimised_12m_pct": "slachtoffer van een traditioneel delict in de afgelopen 12 maanden",
    "report_police_pct": "melding bij de politie van het laatste delict",
    "aangifte_pct": "aangifte van het laatste delict",
    "active_pct": "actief voor de buurt in de afgelopen 12 maanden",
    "awareness_pct": "kent de wijkagent",
    "team_awareness_pct": "kent het buurtteam of de contactpersoon",
    "disorder_high_pct": "vindt dat verloedering vaak voorkomt",
    "nuisance_high_pct": "vindt dat sociale overlast vaak voorkomt",
    "traffic_high_pct": "vindt dat verkeersoverlast vaak voorkomt",
    "cohesion_mean": "sociale samenhang",
    "fear_mean": "gemiddelde onderliggende angst",
    "incidents": "incidenten in de buurt per week",
    "recorded_crime": "door de politie geregistreerde criminaliteit per maand",
    "professional_hours": "uren van professionals per week",
    "cost_eur": "kosten per week",
    "collective_efficacy": "collectieve redzaamheid",
    "responsibility_mean": "gevoelde medeverantwoordelijkheid",
    "volunteers": "vrijwilligers in buurtpreventieteams",
    "reports_followed_up_pct": "meldingen die de politie opvolgt",
    "feedback_given_pct": "meldingen met terugkoppeling aan de melder",
    "social_problems_detected_early": "verborgen problemen die vroeg worden gesignaleerd",
    "coordination_hours": "uren van professionals die per week aan afstemming verloren gaan",
    "incidents_burglary": "woninginbraken per week", "incidents_violence": "bedreiging en geweld per week",
    "incidents_nuisance": "overlastincidenten per week", "incidents_theft": "diefstallen per week",
    "incidents_vandalism": "vernielingen per week", "reports": "meldingen bij de politie per week",
    "social_problems_escalated": "sociale problemen die per week acuut worden",
    "disorder_mean": "gemiddelde fysieke verloedering", "active_week_pct": "deze week actief voor de buurt",
    "care_cases": "bewoners in zorg", "team_contacts": "bewoners per week bereikt door een buurtteam",
    "approach_hours": "uren van de aanpakken per week",
    "incidents_buffer": "incidenten van daders uit de buurt in de bufferzone per week",
    "social_problems_emerging": "bewoners met een beginnend verborgen sociaal probleem",
    "referrals_completed_pct": "geslaagde doorverwijzingen naar zorg",
    "police_hours": "gebruikte politie-uren per week", "municipality_hours": "gebruikte gemeente-uren per week",
    "welfare_hours": "gebruikte welzijnsuren per week", "corporation_hours": "gebruikte corporatie-uren per week",
    "overcommitted_hours": "gevraagde uren boven de capaciteit per week",
    "approach_police_hours": "politie-uren van de aanpakken per week",
    "approach_municipality_hours": "gemeente-uren van de aanpakken per week",
    "approach_welfare_hours": "welzijnsuren van de aanpakken per week",
    "approach_corporation_hours": "corporatie-uren van de aanpakken per week",
    "approach_other_cost_eur": "overige kosten van de aanpakken per week",
    "approach_one_off_cost_eur": "eenmalige kosten van de aanpakken per week",
    "hours_outreach": "uren voor contact met bewoners per week", "hours_presence": "uren voor aanwezigheid per week",
    "hours_enforcement": "uren voor handhaving per week", "hours_care": "uren voor zorg en preventie per week",
    "hours_environment": "uren voor de fysieke omgeving per week", "hours_support": "uren voor ondersteuning per week",
    "hours_overhead": "uren verloren aan afstemming en overhead per week",
    "lost_presence_hours": "verloren politieaanwezigheid per week",
    "lost_followup_hours": "verloren politie-uren voor opvolging van meldingen per week",
    "lost_cleanup_hours": "verloren opruimuren van de gemeente per week",
    "lost_outreach_hours": "verloren uren voor vroegsignalering per week",
    "lost_care_hours": "verloren zorguren per week", "lost_maintenance_hours": "verloren onderhoudsuren per week",
    "approach_redeployed_police_hours": "herschikte politie-uren van de aanpakken per week",
    "approach_redeployed_municipality_hours": "herschikte gemeente-uren van de aanpakken per week",
    "approach_redeployed_welfare_hours": "herschikte welzijnsuren van de aanpakken per week",
    "approach_redeployed_corporation_hours": "herschikte corporatie-uren van de aanpakken per week",
    "approach_phase": "fase van een gefaseerde aanpak",
    "volunteer_reports": "meldingen van buurtpreventievrijwilligers per week",
    "low_value_reports": "meldingen van weinig waarde van vrijwilligers per week",
    "agenda_rounds": "gehouden agendarondes van de Veilige Buurten Aanpak",
    "agenda_disorder": "cycli met verloedering op de agenda", "agenda_nuisance": "cycli met overlast op de agenda",
    "agenda_traffic": "cycli met verkeer op de agenda", "agenda_crime": "cycli met criminaliteit op de agenda",
    "agenda_public_space": "cycli met openbare ruimte op de agenda", "agenda_neighbours": "cycli met burenzaken op de agenda",
}
PERCENT_UNITS = {"percent", "%"}
UNITS_NL = {"grade 0-10": "cijfer 0-10", "per 1,000 residents per month": "per 1.000 inwoners per maand",
            "hours/week": "uur per week", "EUR/week": "euro per week", "persons": "personen", "1": "",
            "incidents/week": "incidenten per week", "reports/week": "meldingen per week",
            "residents": "inwoners", "volunteers": "vrijwilligers", "index 0-1": "index 0-1",
            "persons/week": "personen per week", "phase": "fase", "rounds": "rondes", "cycles": "cycli",
            "disorder units": "eenheden verloedering", "latent units": "latente eenheden", "unit": "", "EUR": "euro"}

COST_ITEMS = {"police": ("police", "politie"), "municipality": ("municipality", "gemeente"),
              "welfare": ("welfare", "welzijn"), "corporation": ("housing corporation", "woningcorporatie"),
              "expenses": ("other expenses", "overige uitgaven"), "volunteer_time": ("volunteers' time", "tijd van vrijwilligers"),
              "resident_time": ("residents' time", "tijd van bewoners")}
BENEFIT_ITEMS = {"burglary": ("burglary", "woninginbraak"), "violence": ("violence", "geweld"),
                 "nuisance": ("nuisance", "overlast"), "theft": ("theft", "diefstal"),
                 "vandalism": ("vandalism", "vernieling"), "disorder": ("disorder", "verloedering"),
                 "displacement": ("displacement", "verplaatsing"), "escalation": ("escalation", "escalatie"),
                 "insecurity": ("insecurity", "onveiligheidsgevoel")}
TASKS = {"outreach": ("contacts with residents", "contact met bewoners"), "presence": ("presence", "aanwezigheid"),
         "enforcement": ("enforcement", "handhaving"), "care": ("care", "zorg"),
         "environment": ("physical environment", "fysieke omgeving"), "support": ("support", "ondersteuning"),
         "overhead": ("overhead", "overhead")}
RECIPIENTS = {"residents": ("residents", "bewoners"), "victims": ("victims", "slachtoffers"),
              "police": ("police", "politie"), "municipality": ("municipality", "gemeente"),
              "corporation": ("housing corporation", "woningcorporatie"), "society": ("society", "samenleving")}
RULES = {"decayed": ("decayed", "uitdovend"), "held": ("held", "volgehouden"), "ended": ("ended", "gestopt")}
GROUPS_NL = {"layout": "buurtindeling", "population": "bevolking", "network": "netwerk", "context": "context",
             "offending": "daders", "disorder": "verloedering", "exposure": "blootstelling", "reporting": "melden",
             "police": "politie", "fear": "angst", "trust": "vertrouwen", "institutions": "instanties",
             "awareness": "bekendheid", "participation": "participatie", "cohesion": "samenhang", "traffic": "verkeer",
             "care": "zorg", "organisations": "organisaties", "mobility": "verhuizingen", "survey": "enquête",
             "team": "buurtteam", "cba": "kosten en baten"}
DESIGNS = {"saltelli": ("Saltelli (for Sobol indices)", "Saltelli (voor Sobol-indices)"),
           "latin_hypercube": ("Latin hypercube", "Latijnse hyperkubus"),
           "morris": ("Morris trajectories", "Morris-trajecten"), "factorial": ("full factorial", "volledig factorieel")}
METHODS = {"sobol": ("Sobol indices", "Sobol-indices"), "morris": ("Morris screening", "Morris-screening"),
           "src": ("standardised regression coefficients", "gestandaardiseerde regressiecoëfficiënten")}
# The approaches' other expenses, for naming the largest cost items: (parameter, English, Dutch).
EXPENSES = {"vba": [("coordinator_cost", "the coordinator", "de coördinator"),
                    ("communication_cost", "communication", "communicatie"),
                    ("evaluation_cost", "evaluation", "evaluatie")],
            "bap": [("material_cost", "materials", "materiaal")],
            "buurtpreventie": [("expenses", "volunteers' expenses", "onkosten van vrijwilligers")]}


def _pick(pair):
    return pair[1] if dutch() else pair[0]


def approach(a):
    return _pick(APPROACHES[a]) if a in APPROACHES else a.replace("_", " ")


def scenario(results, s):
    """A scenario by its approaches' names ("Veilige Buurten Aanpak + Buurtpreventie"); the baseline as such."""
    if s == "baseline":
        return _pick(BASELINE)
    found = results.scenario_approaches().get(s)
    if found:
        return " + ".join(approach(a) for a in found)
    return approach(s)


def scenario_short(results, s):
    """The same, shortened for figure axes and legends."""
    if s == "baseline":
        return L("baseline", "basissituatie")
    return scenario(results, s).replace("outreaching ", "").replace("outreachende ", "")


def outcome(info):
    """An outcome for running text and tables (an OutcomeInfo)."""
    if dutch():
        return OUTCOMES_NL.get(info.name, words.short(info, None).lower())
    return words.plain(info)


def outcome_title(info):
    text = outcome(info)
    return text[:1].upper() + text[1:]


def outcome_axis(info, width=38):
    import textwrap
    unit = unit_short(info.units)
    text = outcome_title(info)
    return textwrap.fill(f"{text} ({unit})" if unit else text, width)


def unit_short(units):
    if units in PERCENT_UNITS:
        return "%"
    if dutch():
        return UNITS_NL.get(units, units.replace("scale", "schaal"))
    return units


def points(units):
    """The word for a difference in an outcome's unit."""
    if units in PERCENT_UNITS:
        return L("percentage points", "procentpunt")
    if units.startswith(("grade", "scale")):
        return L("points", "punt") + (L(" on the ", " op de schaal ") + units.split()[-1]
                                       + L(" scale", "") if len(units.split()) > 1 else "")
    return unit_short(units)


def item(table, key):
    return _pick(table[key]) if key in table else key.replace("_", " ")


def design(kind):
    """A sweep's design (docs/sweeps.md) in words."""
    return item(DESIGNS, str(kind))


def method(m):
    """A sensitivity method (docs/sensitivity.md) in words."""
    return item(METHODS, str(m))


def group(g):
    if dutch():
        return GROUPS_NL.get(g, approach(g))
    return approach(g) if g in APPROACHES else g


def parameter(name):
    """A registry parameter by its short human name (parameter_names.py); an approach's common lever as
    "Approach: lever". A name the table lacks (a newer registry) is shown as written."""
    name, _, where = str(name).partition("@")  # name@neighbourhood: one neighbourhood's value (calibration)
    if where:
        return f"{parameter(name)} ({where})"
    if name in PARAMETERS:
        return _pick(PARAMETERS[name])
    owner, _, leaf = name.partition(".")
    if owner in APPROACHES and leaf in LEVERS:
        return f"{approach(owner).replace('outreaching ', '').replace('outreachende ', '')}: {_pick(LEVERS[leaf])}"
    return name


def has_parameter_name(name):
    owner, _, leaf = str(name).partition("@")[0].partition(".")
    return str(name).partition("@")[0] in PARAMETERS or (owner in APPROACHES and leaf in LEVERS)


def outcome_named(results, name, groups=("final", "/", "comparison")):
    """An outcome known by its identifier only (a sensitivity target, a ranking, an observation): its
    declaration from the file where one of `groups` holds it, else the Dutch table or the identifier in words."""
    for g in groups:
        info = results.outcomes(g).get(name)
        if info is not None:
            return outcome(info)
    if dutch() and name in OUTCOMES_NL:
        return OUTCOMES_NL[name]
    return name.replace("_", " ")


NPV_TARGETS = {"cba/npv_eur": ("net present value", "netto contante waarde"),
               "cba/cost_eur": ("present value of the costs", "contante waarde van de kosten"),
               "cba/benefit_eur": ("present value of the benefits", "contante waarde van de baten")}


def target(results, label):
    """A sensitivity target (docs/sensitivity.md, "Targets") in words: "OUTCOME @ SCENARIO" and
    "OUTCOME @ SCENARIO - baseline" (the scenario's effect)."""
    m = re.fullmatch(r"(.+?) @ (.+?)( - baseline)?", str(label).strip())
    if not m:
        return str(label)
    what, scen, effect = m[1], m[2], bool(m[3])
    thing = _pick(NPV_TARGETS[what]) if what in NPV_TARGETS else outcome_named(results, what)
    who = scenario_short(results, scen)
    if effect:
        return L(f"{thing}: effect of {who}", f"{thing}: effect van {who}")
    return f"{thing} ({who})"


def ranking(results, label):
    """An ordering of scenarios ("wijkveiligheid < vba < baseline") with the scenarios' names."""
    parts = re.split(r"\s*([<=])\s*", str(label).strip())
    return " ".join(p if p in ("<", "=") else scenario_short(results, p) for p in parts)


def indicator(results, j):
    """The indicator of observation j of /predictive in words, from its declared long name
    (/predictive/long_name); a file without one (older files) falls back to outcome_named."""
    ids, long_names, units = (results.labels(f"predictive/{n}") for n in ("indicator", "long_name", "unit"))
    if not ids or len(ids) <= j:
        return None
    name = str(ids[j])
    if long_names and len(long_names) > j and str(long_names[j]):
        unit = str(units[j]) if units and len(units) > j else ""
        return outcome(OutcomeInfo(name, unit, str(long_names[j]), "mean", False, "neither", True))
    return outcome_named(results, name)


def observation(results, j):
    """Observation j of /predictive in words: neighbourhood, period and the indicator's name."""
    hood, period = (results.labels(f"predictive/{n}") for n in ("neighbourhood", "period"))
    bits = [str(lab[j]) for lab in (hood, period) if lab and len(lab) > j]
    what = indicator(results, j)
    if what:
        bits.append(what)
    return " ".join(bits) or L(f"observation {j}", f"waarneming {j}")
