#!/usr/bin/python3
"""The report in Dutch and English, its bottom line, its economics and its warnings, on a small run
(compare.toml, 2 replicates, 45 weeks: a short, thin run that must be marked provisional) and on
copies of it with constructed results (a dominant approach, an effect whose interval includes zero,
a change the survey sees although its interval includes zero). Checks:
  - --lang nl: lang="nl", no English sentence and no identifier (outcome, parameter, approach) in the
    text outside <code>/<pre>; --lang en: lang="en"; the shipped Dutch examples ask for Dutch;
  - every statement of the summary about an approach agrees with /comparison and /cba as read here;
  - the plane's axes hold the points, willingness-to-pay lines stay inside them, ratios are withheld
    or named dominant/dominated instead of negative numbers;
  - warnings in the terminal, in /summary (warnings, provisional) and in the report.
Needs BUURTSIM_BIN. Exits 1 on the first failure."""
import contextlib
import csv
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from html.parser import HTMLParser

import h5py
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from testlib import BIN, SOURCE, check  # noqa: E402  (tests/python/testlib.py)

sys.path.insert(0, os.path.join(SOURCE, "analysis"))
from report import cli, economics, lang, names, words  # noqa: E402
from report.load import Results  # noqa: E402

DUTCH_EXAMPLES = ["compare", "vba", "bap", "buurtpreventie", "wijkveiligheid", "combined", "maastricht_vba"]
ENGLISH_WORDS = ["the", "and", "with", "which", "would", "from", "this", "that", "are", "not", "than", "each"]


class Text(HTMLParser):
    """The page's visible text outside <code>, <pre>, <style> and <script>, per element of interest."""

    def __init__(self):
        super().__init__()
        self.parts, self.skip, self.lang = [], 0, None
        self.summary_first = None
        self._in_summary_p = False
        self._summary_div = False
        self.items = []  # the text of each <li>
        self._li = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if tag in ("code", "pre", "style", "script"):
            self.skip += 1
        if tag == "div" and a.get("class") == "summary":
            self._summary_div = True
        if tag == "p" and self._summary_div and self.summary_first is None:
            self.summary_first, self._in_summary_p = "", True
        if tag == "li":
            self._li = ""
        self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in ("code", "pre", "style", "script"):
            self.skip -= 1
        if tag == "p":
            self._in_summary_p = False
        if tag == "li" and self._li is not None:
            self.items.append(self._li)
            self._li = None

    def handle_data(self, data):
        if self._in_summary_p:
            self.summary_first += data
        if self._li is not None:
            self._li += data
        if not self.skip:
            self.parts.append(data)

    def text(self):
        return re.sub(r"\s+", " ", "".join(self.parts))


def page_text(path):
    t = Text()
    with open(path, encoding="utf-8") as f:
        t.feed(f.read())
    return t


def report(results, out, *extra):
    """Runs the report's main() in this process (one matplotlib start for all reports)."""
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        status = cli.main([results, "-o", out, "--quiet", *extra])
    check(status == 0, f"report.py {results} {extra}: exit {status}: {err.getvalue()[-2000:]}")
    check("warning" not in err.getvalue(), f"report.py {extra}: warnings on stderr: {err.getvalue()!r}")
    return page_text(out)


def identifiers():
    """Outcome names, parameter names (dotted and the part after the dot when it has an underscore) and approach ids."""
    out = subprocess.run([BIN, "params", "--outcomes", "--format", "csv"], capture_output=True, text=True,
                         check=True).stdout
    found = {row["name"] for row in csv.DictReader(io.StringIO(out))}
    out = subprocess.run([BIN, "params", "--format", "csv"], capture_output=True, text=True, check=True).stdout
    for row in csv.DictReader(io.StringIO(out)):
        found.add(row["name"])
        leaf = row["name"].split(".", 1)[-1]
        if "_" in leaf:
            found.add(leaf)
    return found | {"vba", "bap", "wijkveiligheid", "buurtpreventie", "baseline"}


def check_dutch(t, ids, what):
    text = t.text()
    check(t.lang == "nl", f"{what}: <html lang={t.lang!r}>, expected nl")
    for w in ENGLISH_WORDS:
        m = re.search(rf"(?<![\w/.-]){w}(?![\w/.-])", text, re.IGNORECASE)
        check(m is None, f"{what}: an English word {w!r} in the Dutch text: …{text[max(0, m.start() - 80):m.end() + 80] if m else ''}…")
    for name in ids:
        m = re.search(rf"(?<![\w/.-]){re.escape(name)}(?![\w/-]|\.\w)", text)
        check(m is None, f"{what}: identifier {name!r} in the text: …{text[max(0, m.start() - 80):m.end() + 80] if m else ''}…")
    print(f"ok: {what}: lang=nl, no English words ({len(ENGLISH_WORDS)} checked) and none of {len(ids)} identifiers "
          f"in {len(text)} characters")


def statements(t, results_path, what):
    """Every approach's findings in the summary (English) against /comparison as read here."""
    with h5py.File(results_path, "r") as f:
        g = f["comparison"]
        scen = list(g["scenario"].asstr()[()])
        survey = {n for n in g["outcome"].asstr()[()] if str(f[n].attrs.get("kind", "")).startswith("survey")}
        comp = {o: (g["difference"][i], g["difference_lower"][i], g["difference_upper"][i],
                    g["detection"][i] if o in survey else None)
                for i, o in enumerate(g["outcome"].asstr()[()])}
    lang.set_language("en")
    with Results(results_path) as r:
        key = r.key_outcomes()
        checked = 0
        for i, s in enumerate(scen):
            if s == "baseline":
                continue
            label = names.scenario(r, s)
            item = next((x for x in t.items if x.strip().startswith(label + ":")), None)
            check(item is not None, f"{what}: no summary item for {label}")
            for sentence in re.split(r"(?<=\.) (?=[A-Z])", item):
                for o, info in key.items():
                    if o not in comp or names.outcome(info) not in sentence:
                        continue
                    d, lo, hi, det = (c[i] if c is not None else np.nan for c in comp[o])
                    clear = lo > 0 or hi < 0
                    if sentence.startswith("No clear change in"):
                        check(not clear and not (np.isfinite(det) and det >= 0.5),
                              f"{what}: {label}: 'no clear change' in {o} but interval [{lo}, {hi}], detection {det}")
                        checked += 1
                    if sentence.startswith("A buurtmonitor would probably see"):
                        check(clear and det >= 0.5, f"{what}: {label}: 'would see' {o} but [{lo}, {hi}], detection {det}")
                        checked += 1
                    if sentence.startswith("Uncertain:"):
                        check(not clear and det >= 0.5, f"{what}: {label}: 'uncertain' {o} but [{lo}, {hi}], {det}")
                        checked += 1
                    m = re.search(re.escape(names.outcome(info)) + r" (rises|falls) by ([\d.,]+)", sentence)
                    if m:
                        check(clear, f"{what}: {label}: a clear change stated in {o} but interval [{lo}, {hi}]")
                        check((m[1] == "rises") == (d > 0), f"{what}: {label}: {o} {m[1]} but difference {d}")
                        shown = float(m[2].replace(",", ""))
                        places = words.decimals_for(lo, hi)
                        tol = 10.0 ** -places if places is not None else 0.01 * abs(d)
                        check(abs(shown - abs(d)) <= tol,
                              f"{what}: {label}: {o} by {shown} but difference {d}")
                        checked += 1
    check(checked > 0, f"{what}: no statement checked")
    print(f"ok: {what}: {checked} statements of the summary agree with /comparison")


def constructed(run, tmp):
    """Copies of the run with a dominant approach and effects whose intervals include zero."""
    path = os.path.join(tmp, "constructed.h5")
    shutil.copy(run, path)
    with h5py.File(path, "r+") as f:
        scen = [s.decode() for s in f["cba/scenario"][()]]
        v = scen.index("vba")
        # vba dominant: saves money before valuing safety and more residents feel safe.
        f["cba/costs_eur"][v] = 10_000.0
        f["cba/benefits_eur"][v] = 50_000.0
        f["cba/benefits_insecurity_eur"][v] = 5_000.0
        f["cba/unsafe_years_gained_net"][v] = 12.0
        f["cba/unsafe_years_gained"][v] = 12.0
        f["cba/cost_per_unsafe_year_eur"][v] = (10_000.0 - 45_000.0) / 12.0
        c = [s.decode() for s in f["comparison/scenario"][()]]
        cv, cw = c.index("vba"), c.index("wijkveiligheid")
        o = [s.decode() for s in f["comparison/outcome"][()]]
        unsafe, team = o.index("unsafe_sometimes_pct"), o.index("team_awareness_pct")
        f["comparison/difference"][unsafe, cv] = -4.0
        f["comparison/difference_lower"][unsafe, cv] = -5.0
        f["comparison/difference_upper"][unsafe, cv] = -3.0
        # wijkveiligheid: the effect's interval includes zero (the ratio must be withheld), and the survey sees
        # the team in 90% although the interval of the team's change includes zero.
        f["comparison/difference_lower"][unsafe, cw] = -1.0
        f["comparison/difference_upper"][unsafe, cw] = 0.5
        f["comparison/difference_lower"][team, cw] = -1.0
        f["comparison/detection"][team, cw] = 0.9
    return path


def check_economics():
    (x0, x1), (y0, y1) = economics.plane_limits([1.0, -2.0, 30.0], [-500.0, 20_000.0, 3_000.0])
    check(x0 < -2.0 and x1 > 30.0 and y0 < -500.0 and y1 > 20_000.0, "plane limits do not hold the points")
    check(y1 < 40_000, f"plane y limit {y1} much larger than the points")
    for wtp in (100.0, 20_000.0, 1e6):
        seg = economics.wtp_segment(wtp, (x0, x1), (y0, y1))
        if seg:
            for x, y in seg:
                check(x0 - 1e-9 <= x <= x1 + 1e-9 and y0 - 1e-6 <= y <= y1 + 1e-6, f"wtp {wtp}: line leaves the box")
    lang.set_language("en")
    check(economics.quadrant(5, -100) == "dominant" and economics.quadrant(-5, 100) == "dominated", "quadrants")
    check(economics.ratio_text(5, -100, -20, True).startswith("dominant"), "a negative ratio is not called dominant")
    check(economics.ratio_text(-5, 100, -20, True).startswith("dominated"), "a negative ratio is not called dominated")
    check(economics.ratio_text(5, 100, 20, False).startswith("withheld"), "a ratio on an unclear effect is shown")
    check("EUR 20 per" in economics.ratio_text(5, 100, 20, True), "a plain positive ratio is not shown")
    lang.set_language("nl")
    check(words.eur(1234.4) == "€ 1.234" and words.num(0.5, 2) == "0,50" and words.eur(-586) == "€ -586",
          f"Dutch number formats: {words.eur(1234.4)!r} {words.num(0.5, 2)!r} {words.eur(-586)!r}")
    lang.set_language("en")
    check(words.rounded(0.038412, 0.01, 0.07) == "0.04", f"rounding to the interval: {words.rounded(0.038412, 0.01, 0.07)}")
    print("ok: plane limits hold the points, willingness-to-pay lines stay inside, ratios named or withheld, "
          "number formats per language")


def figures_of(path):
    """{figure id: RGB image} of a report's embedded PNGs."""
    import base64
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.image as mpimg
    with open(path, encoding="utf-8") as f:
        html = f.read()
    out = {}
    for fid, data in re.findall(r'<figure id="([^"]+)"><img alt="[^"]*" src="data:image/png;base64,([^"]+)"', html):
        out[fid] = mpimg.imread(io.BytesIO(base64.b64decode(data)), format="png")[..., :3]
    return out


def has_colour(img, hex_colour, tol=2.5 / 255):
    rgb = np.array([int(hex_colour[k:k + 2], 16) / 255 for k in (1, 3, 5)])
    return int((np.abs(img - rgb).max(axis=2) <= tol).sum())


def check_colours(run_page, tmp):
    """The same colour per approach in the run, sweep and calibration reports; no approach colour for anything else."""
    from report import plotting
    from report_fixtures import make_calibration, make_sweep
    sweep, calib = os.path.join(tmp, "sweep.h5"), os.path.join(tmp, "calib.h5")
    make_sweep(sweep)
    make_calibration(calib)
    pages = {"run": figures_of(run_page)}
    for name, path in (("sweep", sweep), ("calibration", calib)):
        report(path, os.path.join(tmp, f"{name}.html"), "--lang", "en")
        pages[name] = figures_of(os.path.join(tmp, f"{name}.html"))
    for approach in ("vba", "wijkveiligheid"):
        c = plotting.APPROACH_COLOURS[approach]
        run_px = has_colour(pages["run"]["fig-cba-npv"], c)
        sweep_px = has_colour(pages["sweep"]["fig-sweep-npv"], c)
        check(run_px > 20 and sweep_px > 20, f"{approach} ({c}): {run_px} pixels in the run's net value figure, "
                                             f"{sweep_px} in the sweep's: not the same colour")
    for fid, img in pages["calibration"].items():
        for approach, c in plotting.APPROACH_COLOURS.items():
            check(has_colour(img, c) < 20, f"calibration {fid} uses {approach}'s colour {c} for something else")
    print("ok: the same colour per approach in the run and sweep reports; the calibration report uses none of them")


def main():
    for name in DUTCH_EXAMPLES:
        with open(os.path.join(SOURCE, "configs", f"{name}.toml"), "rb") as f:
            check(tomllib.load(f).get("report", {}).get("lang") == "nl", f"configs/{name}.toml does not ask for Dutch")
    print(f"ok: {len(DUTCH_EXAMPLES)} shipped Dutch examples set [report] lang = \"nl\"")
    check_economics()
    ids = identifiers()
    with tempfile.TemporaryDirectory() as tmp:
        run = os.path.join(tmp, "run.h5")
        r = subprocess.run([BIN, "run", os.path.join(SOURCE, "configs", "compare.toml"), "--replicates", "2", "--weeks",
                            "45", "--no-report", "-o", run], capture_output=True, text=True, check=True)
        check("The verdict is provisional" in r.stdout and "short horizon" in r.stdout and "few " in r.stdout,
              "the terminal does not warn about a 45-week, 2-replicate run")
        check(not re.search(r"\de[+-]\d\d", r.stdout), "the terminal prints a number with an exponent")
        with h5py.File(run, "r") as f:
            warnings = f["summary"].attrs["warnings"]
            check(int(f["summary"].attrs["provisional"]) == 1 and "short horizon" in warnings,
                  f"/summary: provisional {f['summary'].attrs['provisional']}, warnings {warnings!r}")
        print("ok: warnings in the terminal and in /summary (provisional = 1), no exponents in the terminal")

        nl = report(run, os.path.join(tmp, "nl.html"))  # compare.toml asks for Dutch
        check_dutch(nl, ids, "the Dutch report of compare.toml")
        check("Voorlopig" in nl.text() and "korte looptijd" in nl.text(), "the Dutch report is not marked provisional")
        en = report(run, os.path.join(tmp, "en.html"), "--lang", "en")
        check(en.lang == "en", f"--lang en: <html lang={en.lang!r}>")
        check("Provisional" in en.summary_first, "the English bottom line is not marked provisional")
        statements(en, run, "the run")

        made = constructed(run, tmp)
        en = report(made, os.path.join(tmp, "made.html"), "--lang", "en")
        statements(en, made, "constructed results")
        text = en.text()
        check("dominant: saves money and more residents feel safe" in text, "the dominant approach is not named so")
        check("withheld: the effect cannot be told from zero" in text, "a ratio on an unclear effect is not withheld")
        check(not re.search(r"-EUR [\d,]+ per resident-year", text), "a negative ratio is printed as a number")
        item = next(x for x in en.items if x.strip().startswith(names.scenario(Results(made), "wijkveiligheid") + ":"))
        check("Uncertain:" in item and "know the neighbourhood team" in item.split("Uncertain:")[1],
              f"a change seen by the survey with an interval including zero is not called uncertain: {item[:400]!r}")
        check_colours(os.path.join(tmp, "en.html"), tmp)
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
