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
    The only reader of /comparison in the report, so that a change of its layout stays here."""
    scen = results.labels("comparison/scenario")
    if not scen:
        return None, {}
    out = {}
    for name in results.names("comparison"):
        if not name.endswith("_difference"):
            continue
        o = name[: -len("_difference")]
        d = results.array(f"comparison/{o}_difference")
        lo = results.array(f"comparison/{o}_difference_lower")
        hi = results.array(f"comparison/{o}_difference_upper")
        det = results.array(f"comparison/{o}_detection")
        if d is None or lo is None or hi is None:
            continue
        out[o] = (d, lo, hi, det)
    return scen, out


def warnings(results):
    """The run's warnings where its verdict is weak (/summary attribute warnings, one a line), as a list."""
    text = results.attr("warnings", "", "summary") or ""
    return [w for w in str(text).split("\n") if w.strip()]
