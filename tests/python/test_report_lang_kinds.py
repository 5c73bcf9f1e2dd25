#!/usr/bin/python3
"""The sweep and calibration reports in Dutch and English (test_report_lang.py covers the run report),
made from small real files: a 12-point sweep of configs/sweep.toml (Saltelli, N = 2, 26 weeks, one
replicate) with its sensitivity indices (--allow-small), and the calibration of test_calibrate_cli.py
(12 particles, 3 generations). Checks:
  - every parameter of `buurtsim params` has a short name in both languages (analysis/report/
    parameter_names.py), and every outcome a Dutch name (names.OUTCOMES_NL); neither table names
    one the program lacks;
  - --lang nl: lang="nl", no English word and no identifier (outcome, parameter, approach) in the
    page's text outside <code>/<pre>, and no number with an English decimal point;
  - the text drawn in every figure (titles, axis labels, tick labels, legends, the sensitivity bars'
    labels), read from matplotlib before each figure is saved: in Dutch no English word, identifier or
    English decimal point; in English no parameter or outcome identifier;
  - both languages draw the same figures, and the sections that show the sweep's and calibration's
    results are there (sensitivity, rankings, net value, posterior, predictive check, generations);
  - the English calibration report names each observed indicator by the long name the calibration file
    declares (/predictive/long_name, as `buurtsim params --outcomes` gives it), not by its identifier in
    words ("unsafe sometimes pct").
Needs BUURTSIM_BIN. Exits 1 on the first failure."""
import csv
import io
import os
import re
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from test_calibrate_cli import CONFIG as CALIBRATION, GOOD as OBSERVED  # noqa: E402
from test_report_lang import ENGLISH_WORDS, check_dutch, identifiers, report  # noqa: E402
from testlib import BIN, SOURCE, check  # noqa: E402  (tests/python/testlib.py)

from report import lang, names, plotting  # noqa: E402  (analysis/ is on the path through test_report_lang)
from report.parameter_names import LEVERS, PARAMETERS  # noqa: E402

ENGLISH_DECIMAL = re.compile(r"(?<![\d.,])\d+\.\d{1,2}(?!\d)")  # 0.5 or 12.34; the Dutch 1.000 is a thousands mark


def check_parameter_names():
    out = subprocess.run([BIN, "params", "--format", "csv"], capture_output=True, text=True, check=True).stdout
    registry = [row["name"] for row in csv.DictReader(io.StringIO(out))]
    missing = [n for n in registry if not names.has_parameter_name(n)]
    check(not missing, f"{len(missing)} registry parameters have no short name in parameter_names.py: {missing[:10]}")
    stale = sorted(set(PARAMETERS) - set(registry))
    check(not stale, f"parameter_names.py names parameters the registry lacks: {stale}")
    approaches = {n.split(".")[0] for n in registry if n.split(".", 1)[1] in LEVERS}
    check(approaches <= set(names.APPROACHES), f"common levers of unnamed approaches: {approaches - set(names.APPROACHES)}")
    for code in ("en", "nl"):
        lang.set_language(code)
        shown = {names.parameter(n) for n in registry}
        check(not shown & set(registry), f"{code}: a parameter shown by its identifier")
    lang.set_language("en")
    out = subprocess.run([BIN, "params", "--outcomes", "--format", "csv"], capture_output=True, text=True,
                         check=True).stdout
    outcomes = [row["name"] for row in csv.DictReader(io.StringIO(out))]
    missing = [n for n in outcomes if n not in names.OUTCOMES_NL]
    check(not missing, f"outcomes without a Dutch name in names.OUTCOMES_NL: {missing}")
    check(not set(names.OUTCOMES_NL) - set(outcomes), f"names.OUTCOMES_NL names unknown outcomes: "
                                                      f"{sorted(set(names.OUTCOMES_NL) - set(outcomes))}")
    print(f"ok: all {len(registry)} registry parameters have an English and a Dutch short name "
          f"({len(PARAMETERS)} in the table, the rest common levers of {len(approaches)} approaches)")


class FigureTexts:
    """Collects the text each figure draws, by wrapping plotting.done (the one place figures are saved)."""

    def __init__(self):
        import matplotlib.text
        self.texts, self._text = {}, matplotlib.text.Text
        self._done = plotting.done
        plotting.done = self.done

    def done(self, fig, fid, title, caption):
        figure = self._done(fig, fid, title, caption)  # saving draws the figure: its tick labels are set
        self.texts[fid] = [t.get_text() for t in fig.findobj(self._text) if t.get_visible() and t.get_text().strip()]
        return figure

    def take(self):
        out, self.texts = self.texts, {}
        return out


def english_ids(ids):
    """Identifiers that cannot be ordinary English words: dotted or with an underscore, and the approach ids."""
    return {i for i in ids if "." in i or "_" in i} | {"vba", "bap", "wijkveiligheid", "buurtpreventie"}


def check_figures(texts, ids, lang, what):
    check(texts, f"{what}: no figures")
    # One pattern for all identifiers (the same boundaries as check_dutch): hundreds of separate ones would
    # overflow re's cache and be compiled again for every piece of text.
    id_pattern = re.compile(r"(?<![\w/.-])(?:" + "|".join(re.escape(n) for n in sorted(ids, key=len, reverse=True))
                            + r")(?![\w/-]|\.\w)")
    english = re.compile(r"(?<![\w/.-])(?:" + "|".join(ENGLISH_WORDS) + r")(?![\w/.-])", re.IGNORECASE)
    for fid, strings in texts.items():
        for s in strings:
            m = id_pattern.search(s)
            check(m is None, f"{what}: identifier {m[0] if m else ''!r} drawn in {fid}: {s!r}")
            if lang == "nl":
                m = english.search(s)
                check(m is None, f"{what}: English word {m[0] if m else ''!r} drawn in {fid}: {s!r}")
                check(not ENGLISH_DECIMAL.search(s), f"{what}: an English decimal point drawn in {fid}: {s!r}")
    n = sum(len(v) for v in texts.values())
    print(f"ok: {what}: {len(texts)} figures, {n} pieces of drawn text without identifiers"
          + (", English words or English decimal points" if lang == "nl" else ""))


def check_pair(path, tmp, stem, ids, figs, expected):
    """The Dutch and English reports of one file, their text and their figures."""
    nl_page = os.path.join(tmp, f"{stem}-nl.html")
    nl = report(path, nl_page, "--lang", "nl")
    nl_figs = figs.take()
    check_dutch(nl, ids, f"the Dutch {stem} report")
    with open(nl_page, encoding="utf-8") as f:
        html = f.read()
    body = re.sub(r'<p class="subtitle">.*?</p>', "", html)  # the program's version is a dotted number
    text = re.sub(r"<(code|pre|style|script)\b.*?</\1>", " ", body, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    m = ENGLISH_DECIMAL.search(text)
    check(m is None, f"the Dutch {stem} report: an English decimal point: …{text[max(0, m.start() - 80):m.end() + 40] if m else ''}…")
    check_figures(nl_figs, ids, "nl", f"the Dutch {stem} report")
    en = report(path, os.path.join(tmp, f"{stem}-en.html"), "--lang", "en")
    en_figs = figs.take()
    check(en.lang == "en", f"--lang en: <html lang={en.lang!r}>")
    check_figures(en_figs, english_ids(ids), "en", f"the English {stem} report")
    check(set(nl_figs) == set(en_figs), f"{stem}: the languages draw different figures: {set(nl_figs) ^ set(en_figs)}")
    for prefix in expected:
        check(any(f.startswith(prefix) for f in nl_figs), f"the {stem} report has no figure {prefix}*: {sorted(nl_figs)}")
    print(f"ok: the {stem} report in both languages draws the same {len(nl_figs)} figures, "
          f"including {', '.join(p + '*' for p in expected)}")
    return nl, en, en_figs


def small_sweep(tmp):
    with open(os.path.join(SOURCE, "configs", "sweep.toml"), encoding="utf-8") as f:
        text = f.read()
    text = "\n".join("samples = 2" if line.startswith("samples =") else line for line in text.splitlines())
    cfg, out = os.path.join(tmp, "sweep.toml"), os.path.join(tmp, "sweep.h5")
    with open(cfg, "w", encoding="utf-8") as f:
        f.write(text + "\n")
    for cmd in ([BIN, "sweep", cfg, "-o", out, "--quiet", "--no-report", "--weeks", "26", "--replicates", "1"],
                [BIN, "sensitivity", out, "--quiet", "--bootstrap", "20", "--allow-small"]):
        r = subprocess.run(cmd, capture_output=True, text=True)
        check(r.returncode == 0, f"{' '.join(cmd[1:3])}: exit {r.returncode}: {r.stderr[-1500:]}")
    return out


def small_calibration(tmp):
    cfg, data, out = (os.path.join(tmp, n) for n in ("cal.toml", "obs.csv", "cal.h5"))
    for path, text in ((cfg, CALIBRATION), (data, OBSERVED)):
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    r = subprocess.run([BIN, "calibrate", cfg, "--data", data, "-o", out, "--quiet", "--no-report"],
                       capture_output=True, text=True)
    check(r.returncode == 0, f"calibrate: exit {r.returncode}: {r.stderr[-1500:]}")
    return out


def declared_long_names():
    """{outcome: its declared long name without parenthetical remarks, lower case} from the program."""
    out = subprocess.run([BIN, "params", "--outcomes", "--format", "csv"], capture_output=True, text=True,
                         check=True).stdout
    return {row["name"]: re.sub(r"\s*\([^)]*\)", "", row["long_name"]).strip().lower()
            for row in csv.DictReader(io.StringIO(out))}


def check_declared_indicators(path, en, en_figs):
    """The English calibration report names the observed indicators by their declared long names."""
    import h5py
    with h5py.File(path, "r") as f:
        check("predictive/long_name" in f, f"{path}: no /predictive/long_name")
        observed = list(dict.fromkeys(f["predictive/indicator"].asstr()[()]))
        stored = dict(zip(f["predictive/indicator"].asstr()[()], f["predictive/long_name"].asstr()[()]))
    declared = declared_long_names()
    for name in observed:
        check(re.sub(r"\s*\([^)]*\)", "", stored[name]).strip().lower() == declared[name],
              f"/predictive/long_name of {name}: {stored[name]!r}, declared {declared[name]!r}")
    drawn = [re.sub(r"\s+", " ", t).lower() for fid, texts in en_figs.items() if fid.startswith("fig-predictive")
             for t in texts]
    page = en.text().lower()
    for name in observed:
        check(any(declared[name] in t for t in drawn),
              f"the English predictive figure does not name {name} by {declared[name]!r}: {drawn}")
        words = name.replace("_", " ")
        check(words not in page and not any(words in t for t in drawn),
              f"the English calibration report shows {name} as {words!r}")
    print(f"ok: the English calibration report names its {len(observed)} indicators by their declared long names")


def main():
    check_parameter_names()
    ids = identifiers()
    figs = FigureTexts()
    with tempfile.TemporaryDirectory(prefix="buurtsim_report_lang_kinds_") as tmp:
        t0 = time.monotonic()
        sweep = small_sweep(tmp)
        t1 = time.monotonic()
        nl, _, _ = check_pair(sweep, tmp, "sweep", ids, figs,
                           ["fig-sensitivity-", "fig-ranking-", "fig-sweep-npv", "fig-sweep-unsafe_sometimes_pct"])
        check("Wat het meest telt" in nl.text() and "Saltelli" in nl.text(), "the Dutch sweep report lacks its sensitivity")
        t2 = time.monotonic()
        calibration = small_calibration(tmp)
        t3 = time.monotonic()
        nl, en, en_figs = check_pair(calibration, tmp, "calibration", ids, figs,
                                     ["fig-posterior", "fig-predictive", "fig-generations"])
        check("basisniveau van onveiligheidsgevoel" in nl.text(),
              "the Dutch calibration report does not name fear.offset by its Dutch name")
        check_declared_indicators(calibration, en, en_figs)
        t4 = time.monotonic()
    print(f"timing: sweep {t1 - t0:.1f} s, its reports {t2 - t1:.1f} s, calibration {t3 - t2:.1f} s, "
          f"its reports {t4 - t3:.1f} s")
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
