#!/usr/bin/python3
"""Deliberate breaks: each must turn its statistical test red (docs/validation.md, "Seed sets").

A test that cannot fail tests nothing. Each break below sets BUURTSIM_BREAK=NAME, which one test
reads (tests/test_seeds.hpp, broken()) to change a setting so that the claim it checks no longer
holds: a mechanism switched off, a variant swapped, a known miss made to hold. This script runs the
test with the break (at seed set 0) and requires it to fail with the message the break should
produce. (That the tests pass without a break is the suite's business.)

    scripts/check_breaks.py [BIN_DIR] [NAME ...]     (BIN_DIR: build/bin by default)
    scripts/check_breaks.py --list

Exit status 1 when a break leaves its test green or fails it with another message.
"""
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# name, test program, gtest filter, text the failure must contain, what the break does
BREAKS = [
    ("no_repeat_burglary", "model_slowtest_stylised_facts", "StylisedFacts.RepeatBurglaryWithinAYear",
     "fact missed: StylisedFacts.RepeatBurglaryWithinAYear/share_in_range",
     "burglaries fall on households as if at random (no return, no household boost, no place risk): "
     "repeat burglary leaves 10-35%"),
    ("women_as_men", "model_slowtest_stylised_facts", "StylisedFacts.WomenMoreOftenUnsafeThanMen",
     "fact missed: StylisedFacts.WomenMoreOftenUnsafeThanMen/ratio_in_range",
     "no extra fear for women (fear.female = 0): the women/men ratio leaves 1.2-2.0"),
    ("epstein_printed_formula", "model_slowtest_epstein_claims",
     "EpsteinClaims.PunctuatedEquilibriumUnderTheDefaults:EpsteinClaims.SuddenLegitimacyFallAtThePapersCopDensity",
     "is not 3 se above",
     "arrest probability without rounding: no outbursts, no punctuated equilibrium, no sudden-fall outburst"),
    ("epstein_fig9_calm_case", "model_slowtest_epstein_claims",
     "EpsteinClaims.GradualLegitimacyFallToPointTwoGivesNoOutburst",
     "known miss now holds: EpsteinClaims.GradualLegitimacyFallToPointTwoGivesNoOutburst/no_large_outburst",
     "the fig. 9 test runs the case where the claim holds (cops 0.06, 0.9 -> 0.6 over 300 steps): the listed "
     "miss must say it now holds"),
    ("epstein_self_count_once", "model_slowtest_epstein_variants", "EpsteinVariants.CountingSelfTwiceRaisesArrests",
     "is not 3 se above", "the double-count runs count once: no difference in the jailed share"),
    ("epstein_still_unrounded", "model_slowtest_epstein_variants", "EpsteinVariants.MovementCatalysesOutbursts",
     "known miss now holds: EpsteinVariants.MovementCatalysesOutbursts/more_outbursts_with_movement",
     "the still runs use the printed formula: movement comes out ahead, the listed miss must say it now holds"),
    ("nl_average_fear_offset", "model_slowtest_presets", "Presets.NlAverageLandsInItsRanges",
     "fact missed: Presets.NlAverageLandsInItsRanges/unsafe_sometimes_pct",
     "fear.offset + 0.3 in the NL-average preset: unsafe_sometimes_pct leaves 14-18%"),
    ("coverage_80_intervals", "model_slowtest_survey_coverage", "SurveyCoverage.IntervalsCoverThePopulationValue",
     "fact missed: SurveyCoverage.IntervalsCoverThePopulationValue/",
     "80% intervals (z = 1.282) where 95% are claimed: coverage about 80%"),
    ("survey_age_sex_only", "model_slowtest_survey_weighting", "SurveyWeighting.WeightedIndicatorsUnbiased",
     "bias removed by weighting on migration background and household size",
     "weights by age x sex only while response depends on migration background and household size: bias remains"),
    ("survey_no_instrument_shift", "model_slowtest_survey_weighting", "SurveyWeighting.Vm2021RedesignShowsAsATrendBreak",
     "victimised_pct VM2012 - VM2021",
     "both waves VM2021: no level shift, the trend break is gone"),
    ("vba_no_feedback_gain", "model_test_approach_vba", "ApproachVba.FeedbackOffRemovesItsTrustGain",
     "is not 3 se above", "feedback carries no trust gain (vba.feedback_trust = 0): no direction left"),
    ("vba_agenda_ignores_setters", "model_slowtest_vba_agenda", "VbaAgenda.CrimeItemFollowsExperiencedCrime",
     "is not 3 se above", "the agenda ignores the setters' priorities (vba.agenda_beta = 0): no direction left"),
]


def run(bin_dir, program, test_filter, brk):
    env = dict(os.environ)
    env.pop("BUURTSIM_SEED_SET", None)
    env.pop("BUURTSIM_BREAK", None)
    if brk:
        env["BUURTSIM_BREAK"] = brk
    p = subprocess.run([os.path.join(bin_dir, program), f"--gtest_filter={test_filter}"], env=env, cwd=ROOT,
                       capture_output=True, text=True)
    return p.returncode, p.stdout + p.stderr


def main(argv):
    if "--list" in argv:
        for name, program, test_filter, _, what in BREAKS:
            print(f"{name:26} {program} --gtest_filter={test_filter}\n{'':26} {what}")
        return 0
    bin_dir = os.path.join(ROOT, "build", "bin")
    if argv and os.path.isdir(argv[0]):
        bin_dir, argv = argv[0], argv[1:]
    chosen = [b for b in BREAKS if not argv or b[0] in argv]
    unknown = set(argv) - {b[0] for b in BREAKS}
    if unknown:
        print("unknown breaks:", " ".join(sorted(unknown)))
        return 2
    bad = 0
    for name, program, test_filter, expected, what in chosen:
        code, out = run(bin_dir, program, test_filter, name)
        if code == 0:
            print(f"BREAK LEFT GREEN  {name}: {what}")
            bad += 1
        elif expected not in out:
            print(f"WRONG FAILURE     {name}: expected \"{expected}\"\n{out[-3000:]}")
            bad += 1
        else:
            line = next((x for x in out.splitlines() if expected in x), expected)
            print(f"red as it should  {name}: {what}\n                  {line.strip()[:160]}")
    print(f"{len(chosen) - bad} of {len(chosen)} breaks turn their test red")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
