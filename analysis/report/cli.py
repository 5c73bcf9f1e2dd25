"""The command line of analysis/report.py: arguments, exit status, and writing the page atomically."""
import argparse
import os
import sys
import tempfile
import warnings

from .load import NotResultsFile, Results

USAGE = """Makes a self-contained HTML report (figures embedded, nothing loaded from the network) from a
buurtsim results file: run, sweep, calibration or epstein. Without -o the report goes beside the
results file, with the same stem and .html. Exit status: 0 written; 2 the input is missing or is
not a buurtsim results file; 1 the report could not be written. docs/report.md describes it."""


def default_output(path):
    stem, _ = os.path.splitext(path)
    return stem + ".html"


def write_atomically(path, text):
    """Writes `text` to a temporary file beside `path`, then renames it over `path`."""
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".", suffix=".partial", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def main(argv=None):
    ap = argparse.ArgumentParser(prog="report.py", description=USAGE)
    ap.add_argument("results", metavar="RESULTS.h5", help="a results file written by buurtsim")
    ap.add_argument("-o", "--output", metavar="REPORT.html", help="where to write the report (default: beside the "
                    "results file, same stem, .html)")
    ap.add_argument("--lang", choices=("en", "nl"), help="the report's language: en (English) or nl (Dutch); "
                    "default: the configuration's [report] lang, else English")
    ap.add_argument("--quiet", action="store_true", help="do not print the 'report written to' line")
    args = ap.parse_args(argv)
    warnings.simplefilter("ignore", RuntimeWarning)  # NaN slices are expected (unfinished runs, baseline rows)
    try:
        results = Results(args.results)
    except NotResultsFile as e:
        print(f"report: error: {e}", file=sys.stderr)
        return 2
    out = args.output or default_output(args.results)
    from .compose import build_page  # matplotlib is loaded only when there is something to draw
    from .lang import choose, set_language
    with results:
        set_language(choose(results, args.lang))
        text = build_page(results)
    try:
        write_atomically(out, text)
    except OSError as e:
        print(f"report: error: cannot write {out}: {e}", file=sys.stderr)
        return 1
    if not args.quiet:
        print(f"report written to {out}")
    return 0
