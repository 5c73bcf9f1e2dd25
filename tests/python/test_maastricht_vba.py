#!/usr/bin/python3
"""configs/maastricht_vba.toml runs (four neighbourhoods of the evaluation, three starts of the
VBA, waves at the three measurements) and analysis/maastricht_vba.py reports, for every
scenario, the change between the first and last wave with its sampling error and whether the
reported fall of about 3% lies inside it, and the modelled effect against the baseline.

The test recomputes every figure the script prints from the results file, in its own code
(pooling over neighbourhoods by the population aged 15+, the 95% range of one buurtpeiling, the
verdicts, the paired effect), and requires the printed figures to agree to their last digit and
each verdict to follow from the range. A script that pooled without weights, printed a verdict
the range does not support (try swapping "inside" and "outside") or dropped a scenario fails.
Which verdict comes out is not asserted: the 3% is a comparison, never a target."""
import os
import re
import subprocess
import sys
import tempfile

import h5py
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from testlib import BIN, check  # noqa: E402  (tests/python/testlib.py)

Z = 1.959964
ITEM = "unsafe_sometimes_pct"


def expected_rows(f):
    """scenario -> (first, change, lo, hi, verdict relative, verdict points), as the docstring of
    analysis/maastricht_vba.py defines them."""
    s = f["survey"]
    eligible = s["eligible"][()]
    est, se = s[ITEM][()], s[ITEM + "_se"][()]
    last = est.shape[3] - 1
    rows = {}
    for k, name in enumerate(f["scenario"].asstr()[()]):
        def pooled(wave):
            w = eligible[k, :, :, wave]
            return ((w * est[k, :, :, wave]).sum(1) / w.sum(1),
                    np.sqrt((w ** 2 * se[k, :, :, wave] ** 2).sum(1)) / w.sum(1))
        (e0, s0), (e1, s1) = pooled(0), pooled(last)
        change = e1 - e0
        total = np.sqrt(np.mean(s0 ** 2 + s1 ** 2) + change.std(ddof=1) ** 2)
        lo, hi = change.mean() - Z * total, change.mean() + Z * total
        rel = -0.03 * e0.mean()
        rows[name] = (e0.mean(), change.mean(), lo, hi, lo <= rel <= hi, lo <= -3 <= hi)
    return rows


def expected_effects(f):
    week = int(f["survey"]["week"][-1])
    n = f["residents"][()].astype(float)
    v = (f[ITEM][:, :, :, week] * n).sum(2) / n.sum()  # [scenario][replicate]
    names = list(f["scenario"].asstr()[()])
    b = names.index("baseline")
    return {name: (v[k] - v[b]).mean() for k, name in enumerate(names) if k != b}


def main():
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "m.h5")
        subprocess.run([BIN, "run", "configs/maastricht_vba.toml", "-o", out, "--quiet", "--replicates", "2"], check=True,
                       stdout=subprocess.DEVNULL)
        r = subprocess.run(["/usr/bin/python3", "analysis/maastricht_vba.py", out], capture_output=True, text=True)
        check(r.returncode == 0, r.stderr)
        with h5py.File(out) as f:
            names = list(f["scenario"].asstr()[()])
            check(names == ["baseline", "vba_from_2008", "vba_from_2009", "vba_from_2010"], names)
            check(list(f["neighbourhood"].asstr()[()]) == ["Wittevrouwenveld", "Limmel", "Nazareth", "Wyckerpoort"], "neighbourhoods")
            check(list(f["survey"]["week"][()]) == [152, 182, 204], list(f["survey"]["week"][()]))
            rows, effects = expected_rows(f), expected_effects(f)
        lines = r.stdout.splitlines()
        number = r"([-+]?\d+\.\d+)"
        for name, (first, change, lo, hi, inside_rel, inside_pts) in rows.items():
            row = [line for line in lines if line.startswith(name + " ")]
            check(len(row) == 1, f"one row for {name}: {r.stdout}")
            m = re.match(rf"{name}\s+{number}\s+{number}.*\[\s*{number},\s*{number}\] points\s+(inside|outside)\s+(inside|outside)",
                         row[0])
            check(m, f"row of {name} not in the documented form: {row[0]}")
            got = [float(m.group(i)) for i in range(1, 5)]
            for g, want, digits in zip(got, (first, change, lo, hi), (1, 2, 2, 2)):
                check(abs(g - want) <= 0.5 * 10 ** -digits + 1e-9, f"{name}: printed {g}, recomputed {want:.4f}: {row[0]}")
            check((m.group(5) == "inside") == inside_rel, f"{name}: the -3% verdict does not follow from the range")
            check((m.group(6) == "inside") == inside_pts, f"{name}: the -3 points verdict does not follow from the range")
        for name, effect in effects.items():
            row = [line for line in lines if line.strip().startswith(name + " ") and "points (se" in line]
            check(len(row) == 1, f"one effect row for {name}: {r.stdout}")
            printed = float(re.search(rf"{name}\s+{number} points", row[0]).group(1))
            check(abs(printed - effect) <= 0.005 + 1e-9, f"{name}: effect printed {printed}, recomputed {effect:.4f}")
        print(r.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
