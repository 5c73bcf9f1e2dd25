#!/usr/bin/python3
"""Decomposes each approach's key effects in the default comparison (docs/approaches/decomposition.md):
the difference from the baseline with every mechanism on, then again with one mechanism switched
off at a time (the settings in MECHANISMS), so that what remains shows how much of an effect each
mechanism carries. Mechanisms interact, so the parts need not add up to the whole.

Scenarios do not affect one another (common random numbers; each scenario's survey is its own
sample), so the k-th mechanism of every approach is switched off in the same run.

Usage: analysis/decomposition.py [--bin build/bin/buurtsim] [--replicates 4] [--config configs/compare.toml]
                                 [--weeks W] [--approach NAME ...]
"""
import argparse
import os
import sys
import tempfile

from comparison_runs import effect, fmt, run

# The key effects: victimisation and fear first, then what carries them.
OUTCOMES = [
    "victimised_12m_pct",
    "unsafe_sometimes_pct",
    "incidents",
    "police_visible_often_pct",
    "trust_police_mean",
    "active_pct",
]

# Per approach: (mechanism, the settings that switch it off). Every approach first gets a row
# without any hours (it then does nothing at all, so its effects must be 0: a check of the
# machinery) and one row per organisation without that organisation's hours (what each
# organisation's own work carries); then its mechanisms.
ORGANISATIONS = ["police", "municipality", "welfare", "corporation"]
MECHANISMS = {
    "vba": [
        ("agenda item disorder", ["vba.without_item=disorder"]),
        ("agenda item nuisance and youth", ["vba.without_item=nuisance"]),
        ("agenda item traffic", ["vba.without_item=traffic"]),
        ("agenda item burglary and other crime", ["vba.without_item=crime"]),
        ("agenda item public space", ["vba.without_item=public_space"]),
        ("agenda item neighbours", ["vba.without_item=neighbours"]),
        ("answers at the end of a cycle", ["vba.feedback_trust=0", "vba.promise_cost=0", "vba.responsibility_gain=0"]),
        ("trust from team contacts", ["team.contact_trust=0"]),
        ("reassurance by knowing the team", ["vba.team_reassurance=0"]),
        ("residents carrying out items", ["vba.take_part=0"]),
        ("the independent coordinator", ["vba.coordinator=false"]),
    ],
    "bap": [
        ("phase 1 (phase 2 from the start)", ["bap.switch_week=0", "bap.transition_weeks=0"]),
        ("phase 2 (phase 1 throughout)", ["bap.switch_week=-1"]),
        ("the tapering transition", ["bap.transition_weeks=0"]),
        ("prolific offenders as targets", ["bap.targets_per_1000=0"]),
        ("troublesome households as targets", ["bap.households_per_1000=0"]),
        ("youth groups as targets", ["bap.youth_groups_per_1000=0"]),
        ("sanctions (police and BOAs)", ["bap.sanction_per_hour=0"]),
        ("the trust cost to targets' ties", ["bap.tie_trust_cost=0"]),
        ("mediation", ["bap.mediation_per_hour=0"]),
        ("care (activity and trust)", ["bap.care_activity_per_hour=0", "bap.care_trust_gain=0"]),
        ("tenancy measures", ["bap.agreement_effect=0"]),
        ("crew, maintenance and cleaning", ["bap.cleanup_per_hour=0"]),
        ("information sharing", ["bap.information_sharing=0"]),
        ("line 3, youth", ["bap.youth_activity_per_hour=0", "bap.youth_nuisance_per_hour=0"]),
        ("line 4, participation", ["bap.participation_reach=0"]),
        ("line 5, social mobility", ["bap.mobility_onset_per_hour=0"]),
        ("line 7, professional development", ["bap.professional_per_hour=0"]),
    ],
    "wijkveiligheid": [
        ("the joint goal", ["wijkveiligheid.joint_goal=false"]),
        ("street contacts", ["wijkveiligheid.street_contacts=0"]),
        ("targeting by monitoring", ["wijkveiligheid.targeting_base=0", "wijkveiligheid.targeting_gain=0"]),
        ("police presence on blocks", ["wijkveiligheid.police_presence_share=0"]),
        ("best-person visits", ["wijkveiligheid.municipality_best_person_share=0",
                                "wijkveiligheid.welfare_best_person_share=0",
                                "wijkveiligheid.corporation_best_person_share=0"]),
        ("confrontations", ["wijkveiligheid.confrontation_effect=0", "wijkveiligheid.follow_through=0"]),
        ("dialogue", ["wijkveiligheid.dialogue_effect=0", "wijkveiligheid.dialogue_block_effect=0"]),
        ("monitoring", ["wijkveiligheid.police_monitoring_share=0"]),
    ],
    "buurtpreventie": [
        ("guardianship of walks", ["buurtpreventie.guardianship_per_walk=0"]),
        ("reports of incidents noticed", ["buurtpreventie.notice=0"]),
        ("low-value reports", ["buurtpreventie.low_value_rate=0"]),
        ("escalated confrontations", ["buurtpreventie.escalation_rate=0"]),
        ("\"niet pluis\" signals", ["buurtpreventie.niet_pluis_uptake=0"]),
        ("motivation by feedback", ["buurtpreventie.motivation_gain=0", "buurtpreventie.motivation_loss=0"]),
        ("reassurance by walking teams", ["fear.watch_reassurance=0"]),
    ],
}


def rows(approach):
    hours = [("all hours (the approach off)", [f"{approach}.{o}_hours=0" for o in ORGANISATIONS])]
    own = [(f"the {o}'s hours", [f"{approach}.{o}_hours=0"]) for o in ORGANISATIONS]
    return hours + own + MECHANISMS[approach]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default="build/bin/buurtsim")
    ap.add_argument("--replicates", type=int, default=4)
    ap.add_argument("--config", default="configs/compare.toml")
    ap.add_argument("--weeks", type=int, default=None)
    ap.add_argument("--approach", action="append", choices=sorted(MECHANISMS), help="only these approaches")
    a = ap.parse_args()
    approaches = a.approach or list(MECHANISMS)
    with tempfile.TemporaryDirectory() as tmp:
        default = os.path.join(tmp, "default.h5")
        run(a.bin, a.config, a.replicates, [], default, a.weeks)
        runs = []  # the k-th run switches off the k-th row of every approach
        for k in range(max(len(rows(x)) for x in approaches)):
            sets = [f"scenario.{x}.{s}" for x in approaches if k < len(rows(x)) for s in rows(x)[k][1]]
            path = os.path.join(tmp, f"off{k}.h5")
            run(a.bin, a.config, a.replicates, sets, path, a.weeks)
            runs.append(path)
        print(f"Config {a.config}, {a.replicates} replicates; difference from the baseline, mean of the last 52 "
              f"recorded weeks, paired by replicate, [90% interval]")
        for x in approaches:
            print(f"\n### {x}\n")
            print("| switched off | settings | " + " | ".join(f"`{o}`" for o in OUTCOMES) + " |")
            print("|---|---|" + "---|" * len(OUTCOMES))
            print("| nothing | | " + " | ".join(fmt(effect(default, x, o)) for o in OUTCOMES) + " |")
            for k, (label, sets) in enumerate(rows(x)):
                settings = ", ".join(f"`{s}`" for s in sets)
                print(f"| {label} | {settings} | " + " | ".join(fmt(effect(runs[k], x, o)) for o in OUTCOMES) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
