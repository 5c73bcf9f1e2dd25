#!/usr/bin/python3
"""The report renders in a real browser (slow): Debian's chromium, headless and offline, opens the
Dutch and the English report of a small run. For each: a screenshot that is not blank, every figure
of the page decoded by the browser (an injected script checks each image's natural size after
loading and writes the result into the DOM, which chromium dumps), and the summary's first paragraph
names an approach and a cost. chromium is installed by scripts/setup.sh. Needs BUURTSIM_BIN. Exits 1
on failure."""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from test_report import report  # noqa: E402
from testlib import BIN, SOURCE, check  # noqa: E402  (tests/python/testlib.py)

CHROMIUM = "/usr/bin/chromium"


CHECK_SCRIPT = """<script>
window.addEventListener("load", function () {
  var figures = document.querySelectorAll("figure");
  var drawn = 0, ids = [];
  figures.forEach(function (f) {
    var img = f.querySelector("img");
    if (img && img.complete && img.naturalWidth > 0 && img.naturalHeight > 0) { drawn += 1; ids.push(f.id); }
  });
  var first = document.querySelector("#summary .summary p");
  var out = document.createElement("pre");
  out.id = "browser-check";
  out.textContent = JSON.stringify({figures: figures.length, drawn: drawn, ids: ids,
                                    lang: document.documentElement.lang, first: first ? first.innerText : ""});
  document.body.appendChild(out);
});
</script>"""
APPROACHES = ("Veilige Buurten Aanpak", "Buurtactieplan", "wijkveiligheidsaanpak", "Buurtpreventie")


def chromium(args, tmp, profile):
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--no-first-run", f"--user-data-dir={profile}", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=180, env={**os.environ, "HOME": tmp})


def check_page(page, tmp, name, mpimg):
    """Screenshot and DOM checks of one report."""
    profile = os.path.join(tmp, "profile-" + name)
    shot = os.path.join(tmp, f"shot-{name}.png")
    r = chromium([f"--screenshot={shot}", "--window-size=1200,3000", "file://" + page], tmp, profile)
    check(os.path.isfile(shot), f"{name}: no screenshot; chromium exit {r.returncode}, stderr {r.stderr[-1500:]!r}")
    img = mpimg.imread(shot)
    check(img.ndim == 3 and img.shape[0] >= 1000 and img.shape[1] >= 1000, f"{name}: screenshot of shape {img.shape}")
    variance = float(img[..., :3].var())
    check(variance > 0, f"{name}: the screenshot is blank (no pixel variance)")
    # More than the page background: text and the figures' colours must be there.
    inked = float((img[..., :3].min(axis=2) < 0.9).mean())
    coloured = float((img[..., :3].std(axis=2) > 0.1).mean())
    check(inked > 0.01, f"{name}: only {100 * inked:.2f}% of the screenshot is not white")
    check(coloured > 0.001, f"{name}: only {100 * coloured:.3f}% of the screenshot is coloured: figures not drawn?")
    with open(page, encoding="utf-8") as f:
        html = f.read()
    expected = re.findall(r'<figure id="([^"]+)"', html)
    checked = os.path.join(tmp, f"checked-{name}.html")
    with open(checked, "w", encoding="utf-8") as f:
        f.write(html.replace("</body>", CHECK_SCRIPT + "</body>"))
    r = chromium(["--dump-dom", "--virtual-time-budget=10000", "file://" + checked], tmp, profile)
    m = re.search(r'<pre id="browser-check">(.*?)</pre>', r.stdout, re.S)
    check(m is not None, f"{name}: the browser did not run the check (exit {r.returncode}, {r.stderr[-800:]!r})")
    got = json.loads(m[1].replace("&quot;", '"').replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">"))
    check(got["figures"] == len(expected) and got["drawn"] == len(expected),
          f"{name}: {got['drawn']} of {got['figures']} figures drawn, the page has {len(expected)}: "
          f"missing {sorted(set(expected) - set(got['ids']))}")
    first = got["first"]
    check(any(a in first for a in APPROACHES), f"{name}: the summary's first paragraph names no approach: {first!r}")
    check(re.search(r"(€|EUR) -?\d", first) is not None, f"{name}: the summary's first paragraph names no cost: {first!r}")
    shutil.rmtree(profile, ignore_errors=True)
    print(f"ok: {name} (lang={got['lang']}): screenshot {img.shape[1]}x{img.shape[0]}, {100 * inked:.1f}% inked, "
          f"{100 * coloured:.2f}% coloured; {got['drawn']} of {len(expected)} figures drawn; first paragraph: "
          f"{first[:90]!r}…")
    return got["lang"]


def main():
    check(os.access(CHROMIUM, os.X_OK), f"{CHROMIUM} not found: run scripts/setup.sh (it installs chromium)")
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.image as mpimg
    with tempfile.TemporaryDirectory() as tmp:
        run = os.path.join(tmp, "run.h5")
        subprocess.run([BIN, "run", os.path.join(SOURCE, "configs", "compare.toml"), "--replicates", "2", "--weeks",
                        "45", "--quiet", "-o", run], check=True, stdout=subprocess.DEVNULL)
        for lang in ("nl", "en"):
            page = os.path.join(tmp, f"run-{lang}.html")
            report(run, "--lang", lang, "-o", page, "--quiet")
            check(check_page(page, tmp, lang, mpimg) == lang, f"the {lang} report's lang attribute differs")
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
