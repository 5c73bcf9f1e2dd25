"""Runs of the default comparison with settings changed, and the effects they report: what
analysis/programme_claims.py and analysis/decomposition.py share."""
import subprocess

import h5py


def run(binary, config, replicates, sets, out, weeks=None):
    """Runs `config` with the `--set` overrides `sets` into the results file `out`, every parameter
    at its configured value (--uncertainty none): the claims and the decomposition are about the
    model at its defaults, their intervals the model's chance only (docs/uncertainty.md)."""
    cmd = [binary, "run", config, "-o", out, "--quiet", "--replicates", str(replicates), "--uncertainty", "none"]
    if weeks is not None:
        cmd += ["--weeks", str(weeks)]
    for s in sets:
        cmd += ["--set", s]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)


def effect(path, scenario, outcome):
    """The difference of `scenario` from the baseline on `outcome` (mean of the last 52 recorded
    weeks, paired by replicate) with its interval: (difference, lower, upper)."""
    with h5py.File(path) as f:
        g = f["comparison"]
        o = list(g["outcome"].asstr()[()]).index(outcome)
        s = list(g["scenario"].asstr()[()]).index(scenario)
        return g["difference"][o, s], g["difference_lower"][o, s], g["difference_upper"][o, s]


def fmt(e):
    return f"{e[0]:+.3g} [{e[1]:+.3g}, {e[2]:+.3g}]"
