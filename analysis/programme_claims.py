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
# carrying mechanism off, how the result arises). "Wiring" is a result true by construction, with
# the code that makes it so (its sign cannot be otherwise; its size can); "emergent" follows from
# mechanisms that do not name the outcome, and could have come out either way.
CLAIMS = [
    ("vba", "more awareness of professionals (001)", "team_awareness_pct", "+", "vba.outreach_share=0",
     "wiring: a resident reached knows the team (`team_contact`, model/approaches/team.cpp)"),
    ("vba", "more trust in professionals (001)", "trust_police_mean", "+", "vba.feedback_trust=0 vba.promise_cost=0",
     "emergent: answers weigh the problems reduced against the promise; contacts of poor quality cost trust"),
    ("vba", "more trust in professionals (001)", "trust_municipality_mean", "+", "vba.feedback_trust=0 vba.promise_cost=0",
     "emergent: as trust in the police, plus trust from the disorder work residents see"),
    ("vba", "more responsibility (001)", "responsibility_mean", "+", "vba.responsibility_gain=0",
     "wiring in sign: `close_cycle` raises the anchor by `responsibility_gain` x the delivered share (vba.cpp); its size emerges"),
    ("vba", "more active residents (000)", "active_pct", "+", "vba.take_part=0",
     "wiring in sign: taking part in an item sets `last_active` (`take_part`, vba.cpp); how many take part emerges from their experience"),
    ("vba", "more cooperation between professionals (001)", "coordination_hours", "-", "vba.coordinator=false vba.coordination_reduction=0",
     "wiring: `coordination_reduction` lowers every organisation's coordination loss (`allocate_hours`, model/approach.cpp)"),
    ("vba", "a slight fall in insecurity (001)", "unsafe_sometimes_pct", "-", "vba.team_reassurance=0",
     "wiring in part: knowing the team lowers the fear target by `vba.team_reassurance` (model/phases/attitudes.cpp); the rest emerges (cohesion, problems reduced)"),
    ("vba", "less victimisation (001)", "victimised_12m_pct", "-", "vba.police_hours=0",
     "emergent: police presence on crime items, clean-up and guardianship against the patrol the team's police hours take from the baseline"),
    ("bap", "confidence in the neighbourhood back: heaviest problems first (003)", "disorder_high_pct", "-", "bap.cleanup_per_hour=0",
     "wiring in sign: the crew removes disorder (`crew`, bap.cpp); the perceived share follows through the response model"),
    ("bap", "trust in government returns through repression first (003)", "trust_municipality_mean", "+", "bap.sanction_per_hour=0",
     "emergent: sanctions cost the ties' trust, results and care contacts raise it"),
    ("bap", "fewer incidents (003)", "incidents", "-", "bap.sanction_per_hour=0",
     "emergent: sanctions, care and tenancy measures lower the targets' activity; presence deters"),
    ("wijkveiligheid", "fewer incidents (002)", "incidents", "-", "wijkveiligheid.follow_through=0",
     "emergent: focused deterrence of the confronted, presence"),
    ("wijkveiligheid", "better safety perception (002)", "unsafe_sometimes_pct", "-", "wijkveiligheid.follow_through=0",
     "emergent: fewer incidents, police seen, contacts"),
    ("wijkveiligheid", "resident involvement (002)", "active_pct", "+",
     "wijkveiligheid.municipality_best_person_share=0 wijkveiligheid.welfare_best_person_share=0 "
     "wijkveiligheid.corporation_best_person_share=0",
     "wiring: a best person visited is set active (`visit_best_persons`, wijkveiligheid.cpp)"),
    ("buurtpreventie", "a safer neighbourhood (004)", "incidents", "-", "buurtpreventie.guardianship_per_walk=0",
     "emergent: walks add guardianship, which prevents and moves offences"),
    ("buurtpreventie", "better safety perception (004)", "unsafe_sometimes_pct", "-", "fear.watch_reassurance=0",
     "wiring in part: watch walks lower the fear target by `fear.watch_reassurance` (model/phases/attitudes.cpp); escalations raise it"),
    ("buurtpreventie", "stronger social cohesion (004)", "cohesion_mean", "+", "buurtpreventie.walks_per_week=0",
     "emergent: members' shared activity and ties"),
    ("buurtpreventie", "vulnerable residents seen earlier (004)", "social_problems_detected_early", "+", "buurtpreventie.niet_pluis_uptake=0",
     "wiring in sign: a team's signal passes an emerging problem to the professionals (`signalled`, buurtpreventie.cpp); whether it is followed up emerges"),
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
        for approach, _, _, _, off, _ in CLAIMS:
            key = (approach, off)
            if key in offs:
                continue
            path = os.path.join(tmp, f"off{len(offs)}.h5")
            run(a.bin, a.config, a.replicates, [f"scenario.{approach}.{x}" for x in off.split()], path)
            offs[key] = path
        print(f"Config {a.config}, {a.replicates} replicates; difference from the baseline, mean of the last 52 recorded weeks, "
              f"paired by replicate, [90% interval]\n")
        print("| approach | claim (source) | outcome | how it arises | at the defaults | verdict | with | then |")
        print("|---|---|---|---|---|---|---|---|")
        for approach, claim, outcome, better, off, how in CLAIMS:
            e = effect(default, approach, outcome)
            e0 = effect(offs[(approach, off)], approach, outcome)
            print(f"| {approach} | {claim} | `{outcome}` ({better}) | {how} | {fmt(e)} | {verdict(e, better)} | `{off}` | {fmt(e0)} ({verdict(e0, better)}) |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
