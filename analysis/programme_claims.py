#!/usr/bin/python3
"""Explores the source documents' expected effects (programme claims, docs/odd.md section 1) in the
default comparison: for each claim, the modelled difference from the baseline (mean of the last
52 weeks, paired by replicate, with its interval) at the default settings, and again with the
mechanism that carries it switched off, to show where the claim disappears. Claims are explored,
never asserted or tuned. Prints a Markdown table (docs/approaches/claims.md holds its output).

Usage: analysis/programme_claims.py [--bin build/bin/buurtsim] [--replicates 4] [--config configs/compare.toml]
"""
import argparse
import os
import sys
import tempfile

from comparison_runs import effect, fmt, run

# (approach, claim in the source, outcome, better when, settings (separated by spaces) that switch the
# carrying mechanism off)
CLAIMS = [
    ("vba", "more awareness of professionals (001)", "team_awareness_pct", "+", "vba.outreach_share=0"),
    ("vba", "more trust in professionals (001)", "trust_police_mean", "+", "vba.feedback_trust=0"),
    ("vba", "more trust in professionals (001)", "trust_municipality_mean", "+", "vba.feedback_trust=0"),
    ("vba", "more responsibility (001)", "responsibility_mean", "+", "vba.responsibility_gain=0"),
    ("vba", "more active residents (000)", "active_pct", "+", "vba.take_part=0"),
    ("vba", "more cooperation between professionals (001)", "coordination_hours", "-", "vba.coordination_reduction=0"),
    ("vba", "a slight fall in insecurity (001)", "unsafe_sometimes_pct", "-", "vba.team_reassurance=0"),
    ("vba", "less victimisation (001)", "victimised_12m_pct", "-", "vba.outreach_share=0"),
    ("bap", "confidence in the neighbourhood back: heaviest problems first (003)", "disorder_high_pct", "-", "bap.cleanup_per_hour=0"),
    ("bap", "trust in government returns through repression first (003)", "trust_municipality_mean", "+", "bap.prevention_share=0"),
    ("bap", "fewer incidents (003)", "incidents", "-", "bap.sanction_per_hour=0"),
    ("wijkveiligheid", "fewer incidents (002)", "incidents", "-", "wijkveiligheid.follow_through=0"),
    ("wijkveiligheid", "better safety perception (002)", "unsafe_sometimes_pct", "-", "wijkveiligheid.follow_through=0"),
    ("wijkveiligheid", "resident involvement (002)", "active_pct", "+",
     "wijkveiligheid.municipality_best_person_share=0 wijkveiligheid.welfare_best_person_share=0 "
     "wijkveiligheid.corporation_best_person_share=0"),
    ("buurtpreventie", "a safer neighbourhood (004)", "incidents", "-", "buurtpreventie.guardianship_per_walk=0"),
    ("buurtpreventie", "better safety perception (004)", "unsafe_sometimes_pct", "-", "buurtpreventie.guardianship_per_walk=0"),
    ("buurtpreventie", "stronger social cohesion (004)", "cohesion_mean", "+", "buurtpreventie.walks_per_week=0"),
    ("buurtpreventie", "vulnerable residents seen earlier (004)", "social_problems_detected_early", "+", "buurtpreventie.niet_pluis_uptake=0"),
]


def verdict(e, better):
    sign = 1 if better == "+" else -1
    if e[1] * sign > 0 and e[2] * sign > 0:
        return "produced"
    if e[1] * sign < 0 and e[2] * sign < 0:
        return "reversed"
    return "not distinguishable from zero"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default="build/bin/buurtsim")
    ap.add_argument("--replicates", type=int, default=4)
    ap.add_argument("--config", default="configs/compare.toml")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        default = os.path.join(tmp, "default.h5")
        run(a.bin, a.config, a.replicates, [], default)
        offs = {}
        for approach, _, _, _, off in CLAIMS:
            key = (approach, off)
            if key in offs:
                continue
            path = os.path.join(tmp, f"off{len(offs)}.h5")
            run(a.bin, a.config, a.replicates, [f"scenario.{approach}.{x}" for x in off.split()], path)
            offs[key] = path
        print(f"Config {a.config}, {a.replicates} replicates; difference from the baseline, mean of the last 52 recorded weeks, "
              f"paired by replicate, [90% interval]\n")
        print("| approach | claim (source) | outcome | at the defaults | verdict | with | then |")
        print("|---|---|---|---|---|---|---|")
        for approach, claim, outcome, better, off in CLAIMS:
            e = effect(default, approach, outcome)
            e0 = effect(offs[(approach, off)], approach, outcome)
            print(f"| {approach} | {claim} | `{outcome}` ({better}) | {fmt(e)} | {verdict(e, better)} | `{off}` | {fmt(e0)} ({verdict(e0, better)}) |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
