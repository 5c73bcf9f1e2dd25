"""What the summary of a run report states, computed once so that no two sentences can disagree:
for each approach and key outcome one finding (clear or not, large enough to matter or not, seen
by the survey or not), the best approach on each outcome and on net value, the largest cost items
and the run's warnings. summary_run.py turns these into sentences; the tests check them against the
file's numbers.

A change "matters" when it is at least one standard error of a single buurtmonitor wave of the
buurt's size (the baseline's survey standard error at the last wave, pooled over neighbourhoods):
a smaller change is inside the survey's sampling noise, so no buurtmonitor could show it."""
import math
from dataclasses import dataclass, field

import numpy as np

from . import stats
from .rundata import RunData, comparison, warnings

Z_POWER = 1.959964 + 0.841621  # a two-sided 5% test with 80% power
MAX_WAVES = 10                   # beyond this many waves a buurtmonitor does not see it in practice
SEEN = 0.5                       # seen by the survey in at least half of the simulated surveys


@dataclass
class Finding:
    outcome: str
    diff: float
    lo: float
    hi: float
    detection: float  # NaN: not a survey indicator
    threshold: float  # one survey standard error; NaN: not a survey indicator
    better: str       # "higher", "lower", "neither"

    @property
    def clear(self):
        return bool(np.isfinite(self.lo) and np.isfinite(self.hi) and (self.lo > 0 or self.hi < 0))

    @property
    def matters(self):
        return self.clear and (not np.isfinite(self.threshold) or abs(self.diff) >= self.threshold)

    @property
    def seen(self):
        return bool(np.isfinite(self.detection) and self.detection >= SEEN)

    @property
    def improves(self):
        return self.clear and ((self.better == "higher" and self.diff > 0) or (self.better == "lower" and self.diff < 0))

    @property
    def worsens(self):
        return self.clear and ((self.better == "higher" and self.diff < 0) or (self.better == "lower" and self.diff > 0))

    def waves_needed(self):
        """Survey waves a buurtmonitor would need to show the change (80% power, 5%, waves pooled), or None."""
        if not (np.isfinite(self.threshold) and self.threshold > 0 and self.diff != 0):
            return None
        k = math.ceil(2 * (Z_POWER * self.threshold / abs(self.diff)) ** 2)
        return max(1, k)


@dataclass
class Approach:
    scenario: str
    findings: list = field(default_factory=list)
    npv: float = float("nan")
    p_positive: float = float("nan")
    draws: int = 0
    cost_year: float = float("nan")  # the planned cost a year (/budget/cost_eur): hours at their rates and expenses
    cost: float = float("nan")
    cost_items: list = field(default_factory=list)  # [(item, present value, share of costs)], largest first
    p_best_npv: float = float("nan")


@dataclass
class Verdict:
    approaches: list
    best_on: dict          # {outcome: scenario} among the clear improvements that matter
    best_npv: str          # scenario with the highest net value (None without /cba)
    horizon_years: float
    level: float
    interval_kind: str
    warnings: list
    respondents: float     # survey respondents per neighbourhood (NaN: no survey)
    waves: int


def _survey_se(d, name, base_index):
    """One standard error of the buurtmonitor at the last wave, in the baseline, pooled; NaN without it."""
    pooled = d.survey_pooled(name)
    if pooled is None or base_index is None:
        return float("nan")
    _, lo, hi = pooled
    z = stats.z_for(d.r.attr("interval_level", 90.0, "survey"))
    with np.errstate(invalid="ignore"), stats._quiet():
        se = np.nanmean((hi[base_index, :, -1] - lo[base_index, :, -1]) / (2 * z))
    return float(se)


def compute(results):
    d = RunData(results)
    scen, comp = comparison(results)
    base = results.attr("baseline", "baseline", "comparison")
    level = float(results.attr("interval_level", 90.0, "comparison"))
    kind = str(results.attr("interval_kind", "", "comparison") or "")
    key = results.key_outcomes()
    base_run = d.scenarios.index(base) if base in d.scenarios else None
    thresholds = {o: (_survey_se(d, o, base_run) if info.survey else float("nan")) for o, info in key.items()}
    cba_scen = results.labels("cba/scenario") or []
    get = lambda n: results.array(f"cba/{n}")  # noqa: E731
    npv, ppos, per_rep, costs = get("npv_eur"), get("p_npv_positive"), get("npv_eur_replicate"), get("costs_eur")
    horizon = float(results.attr("horizon_years", float("nan"), "cba") or float("nan"))
    items = results.labels("cba/cost_item") or []
    crit = results.labels("decision/criterion") or []
    p_best = results.array("decision/p_best")
    dec_scen = results.labels("decision/scenario") or []
    from .sections.budget import budgets
    planned_budgets = budgets(results)
    approaches = []
    for i, s in enumerate(scen or []):
        if s == base:
            continue
        a = Approach(s)
        for o, info in key.items():
            if o not in comp:
                continue
            diff, lo, hi, det = comp[o]
            a.findings.append(Finding(o, float(diff[i]), float(lo[i]), float(hi[i]),
                                      float(det[i]) if det is not None else float("nan"), thresholds[o], info.better))
        if npv is not None and s in cba_scen:
            j = cba_scen.index(s)
            a.npv = float(npv[j])
            a.p_positive = float(ppos[j]) if ppos is not None else float("nan")
            a.draws = int(np.isfinite(per_rep[j]).sum()) if per_rep is not None and per_rep.ndim == 2 else 0
            if costs is not None:
                a.cost = float(costs[j])
            parts = []
            for it in items:
                v = get(f"costs_{it}_eur")
                if v is not None and np.isfinite(v[j]) and v[j] > 0.5:
                    parts.append((it, float(v[j]), float(v[j]) / float(costs[j]) if costs is not None and costs[j] > 0
                                  else float("nan")))
            a.cost_items = sorted(parts, key=lambda t: -t[1])
        planned = planned_budgets.get(s)
        if planned is not None:
            a.cost_year = float(planned["cost_eur"])
        if p_best is not None and "net_present_value" in crit and s in dec_scen:
            a.p_best_npv = float(p_best[crit.index("net_present_value")][dec_scen.index(s)])
        approaches.append(a)
    best_on = {}
    for o in key:
        candidates = [(abs(f.diff), a.scenario) for a in approaches for f in a.findings
                      if f.outcome == o and f.improves and f.matters]
        if candidates:
            best_on[o] = max(candidates)[1]
    with_npv = [a for a in approaches if np.isfinite(a.npv)]
    best_npv = max(with_npv, key=lambda a: a.npv).scenario if with_npv else None
    survey = results.config().get("survey", {}) if isinstance(results.config().get("survey"), dict) else {}
    respondents = float(survey.get("target_responses", float("nan")))
    return Verdict(approaches, best_on, best_npv, horizon, level, kind, warnings(results), respondents,
                   len(results.labels("survey/week") or []))
