"""TEST FIXTURES ONLY: fabricated sweep and calibration files in the planned layout (issue 8), so
the report's sweep and calibration sections can be tested before `buurtsim sweep` and
`buurtsim calibrate` write real ones. The numbers are made up; only the layout matters:

  sweep:       /design/value(point, parameter), /design/point, /design/parameter, /design/lo, /design/hi,
               attr /design design; /final/<outcome>(point, scenario, replicate, neighbourhood);
               /status/complete(point); /cba/npv_eur(point, scenario, replicate), /cba/p_npv_positive(scenario);
               /sensitivity/ (attr method: sobol, morris or src) with the indices as (outcome, scenario,
               contrast, parameter) and computed(outcome, scenario, contrast),
               /sensitivity/ranking_share(ranking_outcome, ranking)
  calibration: /posterior/samples(particle, parameter), weights, parameter; /prior/lo, hi;
               /generation/tolerance, acceptance_rate, ess; /predictive/observed, predicted_mean,
               predicted_lo, predicted_hi, neighbourhood, period, indicator, misfit
"""
import csv
import functools
import io
import os
import subprocess

import h5py
import numpy as np

STR = h5py.string_dtype("utf-8")
SCENARIOS = ["baseline", "vba", "wijkveiligheid"]
PARAMETERS = ["fear.offset", "vba.outreach_share", "wijkveiligheid.follow_through", "police.hours_per_1000"]
OUTCOMES = ["unsafe_sometimes_pct", "trust_police_mean", "team_awareness_pct"]


@functools.cache
def _declarations():
    """The outcome declarations as the program lists them (`buurtsim params --outcomes --format csv`)."""
    out = subprocess.run([os.environ.get("BUURTSIM_BIN", "build/bin/buurtsim"), "params", "--outcomes", "--format",
                          "csv"], capture_output=True, text=True, check=True).stdout
    return {row["name"]: (k, row) for k, row in enumerate(csv.DictReader(io.StringIO(out)))}


def _describe_outcome(d, name):
    """The attributes the writers copy from an outcome's declaration (docs/results.md)."""
    order, row = _declarations()[name]
    d.attrs["kind"] = "survey indicator (true population value)" if row["kind"] == "survey indicator" else "model-only"
    d.attrs["pooling"] = row["pooling"]
    d.attrs["key"] = np.int64(row["key"])
    d.attrs["better"] = row["better"]
    d.attrs["order"] = np.int64(order)


def _root(f, kind):
    f.attrs["kind"] = kind
    f.attrs["buurtsim_version"] = "0.0.0 (test fixture)"
    f.attrs["created"] = "2026-01-01T00:00:00Z"
    f.attrs["command_line"] = f"buurtsim {kind} fixture.toml"
    f.attrs["seed"] = np.uint64(7)
    f.attrs["config_toml"] = ("model = 'buurtsim'\nweeks = 52\nreplicates = 2\nseed = 7\n"
                              "[[scenario]]\nname = 'baseline'\napproaches = []\n"
                              "[[scenario]]\nname = 'vba'\napproaches = ['vba']\n"
                              "[[scenario]]\nname = 'wijkveiligheid'\napproaches = ['wijkveiligheid']\n")


def _labels(g, name, values):
    d = g.create_dataset(name, data=np.array(values, dtype=object if isinstance(values[0], str) else None),
                         dtype=STR if isinstance(values[0], str) else None)
    d.make_scale(name)
    return d


def _data(g, name, data, dims, units="1"):
    d = g.create_dataset(name, data=data)
    d.attrs["units"] = units
    d.attrs["long_name"] = name
    for axis, dim in enumerate(dims):
        d.dims[axis].attach_scale(g[dim])
    return d


def make_sweep(path, method="sobol", points=24, with_sensitivity=True, with_rankings=True):
    rng = np.random.default_rng(1)
    lo = np.array([-1.5, 0.0, 0.0, 6.0])
    hi = np.array([-1.0, 0.6, 0.5, 12.0])
    with h5py.File(path, "w") as f:
        _root(f, "sweep")
        d = f.create_group("design")
        d.attrs["design"] = "saltelli" if method == "sobol" else ("morris" if method == "morris" else "latin_hypercube")
        _labels(d, "point", list(range(points)))
        _labels(d, "parameter", PARAMETERS)
        value = lo + rng.random((points, len(PARAMETERS))) * (hi - lo)
        _data(d, "value", value, ["point", "parameter"])
        _data(d, "lo", lo, ["parameter"])
        _data(d, "hi", hi, ["parameter"])
        s = f.create_group("status")
        _labels(s, "point", list(range(points)))
        complete = np.ones(points, np.uint8)
        complete[-2:] = 0
        _data(s, "complete", complete, ["point"])
        fin = f.create_group("final")
        for name, values in (("point", list(range(points))), ("scenario", SCENARIOS), ("replicate", [0, 1]),
                             ("neighbourhood", ["Wijk"])):
            _labels(fin, name, values)
        for k, o in enumerate(OUTCOMES):
            a = 30 + 5 * value[:, [0]] - 3 * value[:, [1]] * np.arange(3) + rng.normal(0, 0.5, (points, 3))
            a = np.repeat(a[:, :, None, None], 2, axis=2) + k
            a[-2:] = np.nan
            _describe_outcome(_data(fin, o, a, ["point", "scenario", "replicate", "neighbourhood"], "percent"), o)
        c = f.create_group("cba")
        for name, values in (("point", list(range(points))), ("scenario", SCENARIOS), ("replicate", [0, 1])):
            _labels(c, name, values)
        npv = rng.normal(0, 50000, (points, 3, 2)) + np.array([0, -20000, 30000])[None, :, None]
        npv[:, 0, :] = np.nan
        npv[-2:] = np.nan
        _data(c, "npv_eur", npv, ["point", "scenario", "replicate"], "EUR")
        _data(c, "p_npv_positive", np.array([np.nan, 0.3, 0.8]), ["scenario"])
        if with_sensitivity:
            g = f.create_group("sensitivity")
            g.attrs["method"] = method
            # Targets are cells of (outcome, scenario, contrast); these four are "o @ s" for the first two outcomes
            # and the two approaches, in the command's order (outcome, contrast, scenario).
            cells = [(o, s, 0) for o in range(2) for s in range(1, len(SCENARIOS))]
            index = tuple(np.array(axis) for axis in zip(*cells))
            _labels(g, "outcome", OUTCOMES[:2])
            _labels(g, "scenario", SCENARIOS)
            _labels(g, "contrast", ["level", "effect"])
            _labels(g, "parameter", PARAMETERS)
            grid = (2, len(SCENARIOS), 2)
            dims = ["outcome", "scenario", "contrast", "parameter"]
            computed = np.zeros(grid, np.uint8)
            computed[index] = 1
            _data(g, "computed", computed, dims[:3])

            def spread(rows, fill=np.nan, dtype=float):
                a = np.full(grid + rows.shape[1:], fill, dtype)
                a[index] = rows
                return a
            shape = (len(cells), len(PARAMETERS))
            base = rng.random(shape)
            names = {"sobol": ["first_order", "total"], "morris": ["mu_star"], "src": ["src"]}[method]
            for n in names:
                v = base * (0.6 if n == "first_order" else 1.0)
                _data(g, n, spread(v), dims)
                _data(g, n + "_lo", spread(v - 0.1), dims)
                _data(g, n + "_hi", spread(v + 0.1), dims)
            # Flags (docs/sensitivity.md, "Flags"): bit 1 outside the range, bit 2 interval includes 0.
            flags = np.zeros(shape, np.uint8)
            flags[0, 1], flags[1, 2] = 2, 1
            for n in names:
                _data(g, n + "_flag", spread(flags, 0, np.uint8), dims)
            g.attrs["design_units"], g.attrs["small_design"] = np.int64(8), np.int64(1)
            g.attrs["left_out"] = "fear_mean @ vba: indices are not a number (constant over the A and B points)"
            if method == "morris":
                _data(g, "sigma", spread(base / 2), dims)
            if method == "src":
                _data(g, "r2", spread(np.full(len(cells), 0.8)), dims[:3])
            if with_rankings:
                _labels(g, "ranking_outcome", OUTCOMES[:2])
                rankings = ["wijkveiligheid < vba < baseline", "vba < wijkveiligheid < baseline",
                            "wijkveiligheid < baseline < vba"]
                _labels(g, "ranking", rankings)
                _data(g, "ranking_share", np.array([[0.7, 0.25, 0.05], [0.4, 0.6, 0.0]]), ["ranking_outcome", "ranking"])


def make_calibration(path, particles=200, with_predictive=True):
    rng = np.random.default_rng(2)
    params = ["fear.offset", "trust.police_baseline"]
    lo, hi = np.array([-2.0, 5.0]), np.array([0.0, 7.0])
    with h5py.File(path, "w") as f:
        _root(f, "calibration")
        post = f.create_group("posterior")
        _labels(post, "particle", list(range(particles)))
        _labels(post, "parameter", params)
        samples = np.column_stack([rng.normal(-1.3, 0.1, particles), rng.uniform(5.0, 7.0, particles)])
        _data(post, "samples", samples, ["particle", "parameter"])
        _data(post, "weights", np.full(particles, 1.0 / particles), ["particle"])
        prior = f.create_group("prior")
        _labels(prior, "parameter", params)
        _data(prior, "lo", lo, ["parameter"])
        _data(prior, "hi", hi, ["parameter"])
        gen = f.create_group("generation")
        _labels(gen, "generation", list(range(5)))
        _data(gen, "tolerance", np.array([10.0, 6.0, 4.0, 3.0, 2.5]), ["generation"])
        _data(gen, "acceptance_rate", np.array([0.5, 0.3, 0.2, 0.12, 0.08]), ["generation"])
        _data(gen, "ess", np.array([200.0, 180, 170, 160, 150]), ["generation"])
        if with_predictive:
            pr = f.create_group("predictive")
            obs = ["Heerlen 2019 unsafe_sometimes_pct", "Heerlen 2021 unsafe_sometimes_pct", "Heerlen 2021 trust_police_mean"]
            _labels(pr, "observation", list(range(len(obs))))
            for k, name in enumerate(("neighbourhood", "period", "indicator")):
                d = pr.create_dataset(name, data=np.array([o.split()[k] for o in obs], dtype=object), dtype=STR)
                d.dims[0].attach_scale(pr["observation"])
            _data(pr, "observed", np.array([30.0, 28.0, 6.1]), ["observation"])
            _data(pr, "predicted_mean", np.array([31.0, 30.5, 5.9]), ["observation"])
            _data(pr, "predicted_lo", np.array([28.0, 29.0, 5.7]), ["observation"])
            _data(pr, "predicted_hi", np.array([34.0, 32.0, 6.05]), ["observation"])
            _data(pr, "misfit", np.array([0, 1, 1], np.uint8), ["observation"])
