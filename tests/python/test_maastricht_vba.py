#!/usr/bin/python3
"""configs/maastricht_vba.toml runs (four neighbourhoods of the evaluation, three starts of the
VBA, waves at the three measurements) and analysis/maastricht_vba.py reports, for every
scenario, the change between the first and last wave with its sampling error and whether the
reported fall of about 3% lies inside it, and the modelled effect against the baseline."""
import os
import subprocess
import sys
import tempfile

import h5py

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from testlib import BIN  # noqa: E402  (tests/python/testlib.py)


def main():
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "m.h5")
        subprocess.run([BIN, "run", "configs/maastricht_vba.toml", "-o", out, "--quiet", "--replicates", "2"], check=True,
                       stdout=subprocess.DEVNULL)
        with h5py.File(out) as f:
            names = list(f["scenario"].asstr()[()])
            assert names == ["baseline", "vba_from_2008", "vba_from_2009", "vba_from_2010"], names
            assert list(f["neighbourhood"].asstr()[()]) == ["Wittevrouwenveld", "Limmel", "Nazareth", "Wyckerpoort"]
            assert list(f["survey"]["week"][()]) == [152, 182, 204], list(f["survey"]["week"][()])
        r = subprocess.run(["/usr/bin/python3", "analysis/maastricht_vba.py", out], capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
        lines = r.stdout.splitlines()
        for name in names:
            row = [line for line in lines if line.startswith(name + " ")]
            assert row and ("inside" in row[0] or "outside" in row[0]), f"no row for {name}: {r.stdout}"
        assert sum("points (se" in line for line in lines) == 3, r.stdout
        print(r.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
