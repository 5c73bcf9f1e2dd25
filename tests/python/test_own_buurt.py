#!/usr/bin/python3
"""Your own buurt, end to end (issue 18, "Done when"; README, "Your own buurt, in three commands").

For each real buurt of a shipped CBS extract that the test uses (Annen, BU16800000, 3,455
residents, Aa en Hunze 2020; Bouwlust, BU05183480, 6,205 residents, Den Haag 2019):

1. `buurtsim init --cbs EXTRACT --code CODE=NAME` writes the configuration (composition from CBS).
2. Survey figures for the buurt: no published buurtmonitor figures exist for these buurten in
   the repository (the Maastricht rows of data/veiligheidsmonitor_examples.csv are of buurten
   whose CBS figures are not shipped), so the figures are SIMULATED AT KNOWN VALUES: the model's
   own survey of one baseline run with four survey-level parameters set to chosen values and
   the others at their central values, each
   row labelled as such in its `bron` column. They are written as a Dutch spreadsheet saves them
   (semicolons, decimal commas, Dutch column names, a quoted source with `,` and `;`).
3. `buurtsim fit CONFIG --data FIGURES -o FIT.h5 --write-config FITTED.toml`.
4. `buurtsim run FITTED.toml --posterior FIT.h5` writes the comparison and its report.

Checks: every command exits 0; the report exists; the fit converged; and the baseline of the
fitted run reproduces the given figures within their sampling error. Tolerance: z = (mean of
the baseline's survey estimates over the run's replicates - the figure) / the figure's standard
error; every |z| <= 3 (a correct fit exceeds it with probability about 0.003 per figure) and
the root mean square of z over all figures <= 1.5 (about 1 when the fit is right; the
replicates' own survey noise adds a little). Fixed seeds: the outcome is repeatable.
Also: the 90% intervals of the fit cover the known values (reported; a coverage rate needs
many cases and is the recovery test's job, tests/experiments/calibration).

Needs BUURTSIM_BIN and BUURTSIM_SOURCE_DIR. Slow on purpose: a few minutes on 2 cores.
"""
import os
import subprocess
import sys
import tempfile
import time

import h5py
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from testlib import BIN, SOURCE, check  # noqa: E402

INDICATORS = {  # indicator -> the parameter `buurtsim fit` moves for it (fit.cpp, kLevers)
    "unsafe_sometimes_pct": "fear.offset",
    "safety_rating": "survey.rating_intercept",
    "trust_police_mean": "trust.police_baseline",
    "cohesion_mean": "cohesion.scale_intercept",
}
BUURTEN = [  # extract, code, name, known values (in INDICATORS' order), seed
    ("data/cbs_kwb_2020_84799NED_aa_en_hunze.csv", "BU16800000", "Annen", (-1.7, 7.3, 6.6, 3.3), 11),
    ("data/cbs_kwb_2019_84583NED_den_haag.csv", "BU05183480", "Bouwlust", (-1.1, 6.5, 5.6, 2.6), 12),
]
YEARS = 3
REPLICATES = 8


def run(args, cwd, timeout=900):
    t = time.monotonic()
    p = subprocess.run([BIN] + args, capture_output=True, text=True, timeout=timeout, cwd=cwd)
    check(p.returncode == 0, f"buurtsim {' '.join(args[:2])} exits 0 (got {p.returncode}: {p.stderr[-2000:]})")
    return p, time.monotonic() - t


def dutch(v):
    return f"{v:.6g}".replace(".", ",")


def wave_years(h):
    return [int(x[:4]) for x in h["survey"].attrs["date"].split(",")]


def figures(truth_h5):
    """The truth run's survey estimates as rows (indicator, year, value, n, se)."""
    rows = []
    with h5py.File(truth_h5, "r") as h:
        n = h["survey/n"][0, 0, 0, :]
        for ind in INDICATORS:
            v, se = h[f"survey/{ind}"][0, 0, 0, :], h[f"survey/{ind}_se"][0, 0, 0, :]
            for w, y in enumerate(wave_years(h)):
                rows.append((ind, y, float(v[w]), int(round(n[w])), float(se[w])))
    return rows


def config_and_figures(d, extract, code, name, truth, seed):
    """Steps 1 and 2: the buurt's configuration and its figures; returns (config, figures file, rows)."""
    cfg = os.path.join(d, f"{name}.toml")
    run(["init", "--cbs", os.path.join(SOURCE, extract), "--code", f"{code}={name}", "--approaches", "vba",
         "--years", str(YEARS), "--replicates", str(REPLICATES), "--seed", str(seed), "-o", cfg], d)

    # The figures, simulated at known values (one baseline run of the truth, its own seed).
    truth_h5 = os.path.join(d, f"{name}_truth.h5")
    sets = []
    for p, v in zip(INDICATORS.values(), truth):
        sets += ["--set", f"{p}={v}"]
    # The world of the figures has the model's other parameters at their central values, as the
    # fit assumes (docs/calibration.md, "The other parameters are held"): --uncertainty none.
    run(["run", cfg, "--scenario", "baseline", "--replicates", "1", "--seed", str(seed + 1000), "--uncertainty",
         "none", "-o", truth_h5, "--quiet", "--no-report", "--threads", "2"] + sets, d)
    rows = figures(truth_h5)
    data = os.path.join(d, f"{name}_buurtmonitor.csv")
    with open(data, "w", encoding="utf-8") as f:
        f.write("buurt;periode;indicator;waarde;n;bron\n")
        for ind, y, v, n, _ in rows:
            f.write(f'{name};{y};{ind};{dutch(v)};{n};"gesimuleerd bij bekende waarden; buurtsim, test"\n')
    return cfg, data, rows


def design_simulations(fit_h5):
    """The simulations of the emulator's design waves in a fit file (bench/fit.py reports them)."""
    with h5py.File(fit_h5, "r") as h:
        return int(np.sum(h["emulator/points"][()]))


def one_buurt(d, extract, code, name, truth, seed):
    cfg, data, rows = config_and_figures(d, extract, code, name, truth, seed)
    fit = os.path.join(d, f"{name}_fit.h5")
    fitted = os.path.join(d, f"{name}_fitted.toml")
    p, fit_seconds = run(["fit", cfg, "--data", data, "-o", fit, "--write-config", fitted, "--threads", "2"], d)
    print(p.stdout)
    check(not p.stdout.startswith("NOT CONVERGED"), f"{name}: the fit converged")
    with h5py.File(fit, "r") as h:
        labels = [x.decode() if isinstance(x, bytes) else x for x in h["posterior/parameter"][()]]
        lo, hi = h["summary/lo"][()], h["summary/hi"][()]
    for p_name, v in zip(INDICATORS.values(), truth):
        i = labels.index(p_name)
        inside = lo[i] <= v <= hi[i]
        print(f"  {name}: {p_name} known {v}, 90% interval [{lo[i]:.3f}, {hi[i]:.3f}]{'' if inside else '  (missed)'}")

    # As the README's third command: no -o, so results/NAME_fitted.h5 and its report beside it.
    p, _ = run(["run", fitted, "--posterior", fit, "--threads", "2"], d)
    out = os.path.join(d, "results", f"{name}_fitted.h5")
    check(os.path.exists(out), f"{name}: results in {out} ({p.stdout[-500:]})")
    check(os.path.getsize(os.path.join(d, "results", f"{name}_fitted.html")) > 10000,
          f"{name}: the report is written beside the results")

    z = []
    with h5py.File(out, "r") as h:
        b = list(h["scenario"].asstr()[()]).index("baseline")
        years = wave_years(h)
        for ind, y, v, n, se_obs in rows:
            w = years.index(y)
            model = float(np.mean(h[f"survey/{ind}"][b, :, 0, w]))
            z.append((model - v) / se_obs)
            print(f"  {name} {ind} {y}: figure {v:.3f}, fitted baseline {model:.3f}, se {se_obs:.3f}, "
                  f"z {z[-1]:+.2f}")
    z = np.array(z)
    rms = float(np.sqrt(np.mean(z**2)))
    check(np.all(np.abs(z) <= 3.0), f"{name}: every figure within 3 standard errors (max |z| {np.max(np.abs(z)):.2f})")
    check(rms <= 1.5, f"{name}: root mean square z {rms:.2f} <= 1.5")
    print(f"{name}: fit {fit_seconds:.0f} s; {len(z)} figures, max |z| {np.max(np.abs(z)):.2f}, rms z {rms:.2f}")


def main():
    with tempfile.TemporaryDirectory() as d:
        for extract, code, name, truth, seed in BUURTEN:
            one_buurt(d, extract, code, name, truth, seed)
    print("test_own_buurt: all checks passed")


if __name__ == "__main__":
    main()
