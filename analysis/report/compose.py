"""Which sections a kind of file gets, in order, and the page made from them. Each section is
built under a guard: a section whose data are absent is left out (and named at the end of the
page); one that fails unexpectedly is left out with a warning on stderr, never a crash."""
import os
import sys
import traceback

from . import page
from .lang import L, language
from .sections import (assumptions, calibration, cba, claims, decision, effects, epstein, maps, provenance, summary_other,
                       summary_run, sweep, trajectories)

# (builder, what it shows, the data it needs)
RUN = [(summary_run.build, "summary", "labels, /comparison"),
       (effects.build, "effects against the baseline", "/comparison"),
       (trajectories.build, "trajectories", "weekly outcomes, /survey"),
       (cba.build, "costs and benefits", "/cba"),
       (decision.build, "which uncertainty matters", "/decision (runs with parameter uncertainty)"),
       (maps.build, "map", "/blocks with at least one survey wave"),
       (claims.build, "programme claims", "/comparison and scenarios with approaches"),
       (assumptions.build, "key assumptions", "config_toml"),
       (provenance.build, "provenance", "root attributes")]
SWEEP = [(summary_other.sweep, "summary", "/design"),
         (sweep.design, "design", "/design"),
         (sweep.sensitivity, "sensitivity", "/sensitivity"),
         (sweep.rankings, "rankings", "/sensitivity/ranking_share"),
         (sweep.outcomes, "outcomes over the design", "/final, /design/value"),
         (sweep.cba, "net value over the design", "/cba/npv_eur"),
         (assumptions.build, "key assumptions", "config_toml"),
         (provenance.build, "provenance", "root attributes")]
CALIBRATION = [(summary_other.calibration, "summary", "/posterior"),
               (calibration.posterior, "prior and posterior", "/posterior, /prior"),
               (calibration.predictive, "observed and predicted", "/predictive"),
               (calibration.generations, "generations", "/generation"),
               (assumptions.build, "key assumptions", "config_toml"),
               (provenance.build, "provenance", "root attributes")]
EPSTEIN = [(summary_other.epstein, "summary", "/summary"),
           (epstein.states, "states over time", "quiet, active, jailed"),
           (epstein.outbursts, "outbursts", "/outbursts"),
           (provenance.build, "provenance", "root attributes")]
WHAT_NL = {"summary": "samenvatting", "effects against the baseline": "effecten", "trajectories": "verloop",
           "costs and benefits": "kosten en baten", "which uncertainty matters": "welke onzekerheid telt",
           "map": "kaart", "programme claims": "claims van de programma's", "key assumptions": "aannames",
           "provenance": "herkomst", "design": "ontwerp", "sensitivity": "gevoeligheid", "rankings": "rangordes",
           "outcomes over the design": "uitkomsten over het ontwerp", "net value over the design": "netto waarde",
           "prior and posterior": "prior en posterior", "observed and predicted": "waargenomen en voorspeld",
           "generations": "generaties"}
SECTIONS = {"run": RUN, "sweep": SWEEP, "calibration": CALIBRATION, "epstein": EPSTEIN}

TITLES = {"run": ("Neighbourhood safety approaches compared", "Buurtveiligheidsaanpakken vergeleken"),
          "sweep": ("Parameter sweep", "Parameterverkenning"),
          "calibration": ("Calibration against observed data", "Kalibratie op waargenomen gegevens"),
          "epstein": ("Epstein's civil violence model (validation)", "Het model van Epstein (validatie)")}
KIND_NL = {"run": "simulatie", "sweep": "verkenning", "calibration": "kalibratie", "epstein": "validatie"}


def build_sections(results, warn=sys.stderr):
    built, missing = [], []
    for builder, what, needs in SECTIONS[results.kind]:
        try:
            section = builder(results)
        except Exception as e:  # noqa: BLE001 - a broken part must not lose the whole report
            print(f"report: warning: section '{what}' left out: {type(e).__name__}: {e}", file=warn)
            if os.environ.get("BUURTSIM_REPORT_DEBUG"):
                traceback.print_exc(file=warn)
            missing.append((L(what, WHAT_NL.get(what, what)),
                            L(f"could not be made ({type(e).__name__})", "kon niet worden gemaakt")))
            continue
        if section is None:
            missing.append((L(what, WHAT_NL.get(what, what)), L(f"needs {needs}", "het bestand bevat de gegevens niet")))
        else:
            built.append(section)
    return built, missing


def build_page(results, warn=sys.stderr):
    sections, missing = build_sections(results, warn)
    version = results.attr("buurtsim_version", "unknown version")
    created = results.attr("created", "")
    kind = L(results.kind, KIND_NL[results.kind])
    subtitle = (f"buurtsim {page.esc(str(version))} &middot; {L('file', 'bestand')} ({page.esc(kind)}) "
                f"<code>{page.esc(os.path.basename(results.path))}</code>"
                + (f" &middot; {L('made', 'gemaakt')} {page.esc(created)}" if created else ""))
    footer = ""
    if missing:
        footer = (L("Not in this report, because the file lacks what they need: ",
                    "Niet in dit rapport, omdat het bestand mist wat ervoor nodig is: ")
                  + "; ".join(f"{page.esc(w)} ({page.esc(n)})" for w, n in missing) + ". ")
    footer += L("Made by analysis/report.py; see docs/report.md for what each section shows.",
                "Gemaakt met analysis/report.py; docs/report.md beschrijft elk onderdeel.")
    return page.render(L(*TITLES[results.kind]), subtitle, sections, f'<p id="omitted">{footer}</p>', language())
