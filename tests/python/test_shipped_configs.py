#!/usr/bin/python3
"""docs/usage.md, "Shipped configurations": every shipped config runs with any --weeks >= 26 (windows cut short or cut off by
--weeks are clipped with a note), and the stored configuration of such a run reruns exactly."""
import glob
import os
import subprocess
import sys
import tempfile

import h5py
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from testlib import BIN  # noqa: E402  (tests/python/testlib.py)


def main():
    configs = sorted(glob.glob("configs/**/*.toml", recursive=True))
    assert len(configs) >= 10, configs
    for path in configs:
        r = subprocess.run([BIN, "check", path, "--weeks", "26"], capture_output=True, text=True)
        assert r.returncode == 0, f"{path} with --weeks 26: exit {r.returncode}: {r.stderr}"
    print(f"ok: {len(configs)} shipped configs pass `check --weeks 26`")
    with tempfile.TemporaryDirectory() as tmp:
        first, again, stored = (os.path.join(tmp, n) for n in ("a.h5", "b.h5", "stored.toml"))
        r = subprocess.run([BIN, "run", "configs/maastricht_vba.toml", "--weeks", "26", "--replicates", "1", "-o", first],
                           capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
        assert "it does not act" in r.stderr, f"no note on the windows cut off by --weeks: {r.stderr}"
        with h5py.File(first) as f:
            text = f.attrs["config_toml"]
            with open(stored, "w") as out:
                out.write(text.decode() if isinstance(text, bytes) else text)
        subprocess.run([BIN, "run", stored, "-o", again, "--quiet"], check=True, stdout=subprocess.DEVNULL)
        with h5py.File(first) as a, h5py.File(again) as b:
            names = []
            a.visititems(lambda n, o: names.append(n) if isinstance(o, h5py.Dataset) and o.dtype.kind in "fiu" else None)
            for n in names:
                assert np.array_equal(a[n][()], b[n][()], equal_nan=True), f"{n} differs when the stored configuration reruns"
        print(f"ok: the stored configuration of a run cut short by --weeks reruns exactly ({len(names)} datasets)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
