"""Which sections a kind of file gets, in order, and the page made from them. Each section is
built under a guard: a section whose data are absent is left out (and named at the end of the
page); one that fails unexpectedly is left out with a warning on stderr, never a crash."""
import os
import sys
import traceback

from . import page
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
SECTIONS = {"run": RUN, "sweep": SWEEP, "calibration": CALIBRATION, "epstein": EPSTEIN}

TITLES = {"run": "Neighbourhood safety approaches compared", "sweep": "Parameter sweep",
          "calibration": "Calibration against observed data", "epstein": "Epstein's civil violence model (validation)"}


def build_sections(results, warn=sys.stderr):
    built, missing = [], []
    for builder, what, needs in SECTIONS[results.kind]:
        try:
            section = builder(results)
        except Exception as e:  # noqa: BLE001 - a broken part must not lose the whole report
            print(f"report: warning: section '{what}' left out: {type(e).__name__}: {e}", file=warn)
            if os.environ.get("BUURTSIM_REPORT_DEBUG"):
                traceback.print_exc(file=warn)
            missing.append((what, f"could not be made ({type(e).__name__})"))
            continue
        if section is None:
            missing.append((what, f"needs {needs}"))
        else:
            built.append(section)
    return built, missing


def build_page(results, warn=sys.stderr):
    sections, missing = build_sections(results, warn)
    version = results.attr("buurtsim_version", "unknown version")
    created = results.attr("created", "")
    subtitle = (f"buurtsim {page.esc(str(version))} &middot; {page.esc(results.kind)} file "
                f"<code>{page.esc(os.path.basename(results.path))}</code>" + (f" &middot; made {page.esc(created)}" if created else ""))
    footer = ""
    if missing:
        footer = ("Not in this report, because the file lacks what they need: "
                  + "; ".join(f"{page.esc(w)} ({page.esc(n)})" for w, n in missing) + ". ")
    footer += "Made by analysis/report.py; see docs/report.md for what each section shows."
    return page.render(TITLES[results.kind], subtitle, sections, f'<p id="omitted">{footer}</p>')
