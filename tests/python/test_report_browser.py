#!/usr/bin/python3
"""The report renders in a real browser (slow): Debian's chromium, headless and offline, takes a
screenshot of the report of a small run; the screenshot must exist and not be blank.
chromium is installed by scripts/setup.sh. Needs BUURTSIM_BIN. Exits 1 on failure."""
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from test_report import report  # noqa: E402
from testlib import BIN, SOURCE, check  # noqa: E402  (tests/python/testlib.py)

CHROMIUM = "/usr/bin/chromium"


def main():
    check(os.access(CHROMIUM, os.X_OK), f"{CHROMIUM} not found: run scripts/setup.sh (it installs chromium)")
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.image as mpimg
    with tempfile.TemporaryDirectory() as tmp:
        run = os.path.join(tmp, "run.h5")
        subprocess.run([BIN, "run", os.path.join(SOURCE, "configs", "compare.toml"), "--replicates", "2", "--weeks",
                        "45", "--quiet", "-o", run], check=True, stdout=subprocess.DEVNULL)
        report(run)
        page = os.path.join(tmp, "run.html")
        shot = os.path.join(tmp, "shot.png")
        profile = os.path.join(tmp, "profile")
        cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--no-first-run", f"--user-data-dir={profile}", f"--screenshot={shot}",
               "--window-size=1200,3000", "file://" + page]
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=120, env={**os.environ, "HOME": tmp})
        check(os.path.isfile(shot), f"no screenshot; chromium exit {r.returncode}, stderr {r.stderr[-1500:]!r}")
        img = mpimg.imread(shot)
        check(img.ndim == 3 and img.shape[0] >= 1000 and img.shape[1] >= 1000, f"screenshot of shape {img.shape}")
        variance = float(img[..., :3].var())
        check(variance > 0, "the screenshot is blank (no pixel variance)")
        # More than the page background: text and the figures' colours must be there.
        inked = float((img[..., :3].min(axis=2) < 0.9).mean())
        coloured = float((img[..., :3].std(axis=2) > 0.1).mean())
        check(inked > 0.01, f"only {100 * inked:.2f}% of the screenshot is not white")
        check(coloured > 0.001, f"only {100 * coloured:.3f}% of the screenshot is coloured: figures not drawn?")
        shutil.rmtree(profile, ignore_errors=True)
        print(f"ok: chromium screenshot {img.shape[1]}x{img.shape[0]}, pixel variance {variance:.4f}, "
              f"{100 * inked:.1f}% inked, {100 * coloured:.2f}% coloured")
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
