#!/usr/bin/python3
"""The cost-benefit analysis through the command line (docs/cost-benefit.md; issue 7).

1. Unit values out of range are rejected: `--set cba.<key>=<bad>` exits 2 and names the key.
2. A scenario whose module adds only costs (buurtpreventie with every effect at zero, see
   tests/model/test_approach_buurtpreventie.cpp WithoutEffectsOnlyItsAccountsDiffer) gives
   outcome datasets identical to the baseline but for its own accounts, zero benefits, and a
   net present value equal to minus its costs discounted by hand from the weekly outcomes.
3. The file with /cba passes scripts/check_results.py.

Needs BUURTSIM_BIN (the program). Exits 1 with a message on the first failure.
"""
import os
import subprocess
import sys
import tempfile

import h5py
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from testlib import BIN, check, check_results  # noqa: E402  (tests/python/testlib.py)

CONFIG = """\
model = "buurtsim"
weeks = 40
burn_in_weeks = 20
replicates = 2
seed = 11
[survey]
weeks = [39]
target_responses = 200
[[neighbourhood]]
name = "Klein"
residents = 1500
[buurtpreventie]
police_hours = 0.2
municipality_hours = 0.3
welfare_hours = 0.1
funding = "additional"
guardianship_per_walk = 0
notice = 0
low_value_rate = 0
escalation_rate = 0
niet_pluis_notice = 0
[fear]
watch_reassurance = 0
[[scenario]]
name = "baseline"
approaches = []
[[scenario]]
name = "idle"
approaches = ["buurtpreventie"]
"""

# The module's own accounts (test_approach_buurtpreventie.cpp) and the new cost outcomes.
OWN = {"volunteers", "cost_eur", "professional_hours", "approach_hours", "police_hours", "municipality_hours",
       "welfare_hours", "coordination_hours", "approach_police_hours", "approach_municipality_hours",
       "approach_welfare_hours", "approach_corporation_hours", "approach_other_cost_eur", "approach_one_off_cost_eur",
       "hours_support", "hours_overhead"}


def main():
    with tempfile.TemporaryDirectory() as tmp:
        cfg = os.path.join(tmp, "idle.toml")
        with open(cfg, "w", encoding="utf-8") as f:
            f.write(CONFIG)
        for key, value in [("cba.value_unsafe_year", "1e9"), ("cba.discount_rate", "0.5"), ("cba.cost_burglary", "-1"),
                           ("cba.insecurity_variant", "both")]:
            out = os.path.join(tmp, "bad.h5")
            r = subprocess.run([BIN, "run", cfg, "--quiet", "--set", f"{key}={value}", "-o", out], capture_output=True, text=True)
            check(r.returncode == 2, f"--set {key}={value}: exit {r.returncode}, expected 2; stderr {r.stderr!r}")
            check(key in r.stderr, f"--set {key}={value}: the message does not name the key: {r.stderr!r}")
            check(not os.path.exists(out), f"--set {key}={value}: an output file was written")
            print(f"ok: --set {key}={value} rejected with exit 2 naming the key")

        out = os.path.join(tmp, "idle.h5")
        r = subprocess.run([BIN, "run", cfg, "-o", out], capture_output=True, text=True)
        check(r.returncode == 0, f"run failed: {r.returncode} {r.stderr}")
        check("Cost-benefit against the baseline" in r.stdout, "no cost-benefit table printed")
        check("probability of being cost-effective" in r.stdout, "no acceptability line in the table")
        rq = subprocess.run([BIN, "run", cfg, "--quiet", "-o", os.path.join(tmp, "q.h5")], capture_output=True, text=True)
        check("Cost-benefit" not in rq.stdout, "the cost-benefit table is printed under --quiet")
        c = check_results(out)
        check(c.returncode == 0, f"check_results.py failed: {c.stdout} {c.stderr}")
        with h5py.File(out, "r") as h:
            names = [n.decode() if isinstance(n, bytes) else n for n in h["scenario"][()]]
            b, s = names.index("baseline"), names.index("idle")
            for name, d in h.items():
                if not isinstance(d, h5py.Dataset) or d.ndim != 4 or name in OWN:
                    continue
                x, y = d[b], d[s]
                check(np.array_equal(x, y, equal_nan=True), f"outcome {name} differs from the baseline")
            print("ok: every outcome but the module's own accounts is identical to the baseline")
            g = h["cba"]
            for name in g:
                if name.startswith("benefits_") or name.startswith("unsafe_years"):
                    v = np.asarray(g[name][s])
                    check(np.all(np.abs(v) < 1e-6), f"/cba/{name} is {v}, expected 0")
            print("ok: every benefit is zero")
            rate = g.attrs["discount_rate"]
            weeks = h["approach_other_cost_eur"].shape[-1]
            df = (1 + rate) ** (-np.arange(weeks) / 52.0)
            # Costs by hand: the approach's hours at the default rates, expenses, volunteer time.
            rates = {"approach_police_hours": 89.0, "approach_municipality_hours": 75.0, "approach_welfare_hours": 65.0,
                     "approach_corporation_hours": 65.0, "approach_other_cost_eur": 1.0, "volunteers": 2.0 * 10.0,
                     "team_contacts": 1.0 * 10.0}
            per_rep = np.zeros(h["volunteers"].shape[1])
            for name, rate_eur in rates.items():
                diff = (h[name][s] - h[name][b]).sum(axis=1)  # (replicate, week)
                per_rep += rate_eur * (diff * df).sum(axis=1)
            check(per_rep.min() > 0, "the idle scenario has no costs")
            npv = g["npv_eur"][s]
            check(abs(npv + per_rep.mean()) < 1e-6 * per_rep.mean(), f"npv_eur {npv} != minus the discounted costs {-per_rep.mean()}")
            check(np.allclose(g["npv_eur_replicate"][s], -per_rep, rtol=1e-9), "npv_eur_replicate differs from the hand computation")
            check(g["p_npv_positive"][s] == 0, "p_npv_positive should be 0")
            by_task = g["costs_by_task_eur"][s]
            by_org = sum(g[f"costs_{k}_eur"][s] for k in ("police", "municipality", "welfare", "corporation"))
            check(abs(by_task.sum() - by_org) <= 1e-9 * max(1.0, abs(by_org)), f"costs by task {by_task.sum()} != hour costs {by_org}")
            print("ok: the costs by task add up to the hour costs of the organisations")
            one_off = ((h["approach_one_off_cost_eur"][s] - h["approach_one_off_cost_eur"][b]).sum(axis=1) * df).sum(axis=1).mean()
            check(one_off > 0, "the volunteers' trainings are not booked as one-off costs")
            check(abs(g["costs_expenses_one_off_eur"][s] - one_off) < 1e-6 * one_off, "costs_expenses_one_off_eur differs")
            check(abs(g["costs_expenses_one_off_eur"][s] + g["costs_expenses_recurring_eur"][s] - g["costs_expenses_eur"][s]) < 1e-6,
                  "one-off and recurring expenses do not add up")
            check(g["ceac"].dims[1][0].name.endswith("/wtp"), "ceac has no wtp dimension scale")
            check(np.isnan(g["npv_eur"][b]), "the baseline's own npv should be NaN")
            rules = [n.decode() if isinstance(n, bytes) else n for n in g["rule"][()]]
            by_rule = dict(zip(rules, g["npv_by_rule_eur"][s]))
            # Only costs: they end with the simulation under decayed and ended, and go on under held.
            check(abs(by_rule["ended"] - npv) < 1e-6 * abs(npv) and abs(by_rule["decayed"] - npv) < 1e-6 * abs(npv),
                  f"npv by rule {by_rule} != npv_eur {npv} for decayed and ended")
            check(by_rule["held"] < npv, f"held {by_rule['held']} should cost more than {npv}")
            check(abs(g["costs_by_year_pv_eur"][s].sum() - g["costs_eur"][s]) < 1e-6 * g["costs_eur"][s],
                  "the costs per year do not add up to the costs")
            check("pm" in g and g["pm/change"].shape[1] == len(g["pm/item"]), "no /cba/pm with the PM-posten")
            print(f"ok: npv_eur {npv:.2f} = minus the discounted costs (hourly rates, expenses, volunteers' time)")
    print("PASS")


if __name__ == "__main__":
    main()
