"""What the run-file sections share: labels, and outcomes pooled over neighbourhoods."""
import numpy as np

from . import stats


class RunData:
    def __init__(self, results):
        self.r = results
        self.scenarios = results.labels("scenario") or []
        self.neighbourhoods = results.labels("neighbourhood") or []
        self.replicates = results.labels("replicate") or []
        self.weeks = results.labels("week") or []
        res = results.array("residents")
        self.residents = (np.asarray(res, dtype=float) if res is not None and len(res) == len(self.neighbourhoods)
                          else np.ones(len(self.neighbourhoods)))
        self.info = results.outcomes()  # {name: OutcomeInfo}, declaration order
        self.key = [n for n, o in self.info.items() if o.key]

    def outcome(self, name):
        """<outcome>(scenario, replicate, week) pooled over neighbourhoods, or None when absent."""
        a = self.r.array(name)
        if a is None or a.ndim != 4:
            return None
        info = self.info.get(name)
        return stats.pool(a, self.residents, axis=2, count=info is not None and info.pooling == "sum")

    def units(self, name, group="/"):
        path = name if group == "/" else f"{group}/{name}"
        return self.r.dataset_attr(path, "units", "")

    def approach_scenarios(self):
        return [s for s in self.scenarios if s != "baseline"]

    def survey_pooled(self, name):
        """(estimate, lower, upper) as (scenario, replicate, wave), pooled over neighbourhoods like /comparison
        (weights: /survey/eligible; se combined; normal interval at the file's level), or None.
        With one neighbourhood the stored bounds are used as they are."""
        est = self.r.array(f"survey/{name}")
        if est is None or est.ndim != 4 or est.shape[-1] == 0:
            return None
        lo = self.r.array(f"survey/{name}_lower")
        hi = self.r.array(f"survey/{name}_upper")
        if est.shape[2] == 1 and lo is not None and hi is not None:
            return est[:, :, 0, :], lo[:, :, 0, :], hi[:, :, 0, :]
        se = self.r.array(f"survey/{name}_se")
        e = self.r.array("survey/eligible")
        if se is None:
            return None
        if e is None:
            e = np.ones_like(est)
        e = np.where(np.isnan(est), 0.0, e)
        total = e.sum(axis=2)
        with np.errstate(invalid="ignore", divide="ignore"):
            pooled = np.nansum(est * e, axis=2) / total
            pooled_se = np.sqrt(np.nansum((e * se) ** 2, axis=2)) / total
        z = stats.z_for(self.r.attr("interval_level", 90.0, "survey"))
        return pooled, pooled - z * pooled_se, pooled + z * pooled_se


def comparison(results):
    """{outcome: (diff, lo, hi, detection or None)} arrays over the compared scenarios, and those scenarios.
    Reads /comparison's (outcome, scenario) variables difference, difference_lower, difference_upper and
    detection (docs/results.md); detection is None for an outcome the survey does not ask (all NaN).
    The only reader of /comparison in the report, so that a change of its layout stays here."""
    scen = results.labels("comparison/scenario")
    outcomes = results.labels("comparison/outcome")
    if not scen:
        return None, {}
    if not outcomes:
        return scen, _comparison_by_name(results)
    d, lo, hi, det = (results.array(f"comparison/{n}")
                      for n in ("difference", "difference_lower", "difference_upper", "detection"))
    if d is None or lo is None or hi is None or d.shape != (len(outcomes), len(scen)):
        return None, {}
    survey = {n for n, o in results.outcomes().items() if o.survey}
    out = {}
    for i, o in enumerate(outcomes):
        asked = det is not None and (o in survey or not np.all(np.isnan(det[i])))
        out[o] = (d[i], lo[i], hi[i], det[i] if asked else None)
    return scen, out


def _comparison_by_name(results):
    """/comparison of files written before decision 0015 (docs/decisions/): <outcome>_difference(scenario),
    _difference_lower, _difference_upper and, for survey indicators, _detection."""
    out = {}
    for name in results.names("comparison"):
        if name.endswith("_difference"):
            o = name[: -len("_difference")]
            d, lo, hi = (results.array(f"comparison/{o}{s}") for s in ("_difference", "_difference_lower",
                                                                       "_difference_upper"))
            if d is not None and lo is not None and hi is not None:
                out[o] = (d, lo, hi, results.array(f"comparison/{o}_detection"))
    return out


def warnings(results):
    """The run's warnings where its verdict is weak (/summary attribute warnings, one a line), as a list."""
    text = results.attr("warnings", "", "summary") or ""
    return [w for w in str(text).split("\n") if w.strip()]
