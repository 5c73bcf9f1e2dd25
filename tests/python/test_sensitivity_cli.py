#!/usr/bin/python3
"""`buurtsim sensitivity SWEEP.h5` end to end on fabricated sweep files (docs/sensitivity.md).

The sweep files are made here with h5py in the layout of a sweep file (docs/results.md, "The
sweep kind"), with outcomes that are known functions of the design's parameters, so the indices
the command writes can be checked against the truth:
1. saltelli design (scrambled Sobol points, N = 2048, k = 3): unsafe_sometimes_pct is 30 plus the
   Ishigami function (a = 7, b = 0.1) in the baseline; in vba it is 2 u1 lower (u1: x1's place in
   its range), so the effect vba - baseline depends on x1 alone (S1 = ST = 1 for x1, 0 for the
   others). Two neighbourhoods (1000 and 3000 residents) hold f + 3 and f - 1, and two replicates
   f + 0.5 and f - 0.5, so the means weighted by residents are f itself. Tolerance: +-0.06 on each
   index (about 3 standard errors at this N), and the bootstrap intervals must cover the analytic
   values. incidents is constant in the baseline (that target is left out) and 5 + 10 u2 in vba.
   Rankings: vba < baseline in every point for unsafe_sometimes_pct, baseline < vba for incidents.
   /sensitivity opens in xarray with dimensions (outcome, scenario, contrast, parameter), a cell
   there equals the target's row read through computed, and the file passes scripts/check_results.py.
   A second run replaces /sensitivity (same values, one group).
2. morris design (10 trajectories, 4 levels) of a linear function in range units: mu* = mu =
   (10, 3, 0.1) exactly (to 1e-9), sigma = 0, for fear_mean (pooled as a residents-weighted mean);
   twice that for incidents, a count, which is summed over the two neighbourhoods.
3. latin_hypercube design (60 points) of a linear function: R^2 = 1 and the SRCs equal
   b_i sd(x_i) / sd(y) (to 1e-9).
4. Bad input exits 2 and leaves the file byte for byte as it was, with no SWEEP.h5.tmp: a
   missing file, a text file, a run file, an unfinished sweep, a saltelli design whose points
   are not blocks of k + 2. A directory in the way of SWEEP.h5.tmp is refused (exit 2: not a
   file of ours, docs/reliability.md) and left as it was, SWEEP.h5 untouched.
5. A tiny real sweep (configs/sweep.toml with N = 2) is refused as too small (exit 2, file
   untouched) and read with --allow-small (flagged small_design): the runner's layout, /cba
   included, is the one the command expects.
Also: NPV, cost and benefit (/cba) are targets with the indices of their known functions;
fear_mean, constant over A and B but not in the mixed points, is left out with its reason (no
"nan" printed); flags of intervals that include zero; --target chooses what is printed.

Needs BUURTSIM_BIN (the program). Exits 1 with a message on the first failure.
"""
import os
import shutil
import subprocess
import sys
import tempfile

import h5py
import numpy as np
import xarray as xr
from scipy.stats import qmc

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from testlib import BIN, check, check_results  # noqa: E402  (tests/python/testlib.py)
STR = h5py.string_dtype()


def scale(group, name, values, long_name, units=None):
    """A dimension scale `name` in `group` (strings when values are str)."""
    if values and isinstance(values[0], str):
        ds = group.create_dataset(name, data=np.array(values, dtype=object), dtype=STR)
    else:
        ds = group.create_dataset(name, data=np.asarray(values))
        ds.attrs["units"] = units or "1"
    ds.attrs["long_name"] = long_name
    ds.make_scale(name)
    return ds


def data(group, name, values, dims, units, long_name):
    ds = group.create_dataset(name, data=values)
    ds.attrs["units"] = units
    ds.attrs["long_name"] = long_name
    for i, d in enumerate(dims):
        ds.dims[i].attach_scale(group[d])
    return ds


def write_sweep(path, design, params, lo, hi, values, outcomes, scenarios, complete=None, kind="sweep", cba=None):
    """values: (points, k) in the parameters' units; outcomes: name -> (point, scenario, replicate, nb);
    cba: name -> (point, scenario, replicate), written to /cba."""
    points = values.shape[0]
    replicates = next(iter(outcomes.values())).shape[2]
    with h5py.File(path, "w") as f:
        for key, value in [("kind", kind), ("buurtsim_version", "test"), ("created", "now"), ("command_line", "fabricated"),
                           ("config_toml", "# fabricated by tests/python/test_sensitivity_cli.py")]:
            f.attrs[key] = value
        f.attrs["seed"] = np.uint64(1)
        g = f.create_group("design")
        g.attrs["design"] = design
        g.attrs["samples"], g.attrs["levels"], g.attrs["trajectories"] = 0, 4, 0
        scale(g, "point", list(range(points)), "design point")
        scale(g, "parameter", params, "parameter")
        data(g, "lo", np.array(lo, dtype=float), ["parameter"], "various", "lower end of the range")
        data(g, "hi", np.array(hi, dtype=float), ["parameter"], "various", "upper end of the range")
        data(g, "value", values, ["point", "parameter"], "various", "parameter values at each point")
        s = f.create_group("status")
        scale(s, "point", list(range(points)), "design point")
        done = np.ones(points, dtype=np.uint8) if complete is None else complete
        data(s, "complete", done, ["point"], "1", "1 when the point finished")
        s.attrs["points_done"], s.attrs["points_total"] = int(done.sum()), points
        fin = f.create_group("final")
        scale(fin, "point", list(range(points)), "design point")
        scale(fin, "scenario", scenarios, "scenario")
        scale(fin, "replicate", list(range(replicates)), "replicate")
        scale(fin, "neighbourhood", ["Noord", "Zuid"], "neighbourhood")
        data(fin, "residents", np.array([1000, 3000], dtype=np.int64), ["neighbourhood"], "persons", "residents")
        for name, v in outcomes.items():
            data(fin, name, v, ["point", "scenario", "replicate", "neighbourhood"], "various", name)
        if cba:
            c = f.create_group("cba")
            scale(c, "point", list(range(points)), "design point")
            scale(c, "scenario", scenarios, "scenario")
            scale(c, "replicate", list(range(replicates)), "replicate")
            for name, v in cba.items():
                data(c, name, v, ["point", "scenario", "replicate"], "EUR", name)


def spread(f):
    """(points,) -> (points, 1, 2, 2): replicates f +- 0.5, neighbourhoods +3 / -1 (residents 1000 / 3000)."""
    out = np.empty((len(f), 1, 2, 2))
    for r, dr in enumerate((0.5, -0.5)):
        out[:, 0, r, 0] = f + dr + 3
        out[:, 0, r, 1] = f + dr - 1
    return out


def run(path, *extra):
    return subprocess.run([BIN, "sensitivity", path, "--bootstrap", "200", *extra], capture_output=True, text=True)


def saltelli_file(path, n=2048, complete=None):
    k = 3
    ab = qmc.Sobol(d=2 * k, scramble=True, seed=12345).random(n)
    a, b = ab[:, :k], ab[:, k:]
    blocks = [a, b] + [np.where(np.arange(k) == i, b, a) for i in range(k)]
    u = np.stack(blocks, axis=1).reshape(-1, k)  # N blocks of k + 2 points
    x = -np.pi + 2 * np.pi * u
    ish = np.sin(x[:, 0]) + 7 * np.sin(x[:, 1]) ** 2 + 0.1 * x[:, 2] ** 4 * np.sin(x[:, 0])
    base = 30 + ish
    unsafe = np.concatenate([spread(base), spread(base - 2 * u[:, 0])], axis=1)
    incidents = np.concatenate([spread(np.full(len(u), 5.0)), spread(5 + 10 * u[:, 1])], axis=1)
    # fear_mean: 1 at every A and B point, 1 + u1 at the mixed points: its Sobol indices are
    # undefined (variance 0 over A and B), so the target is left out with the reason.
    role = np.arange(len(u)) % (k + 2)
    fear = np.where(role < 2, 1.0, 1.0 + u[:, 0])
    fear_mean = np.concatenate([spread(fear), spread(fear)], axis=1)
    # Cost-benefit against the baseline (NaN there): cost 1000 + 500 u3, benefit 2000 u1, the
    # same in both replicates; NPV = benefit - cost, whose Sobol indices are those of a sum of
    # two uniforms: x1 4e6 / (4e6 + 2.5e5) = 0.941, x3 0.059.
    def per_replicate(v):
        out = np.full((len(u), 2, 2), np.nan)
        out[:, 1, :] = v[:, None]
        return out
    cost, benefit = 1000 + 500 * u[:, 2], 2000 * u[:, 0]
    write_sweep(path, "saltelli", ["x1", "x2", "x3"], [-np.pi] * 3, [np.pi] * 3, x,
                {"unsafe_sometimes_pct": unsafe, "incidents": incidents, "fear_mean": fear_mean},
                ["baseline", "vba"], complete,
                cba={"npv_eur": per_replicate(benefit - cost), "cost_eur": per_replicate(cost),
                     "benefit_eur": per_replicate(benefit)})


def labels(ds):
    return [v.decode() if isinstance(v, bytes) else str(v) for v in ds[()]]


class Targets:
    """/sensitivity's targets as rows, read from its (outcome, scenario, contrast[, parameter]) variables
    where computed is 1: labels "OUTCOME @ SCENARIO" and "... - baseline" (contrast effect), and each
    variable as (target[, parameter]) by name: t = Targets(g); t.labels; t["total"][k]."""

    def __init__(self, g):
        self.g = g
        outcome, scenario, contrast = (labels(g[n]) for n in ("outcome", "scenario", "contrast"))
        check(g["computed"].shape == (len(outcome), len(scenario), len(contrast)), "computed(outcome, scenario, contrast)")
        self.cells = [tuple(c) for c in np.argwhere(g["computed"][()] == 1)]
        self.labels = [f"{outcome[o]} @ {scenario[s]}" + (" - baseline" if contrast[c] == "effect" else "")
                       for o, s, c in self.cells]

    def __getitem__(self, name):
        a = self.g[name][()]
        return np.array([a[c] for c in self.cells])


def check_sobol(path, out):
    with h5py.File(path, "r") as f:
        check(list(f.keys()).count("sensitivity") == 1, "one /sensitivity group")
        g = f["sensitivity"]
        attrs = {k: (v.decode() if isinstance(v, bytes) else v) for k, v in g.attrs.items()}
        check(attrs["method"] == "sobol" and attrs["interval"] == 90 and attrs["bootstrap"] == 200, f"attributes {attrs}")
        t_ = Targets(g)
        targets = t_.labels
        expected = ["unsafe_sometimes_pct @ baseline", "unsafe_sometimes_pct @ vba", "unsafe_sometimes_pct @ vba - baseline",
                    "incidents @ vba", "incidents @ vba - baseline", "cba/npv_eur @ vba", "cba/cost_eur @ vba", "cba/benefit_eur @ vba"]
        check(sorted(targets) == sorted(expected), f"targets {targets}; expected {expected} (incidents @ baseline is "
              "constant; fear_mean's indices are undefined)")
        left_out = attrs["left_out"]
        for label in ("incidents @ baseline: constant", "fear_mean @ baseline: indices are not a number",
                      "fear_mean @ vba - baseline: constant"):
            check(label in left_out, f"left_out names '{label}': {left_out!r}")
        check(attrs["design_units"] == 2048 and attrs["small_design"] == 0, f"design size attributes {attrs}")
        # Cost-benefit targets: cost depends on x3 alone, benefit on x1 alone, NPV on both.
        for label, want in (("cba/cost_eur @ vba", [0, 0, 1]), ("cba/benefit_eur @ vba", [1, 0, 0]),
                            ("cba/npv_eur @ vba", [0.941, 0, 0.059])):
            t = targets.index(label)
            check(np.allclose(t_["total"][t], want, atol=0.03), f"{label}: total {t_['total'][t]}; expected {want}")
            check(g["total"].attrs["units"] == "1", "units of total")
        # Flags: the effect of vba depends on x1 alone; the total indices of x2 and x3 are 0 with
        # intervals [0, 0] (bit 2, the interval includes zero); x1's is not flagged.
        e = targets.index("unsafe_sometimes_pct @ vba - baseline")
        flags = t_["total_flag"][e]
        check(flags[0] == 0 and flags[1] & 2 and flags[2] & 2, f"total_flag of the effect {flags}; expected 0, 2, 2")
        check(g["total_flag"].attrs["flag_meanings"] == "outside_range interval_includes_zero no_interval",
              "flag_meanings")
        check(g["first_order_flag"].dtype == np.uint8, "flags are uint8")
        check(labels(g["parameter"]) == ["x1", "x2", "x3"], "parameters")
        t = targets.index("unsafe_sometimes_pct @ baseline")
        truth = {"first_order": [0.3139, 0.4424, 0.0], "total": [0.5576, 0.4424, 0.2437]}
        for name, values in truth.items():
            est, lo, hi = t_[name][t], t_[name + "_lo"][t], t_[name + "_hi"][t]
            print(f"  Ishigami {name}: {np.round(est, 4)} interval lo {np.round(lo, 4)} hi {np.round(hi, 4)}; truth {values}")
            check(np.all(np.abs(est - values) <= 0.06), f"{name} {est} not within 0.06 of {values}")
            check(np.all(lo <= np.array(values)) and np.all(hi >= np.array(values)), f"{name} intervals [{lo}, {hi}] miss {values}")
        e = targets.index("unsafe_sometimes_pct @ vba - baseline")
        for name in ("first_order", "total"):
            check(np.allclose(t_[name][e], [1, 0, 0], atol=0.02), f"effect {name} {t_[name][e]}; expected (1, 0, 0)")
        i = targets.index("incidents @ vba")
        check(np.allclose(t_["total"][i], [0, 1, 0], atol=0.02), f"incidents @ vba total {t_['total'][i]}")
        # Cells without a target: NaN indices, flags 0 (the baseline has no effect; fear_mean was left out).
        total, computed = g["total"][()], g["computed"][()]
        check(bool(np.isnan(total[computed == 0]).all()) and not np.isnan(total[computed == 1]).any(),
              "total is NaN exactly where computed is 0")
        check(not g["total_flag"][()][computed == 0].any(), "flags are 0 where computed is 0")
        check(labels(g["ranking_outcome"]) == ["unsafe_sometimes_pct", "incidents"], f"ranking outcomes {labels(g['ranking_outcome'])}")
        rankings = labels(g["ranking"])
        share = g["ranking_share"][()]
        check(np.allclose(share.sum(axis=1), 1.0), f"ranking shares add up to {share.sum(axis=1)}")
        check(share[0, rankings.index("vba < baseline")] == 1.0, "vba < baseline in every point (unsafe_sometimes_pct)")
        check(share[1, rankings.index("baseline < vba")] == 1.0, "baseline < vba in every point (incidents)")
        for name, ds in g.items():
            check("units" in ds.attrs and "long_name" in ds.attrs, f"/sensitivity/{name}: units and long_name")
    # xarray: named dimensions with string labels; a cell equals the row read above (the old target's).
    ds = xr.open_dataset(path, engine="h5netcdf", group="sensitivity")
    check(ds["total"].dims == ("outcome", "scenario", "contrast", "parameter"), f"xarray dims of total: {ds['total'].dims}")
    check(list(ds["contrast"].values) == ["level", "effect"] and list(ds["scenario"].values) == ["baseline", "vba"],
          f"xarray labels: {list(ds['contrast'].values)}, {list(ds['scenario'].values)}")
    check("cba/npv_eur" in ds["outcome"].values and str(ds["unit"].sel(outcome="cba/npv_eur").values) == "EUR",
          "the cost-benefit targets are outcomes with their unit")
    check(ds["ranking_share"].dims == ("ranking_outcome", "ranking"), "xarray dims of ranking_share")
    check(abs(float(ds["total"].sel(outcome="unsafe_sometimes_pct", scenario="baseline", contrast="level",
                                    parameter="x2")) - 0.4424) < 0.06, "xarray sel")
    with h5py.File(path, "r") as f:
        rows = Targets(f["sensitivity"])
        want = rows["first_order"][rows.labels.index("unsafe_sometimes_pct @ vba - baseline")]
    got = ds["first_order"].sel(outcome="unsafe_sometimes_pct", scenario="vba", contrast="effect").values
    check(np.array_equal(got, want), f"xarray first_order of the effect {got}, the target's row {want}")
    ds.close()
    check("unsafe_sometimes_pct @ vba - baseline" in out and "vba < baseline" in out, "the table names the effect and the ranking")
    check("cba/npv_eur @ vba (EUR)" in out and "cba/cost_eur" not in out,
          "the table shows the net present value by default (cost and benefit are in the file)")
    check("nan" not in out.lower(), "no 'nan' in the table")
    check("Flags: r = " in out and " z\n" in out, "the table flags intervals that include zero, with a legend")


def unchanged(path, before, what):
    with open(path, "rb") as f:
        check(f.read() == before, f"{what}: {path} changed")
    check(not os.path.exists(path + ".tmp"), f"{what}: {path}.tmp left behind")


def main():
    with tempfile.TemporaryDirectory() as tmp:
        # 1. Sobol indices.
        sweep = os.path.join(tmp, "sweep.h5")
        saltelli_file(sweep)
        r = run(sweep)
        check(r.returncode == 0, f"exit {r.returncode}; stderr {r.stderr}")
        print(r.stdout)
        check_sobol(sweep, r.stdout)
        check("note: left out these targets, whose indices are not a number" in r.stderr
              and "fear_mean @ baseline, fear_mean @ vba" in r.stderr,
              f"a note on the undefined target: {r.stderr}")
        r = run(sweep, "--quiet", "--target", "cba/cost_eur", "--target", "incidents @ vba")
        check(r.returncode == 0 and "cba/cost_eur @ vba" in r.stdout and "cba/npv_eur" not in r.stdout
              and "incidents @ vba (" in r.stdout and "unsafe_sometimes_pct" not in r.stdout, f"--target chooses the targets printed: {r.stdout}")
        r = run(sweep, "--quiet", "--target", "no_such_outcome")
        check(r.returncode == 2 and "--target no_such_outcome" in r.stderr, f"unknown --target: {r.returncode} {r.stderr}")
        c = check_results(sweep)
        check(c.returncode == 0, f"check_results.py: {c.stdout}")
        with h5py.File(sweep, "r") as f:
            first = f["sensitivity/total"][()]
        r = run(sweep, "--quiet")
        check(r.returncode == 0, f"second run: exit {r.returncode}; stderr {r.stderr}")
        check_sobol(sweep, r.stdout)
        with h5py.File(sweep, "r") as f:
            check(np.array_equal(f["sensitivity/total"][()], first, equal_nan=True),
                  "same seed, same indices on a second run")
        print("ok: Sobol indices of Ishigami and of the effect, rankings, xarray, rerun")

        # 2. Morris in range units.
        k, r_traj, levels = 3, 10, 4
        delta = levels / (2 * (levels - 1))
        rng = np.random.default_rng(3)
        lo, hi = np.array([0.0, 10.0, -5.0]), np.array([1.0, 110.0, 5.0])
        pts = []
        for _ in range(r_traj):
            u = rng.integers(0, 2, k) / (levels - 1)  # start levels whose + delta stays inside
            pts.append(u.copy())
            for i in rng.permutation(k):
                u[i] += delta
                pts.append(u.copy())
        u = np.array(pts)
        y = 10 * u[:, 0] + 3 * u[:, 1] + 0.1 * u[:, 2]
        morris = os.path.join(tmp, "morris.h5")
        write_sweep(morris, "morris", ["a.x", "b.y", "c.z"], lo, hi, lo + u * (hi - lo),
                    {"fear_mean": spread(y), "incidents": spread(y)}, ["baseline"])
        res = run(morris)
        check(res.returncode == 0, f"morris: exit {res.returncode}; stderr {res.stderr}")
        with h5py.File(morris, "r") as f:
            g = f["sensitivity"]
            check(g.attrs["method"] == "morris", "method morris")
            t_ = Targets(g)
            targets = t_.labels
            check(sorted(targets) == ["fear_mean @ baseline", "incidents @ baseline"], f"morris targets {targets}")
            # fear_mean is pooled as a mean weighted by residents: f itself. incidents is a count,
            # summed over the neighbourhoods: (f + 3) + (f - 1) = 2 f + 2, so every effect doubles.
            for name, factor in (("fear_mean", 1), ("incidents", 2)):
                t = targets.index(f"{name} @ baseline")
                want = factor * np.array([10, 3, 0.1])
                check(np.allclose(t_["mu_star"][t], want, atol=1e-9), f"{name}: mu* {t_['mu_star'][t]}, expected {want}")
                check(np.allclose(t_["mu"][t], want, atol=1e-9), f"{name}: mu {t_['mu'][t]}, expected {want}")
                check(np.allclose(t_["sigma"][t], 0, atol=1e-9), f"{name}: sigma {t_['sigma'][t]}")
            check("ranking" not in g, "no rankings with one scenario")
        xr.open_dataset(morris, engine="h5netcdf", group="sensitivity").close()
        print("ok: Morris mu* in range units; a count summed over neighbourhoods, a mean weighted by residents")

        # 3. SRC on a Latin hypercube.
        n = 60
        u = (np.stack([rng.permutation(n) for _ in range(3)], axis=1) + rng.random((n, 3))) / n
        x = lo + u * (hi - lo)
        b = np.array([2.0, -0.05, 0.3])
        y = 1 + x @ b
        lhs = os.path.join(tmp, "lhs.h5")
        write_sweep(lhs, "latin_hypercube", ["a.x", "b.y", "c.z"], lo, hi, x, {"trust_police_mean": spread(y)[:, :, :, :]}, ["vba"])
        res = run(lhs)
        check(res.returncode == 0, f"lhs: exit {res.returncode}; stderr {res.stderr}")
        with h5py.File(lhs, "r") as f:
            g = f["sensitivity"]
            expected = b * x.std(axis=0, ddof=1) / y.std(ddof=1)
            t_ = Targets(g)
            check(t_.labels == ["trust_police_mean @ vba"], f"targets {t_.labels}")
            check(np.allclose(t_["src"][0], expected, atol=1e-9), f"src {t_['src'][0]}; expected {expected}")
            check(abs(t_["r2"][0] - 1) < 1e-9, f"r2 {t_['r2'][0]}")
        xr.open_dataset(lhs, engine="h5netcdf", group="sensitivity").close()
        print("ok: SRC and R^2 on a Latin hypercube")

        # 4. Bad input: exit 2, nothing changed.
        r = run(os.path.join(tmp, "missing.h5"))
        check(r.returncode == 2 and "no such file" in r.stderr, f"missing file: exit {r.returncode}; {r.stderr}")
        text = os.path.join(tmp, "notes.h5")
        with open(text, "w") as f:
            f.write("not hdf5\n")
        r = run(text)
        check(r.returncode == 2 and "HDF5" in r.stderr, f"text file: exit {r.returncode}; {r.stderr}")
        runfile = os.path.join(tmp, "run.h5")
        saltelli_file(runfile, n=16)
        with h5py.File(runfile, "a") as f:
            f.attrs["kind"] = "run"
        before = open(runfile, "rb").read()
        r = run(runfile)
        check(r.returncode == 2 and "not a sweep file" in r.stderr, f"run file: exit {r.returncode}; {r.stderr}")
        unchanged(runfile, before, "run file")
        unfinished = os.path.join(tmp, "unfinished.h5")
        done = np.ones(16 * 5, dtype=np.uint8)
        done[7] = 0
        saltelli_file(unfinished, n=16, complete=done)
        before = open(unfinished, "rb").read()
        r = run(unfinished)
        check(r.returncode == 2 and "unfinished" in r.stderr, f"unfinished: exit {r.returncode}; {r.stderr}")
        unchanged(unfinished, before, "unfinished sweep")
        broken = os.path.join(tmp, "broken.h5")
        write_sweep(broken, "saltelli", ["x1", "x2"], [0, 0], [1, 1], np.random.default_rng(1).random((9, 2)),
                    {"incidents": spread(np.arange(9.0))}, ["baseline"])
        before = open(broken, "rb").read()
        r = run(broken)
        check(r.returncode == 2 and "saltelli" in r.stderr, f"saltelli design of 9 points, k = 2: exit {r.returncode}; {r.stderr}")
        unchanged(broken, before, "not Saltelli blocks")
        print("ok: bad input exits 2 and changes nothing")

        # SWEEP.h5.tmp is a directory in the way: refused, not removed or written into.
        small = os.path.join(tmp, "small.h5")
        saltelli_file(small, n=16)
        before = open(small, "rb").read()
        os.mkdir(small + ".tmp")
        r = run(small)
        check(r.returncode == 2 and "in the way" in r.stderr, f"blocked write: exit {r.returncode}, expected 2; {r.stderr}")
        with open(small, "rb") as f:
            check(f.read() == before, "blocked write: the sweep file changed")
        check(os.path.isdir(small + ".tmp"), "blocked write: the directory in the way was removed")
        shutil.rmtree(small + ".tmp")
        print("ok: a directory in the way of SWEEP.h5.tmp: exit 2, left as it was, the sweep file as it was")

        # 5. A real sweep (configs/sweep.toml cut to N = 2 blocks, 26 weeks, 1 replicate): the
        # runner's layout is what the command reads; only the structure is checked (N = 2 says
        # nothing about the model).
        source = os.environ.get("BUURTSIM_SOURCE_DIR", ".")
        with open(os.path.join(source, "configs", "sweep.toml"), encoding="utf-8") as f:
            config = f.read()
        config = "\n".join("samples = 2" if line.startswith("samples =") else line for line in config.splitlines())
        cfg = os.path.join(tmp, "tiny_sweep.toml")
        with open(cfg, "w", encoding="utf-8") as f:
            f.write(config + "\n")
        r = subprocess.run([BIN, "check", cfg], capture_output=True, text=True)
        check(r.returncode == 0 and "too few for Sobol indices" in r.stdout,
              f"`buurtsim check` notes that N = 2 is too small: {r.returncode} {r.stdout[-400:]}")
        real = os.path.join(tmp, "tiny_sweep.h5")
        r = subprocess.run([BIN, "sweep", cfg, "-o", real, "--quiet", "--weeks", "26", "--replicates", "1"], capture_output=True, text=True)
        check(r.returncode == 0, f"tiny sweep: exit {r.returncode}; {r.stderr}")
        before = open(real, "rb").read()
        r = subprocess.run([BIN, "sensitivity", real, "--bootstrap", "20"], capture_output=True, text=True)
        check(r.returncode == 2 and "too small" in r.stderr and "--allow-small" in r.stderr,
              f"N = 2 is refused: exit {r.returncode}; {r.stderr}")
        unchanged(real, before, "a design too small")
        r = subprocess.run([BIN, "sensitivity", real, "--quiet", "--bootstrap", "20", "--allow-small"], capture_output=True,
                           text=True)
        check(r.returncode == 0, f"sensitivity of a real sweep: exit {r.returncode}; {r.stderr}")
        check("SMALL DESIGN: 2 blocks" in r.stdout, f"the table says the design is small: {r.stdout[:400]}")
        s = xr.open_dataset(real, engine="h5netcdf", group="sensitivity")
        with h5py.File(real, "r") as f:
            targets = Targets(f["sensitivity"]).labels
        check(s.attrs["method"] == "sobol" and "unsafe_sometimes_pct @ baseline" in targets, "real sweep: targets")
        check(s["total"].dims == ("outcome", "scenario", "contrast", "parameter") and s.sizes["parameter"] == 4,
              "real sweep: 4 parameters")
        check(s.attrs["small_design"] == 1 and s.attrs["design_units"] == 2, "real sweep: flagged as a small design")
        check(any(t.startswith("cba/npv_eur @ ") for t in targets) or "cba/npv_eur @ vba" in s.attrs["left_out"],
              f"real sweep: the net present value is a target (or left out with its reason): {targets}")
        s.close()
        print("ok: the indices of a real (tiny) sweep: refused without --allow-small, flagged with it")
    print("test_sensitivity_cli: all checks passed")


if __name__ == "__main__":
    main()
